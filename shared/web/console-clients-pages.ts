/**
 * The console's client pages (seed 000): the search — one field, the results in blocks by status ("Clients (n)",
 * "Prospects (n)") with the seed's columns —, the new prospect and edit forms, and the client sheet with its tabs
 * (identity, access, invitations, the mobile app). Tabs are links (`?tab=`), so the sheet works without script and
 * each tab has its address. The mobile app tab shows every field of the seed and "Send by SMS" (a POST form with the
 * session's CSRF token); of the activation code it shows when it was sent, to which masked number, until when it is
 * valid and how its SMS fared — never the code, which the sheet never has. Devices each have "Revoke", through a
 * confirmation page. Another provider's client and an unknown one share one 404 page.
 */

import { appUsable } from '../domain/activation-sms.js';
import type { OwnedCompany, ProviderAccess } from '../domain/client.js';
import type { ClientFile, ClientSummary, Device } from '../domain/client-file.js';
import { effectiveStatus, type Invitation } from '../domain/invitation.js';
import type { Locale } from '../domain/locale.js';
import { credentialPredatesChange } from '../domain/password-change.js';
import { ERASURE_REQUEST_DAYS } from '../domain/use-cases/ask-for-erasure.js';
import { temporaryPasswordOffer } from '../domain/use-cases/temporary-password.js';
import {
  CLIENT_FORM_FIELDS,
  type ClientFieldName,
  type ClientFormProblems,
  type ClientFormValues,
} from '../http/console-client-form.js';
import { html, type SafeHtml } from '../http/html.js';
import { mergeAction, mergedIntoFact } from './console-merge-action.js';
import { type ConsoleFrame, consoleHref, renderConsolePage } from './console-pages.js';
import { releaseEmailAction, renderEmailReleases } from './console-release-email-pages.js';
import { signInEmailAction } from './console-sign-in-email-pages.js';
import { renderTemporaryPasswordSection } from './console-temporary-password-section.js';
import { renderTwoStepSection } from './console-two-step-section.js';
import { countryName, formatDate, formatDateTime } from './i18n.js';
import { consoleAccessMessages } from './messages/console-access.js';
import { type ConsoleClientsMessages, consoleClientsMessages } from './messages/console-clients.js';
import { consoleReleaseEmailMessages } from './messages/console-release-email.js';
import { consoleSignInEmailMessages } from './messages/console-sign-in-email.js';
import { consoleTwoStepMessages } from './messages/console-two-step.js';

export const CLIENTS_PATH = '/api/console/clients';
export const NEW_CLIENT_PATH = `${CLIENTS_PATH}/new`;
export const clientSheetPath = (clientId: string) => `${CLIENTS_PATH}/${clientId}`;
export const clientEditPath = (clientId: string) => `${clientSheetPath(clientId)}/edit`;
/** The JSON download of everything the provider holds on the person (docs/privacy.md "Right of access"). */
export const clientExportPath = (clientId: string) => `${clientSheetPath(clientId)}/export`;
/** Erasing a prospect's file (docs/privacy.md "Erasure"): its confirmation, then the search saying so. */
export const clientErasePath = (clientId: string) => `${clientSheetPath(clientId)}/erase`;
export const clientSendSmsPath = (clientId: string) => `${clientSheetPath(clientId)}/send-sms`;
export const deviceRevokePath = (clientId: string, deviceId: string) =>
  `${clientSheetPath(clientId)}/devices/${deviceId}/revoke`;

/** The sheet's tabs, in order; the first is shown when none is asked for. */
export const CLIENT_TABS = ['identity', 'access', 'invitations', 'app'] as const;
export type ClientTab = (typeof CLIENT_TABS)[number];

/** The tab a `?tab=` asks for; anything else is the first. */
export const clientTabOf = (value: string | null | undefined): ClientTab =>
  (CLIENT_TABS as readonly string[]).includes(value ?? '') ? (value as ClientTab) : 'identity';

