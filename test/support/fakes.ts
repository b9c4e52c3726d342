/**
 * In-memory fakes of the domain's ports, for unit tests of the use cases (no I/O). They keep the semantics of the
 * Table adapters, and test/integration/store-contract.test.ts runs the same cases against both: writes If-Match the
 * ETag they were given (a stale one is DomainError `concurrent-update` for invitations, `false` elsewhere), a row
 * that is not there is Azure's 404, a duplicate Azure's 409, listings in the adapters' order and pages. Every write
 * is atomic. Values are copied in and out, so a test can never change stored state by mutating what it read.
 */

import { createHash } from 'node:crypto';
import {
  type AccountEmailRecord,
  type AccountEmailStore,
  addressesNamedBy,
} from '../../shared/domain/account-email-outbox.js';
import {
  type BatchHeader,
  type BatchRow,
  type BatchSummary,
  type ChunkOutcome,
  paceInterval,
  type RejectedRow,
} from '../../shared/domain/bulk.js';
import type {
  ClientAccount,
  ClientProfile,
  ClientRecord,
  OwnedCompany,
  ProviderAccess,
} from '../../shared/domain/client.js';
import { isErased } from '../../shared/domain/erasure.js';
import { DomainError } from '../../shared/domain/errors.js';
import type { Invitation, InvitationDetails } from '../../shared/domain/invitation.js';
import type { DispatchRequest, OutboxEntry } from '../../shared/domain/outbox.js';
import type {
  BatchQueue,
  BatchStore,
  ClickCount,
  ClientStore,
  Clock,
  DispatchQueue,
  EmailClaim,
  EmailClaimant,
  EmailMessage,
  EmailOutcome,
  EmailPacer,
  EmailSender,
  EndedSessions,
  IdempotencyRecord,
  IdempotencyStore,
  Ids,
  InvitationEmailComposer,
  InvitationListing,
  InvitationStore,
  InvitationSummary,
  KnownProfessional,
  Limits,
  LinkKeys,
  Links,
  ListingOptions,
  PoisonQueues,
  ProfessionalRoster,
  ProviderDirectory,
  RememberedResponse,
  RetentionStore,
  SessionRef,
  TwoStepSwitch,
  Versioned,
} from '../../shared/domain/ports.js';
import { MAX_CLAIMS_TOGETHER, type SlidingRule, slidingDecision } from '../../shared/domain/ports.js';
import {
  type ActingProfessional,
  grantSubjectsOf,
  isAgencyCode,
  normalizeAgencyCode,
  type Professional,
  type Provider,
  type ProviderGrant,
} from '../../shared/domain/provider.js';
import type { RetentionFacts, RetentionKind } from '../../shared/domain/retention.js';
import type { PendingEmailChange } from '../../shared/domain/sign-in-email.js';
import { TIMELINE_READ_LIMIT, type TimelineEvent } from '../../shared/domain/timeline.js';
import type { BulkDeps } from '../../shared/domain/use-cases/bulk-invitations.js';
import type { DispatchDeps } from '../../shared/domain/use-cases/invitation-deps.js';
import { FakeEmailChanges } from './email-change-fakes.js';

const copy = <T>(value: T): T => structuredClone(value);

/** What happened, in order, across the fakes that share it (e.g. "the pointer was queued before the write"). */
export type Journal = string[];

export class FakeClock implements Clock {
  constructor(public current = new Date('2025-03-03T09:00:00.000Z')) {}
  now(): Date {
    return new Date(this.current.getTime());
  }
  advance(ms: number): void {
    this.current = new Date(this.current.getTime() + ms);
  }
  set(at: Date): void {
    this.current = new Date(at.getTime());
  }
}

