/**
 * The console's bulk invite pages: the upload form (a CSV file or pasted rows, the columns read, an example file) with
 * the provider's recent bulks; the batch page (its totals, a progress bar of the rows handled, the rows not invited
 * with each problem in the page's language), kept live by a small script (`bulk-progress.client.js`: it fetches the
 * page again and takes its live parts; without it, a "Refresh" link); and the CSV of the rows not invited (UTF-8 with
 * a BOM and semicolons: Excel opens it as it is).
 */
import type { BatchProgress, RowRefusal } from '../domain/bulk.js';
import type { FieldProblem } from '../domain/errors.js';
import type { Locale } from '../domain/locale.js';
import type { BatchOverview } from '../domain/use-cases/bulk-invitations.js';
import { html, raw, type SafeHtml } from '../http/html.js';
import { BULK_COLUMNS } from '../http/invitation-bulk.js';
import { type ConsoleFrame, consoleHref, renderConsolePage } from './console-pages.js';
import { formatDateTime } from './i18n.js';
import { type BulkFormProblem, type ConsoleBulkMessages, consoleBulkMessages } from './messages/console-bulk.js';

/** Where the browser finds the batch page's live script (served by the Assets function). */
export const BULK_PROGRESS_SCRIPT_SRC = '/api/assets/web/assets/bulk-progress.client.js';

export const BULK_PATH = '/api/console/invite/bulk';
export const batchPath = (batchId: string) => `${BULK_PATH}/${batchId}`;

const BULK_CSS = `
.field input[type=file]{padding:.5rem}
.bulk-columns dt code{font-weight:600}
.row-errors{list-style:none;margin:0 0 1rem;padding:0}
.row-errors>li{border-top:1px solid #e5e7eb;padding:.625rem 0;overflow-wrap:anywhere}
.row-errors .where{font-weight:600}
.row-errors ul{margin:.25rem 0 0;padding-left:1.25rem}
.batches{list-style:none;margin:0;padding:0}
.batches li{border:1px solid #d1d5db;border-radius:.5rem;padding:.75rem 1rem;margin:0 0 .5rem;background:#fff;overflow-wrap:anywhere}
.batches .state{display:inline-block;margin-left:.5rem;padding:0 .5rem;border-radius:.25rem;background:#f3f4f6;font-size:.9375rem}
progress{display:block;width:100%;height:1.25rem;margin:.25rem 0 1rem}
.totals{display:grid;grid-template-columns:minmax(0,1fr) max-content;gap:.25rem 1rem;margin:0 0 1rem}
.totals dt{color:#374151}
.totals dd{margin:0;font-weight:700;text-align:right}
`;

function withStyle(page: SafeHtml): SafeHtml {
  return raw(page.value.replace('</head>', () => `<style>${BULK_CSS}</style>\n</head>`));
}

const percent = (done: number, of: number) => (of === 0 ? 100 : Math.floor((done * 100) / of));

/** The example file offered for download: the header with every column, and two people. */
export function exampleCsv(): string {
  const columns = [...BULK_COLUMNS.required, ...BULK_COLUMNS.optional];
  // In the columns' order: the invitee, then the company prefilled for them (Anna only).
  const rows = [
    ['anna.martin@example.com', 'Anna', 'Martin', 'fr', '+33612345678', '7', 'À bientôt', 'oui'].concat([
      'Hélène Lefèvre SARL',
      '',
      '',
      '',
      '12 rue de la Paix',
      '',
      '75002',
      'Paris',
      'FR',
    ]),
    ['james.smith@example.com', 'James', 'Smith', 'en', '', '14', '', 'yes'].concat(Array(9).fill('')),
  ];
  return `\uFEFF${[columns, ...rows].map((cells) => cells.map(quoted).join(';')).join('\r\n')}\r\n`;
}