/** Result tables whose rows become cards under 40rem (no sideways scrolling), the sheet's tabs, the codes. */
export const CLIENTS_CSS = `
.search{display:flex;flex-wrap:wrap;gap:.5rem 1rem;align-items:flex-end}
.search .field{flex:1 1 16rem;margin:0}
.search .field-error{flex-basis:100%}
.search-actions{display:flex;flex-wrap:wrap;gap:.75rem;align-items:center;margin:1rem 0 1.5rem}
.results{width:100%;border-collapse:collapse;margin:0 0 1.5rem}
.results caption{text-align:left;font-weight:700;font-size:1.125rem;margin:0 0 .5rem}
.results th,.results td{text-align:left;padding:.5rem;border-bottom:1px solid #e5e7eb;vertical-align:top;overflow-wrap:anywhere}
.results thead th{border-bottom:2px solid #6b7280}
@media (max-width:40rem){
.results thead{position:absolute;width:1px;height:1px;overflow:hidden;clip:rect(0 0 0 0);white-space:nowrap}
.results,.results tbody,.results tr,.results td{display:block;width:100%}
.results tr{border:1px solid #d1d5db;border-radius:.5rem;margin:0 0 .75rem;padding:.25rem .5rem}
.results td{border:0;padding:.25rem 0}
.results caption{display:block;width:100%}
.results td::before{content:attr(data-label);display:block;font-weight:600;color:#374151;font-size:.875rem}
.results td:empty{display:none}
}
.badge{display:inline-block;padding:.125rem .5rem;border-radius:999px;background:#f3f4f6;color:#111827;font-size:.9375rem}
.badge[data-state="client"],.badge[data-state="delivered"]{background:#dcfce7;color:#14532d}
.badge[data-state="failed"],.badge[data-state="blocked"]{background:#fee2e2;color:#7f1d1d}
.tabs ul{list-style:none;display:flex;flex-wrap:wrap;gap:.25rem;margin:0 0 1.25rem;padding:0;border-bottom:2px solid #e5e7eb}
.tabs a{display:inline-block;padding:.5rem .75rem;font-weight:600;text-decoration:none;border-radius:.375rem .375rem 0 0}
.tabs a[aria-current]{background:#eff6ff;color:#1e3a8a;box-shadow:inset 0 -3px 0 #1d4ed8}
.sheet-actions{display:flex;flex-wrap:wrap;gap:.75rem;margin:0 0 1rem}
.facts{display:grid;grid-template-columns:minmax(0,14rem) minmax(0,1fr);gap:.25rem 1rem;margin:0 0 1.5rem}
.facts dt{font-weight:600}
.facts dd{margin:0;overflow-wrap:anywhere}
.facts dd p{margin:0}
@media (max-width:30rem){.facts{grid-template-columns:minmax(0,1fr)}.facts dd{margin:0 0 .5rem}}
.code{font-family:ui-monospace,SFMono-Regular,Menlo,Consolas,monospace;font-size:1.25rem;font-weight:700;letter-spacing:.15em}
.action{border-top:1px solid #e5e7eb;padding:1rem 0 0;margin:0 0 1rem}
.action h3{margin:0 0 .5rem}
.action form{margin:0}
.choices{display:flex;flex-wrap:wrap;gap:.5rem 1rem}
.choices .choice{flex:0 1 auto;margin:0}
.visually-hidden{position:absolute;width:1px;height:1px;overflow:hidden;clip:rect(0 0 0 0);white-space:nowrap}
`;

const sep = (locale: Locale) => (locale === 'fr' ? '\u00a0: ' : ': ');

/** "RIPOLION Pierre", as seed 000 lists people: the last name in capitals, then the first name. */
export const clientName = (person: { firstName: string; lastName: string }, locale: Locale) =>
  `${person.lastName.toLocaleUpperCase(locale)} ${person.firstName}`;

/** An E.164 number as people read it: French numbers in pairs (`+33 6 29 30 34 34`), others as stored. */
export function displayPhone(e164: string): string {
  const french = /^\+33(\d)(\d{2})(\d{2})(\d{2})(\d{2})$/.exec(e164);
  return french ? `+33\u00a0${french.slice(1).join('\u00a0')}` : e164;
}

/** A calendar day (`YYYY-MM-DD`) in the page's words; noon UTC is that day in Paris. */
const formatDay = (day: string, locale: Locale) => formatDate(new Date(`${day}T12:00:00Z`), locale);

const stateWord = (t: ConsoleClientsMessages, state: string) => t.states[state] ?? state;

// ——— Search ———

export type ClientSearchOutcome =
  | { kind: 'too-short' }
  | { kind: 'results'; items: ClientSummary[] /** More matched than shown. */; truncated: boolean; limit: number };

export interface ClientSearchView {
  providerName: string;
  /** After an erasure: how many invitations it anonymized. */
  erased?: number | undefined;
  /** The search as typed. */
  q: string;
  /** Undefined before anything was searched. */
  outcome?: ClientSearchOutcome | undefined;
}

function resultBlock(frame: ConsoleFrame, status: ClientSummary['status'], items: ClientSummary[]): SafeHtml {
  const t = consoleClientsMessages[frame.locale];
  const c = t.columns;
  const row = (s: ClientSummary) => html`<tr data-client="${s.id}">
<td data-label="${c.civility}">${s.civility ? t.civility[s.civility] : ''}</td>
<td data-label="${c.name}"><a href="${consoleHref(clientSheetPath(s.id), frame.locale)}">${clientName(s, frame.locale)}</a></td>
<td data-label="${c.state}">${stateWord(t, s.state)}</td>
<td data-label="${c.status}"><span class="badge" data-state="${s.status}">${t.status[s.status]}</span></td>
<td data-label="${c.email}">${s.email ?? ''}</td>
<td data-label="${c.phone}">${s.phone ? displayPhone(s.phone) : ''}</td>
<td data-label="${c.address}">${s.address?.line1 ?? ''}</td>
<td data-label="${c.postalCode}">${s.address?.postalCode ?? ''}</td>
<td data-label="${c.city}">${s.address?.city ?? ''}</td>
</tr>`;
  return html`<table class="results" data-block="${status}">
<caption>${t.blockHeading(t.blocks[status], items.length)}</caption>
<thead><tr>${(Object.keys(c) as Array<keyof typeof c>).map((k) => html`<th scope="col">${c[k]}</th>`)}</tr></thead>
<tbody>${items.map(row)}</tbody>
</table>`;
}

