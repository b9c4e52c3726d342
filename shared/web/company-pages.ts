/**
 * The pages after an invitee signs in: "Create company" (seed 002) — the provider's data in an accessible form
 * whose button is grey while anything is wrong and orange when all is valid — then the welcome page with the
 * portal's links, and the company picker for a client of several companies. Every control, its attributes and
 * its rules come from `COMPANY_FIELDS`; without JavaScript the button stays enabled and the server validates.
 */
import {
  COMPANY_FIELDS,
  type CompanyFieldName,
  type CompanyFieldSpec,
  type CompanyInput,
  type CompanyProblem,
  type CompanyProblems,
  fillProblemMessage,
  isSupportedCountry,
  SUPPORTED_COUNTRIES,
} from '../domain/company-form.js';
import type { Locale } from '../domain/locale.js';
import type { Provider } from '../domain/provider.js';
import { html, raw, type SafeHtml } from '../http/html.js';
import { renderFormPage, signOutForm } from './form-page.js';
import { countryName } from './i18n.js';
import { type LanguageSwitch, mailtoLink, safeUrl } from './layout.js';
import { type CompanyMessages, companyMessages } from './messages/company.js';
import type { SignedInShell } from './portal-shell.js';

// The sign-in pages live next door (this file would be too long); importing them from here works too.
export type { LanguageSwitch } from './layout.js';

/** Where the browser finds the form's script; its import of the rules resolves to `/api/assets/domain/…`. */
export const COMPANY_FORM_SCRIPT_SRC = '/api/assets/web/assets/company-form.client.js';

export type CompanyProviderView = Pick<Provider, 'name' | 'platformName' | 'supportEmail'>;

export interface CreateCompanyView {
  locale: Locale;
  provider: CompanyProviderView;
  client: { firstName: string; lastName: string; email: string };
  values: CompanyInput;
  /** Problems found by the server on a posted form: shown at once, with `aria-invalid`. */
  problems?: CompanyProblems | undefined;
  csrfToken: string;
  /** `/api/CreateCompany`. */
  action: string;
  /** `COMPANY_FORM_SCRIPT_SRC`. */
  scriptSrc: string;
  languageSwitch?: LanguageSwitch | undefined;
  /** The signed-in notice (portal-shell.ts). */
  signedIn?: SignedInShell | undefined;
}

/** What the browser script reads from the page's JSON block (never executed, so the CSP allows it). */
export interface CompanyFormScriptMessages {
  labels: Record<CompanyFieldName, string>;
  problems: Record<CompanyProblem, string>;
  statusInvalid: string;
  statusValid: string;
}

export interface WelcomeLink {
  href: string;
  label: string;
}

export interface WelcomeView {
  locale: Locale;
  provider: CompanyProviderView;
  client: { firstName: string; lastName: string };
  company?: { name: string } | undefined;
  links: WelcomeLink[];
  csrfToken: string;
  languageSwitch?: LanguageSwitch | undefined;
  /** The signed-in notice and "Switch account" (portal-shell.ts). */
  signedIn?: SignedInShell | undefined;
}

export interface CompanyPickerView {
  locale: Locale;
  choices: Array<{ value: string; providerName: string; companyName: string }>;
  csrfToken: string;
  action: string;
  languageSwitch?: LanguageSwitch | undefined;
  /** The signed-in notice and "Switch account" (portal-shell.ts). */
  signedIn?: SignedInShell | undefined;
}

/** The company picker (`ChooseCompany`). */
export const COMPANY_PICKER_PATH = '/api/SignIn/choose';

export const fieldId = (name: string) => `company-${name}`;

export function renderCreateCompanyPage(view: CreateCompanyView): SafeHtml {
  const t = companyMessages[view.locale];
  const problems = view.problems ?? {};
  const country = view.values.country;
  const message = (name: CompanyFieldName, code: CompanyProblem) => fillProblemMessage(t.problems[code], name, country);
  const invalid = COMPANY_FIELDS.filter((f) => problems[f.name]);
  const scriptMessages: CompanyFormScriptMessages = {
    labels: t.labels,
    problems: t.problems,
    statusInvalid: t.statusInvalid,
    statusValid: t.statusValid,
  };
  const field = (spec: CompanyFieldSpec) =>
    renderField(spec, view, t, problems[spec.name] && message(spec.name, problems[spec.name]!));
  const group = (name: CompanyFieldSpec['group'], legend: string) =>
    html`<fieldset><legend>${legend}</legend>
${COMPANY_FIELDS.filter((f) => f.group === name).map(field)}
</fieldset>`;
  const strong = (text: string) => html`<strong>${text}</strong>`;
  const body = html`
<p class="lead">${t.createLead(view.provider.name)}</p>
<p class="muted">${t.signedInAs({
    name: strong(`${view.client.firstName} ${view.client.lastName}`.trim()),
    email: strong(view.client.email),
  })}</p>
${
  invalid.length > 0 &&
  html`<div class="error-summary" role="alert" aria-labelledby="error-summary-title">
<h2 id="error-summary-title">${t.errorSummaryTitle}</h2>
<ul>${invalid.map(
    (f) =>
      html`<li><a href="#${fieldId(f.name)}">${t.labels[f.name]}\u00a0: ${message(f.name, problems[f.name]!)}</a></li>`,
  )}</ul>
</div>`
}
<form id="company-form" method="post" action="${safeUrl(view.action)}">
<input type="hidden" name="csrf" value="${view.csrfToken}">
<input type="hidden" name="lang" value="${view.locale}">
${group('company', t.companyLegend)}
${group('address', t.addressLegend)}
<p id="company-form-status" class="form-status" aria-live="polite"></p>
<div class="actions"><button type="submit" id="company-submit" class="button">${t.submit}</button></div>
</form>
<script type="application/json" id="company-form-messages">${raw(jsonForScript(scriptMessages))}</script>
<script type="module" src="${safeUrl(view.scriptSrc)}"></script>`;
  return renderFormPage({
    locale: view.locale,
    title: t.createTitle,
    body,
    languageSwitch: view.languageSwitch,
    brand: view.provider.platformName,
    signedIn: view.signedIn,
    ...(view.provider.supportEmail ? { footer: html`<p>${mailtoLink(view.provider.supportEmail)}</p>` } : {}),
  });
}

