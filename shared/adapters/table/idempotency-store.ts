/**
 * Remembered answers for `Idempotency-Key` (API.md: a replay within 24 h returns the first response). One row per
 * (scope, key hash) in `Idempotency`: first an "in progress" claim (a conditional insert, so two concurrent
 * requests with one key cannot both run), then the answer. The answer's body is kept in pages beside the row
 * (`<hash>|body|<n>`, 30,000 characters each): a bulk's answer can pass 2 MB, twice what one entity holds once
 * Azure counts it in UTF-16. Pages are written first and the row last, in transactions within Azure's limits, so
 * a row that says "done" always has its whole body.
 */
import { createHash } from 'node:crypto';
import type { TableClient, TransactionAction } from '@azure/data-tables';
import type { IdempotencyRecord, IdempotencyStore, RememberedResponse } from '../../domain/ports.js';
import type { TextSealer } from '../sealed-text.js';
import { checkTransaction, planTransactions } from './entity-limits.js';
import { odata } from './odata.js';
import { deleteMatching, isConflict, isNotFound, isPreconditionFailed, storage, type TableFactory } from './tables.js';
import { pageKey, textPages } from './text-pages.js';

const bodyPrefix = (hash: string) => `${hash}|body|`;

const rowKey = (key: string) => createHash('sha256').update(key).digest('base64url');

/** How often `begin` tries to claim a key that other requests keep claiming and releasing. */
const CLAIM_ATTEMPTS = 3;

/** What is recorded under a key: the claim, or the answer with its body pages; undefined once released. */
async function recorded(
  t: TableClient,
  sealer: TextSealer,
  scope: string,
  key: string,
): Promise<IdempotencyRecord | undefined> {
  const hash = rowKey(key);
  let row: Record<string, unknown>;
  try {
    row = await t.getEntity<Record<string, unknown>>(scope, hash);
  } catch (error) {
    if (isNotFound(error)) return undefined;
    throw error;
  }
  const base = {
    fingerprint: String(row.Fingerprint),
    createdAt: new Date(String(row.CreatedAt)),
    etag: String(row.etag),
  };
  if (row.State !== 'done') return { state: 'in-progress', ...base };
  const pages = t.listEntities<{ Body?: string }>({
    queryOptions: {
      filter: odata`PartitionKey eq ${scope} and RowKey ge ${bodyPrefix(hash)} and RowKey lt ${`${hash}|body}`}`,
      select: ['Body'],
    },
  });
  const count = Number(row.BodyPages ?? 0);
  const parts: string[] = [];
  if (count > 0)
    for await (const page of pages) {
      parts.push(page.Body ?? '');
      if (parts.length >= count) break;
    }
  const response: RememberedResponse = {
    status: Number(row.Status),
    headers: JSON.parse(String(row.Headers ?? '{}')) as Record<string, string>,
    body: count > 0 ? sealer.open(parts.join('')) : '',
  };
  return { state: 'done', ...base, response };
}

export function tableIdempotencyStore(tables: TableFactory, sealer: TextSealer): IdempotencyStore {
  const table = () => tables('Idempotency');
  return {
    begin: (scope, key, fingerprint, now) =>
      storage(async () => {
        const t = await table();
        // Claim, or read the claim; a claim released between the two (its request failed) is claimed again. A key
        // that keeps being claimed and released is in progress for this caller: 409, never an error.
        for (let attempt = 0; attempt < CLAIM_ATTEMPTS; attempt++) {
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
          const record = await recorded(t, sealer, scope, key);
          if (record) return { claimed: false, record } as const;
        }
        return {
          claimed: false,
          record: { state: 'in-progress', fingerprint, createdAt: now, etag: '*' },
        } as const;
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
        const hash = rowKey(key);
        // The body is sealed: a remembered answer may hold a secret (a link's key) and personal data.
        const pages = response.body ? textPages(sealer.seal(response.body)) : [];
        const actions: TransactionAction[] = pages.map((page, n) => [
          'upsert',
          { partitionKey: scope, rowKey: pageKey(bodyPrefix(hash), n), Body: page, CreatedAt: createdAt.toISOString() },
          'Replace',
        ]);
        actions.push([
          'upsert',
          {
            partitionKey: scope,
            rowKey: hash,
            State: 'done',
            Fingerprint: fingerprint,
            CreatedAt: createdAt.toISOString(),
            Status: response.status,
            Headers: JSON.stringify(response.headers),
            BodyPages: pages.length,
          },
          'Replace',
        ]);
        const transactions = planTransactions(actions);
        for (const transaction of transactions) checkTransaction(transaction);
        const t = await table();
        for (const transaction of transactions) await t.submitTransaction(transaction);
      }),
    purge: (before) =>
      // Rows and their body pages alike carry CreatedAt; a row a restart took over meanwhile is left to the next run.
      storage(async () => deleteMatching(await table(), odata`CreatedAt lt ${before.toISOString()}`)),
    abandon: (scope, key) =>
      storage(async () => {
        await (await table()).deleteEntity(scope, rowKey(key)).catch((error: unknown) => {
          if (!isNotFound(error)) throw error;
        });
      }),
  };
}