export function renderClientSearch(frame: ConsoleFrame, view: ClientSearchView): SafeHtml {
  const t = consoleClientsMessages[frame.locale];
  const outcome = view.outcome;
  const tooShort = outcome?.kind === 'too-short';
  const form = html`<form method="get" action="${CLIENTS_PATH}" role="search" aria-label="${t.searchTitle}">
<input type="hidden" name="lang" value="${frame.locale}">
<div class="search"><div class="field"><label for="client-search">${t.searchLabel}</label>
<p id="client-search-hint" class="hint">${t.searchHint}</p>
<input type="search" id="client-search" name="q" value="${view.q}" autocomplete="off" spellcheck="false" aria-describedby="client-search-hint client-search-error"${
    tooShort ? html` aria-invalid="true"` : null
  }>
<p id="client-search-error" class="field-error">${tooShort ? t.searchTooShort : null}</p></div>
<button type="submit" class="button">${t.searchButton}</button></div>
</form>
<p class="search-actions"><a class="button secondary" href="${consoleHref(NEW_CLIENT_PATH, frame.locale)}">${t.newProspect}</a></p>`;

  let results: SafeHtml | null = null;
  if (outcome?.kind === 'results') {
    if (outcome.items.length === 0) {
      results = html`<p role="status" data-no-result>${t.noResult(view.q)}</p>`;
    } else {
      const blocks = (['client', 'prospect'] as const)
        .map((status) => [status, outcome.items.filter((s) => s.status === status)] as const)
        .filter(([, items]) => items.length > 0)
        .map(([status, items]) => resultBlock(frame, status, items));
      results = html`<h2>${t.resultsHeading}</h2>
${outcome.truncated && html`<p class="notice" role="status">${t.truncated(outcome.limit)}</p>`}
${blocks}`;
    }
  }
  return renderConsolePage(frame, {
    title: t.searchTitle,
    css: CLIENTS_CSS,
    body: html`${view.erased === undefined ? null : html`<p class="notice" role="status" data-done="erased">${t.erased(view.erased)}</p>`}
<p class="lead">${t.searchLead(view.providerName)}</p>
${form}
${results}`,
  });
}

// ——— The new prospect and edit forms ———

export type ClientFormRefusal = { kind: 'client-exists'; clientId: string } | { kind: 'try-again' };

export interface ClientFormView {
  /** A new prospect, or the sheet being edited. */
  editing?: ClientFile | undefined;
  values: ClientFormValues;
  problems?: ClientFormProblems | undefined;
  refusal?: ClientFormRefusal | undefined;
  /** The form's one-time token (a double submit is one request). */
  formToken: string;
  providerName: string;
}

const fieldId = (name: ClientFieldName) => `client-${name}`;

