/**
 * The console's Invite pages: the form (the invitee, the company under the Create Company page's field rules —
 * `COMPANY_FIELDS`, the same controls and words —, how the invitation reaches them), re-rendered with each field's
 * message next to it (`aria-describedby`) and the values kept; and the page after it, saying the email is queued or
 * showing the link once with a copy button (a small progressive script: without it the link is selectable text).
 */
import { COMPANY_FIELDS, type CompanyFieldSpec, fillProblemMessage } from '../domain/company-form.js';
import { LOCALES, type Locale } from '../domain/locale.js';
import type { InviteFieldName, InviteFormProblems, InviteFormValues } from '../http/console-invite-form.js';
import { companyFieldName } from '../http/console-invite-form.js';
import { html, type SafeHtml } from '../http/html.js';
import { countryOptions } from './company-pages.js';
import { type ConsoleFrame, consoleHref, consoleInvitationPath, renderConsolePage } from './console-pages.js';
import { formatDateTime } from './i18n.js';
import { companyMessages } from './messages/company.js';
import { consoleMessages } from './messages/console.js';
import { consoleBulkMessages } from './messages/console-bulk.js';

/** Where the browser finds the copy button's script (served by the Assets function). */
export const COPY_LINK_SCRIPT_SRC = '/api/assets/web/assets/copy-link.client.js';

/** Why the use case refused (the API's 409s and their kin), shown above the form. */
export type InviteRefusal =
  | { kind: 'already-invited'; invitationId: string }
  | { kind: 'already-client' }
  | { kind: 'provider-inactive' }
  | { kind: 'try-again' };

export interface InviteFormView {
  values: InviteFormValues;
  problems?: InviteFormProblems | undefined;
  refusal?: InviteRefusal | undefined;
  /** The form's one-time token: a double submit gets the first answer again. */
  formToken: string;
  providerName: string;
}

const inviteId = (name: InviteFieldName) => `invite-${name}`;
const companyId = (spec: CompanyFieldSpec) => `invite-company-${spec.name}`;

