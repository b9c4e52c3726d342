/**
 * Bulk requests of `POST /api/InviteUser`: `{ invitations: [...] }` (JSON) or `text/csv` with a header row, up to
 * 10,000 rows. Every row is read now with the single invitation's schema — the API's contract, so a bad row is
 * refused with one error per field as a single invitation would be; the rows read go to the bulk use case.
 */
import type { HttpRequest } from '@azure/functions';
import type { BatchProgress, BatchRow, RejectedRow } from '../domain/bulk.js';
import type { ActingProfessional } from '../domain/provider.js';
import { type BulkAccepted, type BulkDeps, startBulk } from '../domain/use-cases/bulk-invitations.js';
import { CsvError, csvToObjects, decodeCsv, parseCsv, UnsupportedCharset } from './csv.js';
import { bulkRequestSchema, invitationRequestSchema, MAX_BULK } from './invitation-schema.js';
import { edgeProblems, problemResponse } from './problem.js';
import { fieldProblems, parseWith, RequestProblem, validationProblem } from './request.js';

export interface BulkInvitations {
  start(professional: ActingProfessional, rows: unknown[]): Promise<BulkAccepted>;
}

const CSV_LIMIT = 8 * 1024 * 1024;

/**
 * The CSV body as text, refused above the size limit (in bytes). The bytes are decoded here (`decodeCsv`: the
 * `charset` of `Content-Type`, else UTF-8 or Windows-1252), never with `text()`, which reads every body as UTF-8
 * and turns Windows-1252 accents into U+FFFD. An unknown charset is a 415; bytes that cannot be read, a 400.
 */
export async function readCsvText(request: HttpRequest): Promise<string> {
  if (Number(request.headers.get('content-length') ?? '0') > CSV_LIMIT)
    throw new RequestProblem(edgeProblems.payloadTooLarge(CSV_LIMIT));
  const bytes = new Uint8Array(await request.arrayBuffer());
  if (bytes.byteLength > CSV_LIMIT) throw new RequestProblem(edgeProblems.payloadTooLarge(CSV_LIMIT));
  try {
    return decodeCsv(bytes, request.headers.get('content-type') ?? '');
  } catch (error) {
    if (error instanceof UnsupportedCharset)
      throw new RequestProblem(
        problemResponse({
          status: 415,
          code: 'unsupported-media-type',
          title: 'Unsupported content type',
          detail: `The charset "${error.charset}" is not supported: send the CSV in UTF-8 (charset=utf-8) or Windows-1252 (charset=windows-1252 or iso-8859-1), or without a charset.`,
        }),
      );
    throw unreadable(error);
  }
}

/**
 * A CSV that cannot be read is one problem at `#`, whatever the step that failed; when the problem is one row's, the
 * answer names it: `row`, numbered from 1 at the first row after the header (0: the header row), as the console's
 * batch page numbers rows.
 */
function unreadable(error: unknown): unknown {
  if (!(error instanceof CsvError)) return error;
  const row = error.row;
  return new RequestProblem(
    problemResponse({
      status: 400,
      code: 'validation-failed',
      title: 'The request has invalid fields',
      detail: 'The CSV cannot be read.',
      ...(row === undefined ? {} : { row }),
      errors: [{ pointer: '#', detail: error.message }],
    }),
    error.problem,
  );
}

/** The rows of a bulk: the JSON body's `invitations`, or the CSV's rows. */
export function readBulkRequest(body: { json: unknown } | { csv: string }): unknown[] {
  if ('json' in body) return parseWith(bulkRequestSchema, body.json).invitations;
  let rows: unknown[];
  try {
    rows = csvToObjects(body.csv);
  } catch (error) {
    throw unreadable(error);
  }
  if (rows.length === 0) throw validationProblem([{ pointer: '#', detail: 'the CSV has a header but no rows' }]);
  if (rows.length > MAX_BULK) throw validationProblem([{ pointer: '#', detail: `at most ${MAX_BULK} rows` }]);
  return rows;
}

/** The email a refused row gave, as given (trimmed), when it gave text there. */
function emailOf(item: unknown): { email?: string } {
  const email = typeof item === 'object' && item !== null ? (item as { email?: unknown }).email : undefined;
  return typeof email === 'string' && email.trim() !== '' ? { email: email.trim().slice(0, 320) } : {};
}

/** The JSON API's rows as its contract states them: index and errors (the email kept for the console stays out). */
export const apiRejected = (rows: RejectedRow[]) => rows.map(({ index, errors }) => ({ index, errors }));

/**
 * `GET /api/invitations/batches/{id}`'s answer as its contract states it: the rows' emails and the count of emails to
 * send, kept for the console's pages, stay out.
 */
export function apiBatchProgress(progress: BatchProgress) {
  const { emailed: _, ...answer } = progress;
  return {
    ...answer,
    createdAt: progress.createdAt.toISOString(),
    rejected: apiRejected(progress.rejected),
    refused: progress.refused.map(({ email: _email, ...row }) => row),
  };
}

/** The CSV columns a bulk reads (the JSON fields of `invitationRequestSchema`, nested ones with dots), required first. */
export const BULK_COLUMNS = {
  required: ['email', 'firstName', 'lastName'],
  optional: [
    'locale',
    'phone',
    'expiresInDays',
    'message',
    'sendEmail',
    'company.name',
    'company.registrationNumber',
    'company.vatNumber',
    'company.phone',
    'company.address.line1',
    'company.address.line2',
    'company.address.postalCode',
    'company.address.city',
    'company.address.country',
  ],
} as const;

/** What is wrong with a CSV's header row, for a page to say before reading any row: columns missing or unknown. */
export type CsvHeaderProblem = { kind: 'missing'; columns: string[] } | { kind: 'unknown'; columns: string[] };

/**
 * The header of a CSV's text checked against `BULK_COLUMNS` (the API reads such a file too, refusing each row with
 * its unknown field; a page says it once). A CSV that cannot be read throws `CsvError`.
 */
export function csvHeaderProblem(text: string): CsvHeaderProblem | undefined {
  const header = (parseCsv(text)[0] ?? []).map((cell) => cell.trim()).filter((cell) => cell !== '');
  const known = new Set<string>([...BULK_COLUMNS.required, ...BULK_COLUMNS.optional]);
  const unknown = header.filter((column) => !known.has(column));
  if (unknown.length > 0) return { kind: 'unknown', columns: unknown };
  const missing = BULK_COLUMNS.required.filter((column) => !header.includes(column));
  return missing.length > 0 ? { kind: 'missing', columns: missing } : undefined;
}

/** Starts bulks: each row read with the invitation request's schema, then the bulk use case. */
export function bulkInvitations(deps: BulkDeps): BulkInvitations {
  return {
    start(professional, items) {
      const rows: BatchRow[] = [];
      const rejected: RejectedRow[] = [];
      items.forEach((item, index) => {
        const parsed = invitationRequestSchema.safeParse(item);
        if (parsed.success) rows.push({ index, details: parsed.data });
        else rejected.push({ index, ...emailOf(item), errors: fieldProblems(parsed.error) });
      });
      return startBulk(deps, professional, rows, rejected);
    },
  };
}
