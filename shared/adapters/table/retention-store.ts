/**
 * The retention job's view of the tables (docs/privacy.md): each kind a query of its rows, read in pages of the
 * Table SDK whose continuation token is the cursor, and the checkpoints in `Retention` (partition `checkpoint`, row
 * = the kind, `Cursor` = the continuation token, `At`). Deleting rows already read does not move a continuation
 * token (it names the next partition and row keys), so a run can act on a page and then read the next.
 *
 * Anonymizing an invitation rewrites, in its partition of `Invitations`, every timeline event without its detail and
 * every outbox row without its last error, then its listing row in `ProviderIndex` with a made-up address, and the
 * invitation row last (If-Match) with the invitee's data replaced and `AnonymizedAt` set: a run stopped half-way
 * leaves the invitation due, and the next run rewrites it all again — the same values, so never a mix.
 *
 * A bulk batch is found by its header (`Batches`, row `batch`) and deleted whole: its listing row (`provider|…`), every
 * other row of its partition (refused rows, chunks and their outcomes, delivery counts), then the header last, so a
 * run stopped half-way finds the header again and finishes.
 *
 * Prospects are found by their files (`ProviderIndex` rows `file|…` with `Status` `prospect`), the files of people who
 * asked for erasure by their `ErasureRequestedAt` column; erasing one is the use case's (apply-retention.ts: its invitations, then the file through the client file store), never a row delete.
 */
import type { TableClient, TableEntityResult, TransactionAction } from '@azure/data-tables';
import type { ClientFile } from '../../domain/client-file.js';
import { INVITATION_DATES, type Invitation } from '../../domain/invitation.js';
import type { RetentionStore } from '../../domain/ports.js';
import {
  ANONYMIZED,
  type RetentionCandidate,
  type RetentionFacts,
  type RetentionKind,
} from '../../domain/retention.js';
import { BATCH_HEADER, batchListingRow, batchSummaryOf } from './batch-store.js';
import { fromJson, toJson } from './entity-json.js';
import { TABLE_LIMITS } from './entity-limits.js';
import { listingKey } from './invitation-store.js';
import { odata } from './odata.js';
import {
  deleteIfPresent,
  deleteMatching,
  isNotFound,
  isPreconditionFailed,
  storage,
  type TableFactory,
  type TableName,
} from './tables.js';

type Row = TableEntityResult<Record<string, unknown>>;

interface KindQuery {
  table: TableName;
  filter?: string;
  /** The columns read; none: all of them (a batch header's summary is split over `Header0`, `Header1`…). */
  select?: string[];
  facts(row: Row): RetentionFacts | undefined;
}

const dateOf = (value: unknown): Date => new Date(value instanceof Date ? value.getTime() : String(value ?? ''));

/** A sliding limiter's row: the latest time it allowed (base-36 milliseconds); none: an invalid date. */
function latestTime(times: unknown): Date {
  const all = String(times ?? '')
    .split(',')
    .filter(Boolean)
    .map((t) => Number.parseInt(t, 36));
  return new Date(all.length > 0 ? Math.max(...all) : Number.NaN);
}