export function renderConsoleInvite(frame: ConsoleFrame, view: InviteFormView): SafeHtml {
  const t = consoleMessages[frame.locale].invite;
  const c = companyMessages[frame.locale];
  const problems = view.problems ?? { fields: {}, company: {} };
  const values = view.values;
  const fieldMessage = (name: InviteFieldName) => {
    const code = problems.fields[name];
    if (!code) return undefined;
    return name === 'message' && code === 'too-long' ? t.messageTooLong : t.problems[code];
  };
  const companyMessage = (spec: CompanyFieldSpec) => {
    const code = problems.company[spec.name];
    return code ? fillProblemMessage(c.problems[code], spec.name, values.company.country) : undefined;
  };
  const summary = [
    ...(['email', 'firstName', 'lastName', 'locale', 'phone', 'message', 'expiresInDays'] as const)
      .filter((name) => problems.fields[name])
      .map((name) => ({ href: `#${inviteId(name)}`, label: t.labels[name], message: fieldMessage(name)! })),
    ...COMPANY_FIELDS.filter((spec) => problems.company[spec.name]).map((spec) => ({
      href: `#${companyId(spec)}`,
      label: c.labels[spec.name],
      message: companyMessage(spec)!,
    })),
  ];

  const describedBy = (id: string, hint: boolean) => [hint && `${id}-hint`, `${id}-error`].filter(Boolean).join(' ');
  const label = (id: string, text: string, required: boolean) =>
    html`<label for="${id}">${text}${required ? null : html` <span class="optional">${t.optional}</span>`}</label>`;
  const errorLine = (id: string, message: string | undefined) =>
    html`<p id="${id}-error" class="field-error">${message}</p>`;

  const input = (
    name: InviteFieldName,
    options: { type: string; required?: boolean; autocomplete: string; maxLength?: number; extra?: SafeHtml },
  ) => {
    const id = inviteId(name);
    const hint = (t.hints as Partial<Record<InviteFieldName, string>>)[name];
    const message = fieldMessage(name);
    return html`<div class="field">
${label(id, t.labels[name], options.required ?? false)}
${hint && html`<p id="${id}-hint" class="hint">${hint}</p>`}
<input type="${options.type}" id="${id}" name="${name}" value="${values[name]}"${options.required ? html` required` : null} autocomplete="${options.autocomplete}"${
      options.maxLength ? html` maxlength="${options.maxLength}"` : null
    }${options.extra ?? null} aria-describedby="${describedBy(id, Boolean(hint))}"${message ? html` aria-invalid="true"` : null}>
${errorLine(id, message)}
</div>`;
  };

  const companyField = (spec: CompanyFieldSpec) => {
    const id = companyId(spec);
    const hint = (c.hints as Partial<Record<string, string>>)[spec.name];
    const message = companyMessage(spec);
    const common = html`id="${id}" name="${companyFieldName(spec.name)}" autocomplete="off" aria-describedby="${describedBy(id, Boolean(hint))}"${
      message ? html` aria-invalid="true"` : null
    }`;
    const value = values.company[spec.name];
    const control =
      spec.type === 'select'
        ? html`<select ${common}>${countryOptions(value, frame.locale, c)}</select>`
        : html`<input type="${spec.type}" ${common} value="${value}" maxlength="${spec.maxLength}"${
            spec.pattern ? html` pattern="${spec.pattern}"` : null
          }${spec.inputMode ? html` inputmode="${spec.inputMode}"` : null}>`;
    return html`<div class="field">
${label(id, c.labels[spec.name], spec.required)}
${hint && html`<p id="${id}-hint" class="hint">${hint}</p>`}
${control}
${errorLine(id, message)}
</div>`;
  };

  const messageId = inviteId('message');
  const messageProblem = fieldMessage('message');
  const localeId = inviteId('locale');
  const refusal = view.refusal && renderRefusal(view.refusal, frame.locale);

  const several = consoleBulkMessages[frame.locale];
  const body = html`<p class="lead">${t.lead(view.providerName)}</p>
<p><a href="${consoleHref('/api/console/invite/bulk', frame.locale)}" data-bulk-link>${several.inviteSeveral}</a> <span class="muted">${several.inviteSeveralHint}</span></p>
${refusal}
${
  summary.length > 0 &&
  html`<div class="error-summary" role="alert" aria-labelledby="error-summary-title">
<h2 id="error-summary-title">${t.errorSummaryTitle}</h2>
<ul>${summary.map((s) => html`<li><a href="${s.href}">${s.label}${frame.locale === 'fr' ? '\u00a0: ' : ': '}${s.message}</a></li>`)}</ul>
</div>`
}
<form method="post" action="${consoleHref('/api/console/invite', frame.locale)}" novalidate>
<input type="hidden" name="csrf" value="${frame.csrf}">
<input type="hidden" name="formToken" value="${view.formToken}">
<fieldset><legend>${t.inviteeLegend}</legend>
${input('email', { type: 'email', required: true, autocomplete: 'off', maxLength: 254, extra: html` spellcheck="false"` })}
${input('firstName', { type: 'text', required: true, autocomplete: 'off', maxLength: 100 })}
${input('lastName', { type: 'text', required: true, autocomplete: 'off', maxLength: 100 })}
<div class="field">
<label for="${localeId}">${t.labels.locale}</label>
<select id="${localeId}" name="locale" aria-describedby="${localeId}-error"${problems.fields.locale ? html` aria-invalid="true"` : null}>${LOCALES.map(
    (l) => html`<option value="${l}"${values.locale === l ? html` selected` : null}>${t.languages[l]}</option>`,
  )}</select>
${errorLine(localeId, fieldMessage('locale'))}
</div>
${input('phone', { type: 'tel', autocomplete: 'off', maxLength: 25, extra: html` inputmode="tel"` })}
<div class="field">
${label(messageId, t.labels.message, false)}
<p id="${messageId}-hint" class="hint">${t.hints.message}</p>
<textarea id="${messageId}" name="message" rows="4" maxlength="500" aria-describedby="${messageId}-hint ${messageId}-error"${
    messageProblem ? html` aria-invalid="true"` : null
  }>${values.message}</textarea>
${errorLine(messageId, messageProblem)}
</div>
${input('expiresInDays', { type: 'number', required: true, autocomplete: 'off', extra: html` min="1" max="30" step="1" inputmode="numeric"` })}
</fieldset>
<fieldset aria-describedby="invite-company-hint"><legend>${t.companyLegend}</legend>
<p id="invite-company-hint" class="hint">${t.companyHint}</p>
${COMPANY_FIELDS.map(companyField)}
</fieldset>
<fieldset><legend>${t.deliveryLegend}</legend>
${(['email', 'link'] as const).map(
  (d) =>
    html`<div class="choice"><input type="radio" id="invite-delivery-${d}" name="delivery" value="${d}"${
      values.delivery === d ? html` checked` : null
    }><label for="invite-delivery-${d}">${t.delivery[d]}</label></div>`,
)}
</fieldset>
<div class="actions"><button type="submit" class="button">${t.submit}</button></div>
</form>`;
  return renderConsolePage(frame, { title: t.title, body });
}

