/**
 * Bulk invitations in Table Storage (`Batches`, one partition per batch): `batch` (the header: who, when, counts),
 * `rejected|<n>` (pages of the rows refused at once: up to 10,000 of them, far more than one entity holds),
 * `chunk|<n>` (up to 100 rows and their outcome) and `delivery|<n>` (its emails sent and failed). JSON is split
 * over columns or pages of 30,000 characters (Azure counts 2 bytes a character, at most 64 KB a property). A batch
 * is written in transactions planned within Azure's limits (100 entities, 4 MiB), all checked before the first is
 * sent, and the header goes last: until it is written the batch does not exist for anyone.
 *
 * Each provider's batches are listed newest first in a partition of their own, `provider|<provider id>` (batch ids are
 * UUIDs: no batch's partition looks like it), one row `batch|<reverse time>|<batch id>` holding the header's summary,
 * written right after the header: `recent` reads the first rows of that range, never the table. A crash between the
 * header and its listing row leaves the batch out of the list; its page still opens.
 *
 * 90 days after its creation the retention job deletes a batch whole, its listing row with it (retention-store.ts).
 */
import type { TransactionAction } from '@azure/data-tables';
import type { BatchHeader, BatchRow, BatchSummary, ChunkOutcome, RejectedRow } from '../../domain/bulk.js';
import type { BatchStore } from '../../domain/ports.js';
import { checkTransaction, planTransactions } from './entity-limits.js';
import { odata } from './odata.js';
import { isConflict, isNotFound, isPreconditionFailed, storage, type TableFactory } from './tables.js';
import { pageKey, textPages } from './text-pages.js';

/** The header's row key (the retention job finds batches by it). */
export const BATCH_HEADER = 'batch';
const REJECTED = 'rejected|';
const chunkKey = (n: number) => `chunk|${String(n).padStart(5, '0')}`;
/** Emails sent and failed per chunk: a row of their own, so counting never races with recording the chunk. */
const deliveryKey = (n: number) => `delivery|${String(n).padStart(5, '0')}`;
const listingPartition = (providerId: string) => `provider|${providerId}`;
/** Newest first: row keys sort ascending, so the time is stored reversed (as the invitations' listing). */
const listingKey = (createdAt: Date, id: string) =>
  `batch|${String(9_999_999_999_999 - createdAt.getTime()).padStart(13, '0')}|${id}`;
/** Where a batch's listing row is (the retention job deletes it with the batch). */
export const batchListingRow = (summary: BatchSummary) => ({
  partitionKey: listingPartition(summary.providerId),
  rowKey: listingKey(summary.createdAt, summary.id),
});
const EMPTY_OUTCOME: ChunkOutcome = { status: 'pending', created: 0, refused: [], sent: 0, deliveryFailed: 0 };

function split(json: string, prefix: string): Record<string, string> {
  return Object.fromEntries(textPages(json).map((part, i) => [`${prefix}${i}`, part]));
}

function join(row: Record<string, unknown>, prefix: string): string {
  const parts: string[] = [];
  for (let i = 0; typeof row[`${prefix}${i}`] === 'string'; i++) parts.push(row[`${prefix}${i}`] as string);
  return parts.join('');
}

const reviveHeader = (json: string): BatchSummary => {
  const { rejected: _, ...header } = JSON.parse(json) as BatchHeader;
  return { ...header, createdAt: new Date(header.createdAt) };
};

/** The summary a header row (or a listing row) holds. */
export const batchSummaryOf = (row: Record<string, unknown>): BatchSummary => reviveHeader(join(row, 'Header'));