/** JSON inside `<script type="application/json">`: `<` escaped so no `</script>` can end the block early. */
export function jsonForScript(value: unknown): string {
  return JSON.stringify(value).replace(/</g, '\\u003c');
}

function renderField(
  spec: CompanyFieldSpec,
  view: CreateCompanyView,
  t: CompanyMessages,
  error: string | undefined,
): SafeHtml {
  const id = fieldId(spec.name);
  const hint = (t.hints as Partial<Record<CompanyFieldName, string>>)[spec.name];
  const describedBy = [hint && `${id}-hint`, `${id}-error`].filter(Boolean).join(' ');
  const value = view.values[spec.name] ?? '';
  const common = html`id="${id}" name="${spec.name}"${spec.required ? html` required` : null} autocomplete="${spec.autocomplete}" aria-describedby="${describedBy}"${error ? html` aria-invalid="true"` : null}`;
  const control =
    spec.type === 'select'
      ? html`<select ${common}>${countryOptions(value, view.locale, t)}</select>`
      : html`<input type="${spec.type}" ${common} value="${value}" maxlength="${spec.maxLength}"${
          spec.minLength !== undefined ? html` minlength="${spec.minLength}"` : null
        }${spec.pattern ? html` pattern="${spec.pattern}"` : null}${
          spec.inputMode ? html` inputmode="${spec.inputMode}"` : null
        }>`;
  return html`<div class="field">
<label for="${id}">${t.labels[spec.name]}${spec.required ? null : html` <span class="optional">${t.optional}</span>`}</label>
${hint && html`<p id="${id}-hint" class="hint">${hint}</p>`}
${control}
<p id="${id}-error" class="field-error" aria-live="polite">${error}</p>
</div>`;
}

/** France first, then the other supported countries by their name in the page's language (also the console's Invite form). */
export function countryOptions(selected: string, locale: Locale, t: CompanyMessages): SafeHtml {
  const code = selected.trim().toUpperCase();
  const [first, ...others] = SUPPORTED_COUNTRIES.map((c) => ({ code: c, name: countryName(c, locale) }));
  others.sort((a, b) => a.name.localeCompare(b.name, locale));
  const options: Array<{ code: string; name: string }> = [first!, ...others];
  if (code && !isSupportedCountry(code)) options.unshift({ code, name: countryName(code, locale) });
  return html`${!code && html`<option value="" selected>${t.countryChoose}</option>`}${options.map(
    (o) => html`<option value="${o.code}"${o.code === code ? html` selected` : null}>${o.name}</option>`,
  )}`;
}

/** The portal's usual links (seed 002: the client home "offers several links"), under the portal's base URL. */
export function defaultWelcomeLinks(locale: Locale, portalBaseUrl: string): WelcomeLink[] {
  const t = companyMessages[locale].welcomeLinks;
  const base = portalBaseUrl.replace(/\/+$/, '');
  return [
    { href: `${base}/equipment`, label: t.equipment },
    { href: `${base}/requests`, label: t.requests },
    { href: `${base}/documents`, label: t.documents },
    { href: `${base}/profile`, label: t.profile },
  ];
}

export function renderWelcomePage(view: WelcomeView): SafeHtml {
  const t = companyMessages[view.locale];
  const body = html`
<p class="lead">${t.welcomeHello(view.client.firstName)}</p>
${view.company && html`<p>${t.welcomeCompany(html`<strong>${view.company.name}</strong>`)}</p>`}
<nav aria-labelledby="welcome-links-title">
<h2 id="welcome-links-title">${t.welcomeLead}</h2>
<ul class="links">${view.links.map((link) => html`<li><a href="${safeUrl(link.href)}">${link.label}</a></li>`)}</ul>
</nav>
${signOutForm(t, view.csrfToken)}`;
  return renderFormPage({
    locale: view.locale,
    title: t.welcomeTitle(view.provider.platformName),
    body,
    languageSwitch: view.languageSwitch,
    brand: view.provider.platformName,
    signedIn: view.signedIn,
    ...(view.provider.supportEmail ? { footer: html`<p>${mailtoLink(view.provider.supportEmail)}</p>` } : {}),
  });
}

export function renderCompanyPickerPage(view: CompanyPickerView): SafeHtml {
  const t = companyMessages[view.locale];
  const body = html`
<form method="post" action="${safeUrl(view.action)}">
<input type="hidden" name="csrf" value="${view.csrfToken}">
<input type="hidden" name="lang" value="${view.locale}">
<fieldset><legend>${t.pickerLegend}</legend>
${view.choices.map(
  (choice, i) => html`<div class="choice">
<input type="radio" id="choice-${i}" name="choice" value="${choice.value}" required>
<label for="choice-${i}"><strong>${choice.companyName}</strong> <span class="muted">${t.pickerWith(choice.providerName)}</span></label>
</div>`,
)}
</fieldset>
<div class="actions"><button type="submit" class="button">${t.pickerSubmit}</button></div>
</form>`;
  return renderFormPage({
    locale: view.locale,
    title: t.pickerTitle,
    body,
    languageSwitch: view.languageSwitch,
    signedIn: view.signedIn,
  });
}
