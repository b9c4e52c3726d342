/**
 * The console's pages of merging two client files (seed 004, docs/merge.md): pick the file that stays (a search, as
 * the Clients page does), the confirmation that states what happens (a POST form with the session's CSRF token), and
 * the page after it. The absorbed file is the one whose sheet's "Merge" was followed; the survivor is chosen here.
 */
import type { ClientFile, ClientSummary } from '../domain/client-file.js';
import { html, type SafeHtml } from '../http/html.js';
import { CLIENTS_CSS, clientName, clientSheetPath } from './console-clients-pages.js';
import { clientMergeIntoPath, clientMergePath } from './console-merge-action.js';
import { type ConsoleFrame, consoleHref, renderConsolePage } from './console-pages.js';
import { consoleMergeMessages } from './messages/console-merge.js';

export type MergeSearchOutcome = { kind: 'too-short' } | { kind: 'results'; items: ClientSummary[] };

export interface MergePickView {
  file: ClientFile;
  q: string;
  outcome?: MergeSearchOutcome | undefined;
}

const emailOf = (file: ClientFile) => file.emails.signIn ?? file.emails.primary ?? '';

const backToSheet = (frame: ConsoleFrame, file: ClientFile) =>
  html`<a class="button secondary" href="${consoleHref(clientSheetPath(file.id), frame.locale)}">${consoleMergeMessages[frame.locale].cancel}</a>`;

export function renderMergePick(frame: ConsoleFrame, view: MergePickView): SafeHtml {
  const t = consoleMergeMessages[frame.locale];
  const name = clientName(view.file, frame.locale);
  const tooShort = view.outcome?.kind === 'too-short';
  const form = html`<form method="get" action="${clientMergePath(view.file.id)}" role="search" aria-label="${t.searchRegion}">
<input type="hidden" name="lang" value="${frame.locale}">
<div class="search"><div class="field"><label for="merge-search">${t.searchLabel}</label>
<p id="merge-search-hint" class="hint">${t.searchHint}</p>
<input type="search" id="merge-search" name="q" value="${view.q}" autocomplete="off" spellcheck="false" aria-describedby="merge-search-hint merge-search-error"${
    tooShort ? html` aria-invalid="true"` : null
  }>
<p id="merge-search-error" class="field-error">${tooShort ? t.searchTooShort : null}</p></div>
<button type="submit" class="button">${t.searchButton}</button></div>
</form>`;
  let results: SafeHtml | null = null;
  if (view.outcome?.kind === 'results') {
    const items = view.outcome.items.filter((s) => s.id !== view.file.id);
    const c = t.columns;
    results = items.length
      ? html`<table class="results" data-block="merge">
<caption>${t.resultsHeading}</caption>
<thead><tr><th scope="col">${c.name}</th><th scope="col">${c.email}</th><th scope="col">${c.status}</th><th scope="col">${c.choose}</th></tr></thead>
<tbody>${items.map((s) => {
          const other = clientName(s, frame.locale);
          return html`<tr data-client="${s.id}">
<td data-label="${c.name}">${other}</td>
<td data-label="${c.email}">${s.email ?? ''}</td>
<td data-label="${c.status}"><span class="badge" data-state="${s.status}">${t.status[s.status]}</span></td>
<td data-label="${c.choose}"><a href="${consoleHref(clientMergeIntoPath(view.file.id, s.id), frame.locale)}">${t.choose}<span class="visually-hidden"> ${other}</span></a></td>
</tr>`;
        })}</tbody>
</table>`
      : html`<p role="status" data-no-result>${t.noResult(view.q)}</p>`;
  }
  return renderConsolePage(frame, {
    title: t.pickTitle(name),
    css: CLIENTS_CSS,
    body: html`<p class="lead">${t.pickLead}</p>
${form}
${results}
<p>${backToSheet(frame, view.file)}</p>`,
  });
}

export interface MergeConfirmView {
  absorbed: ClientFile;
  survivor: ClientFile;
  /** Why the merge was refused (`merge-refused`'s reason), when the form was posted and refused. */
  refusal?: string | undefined;
}

function fileFacts(frame: ConsoleFrame, heading: string, file: ClientFile, key: string): SafeHtml {
  const t = consoleMergeMessages[frame.locale];
  return html`<section aria-labelledby="merge-${key}" data-file="${key}">
<h2 id="merge-${key}">${heading}</h2>
<p><a href="${consoleHref(clientSheetPath(file.id), frame.locale)}">${clientName(file, frame.locale)}</a>
<span class="badge" data-state="${file.status}">${t.status[file.status]}</span></p>
${emailOf(file) ? html`<p>${emailOf(file)}</p>` : null}
</section>`;
}

export function renderMergeConfirm(frame: ConsoleFrame, view: MergeConfirmView): SafeHtml {
  const t = consoleMergeMessages[frame.locale];
  const h = t.happens;
  const refusal = view.refusal
    ? html`<div class="error-summary" role="alert" data-refusal="${view.refusal}"><p>${t.refused[view.refusal] ?? t.refused.other}</p></div>`
    : null;
  return renderConsolePage(frame, {
    title: t.confirmTitle,
    css: CLIENTS_CSS,
    body: html`${refusal}
${fileFacts(frame, t.absorbedHeading, view.absorbed, 'absorbed')}
${fileFacts(frame, t.survivorHeading, view.survivor, 'survivor')}
<h2>${t.whatHappens}</h2>
<ul data-happens>
<li>${h.history}</li>
<li>${h.companies}</li>
<li>${h.devices}</li>
<li>${h.login}</li>
</ul>
<p><strong>${h.final}</strong></p>
<form method="post" action="${consoleHref(clientMergeIntoPath(view.absorbed.id, view.survivor.id), frame.locale)}" class="actions">
<input type="hidden" name="csrf" value="${frame.csrf}">
<button type="submit" class="button">${t.confirm}</button>
${backToSheet(frame, view.absorbed)}
</form>`,
  });
}

export interface MergeDoneView {
  absorbed: ClientFile;
  survivor: ClientFile;
  /** What became of the absorbed login (`disabled`, `kept`, `none`), as the merge told; unknown: not said. */
  account?: string | undefined;
}

export function renderMergeDone(frame: ConsoleFrame, view: MergeDoneView): SafeHtml {
  const t = consoleMergeMessages[frame.locale];
  const survivor = clientName(view.survivor, frame.locale);
  const account = view.account ? t.doneAccount[view.account] : undefined;
  return renderConsolePage(frame, {
    title: t.doneTitle,
    css: CLIENTS_CSS,
    body: html`<p class="lead" role="status" data-done="merged">${t.doneLead(clientName(view.absorbed, frame.locale), survivor)}</p>
${account ? html`<p data-account="${view.account}">${account}</p>` : null}
<p><a class="button" href="${consoleHref(clientSheetPath(view.survivor.id), frame.locale)}">${t.openSurvivor(survivor)}</a></p>`,
  });
}
