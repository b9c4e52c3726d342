/**
 * "Pas d'accès à l'application" / "No access to the app" (docs/two-step-help.md): the page the two-step code page
 * links to — what happens, and the one button that asks the provider's professionals to turn two-step verification
 * off (a POST with the session's CSRF token) — then who was asked (names, addresses masked), or the 429 page, or why
 * nobody could be asked; and the page that refuses a session that is not at the code step.
 */
import type { Locale } from '../domain/locale.js';
import type { HelpRecipients } from '../domain/use-cases/two-step-help.js';
import { html, type SafeHtml } from '../http/html.js';
import { renderFormPage } from './form-page.js';
import { twoStepHelpMessages } from './messages/two-step-help.js';

const SIGN_IN_PATH = '/api/SignIn';
export const TWO_STEP_PATH = '/api/SignIn/two-step';
export const TWO_STEP_HELP_PATH = '/api/SignIn/two-step/help';

const languages = (path: string) => ({ fr: `${path}?lang=fr`, en: `${path}?lang=en` });
const backLink = (locale: Locale) =>
  html`<p><a href="${TWO_STEP_PATH}?lang=${locale}">${twoStepHelpMessages[locale].back}</a></p>`;

/** The link the code page shows (the two-step branch's page uses it). */
export const twoStepHelpLink = (locale: Locale): SafeHtml =>
  html`<a href="${TWO_STEP_HELP_PATH}?lang=${locale}" data-link="two-step-help">${twoStepHelpMessages[locale].linkLabel}</a>`;

export function renderTwoStepHelpPage(view: { locale: Locale; csrfToken: string }): SafeHtml {
  const t = twoStepHelpMessages[view.locale];
  return renderFormPage({
    locale: view.locale,
    title: t.title,
    body: html`<p class="lead">${t.lead}</p>
<p>${t.how}</p>
<form method="post" action="${TWO_STEP_HELP_PATH}?lang=${view.locale}" class="actions">
<input type="hidden" name="csrf" value="${view.csrfToken}">
<button type="submit" class="button">${t.button}</button>
</form>
${backLink(view.locale)}`,
    languageSwitch: languages(TWO_STEP_HELP_PATH),
  });
}

/** Who was asked, shown masked (`mask`: the address as the page may show it). */
export function renderTwoStepHelpSentPage(view: {
  locale: Locale;
  asked: readonly HelpRecipients[];
  mask: (email: string) => string;
}): SafeHtml {
  const t = twoStepHelpMessages[view.locale];
  const several = view.asked.length > 1;
  return renderFormPage({
    locale: view.locale,
    title: t.sentTitle,
    body: html`<p class="lead" role="status">${t.sentLead}</p>
${view.asked.map(
  (r) =>
    html`${several ? html`<p>${t.atProvider(r.providerName)}</p>` : null}<ul data-field="asked">${
      r.professionals.length > 0
        ? r.professionals.map((p) => html`<li>${t.professional(p.name, view.mask(p.email))}</li>`)
        : html`<li>${t.support(r.providerName, r.supportEmail ?? '')}</li>`
    }</ul>`,
)}
<p>${t.sentNext}</p>
${backLink(view.locale)}`,
  });
}

export function renderTwoStepHelpNobodyPage(view: { locale: Locale }): SafeHtml {
  const t = twoStepHelpMessages[view.locale];
  return renderFormPage({
    locale: view.locale,
    title: t.nobodyTitle,
    body: html`<p class="lead" role="alert">${t.nobodyLead}</p>
${backLink(view.locale)}`,
  });
}

export function renderTwoStepHelpLimitedPage(view: { locale: Locale; retryAfterSeconds: number }): SafeHtml {
  const t = twoStepHelpMessages[view.locale];
  const hours = Math.max(1, Math.ceil(view.retryAfterSeconds / 3600));
  return renderFormPage({
    locale: view.locale,
    title: t.limitedTitle,
    body: html`<p class="lead" role="alert">${t.limitedLead(hours)}</p>
${backLink(view.locale)}`,
  });
}

export function renderTwoStepHelpNotPendingPage(view: { locale: Locale }): SafeHtml {
  const t = twoStepHelpMessages[view.locale];
  return renderFormPage({
    locale: view.locale,
    title: t.notPendingTitle,
    body: html`<p class="lead">${t.notPendingLead}</p>
<p class="actions"><a class="button" href="${SIGN_IN_PATH}?go=1&amp;lang=${view.locale}">${t.signIn}</a></p>`,
    languageSwitch: languages(TWO_STEP_HELP_PATH),
  });
}
