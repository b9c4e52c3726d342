/**
 * The forgot-password pages (docs/passwords.md): the email form, the answer that asks the person to check their
 * mailbox and spam folder (the same for every address), the new-password form (its fields, criteria and live check
 * are the shared new-password fields, `shared/web/password-fields.ts`), the
 * seed-004 "password updated, redirecting…" page, and the pages of a used, expired or unknown link, each with the
 * email form to get a new link.
 */
import type { Locale } from '../domain/locale.js';
import { PASSWORD_CRITERIA, type PasswordCriterion } from '../domain/password-rules.js';
import { html, raw, type SafeHtml } from '../http/html.js';
import { renderFormPage } from './form-page.js';
import type { LanguageSwitch } from './layout.js';
import { passwordFieldsMessages } from './messages/password-fields.js';
import { resetPasswordMessages } from './messages/reset-password.js';
import { PASSWORD_FIELD_IDS, PASSWORD_FIELDS_CSS, renderPasswordFields } from './password-fields.js';

export const RESET_PASSWORD_PATH = '/api/ResetPassword';
export const RESET_CONFIRM_PATH = '/api/ResetPassword/confirm';
/** Where the person signs in after the change (a link inside the product: `?go=1`). */
export const signInAfterReset = (locale: Locale) => `/api/SignIn?go=1&lang=${locale}`;
/** Seconds before the "password updated" page moves on to the sign-in. */
export const REDIRECT_SECONDS = 5;

function emailForm(locale: Locale, options: { invalid?: boolean; buttonLabel?: string } = {}): SafeHtml {
  const t = resetPasswordMessages[locale];
  return html`<form method="post" action="${RESET_PASSWORD_PATH}">
<input type="hidden" name="lang" value="${locale}">
<div class="field">
<label for="reset-email">${t.emailLabel}</label>
${options.invalid && html`<p id="reset-email-error" class="field-error">${t.emailInvalid}</p>`}
<input type="email" id="reset-email" name="email" required maxlength="254" autocomplete="email" spellcheck="false"${
    options.invalid ? html` aria-invalid="true" aria-describedby="reset-email-error"` : null
  }>
</div>
<div class="actions"><button type="submit" class="button">${options.buttonLabel ?? t.send}</button></div>
</form>`;
}

/** `GET /api/ResetPassword` (no token): the email form; again with the error when the address was not one. */
export function renderResetRequestPage(view: {
  locale: Locale;
  invalid?: boolean;
  languageSwitch?: LanguageSwitch | undefined;
}): SafeHtml {
  const t = resetPasswordMessages[view.locale];
  return renderFormPage({
    locale: view.locale,
    title: t.requestTitle,
    body: html`<p class="lead">${t.requestLead}</p>
${emailForm(view.locale, view.invalid ? { invalid: true } : {})}
<p><a href="${signInAfterReset(view.locale)}">${t.backToSignIn}</a></p>`,
    languageSwitch: view.languageSwitch,
  });
}

/** The answer to the email form: the same for every address (no address shown), with seed 004's spam hint. */
export function renderResetSentPage(view: { locale: Locale; ttlMinutes: number }): SafeHtml {
  const t = resetPasswordMessages[view.locale];
  return renderFormPage({
    locale: view.locale,
    title: t.sentTitle,
    body: html`<p class="lead">${t.sentLead}</p>
<p class="notice">${t.sentSpam}</p>
<p>${t.sentOutlook}</p>
<p class="muted">${t.sentExpiry(view.ttlMinutes)}</p>
<p><a href="${signInAfterReset(view.locale)}">${t.backToSignIn}</a></p>`,
  });
}

export interface ChoosePasswordView {
  locale: Locale;
  token: string;
  owner: { email: string; firstName?: string | undefined; lastName?: string | undefined };
  /** After a refused post: the criteria not met, the two passwords differing, Graph's own refusal. */
  unmet?: readonly PasswordCriterion[] | undefined;
  mismatch?: boolean | undefined;
  rejectedByDirectory?: boolean | undefined;
  languageSwitch?: LanguageSwitch | undefined;
}