export function renderClientForm(frame: ConsoleFrame, view: ClientFormView): SafeHtml {
  const t = consoleClientsMessages[frame.locale];
  const problems = view.problems ?? {};
  const { values } = view;
  const message = (name: ClientFieldName) => {
    const problem = problems[name];
    return problem ? t.problems[problem] : undefined;
  };
  const required = new Set<ClientFieldName>(['firstName', 'lastName']);
  const hints: Partial<Record<ClientFieldName, string>> = t.hints;
  const described = (name: ClientFieldName) =>
    [hints[name] ? `${fieldId(name)}-hint` : '', `${fieldId(name)}-error`].filter(Boolean).join(' ');
  const label = (name: ClientFieldName) =>
    html`<label for="${fieldId(name)}">${t.labels[name as keyof typeof t.labels]}${
      required.has(name) ? null : html` <span class="optional">${t.optional}</span>`
    }</label>${hints[name] ? html`<p id="${fieldId(name)}-hint" class="hint">${hints[name]}</p>` : null}`;
  const invalid = (name: ClientFieldName) => (problems[name] ? html` aria-invalid="true"` : null);
  const error = (name: ClientFieldName) =>
    html`<p id="${fieldId(name)}-error" class="field-error">${message(name)}</p>`;
  const input = (name: ClientFieldName, type: string, extra: SafeHtml | null = null) =>
    html`<div class="field">${label(name)}
<input type="${type}" id="${fieldId(name)}" name="${name}" value="${values[name]}"${extra}${
      required.has(name) ? html` required` : null
    } aria-describedby="${described(name)}"${invalid(name)}>
${error(name)}</div>`;
  const civility = html`<div class="field">${label('civility')}
<select id="${fieldId('civility')}" name="civility" aria-describedby="${described('civility')}"${invalid('civility')}>
${(
  [
    ['', t.noCivility],
    ['mr', t.civility.mr],
    ['mrs', t.civility.mrs],
  ] as const
).map(
  ([value, word]) =>
    html`<option value="${value}"${values.civility === value ? html` selected` : null}>${word}</option>`,
)}
</select>
${error('civility')}</div>`;
  const offered = html`<fieldset class="field" aria-describedby="${fieldId('mobileAppOffered')}-error">
<legend>${t.labels.mobileAppOffered}</legend>
<div class="choices">${(
    [
      ['yes', t.yes],
      ['no', t.no],
    ] as const
  ).map(
    ([value, word]) =>
      html`<div class="choice"><input type="radio" id="${fieldId('mobileAppOffered')}-${value}" name="mobileAppOffered" value="${value}"${
        values.mobileAppOffered === value ? html` checked` : null
      }><label for="${fieldId('mobileAppOffered')}-${value}">${word}</label></div>`,
  )}</div>
${error('mobileAppOffered')}</fieldset>`;

  const summary = CLIENT_FORM_FIELDS.filter((name) => problems[name]).map(
    (name) =>
      html`<li><a href="#${name === 'mobileAppOffered' ? `${fieldId(name)}-yes` : fieldId(name)}">${
        t.labels[name as keyof typeof t.labels]
      }${sep(frame.locale)}${message(name)}</a></li>`,
  );
  const refusal =
    view.refusal &&
    html`<div class="error-summary" role="alert" data-refusal="${view.refusal.kind}"><p>${
      view.refusal.kind === 'client-exists'
        ? html`${t.clientExists} <a href="${consoleHref(clientSheetPath(view.refusal.clientId), frame.locale)}">${t.openExisting}</a>`
        : t.tryAgain
    }</p></div>`;
  const editing = view.editing;
  const action = editing ? clientEditPath(editing.id) : NEW_CLIENT_PATH;
  const back = editing
    ? consoleHref(clientSheetPath(editing.id), frame.locale)
    : consoleHref(CLIENTS_PATH, frame.locale);
  return renderConsolePage(frame, {
    title: editing ? t.editTitle(clientName(editing, frame.locale)) : t.newTitle,
    css: CLIENTS_CSS,
    body: html`${editing ? null : html`<p class="lead">${t.newLead(view.providerName)}</p>`}
${
  summary.length > 0 &&
  html`<div class="error-summary" role="alert" aria-labelledby="error-summary-title"><h2 id="error-summary-title">${t.errorSummaryTitle}</h2><ul>${summary}</ul></div>`
}
${refusal}
<form method="post" action="${consoleHref(action, frame.locale)}" novalidate>
<input type="hidden" name="csrf" value="${frame.csrf}">
<input type="hidden" name="formToken" value="${view.formToken}">
<fieldset><legend>${t.legends.person}</legend>
${civility}
${input('firstName', 'text', html` autocomplete="off"`)}
${input('lastName', 'text', html` autocomplete="off"`)}
</fieldset>
<fieldset><legend>${t.legends.contact}</legend>
${input('email', 'email', html` autocomplete="off" spellcheck="false"`)}
${input('phone', 'tel', html` autocomplete="off"`)}
${input('addressLine1', 'text', html` autocomplete="off"`)}
${input('postalCode', 'text', html` autocomplete="off"`)}
${input('city', 'text', html` autocomplete="off"`)}
<input type="hidden" name="country" value="${values.country}">
${input('department', 'text')}
</fieldset>
<fieldset><legend>${t.legends.followUp}</legend>
${input('advisor', 'text')}
${input('referrer', 'text')}
</fieldset>
<fieldset><legend>${t.legends.app}</legend>
${offered}
${input('usableUntil', 'date')}
</fieldset>
<p class="actions"><button type="submit" class="button">${editing ? t.save : t.create}</button> <a href="${back}">${t.cancel}</a></p>
</form>`,
  });
}

// ——— The client sheet ———

/** What the sheet says after an action, or why the action did nothing. */
/** What an action before the sheet did (`?done=`), each with its notice. */
export const SHEET_DONE = [
  'created',
  'saved',
  'sms-sent',
  'device-revoked',
  'blocked',
  'unblocked',
  'two-step-off',
  'email-released',
  'email-proposed',
] as const;

export type ClientSheetNotice =
  | { kind: 'done'; what: (typeof SHEET_DONE)[number] }
  | {
      kind: 'refused';
      reason:
        | 'no-phone'
        | 'phone-not-allowed'
        | 'not-offered'
        | 'try-again'
        | 'device-gone'
        | 'blocked'
        | 'merged'
        | 'provider-inactive';
    }
  | { kind: 'refused'; reason: 'rate-limited'; retryAt: Date };

