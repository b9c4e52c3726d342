/**
 * Remembered answers for `Idempotency-Key` (API.md: a replay within 24 h returns the first response). One row per
 * (scope, key hash) in `Idempotency`: first an "in progress" claim (a conditional insert, so two concurrent
 * requests with one key cannot both run), then the answer. Large answers are split over several columns.
 */
import { createHash } from 'node:crypto';
import { isConflict, isNotFound, isPreconditionFailed, storage, type TableFactory } from './tables.js';

export const IDEMPOTENCY_WINDOW_MS = 24 * 60 * 60 * 1000;
const COLUMN_CHARS = 30_000; // 64 KiB per string column in UTF-16
const MAX_COLUMNS = 30;

export interface RememberedResponse {
  status: number;
  headers: Record<string, string>;
  body: string;
}

export type IdempotencyRecord =
  | { state: 'in-progress'; fingerprint: string; createdAt: Date; etag: string }
  | { state: 'done'; fingerprint: string; createdAt: Date; etag: string; response: RememberedResponse };

export interface IdempotencyStore {
  /** Claims the key for a new request; or returns what is already recorded under it. */
  begin(
    scope: string,
    key: string,
    fingerprint: string,
    now: Date,
  ): Promise<{ claimed: true; etag: string } | { claimed: false; record: IdempotencyRecord }>;
  /** Takes over a record older than the window (If-Match). */
  restart(scope: string, key: string, fingerprint: string, now: Date, etag: string): Promise<string | undefined>;
  finish(scope: string, key: string, fingerprint: string, createdAt: Date, response: RememberedResponse): Promise<void>;
  abandon(scope: string, key: string): Promise<void>;
}

const rowKey = (key: string) => createHash('sha256').update(key).digest('base64url');

export function tableIdempotencyStore(tables: TableFactory): IdempotencyStore {
  const table = () => tables('Idempotency');
  return {
    begin: (scope, key, fingerprint, now) =>
      storage(async () => {
        const t = await table();
        try {
          const created = await t.createEntity({
            partitionKey: scope,
            rowKey: rowKey(key),
            State: 'in-progress',
            Fingerprint: fingerprint,
            CreatedAt: now.toISOString(),
          });
          return { claimed: true, etag: created.etag ?? '*' } as const;
        } catch (error) {
          if (!isConflict(error)) throw error;
        }
        const row = await t.getEntity<Record<string, unknown>>(scope, rowKey(key));
        const base = {
          fingerprint: String(row.Fingerprint),
          createdAt: new Date(String(row.CreatedAt)),
          etag: row.etag,
        };
        if (row.State !== 'done') return { claimed: false, record: { state: 'in-progress', ...base } } as const;
        const parts: string[] = [];
        for (let i = 0; i < MAX_COLUMNS && typeof row[`Body${i}`] === 'string'; i++)
          parts.push(row[`Body${i}`] as string);
        const response: RememberedResponse = {
          status: Number(row.Status),
          headers: JSON.parse(String(row.Headers ?? '{}')) as Record<string, string>,
          body: parts.join(''),
        };
        return { claimed: false, record: { state: 'done', ...base, response } } as const;
      }),
    restart: (scope, key, fingerprint, now, etag) =>
      storage(async () => {
        try {
          const updated = await (await table()).updateEntity(
            {
              partitionKey: scope,
              rowKey: rowKey(key),
              State: 'in-progress',
              Fingerprint: fingerprint,
              CreatedAt: now.toISOString(),
            },
            'Replace',
            { etag },
          );
          return updated.etag;
        } catch (error) {
          if (isPreconditionFailed(error) || isNotFound(error)) return undefined;
          throw error;
        }
      }),
    finish: (scope, key, fingerprint, createdAt, response) =>
      storage(async () => {
        const columns: Record<string, string> = {};
        const chunks = Math.ceil(response.body.length / COLUMN_CHARS);
        // An answer too large to keep is not remembered: a replay then runs again, which the use cases tolerate.
        if (chunks > MAX_COLUMNS) {
          await (await table()).deleteEntity(scope, rowKey(key)).catch(() => undefined);
          return;
        }
        for (let i = 0; i < chunks; i++)
          columns[`Body${i}`] = response.body.slice(i * COLUMN_CHARS, (i + 1) * COLUMN_CHARS);
        await (await table()).upsertEntity(
          {
            partitionKey: scope,
            rowKey: rowKey(key),
            State: 'done',
            Fingerprint: fingerprint,
            CreatedAt: createdAt.toISOString(),
            Status: response.status,
            Headers: JSON.stringify(response.headers),
            ...columns,
          },
          'Replace',
        );
      }),
    abandon: (scope, key) =>
      storage(async () => {
        await (await table()).deleteEntity(scope, rowKey(key)).catch((error: unknown) => {
          if (!isNotFound(error)) throw error;
        });
      }),
  };
}
