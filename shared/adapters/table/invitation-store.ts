/**
 * Invitations in Table Storage.
 *
 * `Invitations`, one partition per invitation: `invitation` (the invitation), `outbox|<id>` (its emails),
 * `event|<time>|<n>` (its timeline) — so one transaction writes an invitation with its outbox row and events — and
 * `limit|accept` (its "Accept" clicks: the window they count in and their count, rewritten If-Match from window to
 * window, so one row per invitation at most; outside the timeline's `event|` range, so never shown or counted there).
 * The invitation and its counter are next to each other (`invitation` < `limit|accept`, nothing between): one range
 * read gives both, and one transaction counts a click with its "opened" event.
 * An email is known to ACS by its outbox row's id (its operation id): the invitation's own email has the invitation's
 * id, so a delivery report's `messageId` names the partition itself; any other email gets an index row, partition
 * `<outbox id>`, row `message`, written before the email can be sent.
 * `ProviderIndex`, one partition per provider: `email|v1:<SHA-256 of the normalized email>` (the claim that makes one
 * pending invitation per email, and later marks the client; read by exact match only, so the address is hashed: it
 * may hold characters Azure refuses in keys) and `invitation|<reverse time>|<id>` (newest-first listing), which also
 * carries a summary of its invitation for the console's counts (`Pending`, `ExpiresAt`, `DeliveryFailed`, `AcceptedAt`):
 * written with the claim (the invitation as it starts), then right after a write of the invitation that changes it
 * (another table: not in its transaction), and from the invitation by `summaries` where it is missing (docs/console.md).
 * Every one-time change is written If-Match the ETag it read; a lost race is a DomainError `concurrent-update`.
 */
import { randomUUID } from 'node:crypto';
import type { TableClient, TableTransactionResponse, TransactionAction } from '@azure/data-tables';
import { isErased } from '../../domain/erasure.js';
import { DomainError } from '../../domain/errors.js';
import { INVITATION_DATES, type Invitation } from '../../domain/invitation.js';
import type { OutboxEntry } from '../../domain/outbox.js';
import {
  type ClickCount,
  type EmailClaim,
  type EmailClaimant,
  type InvitationListing,
  type InvitationStore,
  type InvitationSummary,
  LISTING_ORIGIN,
  type ListingConditions,
  type ListingOptions,
  MAX_CLAIMS_TOGETHER,
  type Versioned,
} from '../../domain/ports.js';
import { TIMELINE_READ_LIMIT, type TimelineEvent } from '../../domain/timeline.js';
import { fromJson, OUTBOX_DATES, toJson } from './entity-json.js';
import { hashedKey } from './keys.js';
import { odata } from './odata.js';
import { isConflict, isNotFound, isPreconditionFailed, storage, type TableFactory } from './tables.js';

const INVITATION = 'invitation';
const MESSAGE = 'message';
const ACCEPT_CLICKS = 'limit|accept';
const outboxKey = (id: string) => `outbox|${id}`;
/** Time, then the event's place in its write (events of one moment keep their order), then a random tail. */
const eventKey = (at: Date, n: number) =>
  `event|${at.toISOString()}|${String(n).padStart(2, '0')}|${randomUUID().slice(0, 6)}`;
/** Key scheme v1 (`keys.ts`): the address is hashed, never in the key as typed. */
const claimKey = (email: string) => `email|${hashedKey(email)}`;
/** Newest first: row keys sort ascending, so the time is stored reversed. */
const LATEST = 9_999_999_999_999;
const reversed = (ms: number) => String(LATEST - Math.min(Math.max(ms, 0), LATEST)).padStart(13, '0');
export const listingKey = (createdAt: Date, id: string) => `invitation|${reversed(createdAt.getTime())}|${id}`;
/** Listing rows created at or after `at` have keys below this bound; rows created before it, keys at or above it. */
const createdBound = (at: number) => `invitation|${reversed(at - 1)}`;
const createdAtOfKey = (rowKey: string) =>
  LATEST - Number(rowKey.slice('invitation|'.length, 'invitation|'.length + 13));