export interface ClientSheetView {
  file: ClientFile;
  devices: Device[];
  /** When the account's password last changed through the product: devices activated before it are signed out. */
  passwordChangedAt?: Date | undefined;
  /** This provider's access, once the person signed in; undefined for a prospect. */
  access?: ProviderAccess | undefined;
  /** How many providers the person is a client of (API.md: "providers count"; 0 for a prospect). */
  providers: number;
  /** The companies the person created for this provider. */
  companies: OwnedCompany[];
  /** The provider's invitations to the file's addresses, newest first. */
  invitations: Invitation[];
  tab: ClientTab;
  now: Date;
  /** The action forms' one-time token. */
  formToken: string;
  notice?: ClientSheetNotice | undefined;
  /** The actions the console offers on the sheet: sending a new activation code by SMS, revoking a device. */
  offers: { sendSms: boolean; revokeDevice: boolean; access?: boolean };
  /** Whether two-step verification is on for the account (docs/two-step-help.md); undefined: not read. */
  twoStepOn?: boolean | undefined;
  /** A merged file: the file kept, named on the Access tab. */
  mergedInto?: { id: string; firstName: string; lastName: string } | undefined;
}

function fact(label: string, value: SafeHtml | string | undefined | null, key?: string): SafeHtml | null {
  if (value === undefined || value === null || value === '') return null;
  return html`<dt>${label}</dt><dd${key ? html` data-field="${key}"` : null}>${value}</dd>`;
}

function renderSheetNotice(view: ClientSheetView, locale: Locale): SafeHtml | null {
  const notice = view.notice;
  if (!notice) return null;
  const t = consoleClientsMessages[locale];
  if (notice.kind === 'done') {
    const activation = view.file.activation;
    const text =
      notice.what === 'sms-sent'
        ? activation
          ? t.done['sms-sent'](activation.sms.sentTo, formatDateTime(activation.expiresAt, locale))
          : t.app.activationNone
        : notice.what === 'blocked' || notice.what === 'unblocked'
          ? consoleAccessMessages[locale].done[notice.what]
          : notice.what === 'two-step-off'
            ? consoleTwoStepMessages[locale].done
            : notice.what === 'email-released'
              ? consoleReleaseEmailMessages[locale].done
              : notice.what === 'email-proposed'
                ? consoleSignInEmailMessages[locale].done
                : t.done[notice.what];
    return html`<p class="notice" role="status" data-done="${notice.what}">${text}</p>`;
  }
  const text =
    notice.reason === 'rate-limited'
      ? t.refused['rate-limited'](formatDateTime(notice.retryAt, locale))
      : t.refused[notice.reason];
  return html`<div class="error-summary" role="alert" data-refusal="${notice.reason}"><p>${text}</p></div>`;
}

function identityTab(frame: ConsoleFrame, view: ClientSheetView): SafeHtml {
  const t = consoleClientsMessages[frame.locale];
  const f = t.identity;
  const { file } = view;
  const address = file.address;
  return html`<h2 id="tab-heading">${t.tabs.identity}</h2>
<dl class="facts">
${fact(f.civility, file.civility ? t.civility[file.civility] : t.noCivility, 'civility')}
${fact(f.lastName, file.lastName, 'lastName')}
${fact(f.firstName, file.firstName, 'firstName')}
${fact(f.status, html`<span class="badge" data-state="${file.status}">${t.status[file.status]}</span>`, 'status')}
${fact(f.signInEmail, file.emails.signIn, 'signInEmail')}
${fact(f.primaryEmail, file.emails.primary, 'primaryEmail')}
${fact(
  f.secondaryEmails,
  file.emails.secondary.length > 0 ? html`${file.emails.secondary.map((e) => html`<p>${e}</p>`)}` : undefined,
  'secondaryEmails',
)}
${fact(f.phone, file.phone ? displayPhone(file.phone) : t.notGiven, 'phone')}
${fact(f.department, file.department, 'department')}
${fact(f.referrer, file.referrer, 'referrer')}
${fact(
  f.address,
  address &&
    html`<p>${address.line1}</p>${address.line2 ? html`<p>${address.line2}</p>` : null}<p>${address.postalCode} ${address.city}</p>${
      address.country !== 'FR' ? html`<p>${countryName(address.country, frame.locale)}</p>` : null
    }`,
  'address',
)}
${fact(
  f.created,
  `${formatDateTime(file.createdAt, frame.locale)}${file.createdBy === 'invitation' ? ` ${f.createdByInvitation}` : ''}`,
  'created',
)}
</dl>
${renderEmailReleases(file, frame.locale)}`;
}

