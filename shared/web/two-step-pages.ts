/**
 * Two-step verification's pages (docs/two-step.md, API.md "Client profile and two-step verification"): the profile's
 * section, enrollment (the QR code rendered here as inline SVG, the secret as text in `data-totp-secret`, a "Code"
 * field and "Confirm"), the recovery codes shown once (each in `data-recovery-code`), turning off, and the code page
 * of sign-in ("Code", "Verify", and the link to the "No access to the app" help page).
 */
import QRCode from 'qrcode';
import type { Locale } from '../domain/locale.js';
import { html, raw, type SafeHtml } from '../http/html.js';
import { renderFormPage } from './form-page.js';
import type { LanguageSwitch } from './layout.js';
import { twoStepMessages } from './messages/two-step.js';
import type { SignedInShell } from './portal-shell.js';

export const TWO_STEP_ENROLL_PATH = '/api/Profile/two-step';
export const TWO_STEP_OFF_PATH = '/api/Profile/two-step/off';
export const TWO_STEP_SIGN_IN_PATH = '/api/SignIn/two-step';
export const TWO_STEP_HELP_PATH = '/api/SignIn/two-step/help';

const CSS = `.qr svg{width:12rem;height:12rem;background:#fff}
.secret{font-family:monospace;font-size:1.1rem;letter-spacing:.1em;overflow-wrap:anywhere}
.recovery-codes{font-family:monospace;font-size:1.1rem;columns:2;padding-left:1.5rem}`;

export type CodeProblem = 'wrong' | 'replayed' | 'empty' | { locked: number };

function page(
  locale: Locale,
  title: string,
  body: SafeHtml,
  languageSwitch?: LanguageSwitch,
  signedIn?: SignedInShell,
) {
  const rendered = renderFormPage({ locale, title, body, languageSwitch, signedIn }).value;
  return raw(rendered.replace('</head>', () => `<style>${CSS}</style>\n</head>`));
}

const switchFor = (path: string): LanguageSwitch => ({ fr: `${path}?lang=fr`, en: `${path}?lang=en` });

function problemText(locale: Locale, problem: CodeProblem): string {
  const t = twoStepMessages[locale].errors;
  return typeof problem === 'object' ? t.locked(Math.max(1, Math.ceil(problem.locked / 60))) : t[problem];
}

function problemSummary(locale: Locale, problem: CodeProblem | undefined): SafeHtml | null {
  if (!problem) return null;
  const t = twoStepMessages[locale];
  const kind = typeof problem === 'object' ? 'locked' : problem;
  return html`<div class="error-summary" role="alert" tabindex="-1" data-problem="${kind}"><h2>${t.errors.heading}</h2><p><a href="#code">${problemText(locale, problem)}</a></p></div>`;
}

/** The "Code" field: 6 digits of the app, or (at sign-in and to turn off) a recovery code. */
function codeField(locale: Locale, hint: string, problem: CodeProblem | undefined, appOnly: boolean): SafeHtml {
  const t = twoStepMessages[locale];
  const invalid = problem !== undefined;
  return html`<div class="field">
<label for="code">${t.codeLabel}</label>
<p id="code-hint" class="hint">${hint}</p>
<input type="text" id="code" name="code" autocomplete="one-time-code" spellcheck="false" autocapitalize="none" maxlength="24"${
    appOnly ? raw(' inputmode="numeric"') : null
  } aria-describedby="code-hint${invalid ? ' code-error' : ''}"${invalid ? raw(' aria-invalid="true"') : null} required>
<p id="code-error" class="field-error" aria-live="polite">${problem ? problemText(locale, problem) : ''}</p>
</div>`;
}

/** The profile's security section: turn on, or (on) turn off. */
export function renderTwoStepSection(locale: Locale, on: boolean): SafeHtml {
  const t = twoStepMessages[locale];
  return on
    ? html`<p data-two-step="on">${t.onLead}</p>
<p><a class="button secondary" href="${TWO_STEP_OFF_PATH}?lang=${locale}">${t.turnOff}</a></p>`
    : html`<p data-two-step="off">${t.sectionLead}</p>
<p><a class="button secondary" href="${TWO_STEP_ENROLL_PATH}?lang=${locale}">${t.turnOn}</a></p>`;
}

/** The QR code of the `otpauth://` URI, as inline SVG (no image request, nothing for the CSP to allow). */
export async function qrCodeSvg(uri: string): Promise<string> {
  return QRCode.toString(uri, { type: 'svg', errorCorrectionLevel: 'M', margin: 2 });
}

