/**
 * The console's Invitations pages: the list (filters in a GET form, a table that stacks its cells on narrow screens,
 * cursor paging), an invitation's page (its fields, its delivery, its timeline, and the actions Resend, a new link,
 * Revoke — each a POST form with the session's CSRF token), Revoke's confirmation, and the 404 page of an invitation
 * that is not the provider's. The new link is shown once with a copy button (`copy-link.client.js`, progressive:
 * without it the link is selectable text).
 */
import { effectiveStatus, type Invitation } from '../domain/invitation.js';
import type { Locale } from '../domain/locale.js';
import type { TimelineEvent } from '../domain/timeline.js';
import {
  LIST_ONLY,
  type ListFilterProblem,
  type ListFilterValues,
  listQueryParams,
} from '../http/console-invitations-query.js';
import { html, type SafeHtml } from '../http/html.js';
import { COPY_LINK_SCRIPT_SRC } from './console-invite-pages.js';
import { type ConsoleFrame, consoleHref, consoleInvitationPath, renderConsolePage } from './console-pages.js';
import { formatDateTime } from './i18n.js';
import { consoleInvitationsMessages } from './messages/console-invitations.js';

const LIST_PATH = '/api/console/invitations';
export const invitationPath = consoleInvitationPath;

/** The list and the detail's own styles: a table whose rows become cards under 40rem (no horizontal scrolling). */
export const INVITATIONS_CSS = `
.filters{display:grid;grid-template-columns:repeat(auto-fill,minmax(min(13rem,100%),1fr));gap:0 1rem}
.filters .actions{grid-column:1/-1;display:flex;flex-wrap:wrap;gap:.75rem;align-items:center}
.invitations{width:100%;border-collapse:collapse;margin:0 0 1rem}
.invitations caption{text-align:left;font-weight:700;margin:0 0 .5rem}
.invitations th,.invitations td{text-align:left;padding:.5rem;border-bottom:1px solid #e5e7eb;vertical-align:top;overflow-wrap:anywhere}
.invitations thead th{border-bottom:2px solid #6b7280}
.badge{display:inline-block;padding:.125rem .5rem;border-radius:999px;background:#f3f4f6;color:#111827;font-size:.9375rem}
.badge[data-state="failed"],.badge[data-state="revoked"],.badge[data-state="expired"]{background:#fee2e2;color:#7f1d1d}
.badge[data-state="delivered"],.badge[data-state="accepted"],.badge[data-state="completed"]{background:#dcfce7;color:#14532d}
@media (max-width:40rem){
.invitations thead{position:absolute;width:1px;height:1px;overflow:hidden;clip:rect(0 0 0 0);white-space:nowrap}
.invitations,.invitations tbody,.invitations tr,.invitations td{display:block;width:100%}
.invitations tr{border:1px solid #d1d5db;border-radius:.5rem;margin:0 0 .75rem;padding:.25rem .5rem}
.invitations td{border:0;padding:.25rem 0}
.invitations caption{display:block;width:100%}
.invitations td::before{content:attr(data-label);display:block;font-weight:600;color:#374151;font-size:.875rem}
}
.facts{display:grid;grid-template-columns:minmax(0,12rem) minmax(0,1fr);gap:.25rem 1rem;margin:0 0 1.5rem}
.facts dt{font-weight:600}
.facts dd{margin:0;overflow-wrap:anywhere}
@media (max-width:30rem){.facts{grid-template-columns:minmax(0,1fr)}.facts dd{margin:0 0 .5rem}}
.timeline{margin:0 0 1.5rem;padding-left:1.25rem}
.timeline li{margin:0 0 .5rem}
.action{border-top:1px solid #e5e7eb;padding:1rem 0 0;margin:0 0 1rem}
.action h3{margin:0 0 .5rem}
.visually-hidden{position:absolute;width:1px;height:1px;overflow:hidden;clip:rect(0 0 0 0);white-space:nowrap}
`;

const sep = (locale: Locale) => (locale === 'fr' ? '\u00a0: ' : ': ');

export interface ListView {
  values: ListFilterValues;
  problems?: Partial<Record<ListFilterProblem, true>>;
  items: Invitation[];
  now: Date;
  /** The next page's cursor, if any. */
  nextCursor?: string | undefined;
  /** This is not the first page (a link back to it). */
  paged: boolean;
  providerName: string;
}