/** Block or unblock (docs/access.md): a link to its form, by what the access is now; nothing for a merged client. */
function accessAction(frame: ConsoleFrame, view: ClientSheetView): SafeHtml | null {
  const status = view.access?.status ?? 'active';
  if (!view.offers.access || status === 'merged') return null;
  const action = status === 'blocked' ? 'unblock' : 'block';
  const label = consoleAccessMessages[frame.locale][action];
  return html`<p class="actions"><a class="button secondary" data-action="${action}" href="${consoleHref(`${clientSheetPath(view.file.id)}/${action}`, frame.locale)}">${label}</a></p>`;
}

function accessTab(frame: ConsoleFrame, view: ClientSheetView): SafeHtml {
  const t = consoleClientsMessages[frame.locale];
  const a = t.access;
  const access = view.access;
  return html`<h2 id="tab-heading">${a.heading}</h2>
${
  !access
    ? html`<p data-field="access">${a.none}</p>`
    : html`<dl class="facts">
${fact(a.status, html`<span class="badge" data-state="${access.status}">${stateWord(t, access.status)}</span>`, 'access')}
${fact(a.since, formatDateTime(access.since, frame.locale), 'since')}
${access.status !== 'merged' ? fact(a.reason, access.reason, 'reason') : null}
${access.status !== 'merged' ? fact(a.by, access.by, 'by') : null}
${access.status === 'merged' ? mergedIntoFact(access, frame.locale, view.mergedInto && clientName(view.mergedInto, frame.locale)) : null}
</dl>`
}
${accessAction(frame, view)}
${view.providers > 0 && html`<p data-field="providers">${a.providers(view.providers)}</p>`}
<h3>${a.companies}</h3>
${
  view.companies.length === 0
    ? html`<p>${a.noCompanies}</p>`
    : html`<ul data-field="companies">${view.companies.map(
        ({ company }) =>
          html`<li>${company.name}${
            company.registrationNumber
              ? html` <span class="muted">(${a.registration(company.registrationNumber)})</span>`
              : null
          }</li>`,
      )}</ul>`
}
${renderTemporaryPasswordSection(frame, { file: view.file, offer: temporaryPasswordOffer(view) })}
${renderTwoStepSection(frame, { file: view.file, on: view.twoStepOn })}`;
}

function invitationsTab(frame: ConsoleFrame, view: ClientSheetView): SafeHtml {
  const t = consoleClientsMessages[frame.locale];
  const i = t.invitations;
  // The invitation pages need their own role: without it, the history is listed without links.
  const linked = frame.roles.includes('Invitations.Send');
  return html`<h2 id="tab-heading">${i.heading}</h2>
${
  view.invitations.length === 0
    ? html`<p>${i.none}</p>`
    : html`<table class="results" aria-labelledby="tab-heading">
<thead><tr><th scope="col">${i.created}</th><th scope="col">${i.email}</th><th scope="col">${i.status}</th></tr></thead>
<tbody>${view.invitations.map(
        (inv) => html`<tr data-invitation="${inv.id}">
<td data-label="${i.created}">${
          linked
            ? html`<a href="${consoleHref(`/api/console/invitations/${inv.id}`, frame.locale)}">${formatDateTime(inv.createdAt, frame.locale)}</a>`
            : formatDateTime(inv.createdAt, frame.locale)
        }</td>
<td data-label="${i.email}">${inv.email}</td>
<td data-label="${i.status}">${i.statuses[effectiveStatus(inv, view.now)]}</td>
</tr>`,
      )}</tbody>
</table>`
}`;
}

function activationFacts(view: ClientSheetView, locale: Locale): SafeHtml {
  const t = consoleClientsMessages[locale].app;
  const activation = view.file.activation;
  if (!activation) return html`<p>${t.activationNone}</p>`;
  const when = (d: Date) => formatDateTime(d, locale);
  const validity = activation.usedAt
    ? t.activationUsed(when(activation.usedAt))
    : activation.wrongTries >= 5
      ? t.activationSpent
      : activation.expiresAt.getTime() <= view.now.getTime()
        ? t.activationExpired(when(activation.expiresAt))
        : t.activationValid(when(activation.expiresAt));
  return html`<p>${t.activationSent(when(activation.issuedAt), activation.sms.sentTo)}</p>
<p>${validity}</p>
<p>${t.delivery}${sep(locale)}<span class="badge" data-state="${activation.sms.status}" data-delivery="${activation.sms.status}">${
    t.deliveryStatus[activation.sms.status]
  }</span></p>`;
}

const deviceName = (device: Device, t: ConsoleClientsMessages) => device.label || t.app.unnamedDevice;

