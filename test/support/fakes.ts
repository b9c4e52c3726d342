/**
 * In-memory fakes of the domain's ports, for unit tests of the use cases (no I/O). They keep the semantics the
 * adapters promise: the invitation store writes If-Match the ETag it was given and answers a stale one with
 * DomainError `concurrent-update`, as the Table adapter does; every write is atomic. Values
 * are copied in and out, so a test can never change stored state by mutating what it read.
 */
import { createHash } from 'node:crypto';
import type { BatchHeader, BatchRow, ChunkOutcome, RejectedRow } from '../../shared/domain/bulk.js';
import { DomainError } from '../../shared/domain/errors.js';
import type { Invitation, InvitationDetails } from '../../shared/domain/invitation.js';
import type { DispatchRequest, OutboxEntry } from '../../shared/domain/outbox.js';
import type {
  BatchQueue,
  BatchStore,
  Clock,
  DispatchQueue,
  EmailClaim,
  EmailMessage,
  EmailOutcome,
  EmailPacer,
  EmailSender,
  Ids,
  InvitationEmailComposer,
  InvitationListing,
  InvitationStore,
  Limits,
  LinkKeys,
  Links,
  ProviderDirectory,
  Versioned,
} from '../../shared/domain/ports.js';
import {
  type ActingProfessional,
  normalizeAgencyCode,
  type Professional,
  type Provider,
} from '../../shared/domain/provider.js';
import type { TimelineEvent } from '../../shared/domain/timeline.js';
import type { BulkDeps } from '../../shared/domain/use-cases/bulk-invitations.js';
import type { DispatchDeps } from '../../shared/domain/use-cases/invitation-deps.js';

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

interface Stored<T> {
  value: T;
  etag: string;
}

export class FakeInvitationStore implements InvitationStore {
  readonly invitations = new Map<string, Stored<Invitation>>();
  readonly outbox = new Map<string, Stored<OutboxEntry>>();
  readonly events = new Map<string, TimelineEvent[]>();
  readonly claims = new Map<string, EmailClaim>();
  readonly listing: Array<{ providerId: string; invitationId: string; email: string; createdAt: Date }> = [];
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

  async claimEmail(
    invitation: Pick<Invitation, 'providerId' | 'email' | 'id' | 'createdAt'>,
  ): Promise<{ claimed: true } | { claimed: false; holder: EmailClaim }> {
    this.journal.push(`claim ${invitation.email}`);
    const key = this.claimKey(invitation.providerId, invitation.email);
    const holder = this.claims.get(key);
    if (holder) return { claimed: false, holder: copy(holder) };
    this.claims.set(key, {
      providerId: invitation.providerId,
      email: invitation.email,
      invitationId: invitation.id,
      claimedAt: new Date(invitation.createdAt.getTime()),
      etag: this.nextEtag(),
    });
    this.listing.push({
      providerId: invitation.providerId,
      invitationId: invitation.id,
      email: invitation.email,
      createdAt: new Date(invitation.createdAt.getTime()),
    });
    return { claimed: true };
  }

  async takeOverClaim(stale: EmailClaim, invitation: Pick<Invitation, 'id' | 'createdAt'>): Promise<boolean> {
    this.journal.push(`take over ${stale.email}`);
    const key = this.claimKey(stale.providerId, stale.email);
    const current = this.claims.get(key);
    if (!current || current.etag !== stale.etag) return false;
    this.claims.set(key, {
      ...current,
      invitationId: invitation.id,
      claimedAt: new Date(invitation.createdAt.getTime()),
      etag: this.nextEtag(),
    });
    this.listing.push({
      providerId: stale.providerId,
      invitationId: invitation.id,
      email: stale.email,
      createdAt: new Date(invitation.createdAt.getTime()),
    });
    return true;
  }

  async releaseClaim(invitation: Pick<Invitation, 'providerId' | 'email' | 'id' | 'createdAt'>): Promise<void> {
    this.journal.push(`release ${invitation.email}`);
    const key = this.claimKey(invitation.providerId, invitation.email);
    if (this.claims.get(key)?.invitationId === invitation.id) this.claims.delete(key);
    this.listing.splice(0, this.listing.length, ...this.listing.filter((l) => l.invitationId !== invitation.id));
  }