export function renderInvitationList(frame: ConsoleFrame, view: ListView): SafeHtml {
  const t = consoleInvitationsMessages[frame.locale];
  const { values } = view;
  const problems = view.problems ?? {};
  const problemOf = (name: 'email' | 'from' | 'to') => (problems[name] ? t.problems[name] : undefined);
  const summary = [
    ...(['email', 'from', 'to'] as const)
      .filter((name) => problems[name])
      .map(
        (name) => html`<li><a href="#filter-${name}">${t.labels[name]}${sep(frame.locale)}${t.problems[name]}</a></li>`,
      ),
    ...(problems.invalid ? [html`<li>${t.problems.invalid}</li>`] : []),
  ];
  const field = (name: 'email' | 'from' | 'to', type: string, extra: SafeHtml | null = null) => {
    const id = `filter-${name}`;
    const message = problemOf(name);
    return html`<div class="field"><label for="${id}">${t.labels[name]}</label>
<input type="${type}" id="${id}" name="${name}" value="${values[name]}" autocomplete="off"${extra} aria-describedby="${id}-error"${
      message ? html` aria-invalid="true"` : null
    }>
<p id="${id}-error" class="field-error">${message}</p></div>`;
  };
  const select = (name: 'status' | 'only' | 'order', options: Array<[string, string]>) =>
    html`<div class="field"><label for="filter-${name}">${t.labels[name]}</label>
<select id="filter-${name}" name="${name}">${options.map(
      ([value, label]) =>
        html`<option value="${value}"${values[name] === value ? html` selected` : null}>${label}</option>`,
    )}</select></div>`;
  const filters = html`<form method="get" action="${LIST_PATH}" class="filters" aria-labelledby="filters-title">
<h2 id="filters-title" class="visually-hidden">${t.filtersLegend}</h2>
<input type="hidden" name="lang" value="${frame.locale}">
${select('status', [['', t.anyStatus], ...(Object.keys(t.status) as Array<keyof typeof t.status>).map((s) => [s, t.status[s]] as [string, string])])}
${select('only', [['', t.only.all], ...LIST_ONLY.map((o) => [o, t.only[o]] as [string, string])])}
${field('email', 'email', html` spellcheck="false"`)}
${field('from', 'date')}
${field('to', 'date')}
${select('order', [
  ['newest', t.order.newest],
  ['oldest', t.order.oldest],
])}
<div class="actions"><button type="submit" class="button">${t.apply}</button> <a href="${consoleHref(LIST_PATH, frame.locale)}">${t.clear}</a></div>
</form>`;

  const row = (invitation: Invitation) => {
    const status = effectiveStatus(invitation, view.now);
    const delivery = invitation.delivery.status;
    const c = t.columns;
    return html`<tr data-invitation="${invitation.id}">
<td data-label="${c.name}"><a href="${consoleHref(invitationPath(invitation.id), frame.locale)}">${invitation.firstName} ${invitation.lastName}</a></td>
<td data-label="${c.email}">${invitation.email}</td>
<td data-label="${c.status}"><span class="badge" data-state="${status}">${t.status[status]}</span></td>
<td data-label="${c.delivery}"><span class="badge" data-state="${delivery}" data-delivery="${delivery}">${t.delivery[delivery]}</span></td>
<td data-label="${c.created}">${formatDateTime(invitation.createdAt, frame.locale)}</td>
<td data-label="${c.expires}">${formatDateTime(invitation.expiresAt, frame.locale)}</td>
</tr>`;
  };
  const table =
    view.items.length === 0
      ? html`<p role="status">${t.none}</p>`
      : html`<table class="invitations">
<caption>${values.order === 'oldest' ? t.tableCaptionOldest : t.tableCaption}</caption>
<thead><tr>${(['name', 'email', 'status', 'delivery', 'created', 'expires'] as const).map(
          (k) => html`<th scope="col">${t.columns[k]}</th>`,
        )}</tr></thead>
<tbody>${view.items.map(row)}</tbody>
</table>`;
  const paging = html`<p class="actions">${
    view.paged &&
    html`<a class="button secondary" href="${consoleHref(LIST_PATH, frame.locale, listQueryParams(values))}">${
      values.order === 'oldest' ? t.firstOldest : t.first
    }</a> `
  }${
    view.nextCursor &&
    html`<a class="button" rel="next" href="${consoleHref(LIST_PATH, frame.locale, listQueryParams(values, { cursor: view.nextCursor }))}">${t.more}</a>`
  }</p>`;

  return renderConsolePage(frame, {
    title: t.listTitle,
    css: INVITATIONS_CSS,
    body: html`<p class="lead">${t.listLead(view.providerName)}</p>
${
  summary.length > 0 &&
  html`<div class="error-summary" role="alert" aria-labelledby="error-summary-title"><h2 id="error-summary-title">${t.errorSummaryTitle}</h2><ul>${summary}</ul></div>`
}
${filters}
${table}
${paging}`,
  });
}