function appTab(frame: ConsoleFrame, view: ClientSheetView): SafeHtml {
  const t = consoleClientsMessages[frame.locale];
  const a = t.app;
  const { file } = view;
  const when = (d: Date) => formatDateTime(d, frame.locale);
  const facts = html`<dl class="facts">
${fact(a.offered, file.mobileApp.offered ? t.yes : t.no, 'offered')}
${fact(a.advisor, file.advisor ?? t.notGiven, 'advisor')}
${fact(a.usableUntil, file.mobileApp.usableUntil ? formatDay(file.mobileApp.usableUntil, frame.locale) : a.noEnd, 'usableUntil')}
${fact(a.firstConnection, file.appFirstConnectionAt ? when(file.appFirstConnectionAt) : a.never, 'firstConnection')}
${fact(
  a.identificationCode,
  file.identificationCode
    ? html`<span class="code" data-identification-code>${file.identificationCode}</span><p class="muted">${a.identificationHint}</p>`
    : html`<span data-identification-code-missing>${a.noIdentificationCode}</span>`,
  'identificationCode',
)}
${fact(a.activationCode, html`${activationFacts(view, frame.locale)}<p class="muted">${a.activationHidden}</p>`, 'activationCode')}
${fact(a.phone, file.phone ? displayPhone(file.phone) : t.notGiven, 'phone')}
${fact(a.department, file.department ?? t.notGiven, 'department')}
${fact(a.referrer, file.referrer ?? t.notGiven, 'referrer')}
</dl>
${file.activationFailures.lockedAt && html`<p class="notice" data-field="locked">${a.locked}</p>`}`;

  // The app not offered (or past its date): nothing to send; the section says why and how instead of a button that
  // would only be refused.
  const send =
    view.offers.sendSms &&
    (!appUsable(file, view.now)
      ? html`<section class="action" aria-labelledby="send-heading"><h3 id="send-heading">${a.sendHeading}</h3>
<p class="muted" data-send-not-offered>${a.notOfferedToSend}</p>
</section>`
      : html`<section class="action" aria-labelledby="send-heading"><h3 id="send-heading">${a.sendHeading}</h3>
<p id="send-explains">${a.sendExplains}</p>
${!file.phone && html`<p id="send-no-phone" class="muted">${a.noPhoneToSend}</p>`}
<form method="post" action="${consoleHref(clientSendSmsPath(file.id), frame.locale)}">
<input type="hidden" name="csrf" value="${frame.csrf}">
<input type="hidden" name="formToken" value="${view.formToken}">
<button type="submit" class="button" aria-describedby="send-explains${file.phone ? '' : ' send-no-phone'}">${a.send}</button>
</form>
</section>`);

  const d = a;
  const devices =
    view.devices.length === 0
      ? html`<p>${a.noDevices}</p>`
      : html`<table class="results" aria-labelledby="devices-heading">
<thead><tr><th scope="col">${d.device}</th><th scope="col">${d.activated}</th><th scope="col">${d.lastSeen}</th><th scope="col">${d.appVersion}</th>${
          view.offers.revokeDevice ? html`<th scope="col"><span class="visually-hidden">${d.revoke}</span></th>` : null
        }</tr></thead>
<tbody>${view.devices.map((device) => {
          const name = deviceName(device, t);
          // Activated before the password changed: its credential is refused, the app asks for the codes again.
          const signedOut =
            !device.revokedAt &&
            view.passwordChangedAt &&
            credentialPredatesChange(device.activatedAt, view.passwordChangedAt)
              ? view.passwordChangedAt
              : undefined;
          return html`<tr data-device="${device.id}">
<td data-label="${d.device}">${name}${
            device.revokedAt ? html`<p class="muted" data-revoked>${d.revokedOn(when(device.revokedAt))}</p>` : null
          }${signedOut ? html`<p class="muted" data-signed-out>${d.signedOutOn(when(signedOut))}</p>` : null}</td>
<td data-label="${d.activated}">${when(device.activatedAt)}</td>
<td data-label="${d.lastSeen}">${when(device.lastSeenAt)}</td>
<td data-label="${d.appVersion}">${device.appVersion ?? ''}</td>
${
  view.offers.revokeDevice &&
  html`<td>${
    device.revokedAt || signedOut
      ? null
      : html`<a class="button secondary" href="${consoleHref(deviceRevokePath(file.id, device.id), frame.locale)}" aria-label="${d.revokeLabel(name)}">${d.revoke}</a>`
  }</td>`
}
</tr>`;
        })}</tbody>
</table>`;

  return html`<h2 id="tab-heading">${a.heading}</h2>
${facts}
${send}
<h3 id="devices-heading">${a.devicesHeading}</h3>
${devices}`;
}

const TAB_BODIES: Record<ClientTab, (frame: ConsoleFrame, view: ClientSheetView) => SafeHtml> = {
  identity: identityTab,
  access: accessTab,
  invitations: invitationsTab,
  app: appTab,
};

