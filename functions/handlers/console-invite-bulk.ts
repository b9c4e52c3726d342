/**
 * `GET|POST /api/console/invite/bulk` (role `Invitations.Send`): the bulk invite. The form takes a CSV file (multipart,
 * up to 8 MiB: `BULK_FORM_LIMIT`) or pasted rows; the file's bytes are decoded by `decodeCsv` (UTF-8 with or without
 * BOM, else Windows-1252 — Excel's files as they come), the header is checked against the columns the API reads, and
 * the rows are read as the API reads them (`readBulkRequest`, `bulkInvitations`: the same schema, the same use case).
 * A file that cannot be read, no rows, too many, a wrong header: the form again (400) with the reason, nothing written.
 * A double submit of the same form (its one-time `formToken`) is one batch (the idempotency store, as Invite).
 * Success: 303 to the batch page. The page also lists the provider's recent bulks.
 */
import { randomUUID } from 'node:crypto';
import type { HttpResponseInit } from '@azure/functions';
import { getDeps } from '../../shared/deps.js';
import { normalizePhone } from '../../shared/domain/company-form.js';
import type { IdempotencyStore } from '../../shared/domain/ports.js';
import { type BulkDeps, recentBatches } from '../../shared/domain/use-cases/bulk-invitations.js';
import {
  type ConsoleEdgeDeps,
  type ConsoleVisit,
  consoleEdgeDeps,
  consoleFrame,
  consolePage,
  formRequestKey,
  postedFormToken,
} from '../../shared/http/console-route.js';
import { CsvError, decodeCsv, parseCsv, UnsupportedCharset } from '../../shared/http/csv.js';
import { edge } from '../../shared/http/handler.js';
import { withIdempotency } from '../../shared/http/idempotency.js';
import { bulkInvitations, csvHeaderProblem, readBulkRequest } from '../../shared/http/invitation-bulk.js';
import { MAX_BULK } from '../../shared/http/invitation-schema.js';
import { RequestProblem } from '../../shared/http/request.js';
import { page, redirect } from '../../shared/http/respond.js';
import { BULK_PATH, batchPath, renderConsoleBulk } from '../../shared/web/console-bulk-pages.js';
import { type ConsoleFrame, consoleHref } from '../../shared/web/console-pages.js';
import type { BulkFormProblem } from '../../shared/web/messages/console-bulk.js';

export type ConsoleInviteBulkDeps = ConsoleEdgeDeps & { bulk: BulkDeps; idempotency: IdempotencyStore };

/**
 * The largest bulk form (bytes): 10,000 rows of the usual width (150–250 bytes) are 1.5–2.5 MB; the API's CSV takes 8 MiB.
 * Azure's front end refuses HTTP requests over 100 MB (docs/decisions.md, "The bulk page's upload limit").
 */
export const BULK_FORM_LIMIT = 8 * 1024 * 1024;

const frameOf = (visit: ConsoleVisit): ConsoleFrame => consoleFrame(visit, 'invite', BULK_PATH);

async function formPage(
  status: number,
  visit: ConsoleVisit,
  deps: ConsoleInviteBulkDeps,
  extra: { problem?: BulkFormProblem; pasted?: string; formToken?: string } = {},
): Promise<HttpResponseInit> {
  const recent = await recentBatches(deps.bulk, visit.professional);
  return page(
    status,
    renderConsoleBulk(frameOf(visit), {
      providerName: visit.provider.name,
      formToken: extra.formToken ?? randomUUID(),
      max: MAX_BULK,
      problem: extra.problem,
      // A pasted text too large to show again is not shown: the professional pastes it again.
      pasted: (extra.pasted ?? '').length <= 64 * 1024 ? (extra.pasted ?? '') : '',
      recent,
    }),
  );
}

/** The CSV's text: the file's bytes decoded (never as UTF-8 text), else the pasted rows. */
function csvText(visit: ConsoleVisit): { text: string } | { problem: BulkFormProblem } {
  const file = visit.files.get('file');
  if (file && file.bytes.byteLength > 0) {
    try {
      return { text: decodeCsv(file.bytes, file.type) };
    } catch (error) {
      if (error instanceof CsvError) return { problem: { kind: 'unreadable', reason: error.problem } };
      if (error instanceof UnsupportedCharset) return { problem: { kind: 'charset', charset: error.charset } };
      throw error;
    }
  }
  const pasted = visit.form.get('rows') ?? '';
  return pasted.trim() === '' ? { problem: { kind: 'nothing' } } : { text: pasted };
}