function renderRefusal(refusal: InviteRefusal, locale: Locale): SafeHtml {
  const t = consoleMessages[locale].invite;
  const text =
    refusal.kind === 'already-invited'
      ? html`${t.alreadyInvited} ${t.alreadyInvitedId(refusal.invitationId)} <a href="${consoleHref(consoleInvitationPath(refusal.invitationId), locale)}">${t.openInvitation}</a>`
      : refusal.kind === 'already-client'
        ? html`${t.alreadyClient}`
        : refusal.kind === 'provider-inactive'
          ? html`${t.providerInactive}`
          : html`${t.tryAgain}`;
  return html`<div class="error-summary" role="alert" data-refusal="${refusal.kind}"><p>${text}</p></div>`;
}

export interface InviteSentView {
  /** The invitation's own page is linked: its delivery, timeline and actions. */
  invitationId: string;
  name: string;
  email: string;
  expiresAt: Date;
  /** The link, shown once (give me the link); `gone` when it was shown already; absent when the email is queued. */
  link?: { kind: 'shown'; url: string } | { kind: 'gone' } | undefined;
}

export function renderConsoleInviteSent(frame: ConsoleFrame, view: InviteSentView): SafeHtml {
  const t = consoleMessages[frame.locale].invite;
  const expires = html`<p>${t.expires(formatDateTime(view.expiresAt, frame.locale))}</p>`;
  const link = view.link;
  const body =
    link === undefined
      ? html`<p class="lead" role="status">${t.sentEmail(view.name, view.email)}</p>${expires}`
      : link.kind === 'gone'
        ? html`<p class="lead">${t.sentLink(view.name)}</p><p>${t.linkGone}</p>${expires}`
        : html`<p class="lead">${t.sentLink(view.name)}</p>
<p id="invite-link-note">${t.linkOnce}</p>
<div class="field" data-copy-link>
<label for="invite-link">${t.linkLabel}</label>
<input type="text" id="invite-link" value="${link.url}" readonly aria-describedby="invite-link-note" spellcheck="false" data-copy-source>
<p class="actions"><button type="button" class="button secondary" hidden data-copy-button>${t.copy}</button></p>
<p class="form-status" aria-live="polite" data-copy-status data-copied="${t.copied}"></p>
</div>
${expires}
<script type="module" src="${COPY_LINK_SCRIPT_SRC}"></script>`;
  return renderConsolePage(frame, {
    title: t.sentTitle,
    body: html`${body}
<p class="actions"><a class="button" href="${consoleHref('/api/console/invite', frame.locale)}">${t.inviteAnother}</a>
<a href="${consoleHref(consoleInvitationPath(view.invitationId), frame.locale)}" data-invitation-page>${t.seeInvitation}</a></p>`,
  });
}

export function renderConsoleInvitationNotFound(frame: ConsoleFrame): SafeHtml {
  const t = consoleMessages[frame.locale].invite;
  return renderConsolePage(frame, { title: t.notFoundTitle, body: html`<p class="lead">${t.notFound}</p>` });
}