/** GUID-shaped, deterministic: `00000000-0000-4000-8000-000000000001`, … ; derived ids from SHA-256 of the name. */
export class FakeIds implements Ids {
  private counter = 0;
  newId(): string {
    this.counter += 1;
    return `00000000-0000-4000-8000-${String(this.counter).padStart(12, '0')}`;
  }
  derive(namespace: string, name: string): string {
    const hex = createHash('sha256').update(`${namespace}\u0000${name}`).digest('hex');
    return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-8${hex.slice(13, 16)}-8${hex.slice(17, 20)}-${hex.slice(20, 32)}`;
  }
}

/** Keys `key-1`, `key-2`, … ; their "hash" is readable so tests can compute it. */
export class FakeLinkKeys implements LinkKeys {
  private counter = 0;
  readonly issued: string[] = [];
  issue(): { key: string; hash: string } {
    this.counter += 1;
    const key = `key-${this.counter}`;
    this.issued.push(key);
    return { key, hash: this.hash(key) };
  }
  hash(key: string): string {
    return `sha256(${key})`;
  }
  same(a: string, b: string): boolean {
    return a === b;
  }
  seal(key: string): string {
    return `sealed(${key})`;
  }
  open(sealed: string): string {
    const match = /^sealed\((.*)\)$/.exec(sealed);
    if (!match) throw new Error(`not a sealed key: ${sealed}`);
    return match[1]!;
  }
}

export const conflictError = () =>
  new DomainError('concurrent-update', 'The invitation changed meanwhile; read it again and retry.');

/** A storage error as the SDK throws it when an entity already exists (a 409 that is not an ETag conflict). */
const alreadyExists = (what: string) => Object.assign(new Error(`${what} already exists`), { statusCode: 409 });
/** A storage error as the SDK throws it when a conditional write names an entity that is not there. */
const notFound = (what: string) => Object.assign(new Error(`${what} does not exist`), { statusCode: 404 });

/** The listing's row key in the Table adapter: newest first, then by id (a cursor names the next row key). */
const listingKey = (createdAt: Date, id: string) =>
  `invitation|${String(9_999_999_999_999 - createdAt.getTime()).padStart(13, '0')}|${id}`;

/** A cursor shaped as the adapter's (the SDK's continuation token, base64url): opaque to callers, checked alike. */
function encodeCursor(partition: string, rowKey: string): string {
  const token = Buffer.from(JSON.stringify({ nextPartitionKey: partition, nextRowKey: rowKey })).toString('base64');
  return Buffer.from(token).toString('base64url');
}

/** An oldest-first cursor, shaped as the adapter's: the last key given, base64url, checked to be a listing key. */
function keyOfOldestCursor(cursor: string): string {
  const text = Buffer.from(cursor, 'base64url').toString('utf8');
  const rowKey = text.startsWith('oldest|') ? text.slice('oldest|'.length) : '';
  if (!/^invitation\|\d{13}\|[0-9A-Za-z-]{1,64}$/.test(rowKey)) {
    throw new DomainError('invalid-cursor', 'The cursor is not valid: use the nextCursor of a previous page.');
  }
  return rowKey;
}

function decodeCursor(cursor: string): { nextPartitionKey: string; nextRowKey?: string } {
  const invalid = () =>
    new DomainError('invalid-cursor', 'The cursor is not valid: use the nextCursor of a previous page.');
  let token: { nextPartitionKey?: unknown; nextRowKey?: unknown };
  try {
    token = JSON.parse(Buffer.from(Buffer.from(cursor, 'base64url').toString('utf8'), 'base64').toString('utf8'));
  } catch {
    throw invalid();
  }
  if (typeof token !== 'object' || token === null || typeof token.nextPartitionKey !== 'string') throw invalid();
  if (token.nextRowKey !== undefined && typeof token.nextRowKey !== 'string') throw invalid();
  return token as { nextPartitionKey: string; nextRowKey?: string };
}

interface Stored<T> {
  value: T;
  etag: string;
}

export class FakeInvitationStore implements InvitationStore {
  readonly invitations = new Map<string, Stored<Invitation>>();
  readonly outbox = new Map<string, Stored<OutboxEntry>>();
  readonly events = new Map<string, TimelineEvent[]>();
  readonly claims = new Map<string, EmailClaim>();
  /** The providers' listings, by provider and the adapter's row key (written again, a row is replaced). */
  readonly listing = new Map<string, Map<string, { invitationId: string; email: string; expiresAt: Date }>>();
  /** Emails that are not their invitation's own → their invitation (the adapter's `message` index rows). */
  readonly messageIndex = new Map<string, string>();
  /** Each invitation's "Accept" counter (the adapter's `limit|accept` row): its window, its count. */
  readonly clicks = new Map<string, Stored<{ windowStart: number; count: number }>>();
  /** Called once, before the next `update` checks ETags: lets a test change the invitation "meanwhile". */
  beforeNextUpdate: (() => void | Promise<void>) | undefined;
  private etags = 0;

  constructor(private readonly journal: Journal = []) {}

  private nextEtag(): string {
    this.etags += 1;
    return `W/"${this.etags}"`;
  }

  private claimKey(providerId: string, email: string): string {
    return `${providerId}|${email}`;
  }

  private outboxKey(invitationId: string, outboxId: string): string {
    return `${invitationId}|${outboxId}`;
  }

  private providerListing(providerId: string): Map<string, { invitationId: string; email: string; expiresAt: Date }> {
    let rows = this.listing.get(providerId);
    if (!rows) {
      rows = new Map();
      this.listing.set(providerId, rows);
    }
    return rows;
  }

  /** Indexes an email that is not its invitation's own, before its write (as the adapter does). */
  private index(outbox: OutboxEntry | undefined, invitationId: string): void {
    if (outbox && outbox.id !== invitationId) this.messageIndex.set(outbox.id, invitationId);
  }

  async claimEmail(invitation: EmailClaimant): Promise<{ claimed: true } | { claimed: false; holder: EmailClaim }> {
    this.journal.push(`claim ${invitation.email}`);
    const holder = this.claims.get(this.claimKey(invitation.providerId, invitation.email));
    if (holder) return { claimed: false, holder: copy(holder) };
    this.takeClaim(invitation);
    return { claimed: true };
  }

  private takeClaim(invitation: EmailClaimant): void {
    this.claims.set(this.claimKey(invitation.providerId, invitation.email), {
      providerId: invitation.providerId,
      email: invitation.email,
      invitationId: invitation.id,
      claimedAt: new Date((invitation.claimedAt ?? invitation.createdAt).getTime()),
      etag: this.nextEtag(),
    });
    this.providerListing(invitation.providerId).set(listingKey(invitation.createdAt, invitation.id), {
      invitationId: invitation.id,
      email: invitation.email,
      expiresAt: copy(invitation.expiresAt),
    });
  }

  async claimEmails(invitations: EmailClaimant[]): Promise<boolean> {
    this.journal.push(`claim together ${invitations.map((i) => i.email).join(' ')}`);
    if (
      invitations.length > MAX_CLAIMS_TOGETHER ||
      new Set(invitations.map((i) => i.email)).size < invitations.length
    ) {
      throw new Error(`claimEmails takes at most ${MAX_CLAIMS_TOGETHER} distinct emails`);
    }
    if (invitations.some((i) => i.providerId !== invitations[0]!.providerId))
      throw new Error('claimEmails takes one provider');
    if (invitations.some((i) => this.claims.has(this.claimKey(i.providerId, i.email)))) return false;
    for (const invitation of invitations) this.takeClaim(invitation);
    return true;
  }

  async takeOverClaim(
    stale: EmailClaim,
    invitation: Pick<EmailClaimant, 'id' | 'createdAt' | 'expiresAt' | 'claimedAt'>,
  ): Promise<boolean> {
    this.journal.push(`take over ${stale.email}`);
    const key = this.claimKey(stale.providerId, stale.email);
    const current = this.claims.get(key);
    if (!current || current.etag !== stale.etag) return false;
    this.claims.set(key, {
      ...current,
      invitationId: invitation.id,
      claimedAt: new Date((invitation.claimedAt ?? invitation.createdAt).getTime()),
      etag: this.nextEtag(),
    });
    this.providerListing(stale.providerId).set(listingKey(invitation.createdAt, invitation.id), {
      invitationId: invitation.id,
      email: stale.email,
      expiresAt: copy(invitation.expiresAt),
    });
    return true;
  }

  async releaseClaim(invitation: Pick<Invitation, 'providerId' | 'email' | 'id' | 'createdAt'>): Promise<void> {
    this.journal.push(`release ${invitation.email}`);
    const key = this.claimKey(invitation.providerId, invitation.email);
    if (this.claims.get(key)?.invitationId === invitation.id) this.claims.delete(key);
    this.providerListing(invitation.providerId).delete(listingKey(invitation.createdAt, invitation.id));
  }

  async create(invitation: Invitation, outbox: OutboxEntry | undefined, events: TimelineEvent[]): Promise<void> {
    this.journal.push(`create ${invitation.id}`);
    this.index(outbox, invitation.id);
    if (this.invitations.has(invitation.id)) throw alreadyExists(`invitation ${invitation.id}`);
    if (outbox && this.outbox.has(this.outboxKey(invitation.id, outbox.id))) throw alreadyExists('outbox row');
    this.invitations.set(invitation.id, { value: copy(invitation), etag: this.nextEtag() });
    if (outbox)
      this.outbox.set(this.outboxKey(invitation.id, outbox.id), { value: copy(outbox), etag: this.nextEtag() });
    this.events.set(invitation.id, copy(events));
  }

  async get(invitationId: string): Promise<Versioned<Invitation> | undefined> {
    const found = this.invitations.get(invitationId);
    return found ? copy(found) : undefined;
  }

  async findByMessageId(
    messageId: string,
  ): Promise<{ invitation?: Versioned<Invitation>; outbox?: Versioned<OutboxEntry> }> {
    this.journal.push(`find message ${messageId}`);
    // The invitation's own email lives in its partition; a later one is found through its index row.
    const own = await this.getWithOutbox(messageId, messageId);
    if (own.outbox) return own;
    const indexedUnder = this.messageIndex.get(messageId);
    return indexedUnder ? this.getWithOutbox(indexedUnder, messageId) : {};
  }

  async updateOutbox(current: Versioned<OutboxEntry>, next: OutboxEntry): Promise<Versioned<OutboxEntry>> {
    this.journal.push(`update outbox ${next.id}`);
    const key = this.outboxKey(next.invitationId, next.id);
    const stored = this.outbox.get(key);
    if (!stored || stored.etag !== current.etag) throw conflictError();
    const written = { value: copy(next), etag: this.nextEtag() };
    this.outbox.set(key, written);
    return copy(written);
  }

  async getWithOutbox(
    invitationId: string,
    outboxId: string,
  ): Promise<{ invitation?: Versioned<Invitation>; outbox?: Versioned<OutboxEntry> }> {
    const invitation = this.invitations.get(invitationId);
    const outbox = this.outbox.get(this.outboxKey(invitationId, outboxId));
    return { ...(invitation ? { invitation: copy(invitation) } : {}), ...(outbox ? { outbox: copy(outbox) } : {}) };
  }

  async erase(current: Versioned<Invitation>, erased: Invitation, event: TimelineEvent): Promise<void> {
    const original = current.value;
    const claim = this.claimKey(original.providerId, original.email);
    if (this.claims.get(claim)?.invitationId === original.id) this.claims.delete(claim);
    for (const row of this.providerListing(original.providerId).values()) {
      if (row.invitationId === original.id) row.email = erased.email;
    }
    if (!isErased(original)) {
      const stored = this.invitations.get(original.id);
      if (!stored || stored.etag !== current.etag) throw conflictError();
      this.invitations.set(original.id, { value: copy(erased), etag: this.nextEtag() });
      this.events.set(original.id, [copy(event)]);
    }
    for (const key of [...this.outbox.keys()]) if (key.startsWith(`${original.id}|`)) this.outbox.delete(key);
    this.clicks.delete(original.id);
  }

  async update(
    current: Versioned<Invitation>,
    next: Invitation,
    changes: {
      events?: TimelineEvent[];
      newOutbox?: OutboxEntry;
      outbox?: { current: Versioned<OutboxEntry>; next: OutboxEntry };
    },
  ): Promise<string> {
    const hook = this.beforeNextUpdate;
    this.beforeNextUpdate = undefined;
    if (hook) await hook();
    this.journal.push(`update ${next.id}`);
    this.index(changes.newOutbox, next.id);
    // One transaction: every If-Match is checked before anything is written.
    const stored = this.invitations.get(current.value.id);
    if (!stored) throw notFound(`invitation ${current.value.id}`);
    if (stored.etag !== current.etag) throw conflictError();
    if (changes.outbox) {
      const row = this.outbox.get(this.outboxKey(next.id, changes.outbox.next.id));
      if (!row) throw notFound('outbox row');
      if (row.etag !== changes.outbox.current.etag) throw conflictError();
    }
    if (changes.newOutbox && this.outbox.has(this.outboxKey(next.id, changes.newOutbox.id))) {
      throw alreadyExists('outbox row');
    }
    const etag = this.nextEtag();
    this.invitations.set(next.id, { value: copy(next), etag });
    if (changes.newOutbox) {
      this.outbox.set(this.outboxKey(next.id, changes.newOutbox.id), {
        value: copy(changes.newOutbox),
        etag: this.nextEtag(),
      });
    }
    if (changes.outbox) {
      this.outbox.set(this.outboxKey(next.id, changes.outbox.next.id), {
        value: copy(changes.outbox.next),
        etag: this.nextEtag(),
      });
    }
    this.events.set(next.id, [...(this.events.get(next.id) ?? []), ...copy(changes.events ?? [])]);
    return etag;
  }

  async markCompleted(invitationId: string, etag: string, completedAt: Date, e: TimelineEvent): Promise<boolean> {
    this.journal.push(`complete ${invitationId}`);
    const stored = this.invitations.get(invitationId);
    if (!stored) throw notFound(`invitation ${invitationId}`);
    if (stored.etag !== etag) return false;
    const value: Invitation = { ...stored.value, status: 'completed', completedAt: new Date(completedAt.getTime()) };
    this.invitations.set(invitationId, { value, etag: this.nextEtag() });
    this.events.set(invitationId, [...(this.events.get(invitationId) ?? []), copy(e)]);
    return true;
  }

  async getWithClicks(
    invitationId: string,
    windowStart: Date,
  ): Promise<{ invitation?: Versioned<Invitation>; clicks: ClickCount }> {
    const invitation = this.invitations.get(invitationId);
    const counter = this.clicks.get(invitationId);
    const clicks: ClickCount = counter
      ? { count: counter.value.windowStart === windowStart.getTime() ? counter.value.count : 0, etag: counter.etag }
      : { count: 0 };
    return invitation ? { invitation: copy(invitation), clicks } : { clicks };
  }

  async countClick(invitationId: string, windowStart: Date, read: ClickCount, e: TimelineEvent): Promise<void> {
    this.journal.push(`count click ${invitationId}`);
    // One transaction: the counter's If-Match (or its creation) is checked before anything is written.
    const counter = this.clicks.get(invitationId);
    if (read.etag === undefined ? counter !== undefined : counter?.etag !== read.etag) throw conflictError();
    this.clicks.set(invitationId, {
      value: { windowStart: windowStart.getTime(), count: read.count + 1 },
      etag: this.nextEtag(),
    });
    this.events.set(invitationId, [...(this.events.get(invitationId) ?? []), copy(e)]);
  }

  async appendEvent(invitationId: string, e: TimelineEvent): Promise<void> {
    this.events.set(invitationId, [...(this.events.get(invitationId) ?? []), copy(e)]);
  }

  async timeline(invitationId: string, options?: { limit?: number }): Promise<TimelineEvent[]> {
    return copy(this.events.get(invitationId) ?? [])
      .sort((a, b) => a.at.getTime() - b.at.getTime())
      .slice(0, Math.max(0, options?.limit ?? TIMELINE_READ_LIMIT));
  }

  async list(providerId: string, options: ListingOptions): Promise<InvitationListing> {
    const where = options.where ?? {};
    // The listing rows' summaries as the adapter keeps them (`summaries`), and the key's creation time.
    const summaries = new Map((await this.summaries(providerId)).map((s) => [s.invitationId, s]));
    const matches = (rowKey: string, l: { invitationId: string; email: string }) => {
      const s = summaries.get(l.invitationId);
      const created = 9_999_999_999_999 - Number(rowKey.slice('invitation|'.length, 'invitation|'.length + 13));
      return (
        s !== undefined &&
        (!options.email || l.email === options.email) &&
        (where.pending === undefined || s.pending === where.pending) &&
        (where.deliveryFailed === undefined || s.deliveryFailed === where.deliveryFailed) &&
        (!where.expiresAfter || s.expiresAt.getTime() > where.expiresAfter.getTime()) &&
        (!where.expiresBy || s.expiresAt.getTime() <= where.expiresBy.getTime()) &&
        (!where.acceptedSince || (s.acceptedAt !== undefined && s.acceptedAt >= where.acceptedSince)) &&
        (!where.createdFrom || created >= where.createdFrom.getTime()) &&
        (!where.createdBefore || created < where.createdBefore.getTime())
      );
    };
    const sorted = [...this.providerListing(providerId).entries()]
      .filter(([rowKey, l]) => matches(rowKey, l))
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    if (options.order === 'oldest') {
      const after = options.cursor ? keyOfOldestCursor(options.cursor) : undefined;
      const rest = sorted.reverse().filter(([rowKey]) => after === undefined || rowKey < after);
      const page = rest.slice(0, options.limit);
      const invitationIds = page.map(([, l]) => l.invitationId);
      const last = page.at(-1);
      return rest.length > options.limit && last
        ? { invitationIds, nextCursor: Buffer.from(`oldest|${last[0]}`).toString('base64url') }
        : { invitationIds };
    }
    const from = options.cursor ? decodeCursor(options.cursor) : undefined;
    // The query resumes at the cursor's keys and is confined to the provider's partition, as the adapter's is.
    const resumed = (rowKey: string) =>
      !from ||
      providerId > from.nextPartitionKey ||
      (providerId === from.nextPartitionKey && (!from.nextRowKey || rowKey >= from.nextRowKey));
    const all = sorted.filter(([rowKey]) => resumed(rowKey));
    const page = all.slice(0, options.limit);
    const next = all[options.limit];
    const invitationIds = page.map(([, l]) => l.invitationId);
    return next ? { invitationIds, nextCursor: encodeCursor(providerId, next[0]) } : { invitationIds };
  }

  /**
   * The adapter summarizes each listing row from its invitation's writes; here the invitation itself is read. A claim
   * whose invitation was never written (its write crashed before releasing the claim) is listed as the claim wrote
   * it: pending until its expiry, as the adapter's row says.
   */
  async summaries(providerId: string): Promise<InvitationSummary[]> {
    const found: InvitationSummary[] = [];
    for (const listed of this.providerListing(providerId).values()) {
      const invitation = this.invitations.get(listed.invitationId)?.value;
      if (!invitation) {
        found.push({
          invitationId: listed.invitationId,
          pending: true,
          expiresAt: copy(listed.expiresAt),
          deliveryFailed: false,
        });
        continue;
      }
      found.push({
        invitationId: listed.invitationId,
        pending: invitation.status === 'pending',
        expiresAt: copy(invitation.expiresAt),
        deliveryFailed: invitation.delivery.status === 'failed',
        ...(invitation.acceptedAt ? { acceptedAt: copy(invitation.acceptedAt) } : {}),
      });
    }
    return found;
  }

  // Helpers for assertions.
  invitation(id: string): Invitation {
    const found = this.invitations.get(id);
    if (!found) throw new Error(`no invitation ${id}`);
    return copy(found.value);
  }

  outboxRows(invitationId: string): OutboxEntry[] {
    return [...this.outbox.entries()]
      .filter(([key]) => key.startsWith(`${invitationId}|`))
      .map(([, row]) => copy(row.value));
  }

  outboxRow(invitationId: string, outboxId: string): OutboxEntry {
    const found = this.outbox.get(this.outboxKey(invitationId, outboxId));
    if (!found) throw new Error(`no outbox row ${outboxId}`);
    return copy(found.value);
  }

  eventTypes(invitationId: string): string[] {
    return (this.events.get(invitationId) ?? []).map((e) => e.event);
  }

  claim(providerId: string, email: string): EmailClaim | undefined {
    const found = this.claims.get(this.claimKey(providerId, email));
    return found ? copy(found) : undefined;
  }

  /** Puts a claim as a crashed request would have left it (no invitation written). */
  putClaim(claim: Omit<EmailClaim, 'etag'>): void {
    this.claims.set(this.claimKey(claim.providerId, claim.email), { ...copy(claim), etag: this.nextEtag() });
  }
}

export class FakeDispatchQueue implements DispatchQueue {
  readonly scheduled: Array<{ request: DispatchRequest; delaySeconds: number }> = [];
  readonly parked: Array<{ request: DispatchRequest; reason: string }> = [];
  /** Runs after each schedule (e.g. a dispatcher that is faster than the writer). */
  onSchedule: ((request: DispatchRequest) => void | Promise<void>) | undefined;

  constructor(private readonly journal: Journal = []) {}

  async schedule(request: DispatchRequest, delaySeconds: number): Promise<void> {
    this.journal.push(`schedule ${request.outboxId}`);
    this.scheduled.push({ request: copy(request), delaySeconds });
    await this.onSchedule?.(copy(request));
  }

  async park(request: DispatchRequest, reason: string): Promise<void> {
    this.journal.push(`park ${request.outboxId}`);
    this.parked.push({ request: copy(request), reason });
  }

  get last(): { request: DispatchRequest; delaySeconds: number } {
    const last = this.scheduled.at(-1);
    if (!last) throw new Error('nothing was scheduled');
    return last;
  }
}

export const GFMS: Provider = {
  id: 'gfms',
  name: 'GFMS',
  platformName: 'My rConnect',
  platformDescription: 'My rConnect helps you boost your service processes.',
  supportEmail: 'support@gfms.example',
  status: 'active',
};

export class FakeProviderDirectory implements ProviderDirectory {
  readonly providers = new Map<string, Provider>([[GFMS.id, GFMS]]);
  /** Who acts for which provider: `<tenant>|<subject>` (`tenant`, `user:<oid>`, `app:<client id>`) → provider id. */
  readonly grants = new Map<string, string>();

  async get(providerId: string): Promise<Provider | undefined> {
    const found = this.providers.get(providerId);
    return found ? copy(found) : undefined;
  }

  /** The most specific grant wins: the person, then the calling app, then the whole tenant. */
  async providerOf(professional: Professional): Promise<string | undefined> {
    for (const subject of grantSubjectsOf(professional)) {
      const providerId = this.grants.get(`${professional.tenantId}|${subject}`);
      if (providerId) return providerId;
    }
    return undefined;
  }

  async byAgencyCode(clientCode: string): Promise<Provider | undefined> {
    const code = normalizeAgencyCode(clientCode);
    if (!isAgencyCode(code)) return undefined;
    const found = [...this.providers.values()].find((p) => p.agencyCodes?.client === code);
    return found ? copy(found) : undefined;
  }

  put(provider: Provider): void {
    this.providers.set(provider.id, copy(provider));
  }

  grant(grant: ProviderGrant, providerId: string): void {
    this.grants.set(`${grant.tenantId}|${grant.subject}`, providerId);
  }
}

/** Fixed-window counters on the fake clock, like the Table adapter. */
export class FakeLimits implements Limits {
  readonly counts = new Map<string, number>();
  constructor(private readonly clock: Clock) {}

  async take(
    key: string,
    rule: { limit: number; windowSeconds: number },
  ): Promise<{ allowed: boolean; retryAfterSeconds: number; used?: number }> {
    const now = this.clock.now().getTime();
    const windowMs = rule.windowSeconds * 1000;
    const start = Math.floor(now / windowMs) * windowMs;
    const slot = `${key}|${start}`;
    const count = this.counts.get(slot) ?? 0;
    if (count >= rule.limit) return { allowed: false, retryAfterSeconds: Math.ceil((start + windowMs - now) / 1000) };
    this.counts.set(slot, count + 1);
    return { allowed: true, retryAfterSeconds: 0, used: count + 1 };
  }

  /** Per sliding key, the times (ms) allowed. */
  readonly slidingTimes = new Map<string, number[]>();
  async takeSliding(
    key: string,
    rules: readonly SlidingRule[],
  ): Promise<{ allowed: boolean; retryAfterSeconds: number }> {
    const decision = slidingDecision(this.slidingTimes.get(key) ?? [], rules, this.clock.now().getTime());
    if (decision.allowed) this.slidingTimes.set(key, decision.kept);
    return { allowed: decision.allowed, retryAfterSeconds: decision.retryAfterSeconds };
  }
}

export type ScriptedOutcome = EmailOutcome | (() => EmailOutcome | Promise<EmailOutcome>);

/** Answers each send with the next scripted outcome (then `sent`), and records every message it was given. */
export class FakeEmailSender implements EmailSender {
  readonly calls: EmailMessage[] = [];
  readonly script: ScriptedOutcome[] = [];

  constructor(private readonly journal: Journal = []) {}

  answer(...outcomes: ScriptedOutcome[]): this {
    this.script.push(...outcomes);
    return this;
  }

  async send(message: EmailMessage): Promise<EmailOutcome> {
    this.journal.push(`send ${message.messageId}`);
    this.calls.push(copy(message));
    const next = this.script.shift() ?? { kind: 'sent' };
    return typeof next === 'function' ? next() : next;
  }

  /** Emails a real mailbox would hold: ACS executes a repeated repeatability request id once. */
  get delivered(): EmailMessage[] {
    const seen = new Set<string>();
    return this.calls.filter((m) => !seen.has(m.repeatability.requestId) && seen.add(m.repeatability.requestId));
  }
}

export const fakeComposer: InvitationEmailComposer = {
  compose: ({ invitation, provider, acceptUrl, reason }) => ({
    subject: `[${reason}] ${provider.name} invites ${invitation.firstName}`,
    html: `<a href="${acceptUrl}">Accept</a>`,
    text: `Accept: ${acceptUrl}`,
  }),
};

export const fakeLinks: Links = {
  acceptInvitation: (invitationId, key) =>
    `https://onboarding.test/api/InviteUser?invitationId=${invitationId}&key=${key}`,
};

export class FakeBatchStore implements BatchStore {
  readonly headers = new Map<string, BatchHeader>();
  readonly chunks = new Map<string, Stored<{ rows: BatchRow[]; outcome: ChunkOutcome }>>();
  /** Emails sent and failed per chunk: apart from the chunk (as the adapter's `delivery|<n>` rows), so counting
   * never changes the chunk's ETag and a chunk's outcome never overwrites the counts. */
  readonly deliveries = new Map<string, { sent: number; failed: number }>();
  private etags = 0;