const QUERIES: Record<RetentionKind, KindQuery> = {
  invitations: {
    table: 'Invitations',
    filter: odata`RowKey eq ${'invitation'}`,
    select: ['PartitionKey', 'RowKey', 'Data', 'Status', 'AnonymizedAt'],
    facts: (row) => {
      const data = JSON.parse(String(row.Data ?? '{}')) as { expiresAt?: string; revokedAt?: string; status?: string };
      return {
        kind: 'invitations',
        status: String(row.Status ?? data.status ?? ''),
        expiresAt: dateOf(data.expiresAt),
        ...(data.revokedAt ? { revokedAt: dateOf(data.revokedAt) } : {}),
        anonymized: row.AnonymizedAt !== undefined && row.AnonymizedAt !== null,
      };
    },
  },
  'limit-counters': {
    table: 'Limits',
    select: ['PartitionKey', 'RowKey', 'Times'],
    facts: (row) => ({
      kind: 'limit-counters',
      lastUsedAt: row.rowKey === 'sliding' ? latestTime(row.Times) : dateOf(row.rowKey),
    }),
  },
  'reset-tokens': {
    table: 'ResetTokens',
    // The links, and each account's pointer to its latest link (which carries that link's expiry).
    filter: odata`RowKey eq ${'link'} or RowKey eq ${'latest'}`,
    select: ['PartitionKey', 'RowKey', 'ExpiresAt'],
    facts: (row) => ({ kind: 'reset-tokens', expiresAt: dateOf(row.ExpiresAt) }),
  },
  'account-emails': {
    table: 'AccountEmails',
    select: ['PartitionKey', 'RowKey', 'Data', 'Status'],
    facts: (row) => {
      const data = JSON.parse(String(row.Data ?? '{}')) as { createdAt?: string; sentAt?: string };
      return {
        kind: 'account-emails',
        status: String(row.Status ?? ''),
        createdAt: dateOf(data.createdAt),
        ...(data.sentAt ? { sentAt: dateOf(data.sentAt) } : {}),
      };
    },
  },
  batches: {
    table: 'Batches',
    filter: odata`RowKey eq ${BATCH_HEADER}`,
    facts: (row) => ({ kind: 'batches', createdAt: batchSummaryOf(row).createdAt }),
  },
  'email-changes': {
    table: 'ClientAccounts',
    filter: odata`RowKey eq ${'email-change'}`,
    select: ['PartitionKey', 'RowKey', 'Data'],
    facts: (row) => {
      const data = JSON.parse(String(row.Data ?? '{}')) as { expiresAt?: string };
      return { kind: 'email-changes', expiresAt: dateOf(data.expiresAt) };
    },
  },
  'erasure-requests': {
    table: 'ProviderIndex',
    // Only files carry the column, and only once their person asked (a date after any this service could write).
    filter: `ErasureRequestedAt ge datetime'2000-01-01T00:00:00.000Z'`,
    select: ['PartitionKey', 'RowKey', 'ErasureRequestedAt'],
    facts: (row) => ({
      kind: 'erasure-requests',
      providerId: String(row.partitionKey),
      clientId: String(row.rowKey).slice('file|'.length),
      requestedAt: dateOf(row.ErasureRequestedAt),
    }),
  },
  prospects: {
    table: 'ProviderIndex',
    filter: odata`RowKey ge ${'file|'} and RowKey lt ${'file}'} and Status eq ${'prospect'}`,
    select: ['PartitionKey', 'RowKey', 'Data', 'Status'],
    facts: (row) => {
      const file = JSON.parse(String(row.Data ?? '{}')) as Partial<Pick<ClientFile, 'id' | 'accountKey'>> & {
        updatedAt?: string;
      };
      return {
        kind: 'prospects',
        providerId: String(row.partitionKey),
        clientId: String(file.id ?? String(row.rowKey).slice('file|'.length)),
        status: String(row.Status ?? ''),
        signedIn: file.accountKey !== undefined,
        updatedAt: dateOf(file.updatedAt),
      };
    },
  },
};

/** A row's reference: its two keys. */
/** A row as read: its keys and the ETag it had, so that a delete removes that version only (If-Match). */
const refOf = (row: { partitionKey?: string; rowKey?: string; etag?: string }) =>
  JSON.stringify([row.partitionKey, row.rowKey, row.etag ?? '*']);
function keysOf(ref: string): { partitionKey: string; rowKey: string; etag: string } {
  const keys = JSON.parse(ref) as unknown;
  const [partitionKey, rowKey, etag = '*'] = Array.isArray(keys) ? keys : [];
  if (typeof partitionKey !== 'string' || typeof rowKey !== 'string' || typeof etag !== 'string') {
    throw new Error(`not a retention reference: ${ref}`);
  }
  return { partitionKey, rowKey, etag };
}

const CHECKPOINT = 'checkpoint';

/** The invitation as it stays: what the counts and the timeline's shape need, nothing that names the invitee. */
function anonymized(invitation: Invitation): Invitation {
  const { phone: _phone, company: _company, message: _message, ...rest } = invitation;
  const { lastError: _error, ...delivery } = invitation.delivery;
  return {
    ...rest,
    email: ANONYMIZED.email(invitation.id),
    firstName: ANONYMIZED.name,
    lastName: ANONYMIZED.name,
    delivery,
  };
}

async function submitAll(table: TableClient, actions: TransactionAction[]): Promise<void> {
  for (let i = 0; i < actions.length; i += TABLE_LIMITS.transactionEntities) {
    await table.submitTransaction(actions.slice(i, i + TABLE_LIMITS.transactionEntities));
  }
}