const LISTING_KEY = /^invitation\|\d{13}\|[0-9A-Za-z-]{1,64}$/;
/** An oldest-first listing reads time windows of at most this many rows (else the window is halved). */
const WINDOW_ROWS = 1000;
const DAY_MS = 86_400_000;
const datetime = (at: Date) => `datetime'${at.toISOString()}'`;

/** The OData filter of a listing query: the provider's rows between two keys, and what `where` asks of their columns. */
function listingFilter(
  providerId: string,
  keys: { low: string; high: string },
  email: string | undefined,
  where: ListingConditions,
): string {
  const parts = [odata`PartitionKey eq ${providerId} and RowKey ge ${keys.low} and RowKey lt ${keys.high}`];
  if (email) parts.push(odata`Email eq ${email}`);
  if (where.pending !== undefined) parts.push(`Pending eq ${where.pending}`);
  if (where.deliveryFailed !== undefined) parts.push(`DeliveryFailed eq ${where.deliveryFailed}`);
  if (where.expiresAfter) parts.push(`ExpiresAt gt ${datetime(where.expiresAfter)}`);
  if (where.expiresBy) parts.push(`ExpiresAt le ${datetime(where.expiresBy)}`);
  if (where.acceptedSince) parts.push(`AcceptedAt ge ${datetime(where.acceptedSince)}`);
  return parts.join(' and ');
}

/** An oldest-first cursor: the key of the last row given (base64url), checked to be a listing key. */
const oldestCursor = (rowKey: string) => Buffer.from(`oldest|${rowKey}`).toString('base64url');
function keyOfOldestCursor(cursor: string): string {
  const text = Buffer.from(cursor, 'base64url').toString('utf8');
  const rowKey = text.startsWith('oldest|') ? text.slice('oldest|'.length) : '';
  if (!LISTING_KEY.test(rowKey)) {
    throw new DomainError('invalid-cursor', 'The cursor is not valid: use the nextCursor of a previous page.');
  }
  return rowKey;
}

interface Entity {
  partitionKey: string;
  rowKey: string;
  etag?: string;
  [column: string]: unknown;
}

const invitationEntity = (invitation: Invitation): Entity => ({
  partitionKey: invitation.id,
  rowKey: INVITATION,
  Data: toJson(invitation),
  ProviderId: invitation.providerId,
  Email: invitation.email,
  Status: invitation.status,
  CompletedAt: invitation.completedAt?.toISOString() ?? '',
  KeyVersion: invitation.keyVersion,
});

/** The invitation of a row: its JSON, with the status columns on top (a completion writes only those). */
function invitationOf(row: Record<string, unknown>): Invitation {
  const invitation = fromJson<Invitation>(row.Data, INVITATION_DATES);
  if (row.Status === 'completed' && invitation.status !== 'completed') {
    invitation.status = 'completed';
    if (typeof row.CompletedAt === 'string' && row.CompletedAt) invitation.completedAt = new Date(row.CompletedAt);
  }
  return invitation;
}

const outboxEntity = (entry: OutboxEntry): Entity => ({
  partitionKey: entry.invitationId,
  rowKey: outboxKey(entry.id),
  Data: toJson(entry),
  Status: entry.status,
});

/** The index row of an email that is not its invitation's own (a resend, a new link). */
const messageEntity = (entry: OutboxEntry): Entity => ({
  partitionKey: entry.id,
  rowKey: MESSAGE,
  InvitationId: entry.invitationId,
});

const eventEntity = (invitationId: string, e: TimelineEvent, n = 0): Entity => ({
  partitionKey: invitationId,
  rowKey: eventKey(e.at, n),
  At: e.at,
  Event: e.event,
  ...(e.detail === undefined ? {} : { Detail: e.detail }),
});