/** One cell of a semicolon CSV, quoted when needed. */
const quoted = (text: string) => (/[";\r\n]/.test(text) ? `"${text.replaceAll('"', '""')}"` : text);

/** A cell of text others wrote, for Excel: never read as a formula (`=`, `+`, `-`, `@` first get a `'`). */
const csvCell = (text: string) => quoted(/^[=+\-@\t\r]/.test(text) ? `'${text}` : text);

export interface BulkFormView {
  providerName: string;
  formToken: string;
  max: number;
  problem?: BulkFormProblem | undefined;
  /** The pasted rows, kept when the form comes back. */
  pasted: string;
  recent: BatchOverview[];
}

export function renderConsoleBulk(frame: ConsoleFrame, view: BulkFormView): SafeHtml {
  const t = consoleBulkMessages[frame.locale];
  const number = (n: number) => n.toLocaleString(frame.locale === 'fr' ? 'fr-FR' : 'en-GB');
  const problem = view.problem && t.problem(view.problem);
  const describedBy = (id: string) => `${id}-hint${problem ? ' bulk-problem' : ''}`;
  const body = html`<p class="lead">${t.lead(view.providerName, number(view.max))}</p>
${
  problem &&
  html`<div class="error-summary" role="alert" aria-labelledby="bulk-problem-title" data-problem="${view.problem!.kind}">
<h2 id="bulk-problem-title">${t.problemTitle}</h2>
<p id="bulk-problem">${problem}</p>
</div>`
}
<form method="post" enctype="multipart/form-data" action="${consoleHref(BULK_PATH, frame.locale)}" novalidate>
<input type="hidden" name="csrf" value="${frame.csrf}">
<input type="hidden" name="formToken" value="${view.formToken}">
<div class="field">
<label for="bulk-file">${t.fileLabel}</label>
<p id="bulk-file-hint" class="hint">${t.fileHint}</p>
<input type="file" id="bulk-file" name="file" accept=".csv,text/csv" aria-describedby="${describedBy('bulk-file')}"${problem ? html` aria-invalid="true"` : null}>
</div>
<div class="field">
<label for="bulk-rows">${t.pasteLabel}</label>
<p id="bulk-rows-hint" class="hint">${t.pasteHint}</p>
<textarea id="bulk-rows" name="rows" rows="6" spellcheck="false" aria-describedby="${describedBy('bulk-rows')}">${view.pasted}</textarea>
</div>
<p class="actions"><button type="submit" class="button">${t.submit}</button></p>
</form>
<h2 id="columns-heading">${t.columnsHeading}</h2>
<p>${t.columnsLead}</p>
<dl class="facts bulk-columns" aria-labelledby="columns-heading">${[
    ...BULK_COLUMNS.required,
    ...BULK_COLUMNS.optional,
  ].map(
    (column) =>
      html`<dt><code>${column}</code>${(BULK_COLUMNS.required as readonly string[]).includes(column) ? html` <span class="optional">(${t.required})</span>` : null}</dt><dd>${t.columns[column]}</dd>`,
  )}</dl>
<p class="muted">${t.encodingNote}</p>
<p><a href="${consoleHref(`${BULK_PATH}/example.csv`, frame.locale)}" download="${t.exampleFile}">${t.example}</a></p>
<h2 id="recent-heading">${t.recentHeading}</h2>
${
  view.recent.length === 0
    ? html`<p class="muted">${t.recentNone}</p>`
    : html`<ul class="batches" aria-labelledby="recent-heading">${view.recent.map(
        (batch) =>
          html`<li data-batch="${batch.batchId}" data-batch-status="${batch.status}"><a href="${consoleHref(batchPath(batch.batchId), frame.locale)}">${t.recentItem(
            formatDateTime(batch.createdAt, frame.locale),
          )}</a><span class="state">${t.status[batch.status]}</span><br><span class="muted">${t.recentCounts(
            batch.total,
            batch.created,
            batch.rejected + batch.refused,
          )}</span></li>`,
      )}</ul>`
}`;
  return withStyle(renderConsolePage(frame, { title: t.title, body }));
}

/** One row not invited: where, the email it gave, and each problem in the page's language. */
export interface RowProblem {
  /** The row's number from 1, the first line after the header. */
  row: number;
  email?: string;
  problems: Array<{ column?: string; text: string }>;
}

/** The column a problem's JSON pointer names (`#/company/name` → `company.name`), none for the whole row. */
const columnOf = (pointer: string) => {
  const path = pointer.replace(/^#\/?/, '').split('/').filter(Boolean).join('.');
  return path === '' ? undefined : path;
};

/**
 * A reading problem (the API's English detail) in the page's language. Details name their field first
 * ("lastName is required", `request.ts`); batches stored before that hold the bare phrase, or zod's own words.
 */
function fieldProblemText(problem: FieldProblem, f: ConsoleBulkMessages['fieldProblems']): string {
  const column = columnOf(problem.pointer);
  const detail =
    column !== undefined && problem.detail.startsWith(`${column} `)
      ? problem.detail.slice(column.length + 1)
      : problem.detail;
  const readings: Array<[RegExp, (match: RegExpExecArray) => string]> = [
    [/^must be a valid email address$/, () => f.invalidEmail],
    [/^must not be empty$/, () => f.empty],
    [/^is required$|^Invalid input: expected \w+, received undefined$/, () => f.missing],
    [/^must be at most (\d+) characters$/, (m) => f.tooLong(m[1]!)],
    [/^must be at least (\d+)$/, (m) => f.tooSmall(m[1]!)],
    [/^must be at most (\d+)$/, (m) => f.tooLarge(m[1]!)],
    [/^unknown field "|is not a known field/, () => f.unknownColumn],
    // The API counts rows from 0; the page, from 1.
    [/^(?:is the same as in row|same email as row) (\d+)$/, (m) => f.sameEmail(Number(m[1]) + 1)],
    [/E\.164/, () => f.phone],
    [/alpha-2 country code/, () => f.country],
    [/^must be one of "fr", "en"$|^Invalid option: expected one of "fr"\|"en"$/, () => f.locale],
    [/^must be a (?:whole )?number$|expected number/, () => f.wholeNumber],
    [/^must be true or false$|expected boolean/, () => f.yesNo],
  ];
  for (const [pattern, text] of readings) {
    const match = pattern.exec(detail);
    if (match) return text(match);
  }
  return f.invalid(problem.detail);
}

/** The rows not invited, by row: refused when read (their fields' problems) and refused while inviting (why). */
export function rowProblems(progress: BatchProgress, locale: Locale): RowProblem[] {
  const t = consoleBulkMessages[locale];
  const rows: Array<RowProblem & { index: number }> = [
    ...progress.rejected.map((row) => ({
      index: row.index,
      row: row.index + 1,
      ...(row.email ? { email: row.email } : {}),
      problems: row.errors.map((error) => {
        const column = columnOf(error.pointer);
        return { ...(column ? { column } : {}), text: fieldProblemText(error, t.fieldProblems) };
      }),
    })),
    ...progress.refused.map((row) => ({
      index: row.index,
      row: row.index + 1,
      ...(row.email ? { email: row.email } : {}),
      problems: [{ text: t.refusals[row.code as RowRefusal | 'invitation-not-stored'] }],
    })),
  ];
  return rows.sort((a, b) => a.index - b.index).map(({ index: _, ...row }) => row);
}

/** Rows handled over rows accepted: every chunk done is 100 %. A bulk whose rows were all refused is done. */
export function handled(progress: BatchProgress): { done: number; of: number } {
  if (progress.accepted === 0) return { done: 1, of: 1 };
  const done = Math.min(progress.accepted, progress.created + progress.refused.length);
  return { done: progress.status === 'completed' ? progress.accepted : done, of: progress.accepted };
}

export function renderConsoleBatch(frame: ConsoleFrame, progress: BatchProgress): SafeHtml {
  const t = consoleBulkMessages[frame.locale];
  const { done, of } = handled(progress);
  const problems = rowProblems(progress, frame.locale);
  const here = consoleHref(batchPath(progress.batchId), frame.locale);
  const totals: Array<[keyof ConsoleBulkMessages['totals'], number]> = [
    ['total', progress.total],
    ['rejected', progress.rejected.length],
    ['accepted', progress.accepted],
    ['created', progress.created],
    ['refused', progress.refused.length],
    ['queued', Math.max(0, progress.emailed - progress.delivery.sent - progress.delivery.failed)],
    ['sent', progress.delivery.sent],
    ['failed', progress.delivery.failed],
  ];
  const body = html`<p class="lead">${t.batchLead(formatDateTime(progress.createdAt, frame.locale))}</p>
<div id="batch-live" data-batch-live data-batch-status="${progress.status}">
<p><strong data-batch-state>${t.status[progress.status]}</strong></p>
<label for="batch-progress">${t.progressLabel(done, of, percent(done, of))}</label>
<progress id="batch-progress" max="${of}" value="${done}">${percent(done, of)} %</progress>
<h2 id="totals-heading">${t.totalsHeading}</h2>
<dl class="totals" aria-labelledby="totals-heading">${totals.map(
    ([key, value]) => html`<dt>${t.totals[key]}</dt><dd data-total="${key}">${String(value)}</dd>`,
  )}</dl>
<p class="muted">${t.pacedNote}</p>
${progress.status === 'processing' && html`<p><a href="${here}" data-refresh>${t.refresh}</a></p>`}
<h2 id="errors-heading">${t.errorsHeading(problems.length)}</h2>
${
  problems.length === 0
    ? html`<p class="muted">${t.errorsNone}</p>`
    : html`<p class="muted">${t.errorsCaption}</p>
<ul class="row-errors" aria-labelledby="errors-heading">${problems.map(
        (row) =>
          html`<li data-row="${String(row.row)}"><span class="where">${t.row} ${String(row.row)}</span>${
            row.email ? html` · <span>${row.email}</span>` : null
          }<ul>${row.problems.map(
            (p) => html`<li>${p.column ? html`<code>${p.column}</code> : ` : null}${p.text}</li>`,
          )}</ul></li>`,
      )}</ul>
<p><a href="${consoleHref(`${batchPath(progress.batchId)}/errors.csv`, frame.locale)}" download>${t.downloadErrors}</a></p>`
}
</div>
<p><a class="button secondary" href="${consoleHref(BULK_PATH, frame.locale)}">${t.back}</a></p>
<script type="module" src="${BULK_PROGRESS_SCRIPT_SRC}"></script>`;
  return withStyle(renderConsolePage(frame, { title: t.batchTitle, body }));
}

export function renderConsoleBatchNotFound(frame: ConsoleFrame): SafeHtml {
  const t = consoleBulkMessages[frame.locale];
  return renderConsolePage(frame, {
    title: t.notFoundTitle,
    body: html`<p class="lead">${t.notFound}</p>
<p><a class="button secondary" href="${consoleHref(BULK_PATH, frame.locale)}">${t.back}</a></p>`,
  });
}

/** The rows not invited as a CSV for Excel: UTF-8 with a BOM, semicolons, one line per problem. */
export function rowProblemsCsv(progress: BatchProgress, locale: Locale): string {
  const t = consoleBulkMessages[locale];
  const lines = [[t.row, t.email, t.column, t.problemColumn]];
  for (const row of rowProblems(progress, locale))
    for (const p of row.problems) lines.push([String(row.row), row.email ?? '', p.column ?? t.wholeRow, p.text]);
  return `\uFEFF${lines.map((cells) => cells.map(csvCell).join(';')).join('\r\n')}\r\n`;
}