/**
 * A row's mobile numbers read as people type them, as the single Invite form reads its own (`normalizePhone`: « 06 12
 * 34 56 78 » in France, the company's country when the row gives one, `company.address.country`): spreadsheets hold national numbers. A number it
 * cannot read stays as typed, for the schema to refuse with its reason.
 */
const objectOf = (value: unknown) =>
  typeof value === 'object' && value !== null ? (value as Record<string, unknown>) : undefined;

function phonesAsTyped(row: unknown): unknown {
  if (typeof row !== 'object' || row === null) return row;
  const item = row as { phone?: unknown; company?: unknown };
  const company = objectOf(item.company);
  const given = objectOf(company?.address)?.country;
  const country = typeof given === 'string' && /^[A-Za-z]{2}$/.test(given) ? given.toUpperCase() : 'FR';
  const read = (value: unknown) => (typeof value === 'string' ? (normalizePhone(value, country) ?? value) : value);
  return {
    ...item,
    ...(item.phone === undefined ? {} : { phone: read(item.phone) }),
    ...(company && company.phone !== undefined ? { company: { ...company, phone: read(company.phone) } } : {}),
  };
}

/** The rows of the CSV as the API reads them, or why the form comes back. */
function rowsOf(text: string): { rows: unknown[] } | { problem: BulkFormProblem } {
  let records: string[][];
  try {
    records = parseCsv(text);
  } catch (error) {
    if (error instanceof CsvError) return { problem: { kind: 'unreadable', reason: error.problem } };
    throw error;
  }
  if (records.length === 0) return { problem: { kind: 'empty' } };
  const header = csvHeaderProblem(text);
  if (header?.kind === 'missing') return { problem: { kind: 'missing-columns', columns: header.columns } };
  if (header?.kind === 'unknown') return { problem: { kind: 'unknown-columns', columns: header.columns } };
  if (records.length === 1) return { problem: { kind: 'no-rows' } };
  if (records.length - 1 > MAX_BULK) return { problem: { kind: 'too-many', rows: records.length - 1, max: MAX_BULK } };
  try {
    return { rows: readBulkRequest({ csv: text }).map(phonesAsTyped) };
  } catch (error) {
    // A row the header does not hold (more cells than columns): its problem, as the API's answer carries it.
    if (error instanceof RequestProblem && error.csv) return { problem: { kind: 'unreadable', reason: error.csv } };
    throw error;
  }
}

export const consoleInviteBulkHandler = consolePage<ConsoleInviteBulkDeps>(
  'Invitations.Send',
  async (visit, deps) => {
    if (visit.request.method !== 'POST') return formPage(200, visit, deps);
    const formToken = postedFormToken(visit);
    const pasted = visit.form.get('rows') ?? '';
    const again = (problem: BulkFormProblem, status = 400) =>
      formPage(status, visit, deps, { problem, pasted, ...(formToken ? { formToken } : {}) });
    const source = csvText(visit);
    if ('problem' in source) return again(source.problem);
    const read = rowsOf(source.text);
    if ('problem' in read) {
      visit.log.info('console.bulk.refused', { reason: read.problem.kind });
      return again(read.problem);
    }
    const professional = visit.professional;
    const request = `csv|${source.text}`;
    const key = formRequestKey(formToken, request);
    const answer = await withIdempotency(
      deps.idempotency,
      {
        key: key ?? null,
        scope: `console-bulk|${professional.providerId}|${professional.oid}`,
        request,
        now: deps.bulk.clock.now(),
      },
      async () => {
        const accepted = await bulkInvitations(deps.bulk).start(professional, read.rows);
        visit.log.info('console.bulk.accepted', {
          batchId: accepted.batchId,
          providerId: professional.providerId,
          accepted: accepted.accepted,
          rejected: accepted.rejected.length,
        });
        return redirect(consoleHref(batchPath(accepted.batchId), visit.locale));
      },
    );
    // The first post of this form still runs (a double click): say so rather than answer problem+json.
    const type = (answer.headers as Record<string, string> | undefined)?.['Content-Type'] ?? '';
    if (type.startsWith('application/problem+json')) return again({ kind: 'try-again' }, 409);
    return answer;
  },
  { body: { limit: BULK_FORM_LIMIT, multipart: true } },
);

/** `ConsoleInviteBulk` as the host calls it (registered by functions/console-invite-bulk.ts, which imports this module on the first call). */
export const handler = edge(consoleInviteBulkHandler, () => {
  const deps = getDeps();
  return { ...consoleEdgeDeps(deps), bulk: deps.bulk, idempotency: deps.idempotency };
});