  private nextEtag(): string {
    this.etags += 1;
    return `W/"chunk-${this.etags}"`;
  }

  async create(header: BatchHeader, chunks: Map<number, BatchRow[]>): Promise<void> {
    if (this.headers.has(header.id) || [...chunks.keys()].some((n) => this.chunks.has(`${header.id}|${n}`))) {
      throw alreadyExists(`batch ${header.id}`);
    }
    for (const [n, rows] of chunks) {
      this.chunks.set(`${header.id}|${n}`, {
        value: {
          rows: copy(rows),
          outcome: { status: 'pending', created: 0, refused: [], sent: 0, deliveryFailed: 0 },
        },
        etag: this.nextEtag(),
      });
    }
    // Written last: until then the batch does not exist for anyone.
    this.headers.set(header.id, copy(header));
  }

  async header(batchId: string): Promise<BatchSummary | undefined> {
    const found = this.headers.get(batchId);
    if (!found) return undefined;
    const { rejected: _, ...summary } = copy(found);
    return summary;
  }

  async rejected(batchId: string): Promise<RejectedRow[]> {
    return copy(this.headers.get(batchId)?.rejected ?? []);
  }

  async chunk(
    batchId: string,
    chunk: number,
  ): Promise<Versioned<{ rows: BatchRow[]; outcome: ChunkOutcome }> | undefined> {
    const found = this.chunks.get(`${batchId}|${chunk}`);
    return found ? copy(found) : undefined;
  }

