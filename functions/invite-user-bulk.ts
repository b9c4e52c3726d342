/**
 * Bulk requests of `POST /api/InviteUser`: `{ invitations: [...] }` (JSON) or `text/csv` with a header row, up to
 * 10,000 rows. Every row is validated now with the single invitation's schema; accepted rows go to the batch.
 */
import type { HttpRequest } from '@azure/functions';
import type { BatchRow, RejectedRow } from '../shared/domain/bulk.js';
import type { ActingProfessional } from '../shared/domain/provider.js';
import { acceptBulk, type BulkAccepted, type BulkDeps } from '../shared/domain/use-cases/bulk-invitations.js';
import { CsvError, csvToObjects } from '../shared/http/csv.js';
import { edgeProblems } from '../shared/http/problem.js';
import { fieldProblems, parseWith, RequestProblem, validationProblem } from '../shared/http/request.js';
import { bulkRequestSchema, invitationRequestSchema, MAX_BULK } from './invitation-schema.js';

export interface BulkInvitations {
  start(professional: ActingProfessional, rows: unknown[]): Promise<BulkAccepted>;
}

const CSV_LIMIT = 8 * 1024 * 1024;

/** The CSV body, refused above the size limit. */
export async function readCsvText(request: HttpRequest): Promise<string> {
  if (Number(request.headers.get('content-length') ?? '0') > CSV_LIMIT)
    throw new RequestProblem(edgeProblems.payloadTooLarge(CSV_LIMIT));
  const text = await request.text();
  if (text.length > CSV_LIMIT) throw new RequestProblem(edgeProblems.payloadTooLarge(CSV_LIMIT));
  return text;
}

/** The rows of a bulk: the JSON body's `invitations`, or the CSV's rows. */
export function readBulkRequest(body: { json: unknown } | { csv: string }): unknown[] {
  if ('json' in body) return parseWith(bulkRequestSchema, body.json).invitations;
  let rows: unknown[];
  try {
    rows = csvToObjects(body.csv);
  } catch (error) {
    if (error instanceof CsvError)
      throw validationProblem([{ pointer: '#', detail: error.message }], 'The CSV cannot be read.');
    throw error;
  }
  if (rows.length === 0) throw validationProblem([{ pointer: '#', detail: 'the CSV has a header but no rows' }]);
  if (rows.length > MAX_BULK) throw validationProblem([{ pointer: '#', detail: `at most ${MAX_BULK} rows` }]);
  return rows;
}

export function bulkInvitations(deps: BulkDeps): BulkInvitations {
  return {
    start(professional, items) {
      const rows: BatchRow[] = [];
      const rejected: RejectedRow[] = [];
      items.forEach((item, index) => {
        const parsed = invitationRequestSchema.safeParse(item);
        if (parsed.success) rows.push({ index, details: parsed.data });
        else rejected.push({ index, errors: fieldProblems(parsed.error) });
      });
      // The same email twice in one bulk: the first row wins, later ones are rejected now.
      const seen = new Map<string, number>();
      const unique = rows.filter((row) => {
        const first = seen.get(row.details.email);
        if (first === undefined) {
          seen.set(row.details.email, row.index);
          return true;
        }
        rejected.push({ index: row.index, errors: [{ pointer: '#/email', detail: `same email as row ${first}` }] });
        return false;
      });
      rejected.sort((a, b) => a.index - b.index);
      return acceptBulk(deps, professional, unique, rejected);
    },
  };
}