/**
 * The provider's listing row of an invitation, with its summary as the invitation starts: pending, until its expiry,
 * no failed email (written with the claim, so a new invitation costs no write of its own here).
 */
const listingEntity = (
  providerId: string,
  email: string,
  listed: Pick<EmailClaimant, 'id' | 'createdAt' | 'expiresAt'>,
) => ({
  partitionKey: providerId,
  rowKey: listingKey(listed.createdAt, listed.id),
  InvitationId: listed.id,
  Email: email,
  Pending: true,
  ExpiresAt: listed.expiresAt,
  DeliveryFailed: false,
});

/** The claim of (provider, email) and the provider's listing row of the invitation: one partition, one write. */
const claimActions = (invitation: EmailClaimant): TransactionAction[] => [
  [
    'create',
    {
      partitionKey: invitation.providerId,
      rowKey: claimKey(invitation.email),
      InvitationId: invitation.id,
      ClaimedAt: (invitation.claimedAt ?? invitation.createdAt).toISOString(),
    },
  ],
  ['upsert', listingEntity(invitation.providerId, invitation.email, invitation)],
];

/**
 * The summary columns of an invitation's listing row: only what the console's counts need, so that most writes of an
 * invitation (an email sent or delivered, a completion, a click) change none of them and cost no write here.
 */
const summaryColumns = (invitation: Invitation) => ({
  Pending: invitation.status === 'pending',
  ExpiresAt: invitation.expiresAt,
  DeliveryFailed: invitation.delivery.status === 'failed',
  ...(invitation.acceptedAt ? { AcceptedAt: invitation.acceptedAt } : {}),
});

/**
 * The Merge of an invitation's listing row with its summary, as a transaction action: for a write of another store in
 * the provider's partition that brings the row in step with it (`ClientFileStore.create`'s `listingOf`).
 */
export const listingSummaryAction = (invitation: Invitation): TransactionAction => [
  'update',
  {
    partitionKey: invitation.providerId,
    rowKey: listingKey(invitation.createdAt, invitation.id),
    ...summaryColumns(invitation),
  },
  'Merge',
];

const sameSummary = (a: Invitation, b: Invitation): boolean => {
  const x = summaryColumns(a);
  const y = summaryColumns(b);
  return (
    x.Pending === y.Pending &&
    x.ExpiresAt.getTime() === y.ExpiresAt.getTime() &&
    x.DeliveryFailed === y.DeliveryFailed &&
    x.AcceptedAt?.getTime() === y.AcceptedAt?.getTime()
  );
};

const dateOf = (value: unknown) => (value instanceof Date ? value : new Date(String(value)));

function conflict(cause?: unknown): DomainError {
  return new DomainError(
    'concurrent-update',
    'The invitation changed meanwhile; read it again and retry.',
    {},
    cause === undefined ? undefined : { cause },
  );
}