  async finishChunk(batchId: string, chunk: number, etag: string, outcome: ChunkOutcome): Promise<boolean> {
    const found = this.chunks.get(`${batchId}|${chunk}`);
    if (!found) throw notFound(`chunk ${chunk} of batch ${batchId}`);
    if (found.etag !== etag) return false;
    this.chunks.set(`${batchId}|${chunk}`, {
      value: { ...found.value, outcome: copy(outcome) },
      etag: this.nextEtag(),
    });
    return true;
  }

  /** Each chunk's outcome in chunk order, with the emails counted for it. */
  async outcomes(batchId: string): Promise<ChunkOutcome[]> {
    return [...this.chunks.entries()]
      .filter(([key]) => key.startsWith(`${batchId}|`))
      .map(([key, row]) => ({ n: Number(key.slice(batchId.length + 1)), key, outcome: row.value.outcome }))
      .sort((a, b) => a.n - b.n)
      .map(({ key, outcome }) => ({
        ...copy(outcome),
        sent: this.deliveries.get(key)?.sent ?? 0,
        deliveryFailed: this.deliveries.get(key)?.failed ?? 0,
      }));
  }

  /** Newest first, as the adapter's listing keys (reversed time, then the id) sort. */
  async recent(providerId: string, limit: number): Promise<BatchSummary[]> {
    return [...this.headers.values()]
      .filter((header) => header.providerId === providerId)
      .sort((a, b) => b.createdAt.getTime() - a.createdAt.getTime() || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0))
      .slice(0, limit)
      .map(({ rejected: _, ...summary }) => copy(summary));
  }