export async function renderEnrollPage(view: {
  locale: Locale;
  csrfToken: string;
  secret: string;
  uri: string;
  problem?: CodeProblem;
  signedIn?: SignedInShell;
}): Promise<SafeHtml> {
  const t = twoStepMessages[view.locale];
  const svg = await qrCodeSvg(view.uri);
  const grouped = view.secret.match(/.{1,4}/g)!.join(' ');
  const body = html`<p class="lead">${t.enrollLead}</p>
${problemSummary(view.locale, view.problem)}
<figure class="qr" role="img" aria-label="${t.qrLabel}">${raw(svg)}</figure>
<p>${t.manualEntry}</p>
<p class="secret" data-totp-secret="${view.secret}">${grouped}</p>
<form method="post" action="${TWO_STEP_ENROLL_PATH}?lang=${view.locale}" novalidate>
<input type="hidden" name="csrf" value="${view.csrfToken}">
${codeField(view.locale, t.codeHint, view.problem, true)}
<p class="actions"><button type="submit" class="button">${t.confirm}</button> <a href="/api/Profile?lang=${view.locale}">${t.cancel}</a></p>
</form>`;
  return page(view.locale, t.enrollTitle, body, switchFor(TWO_STEP_ENROLL_PATH), view.signedIn);
}

export function renderRecoveryCodesPage(view: {
  locale: Locale;
  recoveryCodes: string[];
  signedIn?: SignedInShell;
}): SafeHtml {
  const t = twoStepMessages[view.locale];
  const body = html`<p class="lead" role="status" data-two-step-on>${t.recoveryLead}</p>
<p><strong>${t.recoveryOnce}</strong></p>
<ol class="recovery-codes">${view.recoveryCodes.map((code) => html`<li data-recovery-code="${code}">${code}</li>`)}</ol>
<p><a class="button" href="/api/Profile?lang=${view.locale}">${t.backToProfile}</a></p>`;
  return page(view.locale, t.recoveryTitle, body, undefined, view.signedIn);
}

export function renderTurnOffPage(view: {
  locale: Locale;
  csrfToken: string;
  problem?: CodeProblem;
  signedIn?: SignedInShell;
}): SafeHtml {
  const t = twoStepMessages[view.locale];
  const body = html`<p class="lead">${t.offLead}</p>
${problemSummary(view.locale, view.problem)}
<form method="post" action="${TWO_STEP_OFF_PATH}?lang=${view.locale}" novalidate>
<input type="hidden" name="csrf" value="${view.csrfToken}">
${codeField(view.locale, t.signInHint, view.problem, false)}
<p class="actions"><button type="submit" class="button">${t.offSubmit}</button> <a href="/api/Profile?lang=${view.locale}">${t.cancel}</a></p>
</form>`;
  return page(view.locale, t.offTitle, body, switchFor(TWO_STEP_OFF_PATH), view.signedIn);
}

export function renderTurnedOffPage(view: { locale: Locale; signedIn?: SignedInShell }): SafeHtml {
  const t = twoStepMessages[view.locale];
  const body = html`<p class="lead" role="status" data-two-step-off>${t.offDone}</p>
<p><a class="button" href="/api/Profile?lang=${view.locale}">${t.backToProfile}</a></p>`;
  return page(view.locale, t.offTitle, body, undefined, view.signedIn);
}

/** The code step of sign-in: its form posts back with where to go next. */
export function renderSignInCodePage(view: {
  locale: Locale;
  csrfToken: string;
  next: string;
  problem?: CodeProblem;
}): SafeHtml {
  const t = twoStepMessages[view.locale];
  const action = `${TWO_STEP_SIGN_IN_PATH}?${new URLSearchParams({ lang: view.locale, next: view.next }).toString()}`;
  const body = html`<p class="lead">${t.signInLead}</p>
${problemSummary(view.locale, view.problem)}
<form method="post" action="${action}" novalidate>
<input type="hidden" name="csrf" value="${view.csrfToken}">
${codeField(view.locale, t.signInHint, view.problem, false)}
<p class="actions"><button type="submit" class="button">${t.verify}</button></p>
</form>
<p><a href="${TWO_STEP_HELP_PATH}?lang=${view.locale}">${t.noAccess}</a></p>`;
  const here = (lang: Locale) =>
    `${TWO_STEP_SIGN_IN_PATH}?${new URLSearchParams({ lang, next: view.next }).toString()}`;
  return page(view.locale, t.signInTitle, body, { fr: here('fr'), en: here('en') });
}