export function tableInvitationStore(tables: TableFactory): InvitationStore {
  const invitations = () => tables('Invitations');
  const index = () => tables('ProviderIndex');

  async function transact(table: TableClient, actions: TransactionAction[]): Promise<TableTransactionResponse> {
    try {
      return await table.submitTransaction(actions);
    } catch (error) {
      if (isPreconditionFailed(error)) throw conflict(error);
      throw error;
    }
  }

  /**
   * Brings the listing row's summary in step with the invitation just written. A row that is gone (the claim was
   * released) stays gone: Merge of an existing row only.
   */
  async function summarize(invitation: Invitation): Promise<void> {
    const row = { partitionKey: invitation.providerId, rowKey: listingKey(invitation.createdAt, invitation.id) };
    try {
      await (await index()).updateEntity({ ...row, ...summaryColumns(invitation) }, 'Merge');
    } catch (error) {
      if (!isNotFound(error)) throw error;
    }
  }

  async function readInvitation(invitationId: string): Promise<Versioned<Invitation> | undefined> {
    try {
      const row = await (await invitations()).getEntity<Record<string, unknown>>(invitationId, INVITATION);
      return { value: invitationOf(row), etag: row.etag };
    } catch (error) {
      if (isNotFound(error)) return undefined;
      throw error;
    }
  }

  async function readClaim(providerId: string, email: string): Promise<EmailClaim | undefined> {
    try {
      const row = await (await index()).getEntity<Record<string, unknown>>(providerId, claimKey(email));
      return {
        providerId,
        email,
        invitationId: String(row.InvitationId),
        claimedAt: new Date(String(row.ClaimedAt)),
        etag: row.etag,
      };
    } catch (error) {
      if (isNotFound(error)) return undefined;
      throw error;
    }
  }

  /** The invitation and one outbox row of a partition (and, when asked, its message index row), in one query. */
  async function readWithOutbox(
    partition: string,
    outboxId: string,
    withIndex = false,
  ): Promise<{ invitation?: Versioned<Invitation>; outbox?: Versioned<OutboxEntry>; indexedUnder?: string }> {
    const filter = withIndex
      ? odata`PartitionKey eq ${partition} and (RowKey eq ${INVITATION} or RowKey eq ${outboxKey(outboxId)} or RowKey eq ${MESSAGE})`
      : odata`PartitionKey eq ${partition} and (RowKey eq ${INVITATION} or RowKey eq ${outboxKey(outboxId)})`;
    const rows = (await invitations()).listEntities<Record<string, unknown>>({ queryOptions: { filter } });
    const found: { invitation?: Versioned<Invitation>; outbox?: Versioned<OutboxEntry>; indexedUnder?: string } = {};
    for await (const row of rows) {
      if (row.rowKey === INVITATION) found.invitation = { value: invitationOf(row), etag: row.etag };
      else if (row.rowKey === MESSAGE) found.indexedUnder = String(row.InvitationId);
      else found.outbox = { value: fromJson(row.Data, OUTBOX_DATES), etag: row.etag };
    }
    return found;
  }

  /** Newest first: the key order, one page of the query at the cursor (the SDK's continuation token). */
  async function newestFirst(providerId: string, options: ListingOptions): Promise<InvitationListing> {
    const where = options.where ?? {};
    const keys = {
      low: where.createdBefore ? createdBound(where.createdBefore.getTime()) : 'invitation|',
      high: where.createdFrom ? createdBound(where.createdFrom.getTime()) : 'invitation}',
    };
    const filter = listingFilter(providerId, keys, options.email, where);
    const pages = (await index())
      .listEntities<Record<string, unknown>>({ queryOptions: { filter, select: ['InvitationId'] } })
      .byPage({
        maxPageSize: options.limit,
        ...(options.cursor ? { continuationToken: decodeCursor(options.cursor) } : {}),
      });
    for await (const page of pages) {
      const ids = page.map((row) => String(row.InvitationId));
      const token = page.continuationToken;
      return token
        ? { invitationIds: ids, nextCursor: Buffer.from(token).toString('base64url') }
        : { invitationIds: ids };
    }
    return { invitationIds: [] };
  }

  /**
   * Oldest first, against the key order: time windows are read forward from the cursor's time (or `createdFrom`, or
   * `LISTING_ORIGIN`), a day first, doubling while they hold too few rows, halved when one holds more than
   * `WINDOW_ROWS`; each window's rows (keys and ids only) are put in time order in memory. It stops one row past the
   * page (so a cursor is given only when more follow), or at `createdBefore`.
   */
  async function oldestFirst(providerId: string, options: ListingOptions): Promise<InvitationListing> {
    const table = await index();
    const where = options.where ?? {};
    const after = options.cursor ? keyOfOldestCursor(options.cursor) : undefined;
    const before = Math.min((where.createdBefore ?? new Date(LATEST)).getTime(), LATEST);
    let start = after ? createdAtOfKey(after) : (where.createdFrom ?? LISTING_ORIGIN).getTime();
    let high = after ?? createdBound(start);
    let span = DAY_MS;
    const found: Array<{ rowKey: string; id: string }> = [];
    while (start < before && found.length <= options.limit) {
      const end = Math.min(start + span, before);
      const low = createdBound(end);
      const rows: Array<{ rowKey: string; id: string }> = [];
      let overflow = false;
      const query = table.listEntities<Record<string, unknown>>({
        queryOptions: {
          filter: listingFilter(providerId, { low, high }, options.email, where),
          select: ['RowKey', 'InvitationId'],
        },
      });
      for await (const row of query) {
        rows.push({ rowKey: String(row.rowKey), id: String(row.InvitationId) });
        if (rows.length > WINDOW_ROWS && end - start > 1) {
          overflow = true;
          break;
        }
      }
      if (overflow) {
        span = Math.max(1, Math.floor((end - start) / 2));
        continue;
      }
      rows.sort((a, b) => (a.rowKey < b.rowKey ? 1 : a.rowKey > b.rowKey ? -1 : 0));
      found.push(...rows.slice(0, options.limit + 1 - found.length));
      start = end;
      high = low;
      span *= 2;
    }
    const page = found.slice(0, options.limit);
    const invitationIds = page.map((row) => row.id);
    const last = page.at(-1);
    return found.length > options.limit && last
      ? { invitationIds, nextCursor: oldestCursor(last.rowKey) }
      : { invitationIds };
  }

  return {
    claimEmail: (invitation) =>
      storage(async () => {
        const table = await index();
        for (let attempt = 0; ; attempt++) {
          try {
            await table.submitTransaction(claimActions(invitation));
            return { claimed: true } as const;
          } catch (error) {
            if (!isConflict(error)) throw error;
            const holder = await readClaim(invitation.providerId, invitation.email);
            if (holder) return { claimed: false, holder } as const;
            // The claim was deleted between the two calls: claim again.
            if (attempt >= 2) throw conflict(error);
          }
        }
      }),

    claimEmails: (claimants) =>
      storage(async () => {
        if (claimants.length === 0) return true;
        const providerId = claimants[0]!.providerId;
        const emails = new Set(claimants.map((c) => c.email));
        if (claimants.length > MAX_CLAIMS_TOGETHER || emails.size < claimants.length) {
          throw new Error(`claimEmails takes at most ${MAX_CLAIMS_TOGETHER} distinct emails`);
        }
        if (claimants.some((c) => c.providerId !== providerId)) throw new Error('claimEmails takes one provider');
        try {
          await (await index()).submitTransaction(claimants.flatMap(claimActions));
          return true;
        } catch (error) {
          if (isConflict(error)) return false;
          throw error;
        }
      }),

    takeOverClaim: (stale, invitation) =>
      storage(async () => {
        const table = await index();
        const claim = {
          partitionKey: stale.providerId,
          rowKey: claimKey(stale.email),
          InvitationId: invitation.id,
          ClaimedAt: (invitation.claimedAt ?? invitation.createdAt).toISOString(),
        };
        const listing = listingEntity(stale.providerId, stale.email, invitation);
        try {
          await table.submitTransaction([
            ['update', claim, 'Replace', { etag: stale.etag }],
            ['upsert', listing],
          ]);
          return true;
        } catch (error) {
          if (isPreconditionFailed(error) || isConflict(error) || isNotFound(error)) return false;
          throw error;
        }
      }),

    releaseClaim: (invitation) =>
      storage(async () => {
        const table = await index();
        const claim = await readClaim(invitation.providerId, invitation.email);
        const gone = (error: unknown) => {
          // Gone or changed already: there is nothing of ours left to release.
          if (!isNotFound(error) && !isPreconditionFailed(error)) throw error;
        };
        if (claim?.invitationId === invitation.id) {
          await table.deleteEntity(invitation.providerId, claimKey(invitation.email), { etag: claim.etag }).catch(gone);
        }
        await table.deleteEntity(invitation.providerId, listingKey(invitation.createdAt, invitation.id)).catch(gone);
      }),

    create: (invitation, outbox, events) =>
      storage(async () => {
        if (outbox && outbox.id !== invitation.id)
          await (await invitations()).upsertEntity(messageEntity(outbox), 'Replace');
        const actions: TransactionAction[] = [['create', invitationEntity(invitation)]];
        if (outbox) actions.push(['create', outboxEntity(outbox)]);
        for (const [n, e] of events.entries()) actions.push(['create', eventEntity(invitation.id, e, n)]);
        // Its listing row was summarized with the claim (pending, its expiry): nothing more to write there.
        await transact(await invitations(), actions);
      }),

    get: (invitationId) => storage(() => readInvitation(invitationId)),

    getWithOutbox: (invitationId, outboxId) => storage(() => readWithOutbox(invitationId, outboxId)),

    findByMessageId: (messageId) =>
      storage(async () => {
        // One query: the invitation's own email, or the index row of a later one.
        const { indexedUnder, ...own } = await readWithOutbox(messageId, messageId, true);
        if (own.outbox || !indexedUnder) return own.outbox ? own : {};
        const { invitation, outbox } = await readWithOutbox(indexedUnder, messageId);
        return { ...(invitation ? { invitation } : {}), ...(outbox ? { outbox } : {}) };
      }),

    updateOutbox: (current, next) =>
      storage(async () => {
        try {
          const written = await (await invitations()).updateEntity(outboxEntity(next), 'Replace', {
            etag: current.etag,
          });
          if (!written.etag) throw new Error('Table Storage answered an outbox update without an ETag');
          return { value: next, etag: written.etag };
        } catch (error) {
          if (isPreconditionFailed(error) || isNotFound(error)) throw conflict(error);
          throw error;
        }
      }),

    update: (current, next, changes) =>
      storage(async () => {
        // Indexed first: a report can never name an email the index does not know (an unused index row is harmless).
        if (changes.newOutbox && changes.newOutbox.id !== next.id) {
          await (await invitations()).upsertEntity(messageEntity(changes.newOutbox), 'Replace');
        }
        const actions: TransactionAction[] = [['update', invitationEntity(next), 'Replace', { etag: current.etag }]];
        if (changes.newOutbox) actions.push(['create', outboxEntity(changes.newOutbox)]);
        if (changes.outbox) {
          actions.push(['update', outboxEntity(changes.outbox.next), 'Replace', { etag: changes.outbox.current.etag }]);
        }
        for (const [n, e] of (changes.events ?? []).entries()) actions.push(['create', eventEntity(next.id, e, n)]);
        const result = await transact(await invitations(), actions);
        if (!changes.listingWithClientFile && !sameSummary(current.value, next)) await summarize(next);
        return result.subResponses.find((r) => r.rowKey === INVITATION)?.etag ?? result.subResponses[0]?.etag ?? '*';
      }),

    markCompleted: (invitationId, etag, completedAt, e) =>
      storage(async () => {
        try {
          await (await invitations()).submitTransaction([
            [
              'update',
              {
                partitionKey: invitationId,
                rowKey: INVITATION,
                Status: 'completed',
                CompletedAt: completedAt.toISOString(),
              },
              'Merge',
              { etag },
            ],
            ['create', eventEntity(invitationId, e)],
          ]);
          return true;
        } catch (error) {
          if (isPreconditionFailed(error)) return false;
          throw error;
        }
      }),

    getWithClicks: (invitationId, windowStart) =>
      storage(async () => {
        // A range of two adjacent rows of one partition (the invitation, its counter): one query, no partition scan.
        const filter = odata`PartitionKey eq ${invitationId} and RowKey ge ${INVITATION} and RowKey le ${ACCEPT_CLICKS}`;
        const rows = (await invitations()).listEntities<Record<string, unknown>>({ queryOptions: { filter } });
        let invitation: Versioned<Invitation> | undefined;
        let clicks: ClickCount = { count: 0 };
        for await (const row of rows) {
          if (row.rowKey === INVITATION) invitation = { value: invitationOf(row), etag: row.etag };
          else if (row.rowKey === ACCEPT_CLICKS) {
            // A counter of an earlier window is stale: 0 clicks in this one, and the next click rewrites it.
            const current = row.WindowStart === windowStart.toISOString();
            clicks = { count: current ? Number(row.Count ?? 0) : 0, etag: row.etag };
          }
        }
        return invitation ? { invitation, clicks } : { clicks };
      }),

    countClick: (invitationId, windowStart, read, e) =>
      storage(async () => {
        const counter = {
          partitionKey: invitationId,
          rowKey: ACCEPT_CLICKS,
          WindowStart: windowStart.toISOString(),
          Count: read.count + 1,
        };
        const count: TransactionAction = read.etag
          ? ['update', counter, 'Replace', { etag: read.etag }]
          : ['create', counter];
        try {
          await (await invitations()).submitTransaction([count, ['create', eventEntity(invitationId, e)]]);
        } catch (error) {
          // Counted by another click since the read (changed: 412; created: 409; gone: 404): nothing was written.
          if (isPreconditionFailed(error) || isConflict(error) || isNotFound(error)) throw conflict(error);
          throw error;
        }
      }),

    appendEvent: (invitationId, e) =>
      storage(async () => {
        await (await invitations()).createEntity(eventEntity(invitationId, e));
      }),

    erase: (current, erased, erasedEvent) =>
      storage(async () => {
        const original = current.value;
        const id = original.id;
        const providerIndex = await index();
        // While the address is still known: the provider's claim of it (when this invitation's), and the listing row.
        if (!isErased(original)) {
          try {
            const claim = await providerIndex.getEntity<{ InvitationId: string }>(
              original.providerId,
              claimKey(original.email),
              { queryOptions: { select: ['InvitationId'] } },
            );
            if (claim.InvitationId === id) {
              await providerIndex.deleteEntity(original.providerId, claimKey(original.email), { etag: claim.etag });
            }
          } catch (error) {
            // Gone, or taken by another invitation meanwhile: not this invitation's to delete.
            if (!isNotFound(error) && !isPreconditionFailed(error)) throw error;
          }
        }
        await providerIndex.upsertEntity(
          {
            partitionKey: original.providerId,
            rowKey: listingKey(original.createdAt, id),
            InvitationId: id,
            Email: erased.email,
          },
          'Merge',
        );
        // The invitation row and its one `erased` event, If-Match (a second erasure writes no second event).
        const table = await invitations();
        const kept = eventEntity(id, erasedEvent);
        if (!isErased(original)) {
          try {
            await table.submitTransaction([
              ['update', invitationEntity(erased), 'Replace', { etag: current.etag }],
              ['create', kept],
            ]);
          } catch (error) {
            if (isPreconditionFailed(error)) throw conflict(error);
            throw error;
          }
        }
        // Every other row of its partition: its emails, its other events, its click counter.
        const rows = table.listEntities<{ Event?: string }>({
          queryOptions: { filter: odata`PartitionKey eq ${id}`, select: ['RowKey', 'Event'] },
        });
        const doomed: TransactionAction[] = [];
        for await (const row of rows) {
          const rowKey = String(row.rowKey);
          if (rowKey === INVITATION || (rowKey.startsWith('event|') && row.Event === 'erased')) continue;
          doomed.push(['delete', { partitionKey: id, rowKey }]);
        }
        for (let i = 0; i < doomed.length; i += 100) await table.submitTransaction(doomed.slice(i, i + 100));
      }),

    timeline: (invitationId, options) =>
      storage(async () => {
        const limit = Math.max(0, options?.limit ?? TIMELINE_READ_LIMIT);
        const pages = (await invitations())
          .listEntities<Record<string, unknown>>({
            queryOptions: {
              filter: odata`PartitionKey eq ${invitationId} and RowKey ge 'event|' and RowKey lt 'event}'`,
            },
          })
          .byPage({ maxPageSize: Math.min(Math.max(limit, 1), 1000) });
        const rows: Record<string, unknown>[] = [];
        // A page may hold fewer rows than asked even when more follow: read on until the limit, never past it.
        for await (const page of pages) {
          rows.push(...page.slice(0, limit - rows.length));
          if (rows.length >= limit) break;
        }
        const events: TimelineEvent[] = [];
        for (const row of rows) {
          const at = row.At instanceof Date ? row.At : new Date(String(row.At));
          events.push(
            row.Detail === undefined
              ? { at, event: row.Event as TimelineEvent['event'] }
              : { at, event: row.Event as TimelineEvent['event'], detail: String(row.Detail) },
          );
        }
        // Row keys sort by time, then by the order within one write.
        return events;
      }),

    list: (providerId, options) =>
      storage(
        async (): Promise<InvitationListing> =>
          options.order === 'oldest' ? oldestFirst(providerId, options) : newestFirst(providerId, options),
      ),

    summaries: (providerId) =>
      storage(async () => {
        const rows = (await index()).listEntities<Record<string, unknown>>({
          queryOptions: {
            filter: odata`PartitionKey eq ${providerId} and RowKey ge 'invitation|' and RowKey lt 'invitation}'`,
            select: ['InvitationId', 'Pending', 'ExpiresAt', 'DeliveryFailed', 'AcceptedAt'],
          },
        });
        const found: InvitationSummary[] = [];
        const unsummarized: string[] = [];
        for await (const row of rows) {
          const invitationId = String(row.InvitationId);
          if (
            typeof row.Pending !== 'boolean' ||
            typeof row.DeliveryFailed !== 'boolean' ||
            row.ExpiresAt === undefined
          ) {
            unsummarized.push(invitationId);
            continue;
          }
          found.push({
            invitationId,
            pending: row.Pending,
            expiresAt: dateOf(row.ExpiresAt),
            deliveryFailed: row.DeliveryFailed,
            ...(row.AcceptedAt === undefined || row.AcceptedAt === null ? {} : { acceptedAt: dateOf(row.AcceptedAt) }),
          });
        }
        // Rows written before summaries existed, or whose summary a crash left unwritten: read from the invitation and
        // summarized now, so the next count finds them. A claim whose invitation was never written is no invitation.
        for (const invitationId of unsummarized) {
          const invitation = (await readInvitation(invitationId))?.value;
          if (!invitation) continue;
          await summarize(invitation);
          const columns = summaryColumns(invitation);
          found.push({
            invitationId,
            pending: columns.Pending,
            expiresAt: invitation.expiresAt,
            deliveryFailed: columns.DeliveryFailed,
            ...(invitation.acceptedAt ? { acceptedAt: invitation.acceptedAt } : {}),
          });
        }
        return found;
      }),
  };
}

/**
 * A cursor is the SDK's continuation token (opaque keys from the service). A malformed one is refused; a foreign one
 * reaches nothing foreign, since every listing query is confined to the provider's partition.
 */
function decodeCursor(cursor: string): string {
  const invalid = (cause?: unknown) =>
    new DomainError(
      'invalid-cursor',
      'The cursor is not valid: use the nextCursor of a previous page.',
      {},
      cause === undefined ? undefined : { cause },
    );
  let token: { nextPartitionKey?: unknown; nextRowKey?: unknown };
  try {
    token = JSON.parse(Buffer.from(Buffer.from(cursor, 'base64url').toString('utf8'), 'base64').toString('utf8'));
  } catch (error) {
    throw invalid(error);
  }
  if (typeof token !== 'object' || token === null || typeof token.nextPartitionKey !== 'string') throw invalid();
  if (token.nextRowKey !== undefined && typeof token.nextRowKey !== 'string') throw invalid();
  return Buffer.from(cursor, 'base64url').toString('utf8');
}