  async countDelivery(batchId: string, chunk: number, outcome: 'sent' | 'failed'): Promise<void> {
    const key = `${batchId}|${chunk}`;
    const counts = this.deliveries.get(key) ?? { sent: 0, failed: 0 };
    this.deliveries.set(
      key,
      outcome === 'sent' ? { ...counts, sent: counts.sent + 1 } : { ...counts, failed: counts.failed + 1 },
    );
  }
}

export class FakeBatchQueue implements BatchQueue {
  readonly enqueued: Array<{ batchId: string; chunk: number }> = [];
  async enqueueChunk(batchId: string, chunk: number): Promise<void> {
    this.enqueued.push({ batchId, chunk });
  }
}

/** One next free send time for everyone, as the adapter's row: a run of emails queues up behind the previous runs. */
export class FakeEmailPacer implements EmailPacer {
  readonly reservations: number[] = [];
  private nextAt: number | undefined;
  private readonly intervalSeconds: number;

  /** The default quota (30 a minute, 1,800 an hour) spaces emails 2 s apart. */
  constructor(
    private readonly clock: Clock,
    quota = { perMinute: 30, perHour: 1800 },
  ) {
    this.intervalSeconds = paceInterval(quota);
  }

  async reserve(count: number): Promise<{ firstDelaySeconds: number; intervalSeconds: number }> {
    this.reservations.push(count);
    const now = this.clock.now().getTime();
    const start = Math.max(now, this.nextAt ?? now);
    this.nextAt = start + count * this.intervalSeconds * 1000;
    return { firstDelaySeconds: Math.ceil((start - now) / 1000), intervalSeconds: this.intervalSeconds };
  }
}