/** `GET /api/ResetPassword?token=`: the new-password form, its criteria shown (and checked live by the script). */
export function renderChoosePasswordPage(view: ChoosePasswordView): SafeHtml {
  const t = resetPasswordMessages[view.locale];
  const f = passwordFieldsMessages[view.locale];
  const unmet = new Set(view.unmet ?? []);
  const problems: string[] = [
    ...PASSWORD_CRITERIA.filter((c) => unmet.has(c)).map((c) => `${f.criteria[c]} : ${f.unmet}`),
    ...(view.mismatch ? [f.mismatch] : []),
    ...(view.rejectedByDirectory ? [t.rejectedByDirectory] : []),
  ];
  const invalid = problems.length > 0;
  const body = html`
<p class="lead">${t.chooseLead(view.owner.email)}</p>
${
  invalid &&
  html`<div class="error-summary" role="alert" aria-labelledby="reset-errors-title">
<h2 id="reset-errors-title">${t.errorsHeading}</h2>
<ul>${problems.map((p) => html`<li><a href="#${PASSWORD_FIELD_IDS.password}">${p}</a></li>`)}</ul>
</div>`
}
<form id="reset-form" method="post" action="${RESET_CONFIRM_PATH}">
<input type="hidden" name="token" value="${view.token}">
<input type="hidden" name="lang" value="${view.locale}">
${renderPasswordFields({
  locale: view.locale,
  owner: view.owner,
  unmet: view.unmet,
  passwordInvalid: unmet.size > 0 || view.rejectedByDirectory,
  mismatch: view.mismatch,
})}
<div class="actions"><button type="submit" class="button">${t.save}</button></div>
</form>`;
  const page = renderFormPage({ locale: view.locale, title: t.chooseTitle, body, languageSwitch: view.languageSwitch });
  return raw(page.value.replace('</head>', () => `<style>${PASSWORD_FIELDS_CSS}</style>\n</head>`));
}

/** Seed 003: "password reset, redirecting…", then the sign-in (a meta refresh, and the link if it does not happen). */
export function renderPasswordChangedPage(view: { locale: Locale }): SafeHtml {
  const t = resetPasswordMessages[view.locale];
  const target = signInAfterReset(view.locale);
  const page = renderFormPage({
    locale: view.locale,
    title: t.doneTitle,
    body: html`<p class="lead" role="status">${t.doneLead}</p>
<p>${t.notRedirected}</p>
<p class="actions"><a class="button" href="${target}">${t.signIn}</a></p>`,
  });
  const refresh = html`<meta http-equiv="refresh" content="${`${REDIRECT_SECONDS};url=${target}`}">`.value;
  return raw(page.value.replace('</head>', () => `${refresh}\n</head>`));
}

/** A link that no longer works (used, expired or replaced) or never did: why, and the email form for a new one. */
export function renderResetLinkProblemPage(view: {
  locale: Locale;
  problem: 'used' | 'expired' | 'unknown';
  languageSwitch?: LanguageSwitch | undefined;
}): SafeHtml {
  const t = resetPasswordMessages[view.locale];
  const [title, lead] =
    view.problem === 'used'
      ? [t.usedTitle, t.usedLead]
      : view.problem === 'expired'
        ? [t.expiredTitle, t.expiredLead]
        : [t.unknownTitle, t.unknownLead];
  return renderFormPage({
    locale: view.locale,
    title,
    body: html`<p class="lead">${lead}</p>
${emailForm(view.locale, { buttonLabel: t.newLink })}`,
    languageSwitch: view.languageSwitch,
  });
}

/** A form posted from elsewhere (cross-site, not a form). */
export function renderResetRefusedPage(locale: Locale): SafeHtml {
  const t = resetPasswordMessages[locale];
  return renderFormPage({
    locale,
    title: t.refusedTitle,
    body: html`<p class="lead">${t.refusedLead}</p>
<p><a href="${RESET_PASSWORD_PATH}?lang=${locale}">${t.requestTitle}</a></p>`,
  });
}
