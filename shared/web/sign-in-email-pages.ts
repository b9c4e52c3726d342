/**
 * The pages of the sign-in email change (docs/profile.md "Sign-in email"): the new address, the code sent to it, and
 * the page once the address changed. Every field has its label, its hint and its error tied by `aria-describedby`;
 * an error is also summed up at the top, as on every form of the portal.
 */
import type { Locale } from '../domain/locale.js';
import { EMAIL_CHANGE_CODE_TTL_MS } from '../domain/sign-in-email.js';
import type { EmailChangeConfirmProblem, EmailChangeRequestProblem } from '../domain/use-cases/change-sign-in-email.js';
import { html, raw, type SafeHtml } from '../http/html.js';
import { renderFormPage } from './form-page.js';
import type { LanguageSwitch } from './layout.js';
import { signInEmailMessages } from './messages/sign-in-email.js';
import type { SignedInShell } from './portal-shell.js';

export const CHANGE_EMAIL_PATH = '/api/Profile/email';
const PROFILE_PATH = '/api/Profile';

export type ChangeEmailProblem =
  | EmailChangeRequestProblem
  | EmailChangeConfirmProblem
  | { rateLimitedSeconds: number }
  | { wrongTriesLeft: number };

export interface ChangeEmailView {
  locale: Locale;
  csrfToken: string;
  /** The address the client signs in with today. */
  current: string;
  /** `address`: type the new one; `code`: type the code sent to `pending`. */
  step: 'address' | 'code';
  pending?: string;
  /** What was typed in the address field, shown again with its error. */
  typed?: string;
  problem?: ChangeEmailProblem;
  signedIn?: SignedInShell;
}

const switchFor = (path: string): LanguageSwitch => ({ fr: `${path}?lang=fr`, en: `${path}?lang=en` });

function problemText(locale: Locale, problem: ChangeEmailProblem): string {
  const t = signInEmailMessages[locale].errors;
  if (typeof problem === 'object') {
    return 'rateLimitedSeconds' in problem
      ? t['rate-limited'](Math.max(1, Math.ceil(problem.rateLimitedSeconds / 60)))
      : t.wrong(problem.wrongTriesLeft);
  }
  const text = t[problem];
  return typeof text === 'string' ? text : text(0);
}

const problemKind = (problem: ChangeEmailProblem) =>
  typeof problem === 'object' ? ('rateLimitedSeconds' in problem ? 'rate-limited' : 'wrong') : problem;

export function renderChangeEmailPage(view: ChangeEmailView): SafeHtml {
  const t = signInEmailMessages[view.locale];
  const { problem } = view;
  const field = view.step === 'address' ? 'email' : 'code';
  const summary = problem
    ? html`<div class="error-summary" role="alert" tabindex="-1" data-problem="${problemKind(problem)}"><h2>${t.errors.heading}</h2><p><a href="#${field}">${problemText(view.locale, problem)}</a></p></div>`
    : null;
  const invalid = problem !== undefined;
  const error = html`<p id="${field}-error" class="field-error" aria-live="polite">${problem ? problemText(view.locale, problem) : ''}</p>`;
  const describedBy = `${field}-hint${invalid ? ` ${field}-error` : ''}`;
  const action = `${CHANGE_EMAIL_PATH}?lang=${view.locale}`;
  const body =
    view.step === 'address'
      ? html`<p class="lead">${t.addressLead}</p>
<p>${t.current} <strong data-field="sign-in-email">${view.current}</strong>.</p>
${summary}
<form method="post" action="${action}" novalidate>
<input type="hidden" name="csrf" value="${view.csrfToken}">
<input type="hidden" name="step" value="address">
<div class="field">
<label for="email">${t.addressLabel}</label>
<p id="email-hint" class="hint">${t.addressHint}</p>
<input type="email" id="email" name="email" autocomplete="email" spellcheck="false" autocapitalize="none" maxlength="254" value="${view.typed ?? ''}" aria-describedby="${describedBy}"${invalid ? raw(' aria-invalid="true"') : null} required>
${error}
</div>
<p class="actions"><button type="submit" class="button">${t.sendCode}</button> <a href="${PROFILE_PATH}?lang=${view.locale}">${t.cancel}</a></p>
</form>`
      : html`<p class="lead" data-pending="${view.pending ?? ''}">${t.codeLead(view.pending ?? '', EMAIL_CHANGE_CODE_TTL_MS / 60_000)}</p>
${summary}
<form method="post" action="${action}" novalidate>
<input type="hidden" name="csrf" value="${view.csrfToken}">
<input type="hidden" name="step" value="code">
<div class="field">
<label for="code">${t.codeLabel}</label>
<p id="code-hint" class="hint">${t.codeHint}</p>
<input type="text" id="code" name="code" inputmode="numeric" autocomplete="one-time-code" spellcheck="false" maxlength="12" aria-describedby="${describedBy}"${invalid ? raw(' aria-invalid="true"') : null} required>
${error}
</div>
<p class="actions"><button type="submit" class="button">${t.confirm}</button> <a href="${PROFILE_PATH}?lang=${view.locale}">${t.cancel}</a></p>
</form>
<p><a href="${CHANGE_EMAIL_PATH}?lang=${view.locale}&amp;again=1">${t.otherAddress}</a></p>`;
  return renderFormPage({
    locale: view.locale,
    title: view.step === 'address' ? t.title : t.codeTitle,
    body,
    languageSwitch: switchFor(CHANGE_EMAIL_PATH),
    signedIn: view.signedIn,
  });
}

export function renderEmailChangedPage(view: { locale: Locale; email: string; signedIn?: SignedInShell }): SafeHtml {
  const t = signInEmailMessages[view.locale];
  const body = html`<p class="lead" role="status" data-email-changed>${t.doneLead(view.email)}</p>
<p>${t.doneOld}</p>
<p><a class="button" href="${PROFILE_PATH}?lang=${view.locale}">${t.backToProfile}</a></p>`;
  return renderFormPage({ locale: view.locale, title: t.doneTitle, body, signedIn: view.signedIn });
}

/** The profile's line under the sign-in address: what changing it means, and the way there. */
export function renderChangeEmailLink(locale: Locale): SafeHtml {
  const t = signInEmailMessages[locale];
  return html`<p>${t.changeLead}</p>
<p><a class="button secondary" href="${CHANGE_EMAIL_PATH}?lang=${locale}" data-change-email>${t.changeLink}</a></p>`;
}
