/**
 * The signed-in client's pages (API.md "Client profile"): the profile — the address they sign in with, their
 * providers and companies, and the security section with "Change password" and two-step verification (two-step-pages.ts) — the change password form (its fields, criteria and live check are the shared new-password
 * fields, `shared/web/password-fields.ts`), and the page once it is changed.
 */

import type { Locale } from '../domain/locale.js';
import type { PasswordCriterion, PasswordOwner } from '../domain/password-rules.js';
import type { ProfileView } from '../domain/use-cases/client-profile.js';
import { html, raw, type SafeHtml } from '../http/html.js';
import { renderErasureRequestLink } from './erasure-request-pages.js';
import { renderFormPage, signOutForm } from './form-page.js';
import { formatDate } from './i18n.js';
import type { LanguageSwitch } from './layout.js';
import { companyMessages } from './messages/company.js';
import { profileMessages } from './messages/profile.js';
import { PASSWORD_FIELDS_CSS, renderPasswordFields } from './password-fields.js';
import type { SignedInShell } from './portal-shell.js';
import { renderChangeEmailLink } from './sign-in-email-pages.js';
import { renderTwoStepSection } from './two-step-pages.js';

export const PROFILE_PATH = '/api/Profile';
export const CHANGE_PASSWORD_PATH = '/api/Profile/password';
/** The JSON download of the person's data at every provider (docs/privacy.md "Right of access"). */
export const PROFILE_EXPORT_PATH = '/api/Profile/export';

const PROFILE_CSS = `${PASSWORD_FIELDS_CSS}
.facts{display:grid;grid-template-columns:max-content 1fr;gap:.25rem 1rem;margin:0 0 1.5rem}
.facts dt{font-weight:600}.facts dd{margin:0;overflow-wrap:anywhere}
`;

function page(
  locale: Locale,
  title: string,
  body: SafeHtml,
  languageSwitch?: LanguageSwitch,
  signedIn?: SignedInShell,
): SafeHtml {
  const rendered = renderFormPage({ locale, title, body, languageSwitch, signedIn }).value;
  return raw(rendered.replace('</head>', () => `<style>${PROFILE_CSS}</style>\n</head>`));
}

const switchFor = (path: string): LanguageSwitch => ({ fr: `${path}?lang=fr`, en: `${path}?lang=en` });

export function renderProfilePage(view: {
  locale: Locale;
  profile: ProfileView;
  csrfToken: string;
  /** Two-step verification is on (the profile's read says so). */
  twoStepOn?: boolean;
  /** The signed-in notice and "Switch account" (portal-shell.ts). */
  signedIn?: SignedInShell;
}): SafeHtml {
  const t = profileMessages[view.locale];
  const { profile } = view;
  const body = html`<section aria-labelledby="sign-in-heading">
<h2 id="sign-in-heading">${t.signInHeading}</h2>
<dl class="facts"><dt>${t.signInEmail}</dt><dd data-field="sign-in-email">${profile.signInEmail}</dd></dl>
${renderChangeEmailLink(view.locale)}
</section>
<section aria-labelledby="security-heading" data-section="security">
<h2 id="security-heading">${t.securityHeading}</h2>
<p>${t.passwordLead}</p>
<p><a class="button secondary" href="${CHANGE_PASSWORD_PATH}?lang=${view.locale}">${t.changePassword}</a></p>
${renderTwoStepSection(view.locale, view.twoStepOn ?? false)}
</section>
<section aria-labelledby="providers-heading">
<h2 id="providers-heading">${t.providersHeading}</h2>
${
  profile.providers.length === 0
    ? html`<p>${t.noProviders}</p>`
    : html`<ul data-field="providers">${profile.providers.map(
        (p) =>
          html`<li>${p.name} <span class="muted">(${t.providerSince(formatDate(p.since, view.locale))})</span></li>`,
      )}</ul>`
}
<h2>${t.companiesHeading}</h2>
${
  profile.companies.length === 0
    ? html`<p>${t.noCompanies}</p>`
    : html`<ul data-field="companies">${profile.companies.map(
        (c) => html`<li>${c.name} <span class="muted">(${c.providerName})</span></li>`,
      )}</ul>`
}
</section>
<section aria-labelledby="data-heading" data-section="data">
<h2 id="data-heading">${t.dataHeading}</h2>
<p>${t.dataLead}</p>
<p><a class="button secondary" href="${PROFILE_EXPORT_PATH}" download>${t.downloadData}</a></p>
${renderErasureRequestLink(view.locale)}
</section>
<p><a href="/api/Welcome">${t.backHome}</a></p>
${signOutForm(companyMessages[view.locale], view.csrfToken)}`;
  return page(view.locale, t.title, body, switchFor(PROFILE_PATH), view.signedIn);
}

export type ChangePasswordProblem = 'rule' | 'mismatch' | 'rejected' | 'empty';

export interface ChangePasswordView {
  locale: Locale;
  csrfToken: string;
  /** The person's own words, for the live check of `not-personal` (their own data, on their own page). */
  owner: PasswordOwner;
  problem?: ChangePasswordProblem;
  /** The criteria the refused password did not meet. */
  unmet?: PasswordCriterion[];
  /** The signed-in notice and "Switch account" (portal-shell.ts). */
  signedIn?: SignedInShell;
}

export function renderChangePasswordPage(view: ChangePasswordView): SafeHtml {
  const t = profileMessages[view.locale];
  const body = html`<p class="lead">${t.changeLead}</p>
${
  view.problem &&
  html`<div class="error-summary" role="alert" tabindex="-1" data-problem="${view.problem}"><h2>${t.errors.heading}</h2><p>${t.errors[view.problem]}</p></div>`
}
<form method="post" action="${CHANGE_PASSWORD_PATH}?lang=${view.locale}" novalidate>
<input type="hidden" name="csrf" value="${view.csrfToken}">
${renderPasswordFields({
  locale: view.locale,
  owner: view.owner,
  unmet: view.unmet,
  passwordInvalid: view.problem === 'rule' || view.problem === 'rejected' || view.problem === 'empty',
  mismatch: view.problem === 'mismatch',
})}
<p class="actions"><button type="submit" class="button">${t.submit}</button> <a href="${PROFILE_PATH}?lang=${view.locale}">${t.cancel}</a></p>
</form>`;
  return page(view.locale, t.changeTitle, body, switchFor(CHANGE_PASSWORD_PATH), view.signedIn);
}

export function renderPasswordChangedPage(view: { locale: Locale; signedIn?: SignedInShell }): SafeHtml {
  const t = profileMessages[view.locale];
  const body = html`<p class="lead" role="status" data-password-changed>${t.changedLead}</p>
<p>${t.changedElsewhere}</p>
<p><a class="button" href="${PROFILE_PATH}?lang=${view.locale}">${t.backToProfile}</a></p>`;
  return page(view.locale, t.changedTitle, body, undefined, view.signedIn);
}