export function renderClientSheet(frame: ConsoleFrame, view: ClientSheetView): SafeHtml {
  const t = consoleClientsMessages[frame.locale];
  const { file } = view;
  const sheet = clientSheetPath(file.id);
  const tabs = html`<nav class="tabs" aria-label="${t.sheetTabs}"><ul>${CLIENT_TABS.map(
    (tab) =>
      html`<li><a href="${consoleHref(sheet, frame.locale, { tab })}" data-tab="${tab}"${
        tab === view.tab ? html` aria-current="page"` : null
      }>${t.tabs[tab]}</a></li>`,
  )}</ul></nav>`;
  return renderConsolePage(frame, {
    title: clientName(file, frame.locale),
    css: CLIENTS_CSS,
    body: html`${renderSheetNotice(view, frame.locale)}
${file.erasureRequestedAt ? renderErasureRequest(file, file.erasureRequestedAt, frame.locale) : null}
<p class="sheet-actions"><span class="badge" data-state="${file.status}" data-status="${file.status}">${t.status[file.status]}</span>
${view.access?.status === 'merged' ? null : html`<a href="${consoleHref(clientEditPath(file.id), frame.locale)}">${t.edit}</a>`}
${view.access?.status === 'merged' ? null : mergeAction(file, frame.locale)}
<a href="${consoleHref(clientExportPath(file.id), frame.locale)}" download data-download="export">${t.exportData}</a>
${signInEmailAction(file, frame.locale)}
${releaseEmailAction(file, frame.locale)}
<a href="${consoleHref(clientErasePath(file.id), frame.locale)}" data-erase>${t.erase}</a>
<a href="${consoleHref(CLIENTS_PATH, frame.locale)}">${t.backToSearch}</a></p>
${tabs}
<section aria-labelledby="tab-heading" data-panel="${view.tab}">
${TAB_BODIES[view.tab](frame, view)}
</section>`,
  });
}

/** The person asked for erasure from their profile: when, until when the provider may act, and the way to do it. */
function renderErasureRequest(file: ClientFile, at: Date, locale: Locale): SafeHtml {
  const t = consoleClientsMessages[locale];
  const by = new Date(at.getTime() + ERASURE_REQUEST_DAYS * 24 * 3600 * 1000);
  return html`<p class="notice" role="status" data-erasure-requested>${t.erasureRequested(
    formatDate(at, locale),
    formatDate(by, locale),
  )} <a href="${consoleHref(clientErasePath(file.id), locale)}">${t.erase}</a></p>`;
}

// ——— Revoking a device, and the 404 page ———

export function renderRevokeDevice(frame: ConsoleFrame, view: { file: ClientFile; device: Device }): SafeHtml {
  const t = consoleClientsMessages[frame.locale];
  const name = deviceName(view.device, t);
  return renderConsolePage(frame, {
    title: t.revokeTitle(name),
    css: CLIENTS_CSS,
    body: html`<p class="lead">${t.revokeLead(clientName(view.file, frame.locale))}</p>
<dl class="facts">
${fact(t.app.activated, formatDateTime(view.device.activatedAt, frame.locale))}
${fact(t.app.lastSeen, formatDateTime(view.device.lastSeenAt, frame.locale))}
</dl>
<form method="post" action="${consoleHref(deviceRevokePath(view.file.id, view.device.id), frame.locale)}" class="actions">
<input type="hidden" name="csrf" value="${frame.csrf}">
<button type="submit" class="button">${t.revokeConfirm}</button>
<a class="button secondary" href="${consoleHref(clientSheetPath(view.file.id), frame.locale, { tab: 'app' })}">${t.revokeCancel}</a>
</form>`,
  });
}

/** The erasure's confirmation; for a person who has signed in, why it cannot be done here (no form). */
export function renderEraseClient(frame: ConsoleFrame, view: { file: ClientFile }): SafeHtml {
  const t = consoleClientsMessages[frame.locale];
  const name = clientName(view.file, frame.locale);
  const sheet = consoleHref(clientSheetPath(view.file.id), frame.locale);
  return renderConsolePage(frame, {
    title: t.eraseTitle(name),
    css: CLIENTS_CSS,
    body: html`<p class="lead">${t.eraseLead(name)}</p>
${view.file.accountKey ? html`<p data-erase-client>${t.eraseClientLead(name)}</p>` : null}
<p><a href="${consoleHref(clientExportPath(view.file.id), frame.locale)}" download>${t.exportData}</a></p>
<form method="post" action="${consoleHref(clientErasePath(view.file.id), frame.locale)}" class="actions">
<input type="hidden" name="csrf" value="${frame.csrf}">
<button type="submit" class="button">${t.eraseConfirm}</button>
<a class="button secondary" href="${sheet}">${t.eraseCancel}</a>
</form>`,
  });
}

export function renderClientNotFound(frame: ConsoleFrame): SafeHtml {
  const t = consoleClientsMessages[frame.locale];
  return renderConsolePage(frame, {
    title: t.notFoundTitle,
    body: html`<p class="lead">${t.notFound}</p>
<p><a href="${consoleHref(CLIENTS_PATH, frame.locale)}">${t.backToSearch}</a></p>`,
  });
}