/** What the invitation's page says after an action, or why the action was refused. */
export type DetailNotice =
  | { kind: 'done'; what: 'resent' | 'link' | 'revoked' }
  | { kind: 'refused'; reason: 'already-client' | 'not-resendable' | 'not-revocable' | 'try-again' }
  | { kind: 'refused'; reason: 'invitation-pending'; otherId: string };

export interface DetailView {
  invitation: Invitation;
  timeline: TimelineEvent[];
  timelineTruncated: boolean;
  now: Date;
  /** The action forms' one-time token. */
  formToken: string;
  notice?: DetailNotice | undefined;
  /** The new link, shown once. */
  link?: string | undefined;
  /** The expiry typed in a refused form, and its problem. */
  expiresInDays?: { value: string; invalid: boolean; form: 'resend' | 'link' } | undefined;
}

const byOf = (detail: string | undefined) => /^by (.+?)(, link given, no email)?$/.exec(detail ?? '');

/** The events whose detail is a reason (ACS's words, a throttle, an attempt): shown as recorded, in English. */
const REASONED = new Set<TimelineEvent['event']>(['email.failed', 'email.retrying', 'email.throttled']);

function eventText(e: TimelineEvent, locale: Locale): SafeHtml {
  const t = consoleInvitationsMessages[locale];
  const label = t.events[e.event];
  const by = byOf(e.detail);
  if (by) {
    const parts = [t.by(by[1]!), ...(by[2] ? [t.linkGiven] : [])];
    return html`${label} (${parts.join(', ')})`;
  }
  if (e.detail && REASONED.has(e.event)) return html`${label}${sep(locale)}<span lang="en">${e.detail}</span>`;
  return html`${label}`;
}

