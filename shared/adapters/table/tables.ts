/**
 * Table Storage plumbing shared by the repositories: one TableClient per table per process, created on first
 * use (the table too), whose writes are checked against Azure's entity and transaction limits before they are sent
 * (`entity-limits.ts`), and the mapping of SDK errors (404/409/412/429/503) to what callers need to know.
 */
import type { TableClient, TransactionAction } from '@azure/data-tables';
import { DomainError } from '../../domain/errors.js';
import { guardWrites, TABLE_LIMITS } from './entity-limits.js';

export type TableName =
  | 'Invitations'
  | 'ProviderIndex'
  | 'Providers'
  | 'Limits'
  | 'Idempotency'
  | 'Batches'
  | 'ClientAccounts'
  | 'EndedSessions'
  | 'IdentificationCodes'
  | 'AccountEmails'
  | 'ResetTokens'
  | 'Retention';

export type TableFactory = (name: TableName) => Promise<TableClient>;

/** Builds TableClients from the service client's settings, creating each table once and guarding its writes. */
export function tableFactory(create: (name: TableName) => TableClient | Promise<TableClient>): TableFactory {
  const ready = new Map<TableName, Promise<TableClient>>();
  return (name) => {
    let client = ready.get(name);
    if (!client) {
      client = Promise.resolve(create(name))
        .then(async (table) => {
          await table.createTable();
          return guardWrites(table);
        })
        .catch((error: unknown) => {
          ready.delete(name);
          throw unavailable(error);
        });
      ready.set(name, client);
    }
    return client;
  };
}

export const statusOf = (error: unknown): number | undefined =>
  typeof error === 'object' && error !== null && 'statusCode' in error
    ? (error as { statusCode?: number }).statusCode
    : undefined;

export const isNotFound = (e: unknown) => statusOf(e) === 404;
export const isConflict = (e: unknown) => statusOf(e) === 409;
export const isPreconditionFailed = (e: unknown) => statusOf(e) === 412;

/** Storage throttling or outage: the caller gets 503 with Retry-After, never a 500; the SDK's error is its cause. */
export function unavailable(error: unknown): unknown {
  if (!(error instanceof Error) || error.name !== 'RestError') return error;
  const status = statusOf(error);
  if (status === undefined || status === 408 || status === 429 || status >= 500) {
    return new DomainError(
      'dependency-unavailable',
      'Storage is not available right now; try again shortly.',
      { retryAfterSeconds: 5, dependency: 'storage' },
      { cause: error },
    );
  }
  return error;
}

/** Runs a storage call, turning outages into dependency-unavailable. */
export async function storage<T>(call: () => Promise<T>): Promise<T> {
  try {
    return await call();
  } catch (error) {
    throw unavailable(error);
  }
}

/**
 * Writes the instant `at` in the row's `At` column unless it already holds a later (or the same) one: a concurrent
 * writer makes it read again, and the later instant wins (`sessions-ended`, `password-changed`, `two-step-changed`).
 */
export async function keepLatestInstant(table: TableClient, partitionKey: string, rowKey: string, at: Date) {
  for (let attempt = 0; attempt < 5; attempt++) {
    let current: { At?: Date; etag: string } | undefined;
    try {
      current = await table.getEntity<{ At?: Date }>(partitionKey, rowKey);
    } catch (error) {
      if (!isNotFound(error)) throw error;
    }
    if (current?.At && new Date(current.At).getTime() >= at.getTime()) return;
    try {
      if (current) {
        await table.updateEntity({ partitionKey, rowKey, At: at }, 'Replace', { etag: current.etag });
      } else {
        await table.createEntity({ partitionKey, rowKey, At: at });
      }
      return;
    } catch (error) {
      // Someone else wrote it meanwhile: read it again (a later instant wins).
      if (!isConflict(error) && !isPreconditionFailed(error)) throw error;
    }
  }
  throw new Error(`the ${rowKey} row kept moving`);
}

/** Deletes one row; one already gone is no change. */
export async function deleteIfPresent(table: TableClient, partitionKey: string, rowKey: string): Promise<void> {
  try {
    await table.deleteEntity(partitionKey, rowKey);
  } catch (error) {
    if (!isNotFound(error)) throw error;
  }
}

/**
 * Deletes every row the filter finds, in transactions of one partition and at most 100 rows; returns how many went.
 * A row deleted meanwhile fails its whole transaction (404): what it held stays for the next run.
 */
export async function deleteMatching(table: TableClient, filter: string): Promise<number> {
  const rows = table.listEntities({ queryOptions: { filter, select: ['PartitionKey', 'RowKey'] } });
  const byPartition = new Map<string, TransactionAction[]>();
  let deleted = 0;
  const flush = async (partition: string) => {
    const actions = byPartition.get(partition) ?? [];
    byPartition.delete(partition);
    if (actions.length === 0) return;
    try {
      await table.submitTransaction(actions);
      deleted += actions.length;
    } catch (error) {
      if (!isNotFound(error)) throw error;
    }
  };
  for await (const row of rows) {
    const actions = byPartition.get(row.partitionKey!) ?? [];
    actions.push(['delete', { partitionKey: row.partitionKey!, rowKey: row.rowKey! }]);
    byPartition.set(row.partitionKey!, actions);
    if (actions.length === TABLE_LIMITS.transactionEntities) await flush(row.partitionKey!);
  }
  for (const partition of [...byPartition.keys()]) await flush(partition);
  return deleted;
}