  async create(invitation: Invitation, outbox: OutboxEntry | undefined, events: TimelineEvent[]): Promise<void> {
    this.journal.push(`create ${invitation.id}`);
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
    const row = [...this.outbox.values()].find((r) => r.value.id === messageId);
    if (!row) return {};
    return this.getWithOutbox(row.value.invitationId, messageId);
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
    // One transaction: every If-Match is checked before anything is written.
    const stored = this.invitations.get(current.value.id);
    if (!stored || stored.etag !== current.etag) throw conflictError();
    if (changes.outbox) {
      const row = this.outbox.get(this.outboxKey(next.id, changes.outbox.next.id));
      if (!row || row.etag !== changes.outbox.current.etag) throw conflictError();
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
    if (!stored || stored.etag !== etag) return false;
    const value: Invitation = { ...stored.value, status: 'completed', completedAt: new Date(completedAt.getTime()) };
    this.invitations.set(invitationId, { value, etag: this.nextEtag() });
    this.events.set(invitationId, [...(this.events.get(invitationId) ?? []), copy(e)]);
    return true;
  }

  async appendEvent(invitationId: string, e: TimelineEvent): Promise<void> {
    this.events.set(invitationId, [...(this.events.get(invitationId) ?? []), copy(e)]);
  }

  async timeline(invitationId: string): Promise<TimelineEvent[]> {
    return copy(this.events.get(invitationId) ?? []).sort((a, b) => a.at.getTime() - b.at.getTime());
  }

  async list(
    providerId: string,
    options: { email?: string; cursor?: string; limit: number },
  ): Promise<InvitationListing> {
    const all = this.listing
      .filter((l) => l.providerId === providerId && (!options.email || l.email === options.email))
      .sort((a, b) => b.createdAt.getTime() - a.createdAt.getTime());
    const start = options.cursor ? Number(options.cursor) : 0;
    const page = all.slice(start, start + options.limit).map((l) => l.invitationId);
    const end = start + options.limit;
    return end < all.length ? { invitationIds: page, nextCursor: String(end) } : { invitationIds: page };
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
  /** `tenantId|oid` or `tenantId` → provider id. */
  readonly access = new Map<string, string>();

  async get(providerId: string): Promise<Provider | undefined> {
    const found = this.providers.get(providerId);
    return found ? copy(found) : undefined;
  }

  async providerOf(professional: Professional): Promise<string | undefined> {
    return this.access.get(`${professional.tenantId}|${professional.oid}`) ?? this.access.get(professional.tenantId);
  }

  async byAgencyCode(clientCode: string): Promise<Provider | undefined> {
    const code = normalizeAgencyCode(clientCode);
    const found = [...this.providers.values()].find((p) => p.agencyCodes?.client === code);
    return found ? copy(found) : undefined;
  }

  put(provider: Provider): void {
    this.providers.set(provider.id, copy(provider));
  }
}

/** Fixed-window counters on the fake clock, like the Table adapter. */
export class FakeLimits implements Limits {
  readonly counts = new Map<string, number>();
  constructor(private readonly clock: Clock) {}

  async take(
    key: string,
    rule: { limit: number; windowSeconds: number },
  ): Promise<{ allowed: boolean; retryAfterSeconds: number }> {
    const now = this.clock.now().getTime();
    const windowMs = rule.windowSeconds * 1000;
    const start = Math.floor(now / windowMs) * windowMs;
    const slot = `${key}|${start}`;
    const count = this.counts.get(slot) ?? 0;
    if (count >= rule.limit) return { allowed: false, retryAfterSeconds: Math.ceil((start + windowMs - now) / 1000) };
    this.counts.set(slot, count + 1);
    return { allowed: true, retryAfterSeconds: 0 };
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
  private etags = 0;

  private nextEtag(): string {
    this.etags += 1;
    return `W/"chunk-${this.etags}"`;
  }

  async create(header: BatchHeader, chunks: Map<number, BatchRow[]>): Promise<void> {
    this.headers.set(header.id, copy(header));
    for (const [n, rows] of chunks) {
      this.chunks.set(`${header.id}|${n}`, {
        value: {
          rows: copy(rows),
          outcome: { status: 'pending', created: 0, refused: [], sent: 0, deliveryFailed: 0 },
        },
        etag: this.nextEtag(),
      });
    }
  }

  async header(batchId: string): Promise<BatchHeader | undefined> {
    const found = this.headers.get(batchId);
    return found ? copy(found) : undefined;
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
    if (!found || found.etag !== etag) return false;
    this.chunks.set(`${batchId}|${chunk}`, {
      value: { ...found.value, outcome: copy(outcome) },
      etag: this.nextEtag(),
    });
    return true;
  }

  async outcomes(batchId: string): Promise<ChunkOutcome[]> {
    return [...this.chunks.entries()]
      .filter(([key]) => key.startsWith(`${batchId}|`))
      .map(([, row]) => copy(row.value.outcome));
  }

  async countDelivery(batchId: string, chunk: number, outcome: 'sent' | 'failed'): Promise<void> {
    const found = this.chunks.get(`${batchId}|${chunk}`);
    if (!found) return;
    const current = found.value.outcome;
    const next =
      outcome === 'sent'
        ? { ...current, sent: current.sent + 1 }
        : { ...current, deliveryFailed: current.deliveryFailed + 1 };
    this.chunks.set(`${batchId}|${chunk}`, { value: { ...found.value, outcome: next }, etag: this.nextEtag() });
  }
}

export class FakeBatchQueue implements BatchQueue {
  readonly enqueued: Array<{ batchId: string; chunk: number }> = [];
  async enqueueChunk(batchId: string, chunk: number): Promise<void> {
    this.enqueued.push({ batchId, chunk });
  }
}

export class FakeEmailPacer implements EmailPacer {
  readonly reservations: number[] = [];
  constructor(private readonly pace = { firstDelaySeconds: 0, intervalSeconds: 2 }) {}
  async reserve(count: number): Promise<{ firstDelaySeconds: number; intervalSeconds: number }> {
    this.reservations.push(count);
    return { ...this.pace };
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
  const pacer = new FakeEmailPacer();
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