/** Clients by person (`tid|oid`): the account, one record per provider, the companies owned — as the adapter's partition. */
export class FakeClientStore implements ClientStore {
  readonly accounts = new Map<string, ClientAccount>();
  /** `key` → provider id → record. */
  readonly records = new Map<string, Map<string, ClientRecord>>();
  /** `key` → company id → company. */
  readonly companies = new Map<string, Map<string, OwnedCompany>>();
  /** `key` → ended session id → when it would have ended (the adapter's `ended|<sid>` rows). */
  readonly endedMarkers = new Map<string, Map<string, Date>>();

  /** The keys whose profile was read, in order. */
  readonly reads: string[] = [];

  /** Every client's profile as `profile` answers it (copies: change them through the store). */
  get profiles(): ReadonlyMap<string, ClientProfile> {
    return new Map([...this.accounts.keys()].map((key) => [key, this.read(key)!]));
  }

  /** Stores a whole profile (account, records, companies), as a test's starting point. */
  put(profile: ClientProfile): void {
    const key = profile.account.key;
    this.accounts.set(key, copy(profile.account));
    this.records.set(key, new Map(profile.records.map((r) => [r.providerId, copy(r)])));
    this.companies.set(key, new Map(profile.companies.map((c) => [c.id, copy(c)])));
  }

  async profile(key: string): Promise<ClientProfile | undefined> {
    this.reads.push(key);
    return this.read(key);
  }

  private read(key: string): ClientProfile | undefined {
    const account = this.accounts.get(key);
    if (!account) return undefined;
    const byKey = <T>(rows: Map<string, T> | undefined) =>
      [...(rows ?? new Map<string, T>()).entries()].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)).map(([, v]) => v);
    const ended = this.sessionsEnded.get(key);
    return copy({
      account,
      records: byKey(this.records.get(key)),
      companies: byKey(this.companies.get(key)),
      ...(ended ? { sessionsEndedAt: ended } : {}),
    });
  }

  /** `key` → the instant before which its sessions are ended (the adapter's `sessions-ended` row). */
  readonly sessionsEnded = new Map<string, Date>();

  async endSessionsBefore(key: string, at: Date): Promise<void> {
    const current = this.sessionsEnded.get(key);
    if (!current || current.getTime() < at.getTime()) this.sessionsEnded.set(key, copy(at));
  }

  /** `key` → when the product last changed its password (the adapter's `password-changed` row). */
  readonly passwordChanged = new Map<string, Date>();

  async recordPasswordChange(key: string, at: Date): Promise<void> {
    const current = this.passwordChanged.get(key);
    if (!current || current.getTime() < at.getTime()) this.passwordChanged.set(key, copy(at));
  }

  async passwordChangedAt(key: string): Promise<Date | undefined> {
    const at = this.passwordChanged.get(key);
    return at ? copy(at) : undefined;
  }

  async recordAcceptance(account: ClientAccount, record: ClientRecord): Promise<{ accountCreated: boolean }> {
    // An existing account keeps its creation date; an existing record keeps its access status.
    const records = this.records.get(account.key) ?? new Map<string, ClientRecord>();
    const accountCreated = !this.accounts.has(account.key) && !records.has(record.providerId);
    if (!this.accounts.has(account.key)) this.accounts.set(account.key, copy(account));
    if (!records.has(record.providerId)) records.set(record.providerId, copy(record));
    this.records.set(account.key, records);
    return { accountCreated };
  }

  async setAccess(key: string, providerId: string, access: ProviderAccess): Promise<boolean> {
    const record = this.records.get(key)?.get(providerId);
    if (!record) return false;
    record.access = copy(access);
    return true;
  }

  async addCompany(key: string, company: OwnedCompany): Promise<boolean> {
    const companies = this.companies.get(key) ?? new Map<string, OwnedCompany>();
    if (companies.has(company.id)) return false;
    companies.set(company.id, copy(company));
    this.companies.set(key, companies);
    return true;
  }

  async profileInSession(key: string, sid: string): Promise<{ profile: ClientProfile | undefined; ended: boolean }> {
    return { profile: await this.profile(key), ended: this.endedMarkers.get(key)?.has(sid) ?? false };
  }

  async markEnded(key: string, session: SessionRef): Promise<void> {
    const markers = this.endedMarkers.get(key) ?? new Map<string, Date>();
    markers.set(session.sid, copy(session.endsAt));
    this.endedMarkers.set(key, markers);
  }

  /** The sessions marked ended, as `key|sid`. */
  markedEnded(): string[] {
    return [...this.endedMarkers].flatMap(([key, sids]) => [...sids.keys()].map((sid) => `${key}|${sid}`));
  }

  async forgetEnded(key: string, sid: string): Promise<void> {
    const markers = this.endedMarkers.get(key);
    markers?.delete(sid);
    if (markers?.size === 0) this.endedMarkers.delete(key);
  }

  async forgetProvider(key: string, providerId: string): Promise<void> {
    this.records.get(key)?.delete(providerId);
    const companies = this.companies.get(key);
    for (const [id, company] of companies ?? []) if (company.providerId === providerId) companies?.delete(id);
  }

  async forgetAccount(key: string): Promise<void> {
    for (const rows of [this.accounts, this.records, this.companies, this.endedMarkers]) rows.delete(key);
    this.sessionsEnded.delete(key);
    this.passwordChanged.delete(key);
    this.emailChanges.rows.delete(key);
  }

  /** The pending changes of the sign-in email (the adapter's `email-change` row). */
  readonly emailChanges = new FakeEmailChanges();

  async emailChange(key: string): Promise<Versioned<PendingEmailChange> | undefined> {
    return this.emailChanges.get(key);
  }

  async saveEmailChange(
    key: string,
    change: PendingEmailChange,
    current?: Versioned<PendingEmailChange>,
  ): Promise<boolean> {
    return this.emailChanges.save(key, change, current);
  }

  async forgetEmailChange(key: string, current?: Versioned<PendingEmailChange>): Promise<boolean> {
    return this.emailChanges.forget(key, current);
  }

  async changeAccountEmail(key: string, email: string): Promise<boolean> {
    const account = this.accounts.get(key);
    if (!account) return false;
    account.email = email;
    return true;
  }
}

