/**
 * Bulk invitations in Table Storage (`Batches`, one partition per batch): `batch` (the header: who, when, counts,
 * rejected rows), `chunk|<n>` (up to 100 rows and their outcome) and `delivery|<n>` (its emails sent and failed). Rows are kept as JSON split over columns
 * (a column holds 64 KiB); the header and chunks are written in transactions of at most 100 entities / 4 MiB.
 */
import type { TransactionAction } from '@azure/data-tables';
import type { BatchHeader, BatchRow, ChunkOutcome } from '../../domain/bulk.js';
import type { BatchStore } from '../../domain/ports.js';
import { odata } from './odata.js';
import { isConflict, isNotFound, isPreconditionFailed, storage, type TableFactory } from './tables.js';

const HEADER = 'batch';
const chunkKey = (n: number) => `chunk|${String(n).padStart(5, '0')}`;
/** Emails sent and failed per chunk: a row of their own, so counting never races with recording the chunk. */
const deliveryKey = (n: number) => `delivery|${String(n).padStart(5, '0')}`;
const COLUMN_CHARS = 30_000;
const MAX_TRANSACTION_CHARS = 1_500_000; // well under 4 MiB once UTF-16 and OData framing are counted
const EMPTY_OUTCOME: ChunkOutcome = { status: 'pending', created: 0, refused: [], sent: 0, deliveryFailed: 0 };

function split(json: string, prefix: string): Record<string, string> {
  const columns: Record<string, string> = {};
  for (let i = 0; i * COLUMN_CHARS < json.length; i++)
    columns[`${prefix}${i}`] = json.slice(i * COLUMN_CHARS, (i + 1) * COLUMN_CHARS);
  return columns;
}

function join(row: Record<string, unknown>, prefix: string): string {
  const parts: string[] = [];
  for (let i = 0; typeof row[`${prefix}${i}`] === 'string'; i++) parts.push(row[`${prefix}${i}`] as string);
  return parts.join('');
}

const reviveHeader = (json: string): BatchHeader => {
  const header = JSON.parse(json) as BatchHeader;
  return { ...header, createdAt: new Date(header.createdAt) };
};

export function tableBatchStore(tables: TableFactory): BatchStore {
  const table = () => tables('Batches');
  return {
    create: (header, chunks) =>
      storage(async () => {
        const t = await table();
        let actions: TransactionAction[] = [
          ['create', { partitionKey: header.id, rowKey: HEADER, ...split(JSON.stringify(header), 'Header') }],
        ];
        let size = JSON.stringify(header).length;
        for (const [n, rows] of chunks) {
          const json = JSON.stringify(rows);
          if (actions.length >= 100 || size + json.length > MAX_TRANSACTION_CHARS) {
            await t.submitTransaction(actions);
            actions = [];
            size = 0;
          }
          actions.push([
            'create',
            {
              partitionKey: header.id,
              rowKey: chunkKey(n),
              ...split(json, 'Rows'),
              Outcome: JSON.stringify(EMPTY_OUTCOME),
            },
          ]);
          size += json.length;
        }
        if (actions.length) await t.submitTransaction(actions);
      }),
    header: (batchId) =>
      storage(async () => {
        try {
          return reviveHeader(
            join(await (await table()).getEntity<Record<string, unknown>>(batchId, HEADER), 'Header'),
          );
        } catch (error) {
          if (isNotFound(error)) return undefined;
          throw error;
        }
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