export function tableRetentionStore(tables: TableFactory): RetentionStore {
  const checkpoints = () => tables('Retention');

  async function anonymizeInvitation(ref: string, now: Date): Promise<boolean> {
    const { partitionKey } = keysOf(ref);
    const invitations = await tables('Invitations');
    let row: Row;
    try {
      row = await invitations.getEntity<Record<string, unknown>>(partitionKey, 'invitation');
    } catch (error) {
      if (isNotFound(error)) return false;
      throw error;
    }
    if (row.AnonymizedAt !== undefined && row.AnonymizedAt !== null) return false;
    const invitation = fromJson<Invitation>(row.Data, INVITATION_DATES);

    // The timeline's details and the emails' errors (one partition: transactions of at most 100 rows).
    const rewrites: TransactionAction[] = [];
    const others = invitations.listEntities<Record<string, unknown>>({
      queryOptions: {
        filter: odata`PartitionKey eq ${partitionKey} and RowKey gt ${'event|'} and RowKey lt ${'outbox}'}`,
      },
    });
    for await (const other of others) {
      const key = String(other.rowKey);
      if (key.startsWith('event|') && other.Detail !== undefined) {
        rewrites.push(['update', { partitionKey, rowKey: key, At: other.At, Event: other.Event }, 'Replace']);
      } else if (key.startsWith('outbox|') && typeof other.Data === 'string') {
        const { lastError: _error, ...entry } = JSON.parse(other.Data) as Record<string, unknown>;
        if (_error !== undefined) {
          rewrites.push(['update', { partitionKey, rowKey: key, Data: toJson(entry), Status: other.Status }, 'Merge']);
        }
      }
    }
    await submitAll(invitations, rewrites);

    // The provider's listing row (another table): its address.
    try {
      await (await tables('ProviderIndex')).updateEntity(
        {
          partitionKey: invitation.providerId,
          rowKey: listingKey(invitation.createdAt, invitation.id),
          Email: ANONYMIZED.email(invitation.id),
        },
        'Merge',
      );
    } catch (error) {
      if (!isNotFound(error)) throw error;
    }

    // The invitation last, If-Match what was read: its marker says the rest is done.
    const next = anonymized(invitation);
    try {
      await invitations.updateEntity(
        {
          partitionKey,
          rowKey: 'invitation',
          ...Object.fromEntries(Object.entries(row).filter(([k]) => /^[A-Z]/.test(k))),
          Data: toJson(next),
          Email: next.email,
          AnonymizedAt: now,
        },
        'Replace',
        { etag: row.etag },
      );
      return true;
    } catch (error) {
      // Changed meanwhile (a late delivery report): the next run reads it again.
      if (isPreconditionFailed(error) || isNotFound(error)) return false;
      throw error;
    }
  }

  /** The batch whose header this is, whole: its listing row, its other rows, the header last. */
  async function deleteBatch(ref: string): Promise<boolean> {
    const { partitionKey } = keysOf(ref);
    const batches = await tables('Batches');
    let header: Row;
    try {
      header = await batches.getEntity<Record<string, unknown>>(partitionKey, BATCH_HEADER);
    } catch (error) {
      if (isNotFound(error)) return false;
      throw error;
    }
    const listing = batchListingRow(batchSummaryOf(header));
    await deleteIfPresent(batches, listing.partitionKey, listing.rowKey);
    await deleteMatching(batches, odata`PartitionKey eq ${partitionKey} and RowKey ne ${BATCH_HEADER}`);
    try {
      await batches.deleteEntity(partitionKey, BATCH_HEADER);
      return true;
    } catch (error) {
      if (isNotFound(error)) return false;
      throw error;
    }
  }

  return {
    page: (kind, cursor, size) =>
      storage(async () => {
        const query = QUERIES[kind];
        const pages = (await tables(query.table))
          .listEntities<Record<string, unknown>>({
            queryOptions: {
              ...(query.filter ? { filter: query.filter } : {}),
              ...(query.select ? { select: query.select } : {}),
            },
          })
          .byPage({ maxPageSize: size, ...(cursor ? { continuationToken: cursor } : {}) });
        const first = await pages.next();
        if (first.done) return { rows: [] };
        const rows: RetentionCandidate[] = [];
        for (const row of first.value) {
          const facts = query.facts(row);
          if (facts) rows.push({ ref: refOf(row), facts });
        }
        const next = first.value.continuationToken;
        return next ? { rows, next } : { rows };
      }),
    apply: (kind, ref, action, now) =>
      storage(async () => {
        if (action === 'anonymize') {
          if (kind !== 'invitations') throw new Error(`${kind} rows are deleted, never anonymized`);
          return anonymizeInvitation(ref, now);
        }
        if (kind === 'prospects' || kind === 'erasure-requests') {
          throw new Error('a client file is erased by the retention use case, not a row delete');
        }
        if (kind === 'batches') return deleteBatch(ref);
        const { partitionKey, rowKey, etag } = keysOf(ref);
        try {
          // The version examined only: a row written since (a limit counter used again, a new request of the same
          // key) is no longer due, and stays; the next run examines it afresh.
          await (await tables(QUERIES[kind].table)).deleteEntity(partitionKey, rowKey, { etag });
          return true;
        } catch (error) {
          if (isNotFound(error) || isPreconditionFailed(error)) return false;
          throw error;
        }
      }),
    checkpoint: (kind) =>
      storage(async () => {
        try {
          const row = await (await checkpoints()).getEntity<{ Cursor?: string }>(CHECKPOINT, kind);
          return row.Cursor || undefined;
        } catch (error) {
          if (isNotFound(error)) return undefined;
          throw error;
        }
      }),
    saveCheckpoint: (kind, cursor, at) =>
      storage(async () => {
        await (await checkpoints()).upsertEntity(
          { partitionKey: CHECKPOINT, rowKey: kind, Cursor: cursor ?? '', At: at },
          'Replace',
        );
      }),
  };
}