/** Remembered answers per (scope, key), with ETags as the adapter's row has them. */
export class FakeIdempotencyStore implements IdempotencyStore {
  readonly records = new Map<string, IdempotencyRecord>();
  private etags = 0;

  private nextEtag(): string {
    this.etags += 1;
    return `W/"idempotency-${this.etags}"`;
  }

  private slot(scope: string, key: string): string {
    return `${scope}|${key}`;
  }

  async begin(
    scope: string,
    key: string,
    fingerprint: string,
    now: Date,
  ): Promise<{ claimed: true; etag: string } | { claimed: false; record: IdempotencyRecord }> {
    const found = this.records.get(this.slot(scope, key));
    if (found) return { claimed: false, record: copy(found) };
    const etag = this.nextEtag();
    this.records.set(this.slot(scope, key), { state: 'in-progress', fingerprint, createdAt: copy(now), etag });
    return { claimed: true, etag };
  }

  async restart(scope: string, key: string, fingerprint: string, now: Date, etag: string): Promise<string | undefined> {
    const found = this.records.get(this.slot(scope, key));
    if (!found || found.etag !== etag) return undefined;
    const next = this.nextEtag();
    this.records.set(this.slot(scope, key), { state: 'in-progress', fingerprint, createdAt: copy(now), etag: next });
    return next;
  }

  async finish(
    scope: string,
    key: string,
    fingerprint: string,
    createdAt: Date,
    response: RememberedResponse,
  ): Promise<void> {
    this.records.set(this.slot(scope, key), {
      state: 'done',
      fingerprint,
      createdAt: copy(createdAt),
      etag: this.nextEtag(),
      response: copy(response),
    });
  }

  async abandon(scope: string, key: string): Promise<void> {
    this.records.delete(this.slot(scope, key));
  }

  /** Deletes the records begun before `before`; counts one row a record (the adapter also counts its body pages). */
  async purge(before: Date): Promise<number> {
    let purged = 0;
    for (const [slot, record] of this.records) {
      if (record.createdAt.getTime() < before.getTime()) {
        this.records.delete(slot);
        purged += 1;
      }
    }
    return purged;
  }
}

/** Ended sessions, kept as the adapter's rows are: by the hour the session would end in, then its id. */
export class FakeEndedSessions implements EndedSessions {
  readonly ended = new Map<string, SessionRef & { clientKey?: string }>();
  /** How many times a session was looked up (each one point read for the adapter). */
  lookups = 0;

  private slot(session: SessionRef): string {
    return `${session.endsAt.toISOString().slice(0, 13)}|${session.sid}`;
  }

  async end(session: SessionRef, clientKey?: string): Promise<void> {
    this.ended.set(this.slot(session), {
      sid: session.sid,
      endsAt: copy(session.endsAt),
      ...(clientKey !== undefined ? { clientKey } : {}),
    });
  }

  /** The records `purge(before)` would delete, with their client when they have one. */
  async expired(before: Date): Promise<{ session: SessionRef; clientKey?: string }[]> {
    const hour = before.toISOString().slice(0, 13);
    return [...this.ended.entries()]
      .filter(([slot]) => slot.slice(0, 13) < hour)
      .map(([, { sid, endsAt, clientKey }]) => ({
        session: { sid, endsAt: copy(endsAt) },
        ...(clientKey !== undefined ? { clientKey } : {}),
      }));
  }

  async isEnded(session: SessionRef): Promise<boolean> {
    this.lookups += 1;
    return this.ended.has(this.slot(session));
  }

  /** Deletes whole hours that ended before the hour of `before` began (the adapter's partitions). */
  async purge(before: Date): Promise<number> {
    const hour = before.toISOString().slice(0, 13);
    let purged = 0;
    for (const [slot] of this.ended) {
      if (slot.slice(0, 13) < hour) {
        this.ended.delete(slot);
        purged += 1;
      }
    }
    return purged;
  }
}

/** Every fake, wired as the use cases want them. */
export interface FakeWorld {
  journal: Journal;
  clock: FakeClock;
  ids: FakeIds;
  keys: FakeLinkKeys;
  store: FakeInvitationStore;
  queue: FakeDispatchQueue;
  providers: FakeProviderDirectory;
  limits: FakeLimits;
  email: FakeEmailSender;
  batches: FakeBatchStore;
  batchQueue: FakeBatchQueue;
  pacer: FakeEmailPacer;
  deps: BulkDeps & DispatchDeps;
}

export function fakeWorld(options: { retryBaseSeconds?: number } = {}): FakeWorld {
  const journal: Journal = [];
  const clock = new FakeClock();
  const ids = new FakeIds();
  const keys = new FakeLinkKeys();
  const store = new FakeInvitationStore(journal);
  const queue = new FakeDispatchQueue(journal);
  const providers = new FakeProviderDirectory();
  const limits = new FakeLimits(clock);
  const email = new FakeEmailSender(journal);
  const batches = new FakeBatchStore();
  const batchQueue = new FakeBatchQueue();
  const pacer = new FakeEmailPacer(clock);
  const deps: BulkDeps & DispatchDeps = {
    clock,
    ids,
    keys,
    invitations: store,
    dispatch: queue,
    providers,
    limits,
    links: fakeLinks,
    email,
    composer: fakeComposer,
    retryBaseSeconds: options.retryBaseSeconds ?? 5,
    batches,
    batchQueue,
    pacer,
  };
  return { journal, clock, ids, keys, store, queue, providers, limits, email, batches, batchQueue, pacer, deps };
}

export const professionalUser: ActingProfessional = {
  tenantId: 'workforce-tenant',
  oid: 'oid-tamer',
  appId: 'app-portal',
  name: 'Tamer Haddad',
  kind: 'user',
  roles: ['Invitations.Send', 'Clients.Manage'],
  providerId: GFMS.id,
};