export function renderInvitationDetail(frame: ConsoleFrame, view: DetailView): SafeHtml {
  const t = consoleInvitationsMessages[frame.locale];
  const { invitation } = view;
  const name = `${invitation.firstName} ${invitation.lastName}`;
  const status = effectiveStatus(invitation, view.now);
  const delivery = invitation.delivery;
  const when = (d: Date | undefined) => d && formatDateTime(d, frame.locale);
  const fact = (label: string, value: SafeHtml | string | undefined) =>
    value === undefined || value === '' ? null : html`<dt>${label}</dt><dd>${value}</dd>`;
  const f = t.fields;
  const facts = html`<dl class="facts">
${fact(f.email, invitation.email)}
${fact(f.status, html`<span class="badge" data-state="${status}" data-status="${status}">${t.status[status]}</span>`)}
${fact(f.delivery, html`<span class="badge" data-state="${delivery.status}" data-delivery="${delivery.status}">${t.delivery[delivery.status]}</span>`)}
${delivery.attempts > 0 ? fact(f.attempts, String(delivery.attempts)) : null}
${fact(f.lastError, delivery.lastError && html`<span lang="en">${delivery.lastError}</span>`)}
${fact(f.created, when(invitation.createdAt))}
${fact(f.invitedBy, invitation.invitedBy.name)}
${fact(f.expires, when(invitation.expiresAt))}
${fact(f.opened, when(invitation.openedAt))}
${fact(f.accepted, when(invitation.acceptedAt))}
${fact(f.completed, when(invitation.completedAt))}
${fact(f.revoked, when(invitation.revokedAt))}
${fact(f.phone, invitation.phone)}
${fact(f.company, invitation.company?.name)}
${fact(f.reference, invitation.id)}
</dl>`;

  const notice = view.notice && renderNotice(view.notice, frame.locale);
  const link =
    view.link &&
    html`<div class="notice" data-copy-link>
<p id="new-link-note">${t.linkOnce}</p>
<div class="field"><label for="new-link">${t.linkLabel}</label>
<input type="text" id="new-link" value="${view.link}" readonly aria-describedby="new-link-note" spellcheck="false" data-copy-source></div>
<p class="actions"><button type="button" class="button secondary" hidden data-copy-button>${t.copy}</button></p>
<p class="form-status" aria-live="polite" data-copy-status data-copied="${t.copied}"></p>
</div>
<script type="module" src="${COPY_LINK_SCRIPT_SRC}"></script>`;

  const renewable = status === 'pending' || status === 'expired';
  const expiryField = (form: 'resend' | 'link') => {
    const id = `${form}-expires`;
    const typed = view.expiresInDays?.form === form ? view.expiresInDays : undefined;
    return html`<div class="field"><label for="${id}">${t.expiresInDays[form]}</label>
<p id="${id}-hint" class="hint">${t.expiresHint}</p>
<input type="number" id="${id}" name="expiresInDays" value="${typed?.value ?? '7'}" min="1" max="30" step="1" inputmode="numeric" required aria-describedby="${id}-hint ${id}-error"${
      typed?.invalid ? html` aria-invalid="true"` : null
    }>
<p id="${id}-error" class="field-error">${typed?.invalid ? t.expiresProblem : null}</p></div>`;
  };
  const action = (path: string, body: SafeHtml) =>
    html`<form method="post" action="${consoleHref(`${invitationPath(invitation.id)}/${path}`, frame.locale)}" novalidate>
<input type="hidden" name="csrf" value="${frame.csrf}">
<input type="hidden" name="formToken" value="${view.formToken}">
${body}
</form>`;
  const actions = renewable
    ? html`<section class="action" aria-labelledby="resend-heading"><h3 id="resend-heading">${t.resendHeading}</h3>
<p>${t.resendExplains}</p>
${action('resend', html`<input type="hidden" name="delivery" value="email">${expiryField('resend')}<button type="submit" class="button">${t.resend}</button>`)}
</section>
${
  delivery.status === 'not-requested' &&
  html`<section class="action" aria-labelledby="link-heading"><h3 id="link-heading">${t.newLinkHeading}</h3>
<p>${t.newLinkExplains}</p>
${action('resend', html`<input type="hidden" name="delivery" value="link">${expiryField('link')}<button type="submit" class="button secondary">${t.newLink}</button>`)}
</section>`
}
<section class="action" aria-labelledby="revoke-heading"><h3 id="revoke-heading">${t.revokeHeading}</h3>
<p>${t.revokeExplains}</p>
<p><a class="button secondary" href="${consoleHref(`${invitationPath(invitation.id)}/revoke`, frame.locale)}">${t.revokeStart}</a></p>
</section>`
    : html`<p>${t.noActions}</p>`;

  return renderConsolePage(frame, {
    title: t.detailTitle(name),
    css: INVITATIONS_CSS,
    body: html`${notice}
${link}
${facts}
<h2>${t.actionsHeading}</h2>
${actions}
<h2>${t.timelineHeading}</h2>
<ol class="timeline">${view.timeline.map(
      (e) =>
        html`<li data-event="${e.event}"><time datetime="${e.at.toISOString()}">${formatDateTime(e.at, frame.locale)}</time>${sep(frame.locale)}${eventText(e, frame.locale)}</li>`,
    )}</ol>
${view.timelineTruncated && html`<p class="muted" data-timeline-truncated>${t.timelineTruncated}</p>`}
<p><a href="${consoleHref(LIST_PATH, frame.locale)}">${t.backToList}</a></p>`,
  });
}

function renderNotice(notice: DetailNotice, locale: Locale): SafeHtml {
  const t = consoleInvitationsMessages[locale];
  if (notice.kind === 'done')
    return html`<p class="notice" role="status" data-done="${notice.what}">${t.done[notice.what]}</p>`;
  const other =
    notice.reason === 'invitation-pending' &&
    html` <a href="${consoleHref(invitationPath(notice.otherId), locale)}">${t.refused.seeOther}</a>`;
  return html`<div class="error-summary" role="alert" data-refusal="${notice.reason}"><p>${t.refused[notice.reason]}${other}</p></div>`;
}

export function renderRevokeConfirmation(frame: ConsoleFrame, invitation: Invitation): SafeHtml {
  const t = consoleInvitationsMessages[frame.locale];
  const name = `${invitation.firstName} ${invitation.lastName}`;
  return renderConsolePage(frame, {
    title: t.revokeTitle(name),
    body: html`<p class="lead">${t.revokeConfirmLead(invitation.email)}</p>
<form method="post" action="${consoleHref(`${invitationPath(invitation.id)}/revoke`, frame.locale)}" class="actions">
<input type="hidden" name="csrf" value="${frame.csrf}">
<button type="submit" class="button">${t.revokeConfirm}</button>
<a class="button secondary" href="${consoleHref(invitationPath(invitation.id), frame.locale)}">${t.cancel}</a>
</form>`,
  });
}

export function renderInvitationNotFound(frame: ConsoleFrame): SafeHtml {
  const t = consoleInvitationsMessages[frame.locale];
  return renderConsolePage(frame, {
    title: t.notFoundTitle,
    body: html`<p class="lead">${t.notFound}</p>
<p><a href="${consoleHref(LIST_PATH, frame.locale)}">${t.backToList}</a></p>`,
  });
}