export function tableBatchStore(tables: TableFactory): BatchStore {
  const table = () => tables('Batches');
  return {
    create: (header, chunks) =>
      storage(async () => {
        const { rejected, ...summary } = header;
        const pages = textPages(JSON.stringify(rejected));
        const actions: TransactionAction[] = [];
        for (const [n, rows] of chunks)
          actions.push([
            'create',
            {
              partitionKey: header.id,
              rowKey: chunkKey(n),
              ...split(JSON.stringify(rows), 'Rows'),
              Outcome: JSON.stringify(EMPTY_OUTCOME),
            },
          ]);
        pages.forEach((page, n) => {
          actions.push(['create', { partitionKey: header.id, rowKey: pageKey(REJECTED, n), Json: page }]);
        });
        actions.push([
          'create',
          {
            partitionKey: header.id,
            rowKey: BATCH_HEADER,
            ...split(JSON.stringify(summary), 'Header'),
            RejectedPages: pages.length,
          },
        ]);
        const transactions = planTransactions(actions);
        // Every transaction is checked before the first is sent: a batch Azure would refuse writes nothing.
        for (const transaction of transactions) checkTransaction(transaction);
        const t = await table();
        for (const transaction of transactions) await t.submitTransaction(transaction);
        await t.createEntity({
          partitionKey: listingPartition(header.providerId),
          rowKey: listingKey(header.createdAt, header.id),
          ...split(JSON.stringify(summary), 'Header'),
        });
      }),
    header: (batchId) =>
      storage(async () => {
        try {
          return reviveHeader(
            join(await (await table()).getEntity<Record<string, unknown>>(batchId, BATCH_HEADER), 'Header'),
          );
        } catch (error) {
          if (isNotFound(error)) return undefined;
          throw error;
        }
      }),
    rejected: (batchId) =>
      storage(async () => {
        const pages = (await table()).listEntities<{ Json?: string }>({
          queryOptions: {
            filter: odata`PartitionKey eq ${batchId} and RowKey ge ${REJECTED} and RowKey lt 'rejected}'`,
            select: ['Json'],
          },
        });
        const parts: string[] = [];
        for await (const page of pages) parts.push(page.Json ?? '');
        return parts.length ? (JSON.parse(parts.join('')) as RejectedRow[]) : [];
      }),
    chunk: (batchId, n) =>
      storage(async () => {
        try {
          const row = await (await table()).getEntity<Record<string, unknown>>(batchId, chunkKey(n));
          return {
            value: {
              rows: JSON.parse(join(row, 'Rows')) as BatchRow[],
              outcome: JSON.parse(String(row.Outcome)) as ChunkOutcome,
            },
            etag: row.etag,
          };
        } catch (error) {
          if (isNotFound(error)) return undefined;
          throw error;
        }
      }),
    finishChunk: (batchId, n, etag, outcome) =>
      storage(async () => {
        try {
          await (await table()).updateEntity(
            { partitionKey: batchId, rowKey: chunkKey(n), Outcome: JSON.stringify(outcome) },
            'Merge',
            { etag },
          );
          return true;
        } catch (error) {
          if (isPreconditionFailed(error)) return false;
          throw error;
        }
      }),
    outcomes: (batchId) =>
      storage(async () => {
        const rows = (await table()).listEntities<Record<string, unknown>>({
          queryOptions: { filter: odata`PartitionKey eq ${batchId} and RowKey ge 'chunk|' and RowKey lt 'delivery}'` },
        });
        const outcomes = new Map<string, ChunkOutcome>();
        const delivered = new Map<string, { sent: number; failed: number }>();
        for await (const row of rows) {
          const [kind, n = ''] = String(row.rowKey).split('|');
          if (kind === 'chunk') outcomes.set(n, JSON.parse(String(row.Outcome)) as ChunkOutcome);
          else if (kind === 'delivery')
            delivered.set(n, { sent: Number(row.Sent ?? 0), failed: Number(row.Failed ?? 0) });
        }
        return [...outcomes.entries()].map(([n, outcome]) => ({
          ...outcome,
          sent: delivered.get(n)?.sent ?? 0,
          deliveryFailed: delivered.get(n)?.failed ?? 0,
        }));
      }),
    recent: (providerId, limit) =>
      storage(async () => {
        const rows = (await table()).listEntities<Record<string, unknown>>({
          queryOptions: {
            filter: odata`PartitionKey eq ${listingPartition(providerId)} and RowKey ge 'batch|' and RowKey lt 'batch}'`,
          },
        });
        const found: BatchSummary[] = [];
        // Pages come in key order, newest first: stop at the limit rather than read the provider's whole history.
        for await (const page of rows.byPage({ maxPageSize: limit })) {
          for (const row of page) if (found.length < limit) found.push(reviveHeader(join(row, 'Header')));
          if (found.length >= limit) break;
        }
        return found;
      }),
    countDelivery: (batchId, n, outcome) =>
      storage(async () => {
        const t = await table();
        const column = outcome === 'sent' ? 'Sent' : 'Failed';
        for (let attempt = 0; attempt < 10; attempt++) {
          let row: (Record<string, unknown> & { etag: string }) | undefined;
          try {
            row = await t.getEntity<Record<string, unknown>>(batchId, deliveryKey(n));
          } catch (error) {
            if (!isNotFound(error)) throw error;
          }
          try {
            if (!row)
              await t.createEntity({ partitionKey: batchId, rowKey: deliveryKey(n), Sent: 0, Failed: 0, [column]: 1 });
            else
              await t.updateEntity(
                { partitionKey: batchId, rowKey: deliveryKey(n), [column]: Number(row[column] ?? 0) + 1 },
                'Merge',
                { etag: row.etag },
              );
            return;
          } catch (error) {
            if (!isPreconditionFailed(error) && !isConflict(error)) throw error;
          }
        }
      }),
  };
}