export const backOfficeApp: ActingProfessional = {
  tenantId: 'workforce-tenant',
  oid: 'sp-back-office',
  appId: 'app-back-office',
  name: 'app-back-office',
  kind: 'app',
  roles: ['Invitations.Send'],
  providerId: GFMS.id,
};

export function invitationDetails(overrides: Partial<InvitationDetails> = {}): InvitationDetails {
  return {
    email: 'mohamed-nour@example.com',
    firstName: 'Mohamed-Nour',
    lastName: 'Benali',
    locale: 'fr',
    expiresInDays: 7,
    sendEmail: true,
    ...overrides,
  };
}

/**
 * Account emails by id, as the `AccountEmails` table: a point read, a create (409 on a duplicate), Replace If-Match,
 * and the erasure of every email sent to an address.
 */
export class FakeAccountEmailStore implements AccountEmailStore {
  readonly rows = new Map<string, { value: AccountEmailRecord; etag: string }>();
  private version = 0;

  async create(record: AccountEmailRecord): Promise<void> {
    if (this.rows.has(record.id)) throw Object.assign(new Error('EntityAlreadyExists'), { statusCode: 409 });
    this.rows.set(record.id, { value: structuredClone(record), etag: `W/"${++this.version}"` });
  }

  async get(id: string): Promise<Versioned<AccountEmailRecord> | undefined> {
    const row = this.rows.get(id);
    return row ? structuredClone(row) : undefined;
  }

  async replace(
    next: AccountEmailRecord,
    current: Versioned<AccountEmailRecord>,
  ): Promise<Versioned<AccountEmailRecord>> {
    const row = this.rows.get(next.id);
    if (!row || row.etag !== current.etag) {
      throw new DomainError('concurrent-update', 'The account email changed meanwhile; read it again.');
    }
    const written = { value: structuredClone(next), etag: `W/"${++this.version}"` };
    this.rows.set(next.id, written);
    return structuredClone(written);
  }

  async forgetNaming(email: string): Promise<void> {
    for (const [id, row] of this.rows) {
      const named = addressesNamedBy(row.value.content);
      if (named.to === email || named.about === email) this.rows.delete(id);
    }
  }
}

/** The poison queues as lists of messages: `park` puts one in, `waiting` counts them (an unknown queue holds none). */
export class FakePoisonQueues implements PoisonQueues {
  readonly messages = new Map<string, unknown[]>();
  constructor(readonly names: readonly string[]) {}

  park(queue: string, message: unknown): void {
    this.messages.set(queue, [...(this.messages.get(queue) ?? []), message]);
  }

  async waiting(): Promise<Array<{ queue: string; messages: number }>> {
    return this.names.map((queue) => ({ queue, messages: this.messages.get(queue)?.length ?? 0 }));
  }
}

/** Two-step verification's switch in memory: the accounts where it is on, and when it last changed. */
export class FakeTwoStepSwitch implements TwoStepSwitch {
  readonly on = new Set<string>();
  readonly changedAt = new Map<string, Date>();

  async isOn(key: string): Promise<boolean> {
    return this.on.has(key);
  }

  async turnOff(key: string, at: Date): Promise<boolean> {
    if (!this.on.delete(key)) return false;
    const last = this.changedAt.get(key);
    if (!last || last.getTime() < at.getTime()) this.changedAt.set(key, at);
    return true;
  }
}

/** The console's professionals in memory, per provider, by tenant and oid. */
export class FakeProfessionalRoster implements ProfessionalRoster {
  readonly byProvider = new Map<string, Map<string, KnownProfessional>>();

  async record(providerId: string, professional: KnownProfessional): Promise<void> {
    const known = this.byProvider.get(providerId) ?? new Map<string, KnownProfessional>();
    known.set(`${professional.tenantId}|${professional.oid}`, structuredClone(professional));
    this.byProvider.set(providerId, known);
  }

  async list(providerId: string): Promise<KnownProfessional[]> {
    return [...(this.byProvider.get(providerId)?.values() ?? [])].map((p) => structuredClone(p));
  }
}

/**
 * The retention store as sorted lists of rows per kind: pages in `ref` order, the cursor the last ref given (as the
 * adapter's continuation), `apply` deletes the row or marks an invitation anonymized (false when nothing was left to
 * do), a checkpoint per kind. `failOnApply` makes the n-th apply throw: a run that stops half-way.
 */
export class FakeRetentionStore implements RetentionStore {
  readonly rows = new Map<RetentionKind, Map<string, RetentionFacts>>();
  readonly checkpoints = new Map<RetentionKind, string>();
  applied = 0;
  failOnApply?: number;

  add(ref: string, facts: RetentionFacts): void {
    const rows = this.rows.get(facts.kind) ?? new Map<string, RetentionFacts>();
    rows.set(ref, structuredClone(facts));
    this.rows.set(facts.kind, rows);
  }

  async page(kind: RetentionKind, cursor: string | undefined, size: number) {
    const refs = [...(this.rows.get(kind)?.keys() ?? [])].sort().filter((ref) => cursor === undefined || ref > cursor);
    const taken = refs.slice(0, size);
    const rows = taken.map((ref) => ({ ref, facts: structuredClone(this.rows.get(kind)!.get(ref)!) }));
    return refs.length > size ? { rows, next: taken.at(-1)! } : { rows };
  }

  async apply(kind: RetentionKind, ref: string, action: 'anonymize' | 'delete'): Promise<boolean> {
    this.applied++;
    if (this.failOnApply !== undefined && this.applied >= this.failOnApply) throw new Error('storage went away');
    const rows = this.rows.get(kind);
    const facts = rows?.get(ref);
    if (!rows || !facts) return false;
    if (action === 'delete') return rows.delete(ref);
    if (facts.kind !== 'invitations' || facts.anonymized) return false;
    facts.anonymized = true;
    return true;
  }

  async checkpoint(kind: RetentionKind): Promise<string | undefined> {
    return this.checkpoints.get(kind);
  }

  async saveCheckpoint(kind: RetentionKind, cursor: string | undefined): Promise<void> {
    if (cursor === undefined) this.checkpoints.delete(kind);
    else this.checkpoints.set(kind, cursor);
  }
}

/** The outbox row of an invitation's first email, as InviteUser writes it: pending, no attempt, its key sealed. */
export function pendingOutbox(invitation: Invitation, overrides: Partial<OutboxEntry> = {}): OutboxEntry {
  return {
    id: invitation.id,
    invitationId: invitation.id,
    keyVersion: invitation.keyVersion,
    reason: 'invitation',
    status: 'pending',
    attempts: 0,
    createdAt: invitation.createdAt,
    sealedKey: 'sealed(key-1)',
    ...overrides,
  };
}
