/**
 * The contract of the storage ports: one list of cases per port, run against the in-memory fakes the domain's unit
 * tests use (test/support/fakes.ts) and against the Table adapters over the real SDK and Azurite. The adapter is the
 * truth; a fake that answers differently fails here, so the unit tests never rely on a store that does not exist.
 * Every case uses ids, partitions and keys of its own; the pacer (one row for the whole app) and the remembered
 * answers (purged across every scope) get tables of their own per case, so no other test file is touched.
 */
import { randomUUID } from 'node:crypto';
import { TableClient } from '@azure/data-tables';
import { QueueServiceClient } from '@azure/storage-queue';
import { describe, expect, inject, it } from 'vitest';
import { encodeMessage } from '../../shared/adapters/queue/dispatch-queue.js';
import { storagePoisonQueues } from '../../shared/adapters/queue/poison-queues.js';
import { textSealer } from '../../shared/adapters/sealed-text.js';
import { tableAccountEmailStore } from '../../shared/adapters/table/account-email-store.js';
import { tableBatchStore } from '../../shared/adapters/table/batch-store.js';
import { tableClientStore } from '../../shared/adapters/table/client-store.js';
import { tableEmailPacer } from '../../shared/adapters/table/email-pacer.js';
import { tableEndedSessions } from '../../shared/adapters/table/ended-sessions.js';
import { tableIdempotencyStore } from '../../shared/adapters/table/idempotency-store.js';
import { tableInvitationStore } from '../../shared/adapters/table/invitation-store.js';
import { hashedKey } from '../../shared/adapters/table/keys.js';
import { tableLimits } from '../../shared/adapters/table/limits.js';
import { registerProvider, tableProviderDirectory } from '../../shared/adapters/table/provider-directory.js';
import { type TableFactory, tableFactory } from '../../shared/adapters/table/tables.js';
import { parseSettings } from '../../shared/config.js';
import { buildDeps } from '../../shared/deps.js';
import type { AccountEmailRecord, AccountEmailStore } from '../../shared/domain/account-email-outbox.js';
import type { BatchHeader, BatchRow, ChunkOutcome, RejectedRow } from '../../shared/domain/bulk.js';
import type { ClientAccount, ClientRecord, OwnedCompany } from '../../shared/domain/client.js';
import { DomainError, type DomainErrorCode } from '../../shared/domain/errors.js';
import { fixedWindow } from '../../shared/domain/fixed-window.js';
import { createInvitation, type Invitation } from '../../shared/domain/invitation.js';
import type { OutboxEntry } from '../../shared/domain/outbox.js';
import {
  type BatchStore,
  type ClientStore,
  type EmailPacer,
  type EndedSessions,
  type IdempotencyStore,
  type InvitationStore,
  type Limits,
  type ListingOptions,
  MAX_CLAIMS_TOGETHER,
  type ProviderDirectory,
} from '../../shared/domain/ports.js';
import type { Professional, Provider, ProviderGrant } from '../../shared/domain/provider.js';
import { EMAIL_CHANGE_CODE_TTL_MS, type PendingEmailChange } from '../../shared/domain/sign-in-email.js';
import { event } from '../../shared/domain/timeline.js';
import {
  FakeAccountEmailStore,
  FakeBatchStore,
  FakeClientStore,
  FakeClock,
  FakeEmailPacer,
  FakeEndedSessions,
  FakeIdempotencyStore,
  FakeInvitationStore,
  FakeLimits,
  FakePoisonQueues,
  FakeProviderDirectory,
  invitationDetails,
  pendingOutbox,
  professionalUser,
} from '../support/fakes.js';
import { stack } from '../support/stack.js';

/** The email quota both pacers space sends by (2 s apart). */
const QUOTA = { perMinute: 30, perHour: 1800 };
const INTERVAL = 2;

interface Stores {
  clock: FakeClock;
  invitations: InvitationStore;
  batches: BatchStore;
  clients: ClientStore;
  providers: ProviderDirectory;
  /** Registers a provider and who acts for it, as ops do (`npm run provider -- add`). */
  register(provider: Provider, grants: ProviderGrant[]): Promise<void>;
  limits: Limits;
  pacer: EmailPacer;
  idempotency: IdempotencyStore;
  endedSessions: EndedSessions;
}

const ONE_A_MINUTE = [{ limit: 1, windowSeconds: 60 }];
const startsAt = () => new FakeClock(new Date('2030-06-03T09:00:10.000Z'));

function makeFakes(): Stores {
  const clock = startsAt();
  const providers = new FakeProviderDirectory();
  return {
    clock,
    invitations: new FakeInvitationStore(),
    batches: new FakeBatchStore(),
    clients: new FakeClientStore(),
    providers,
    register: async (provider, grants) => {
      providers.put(provider);
      for (const grant of grants) providers.grant(grant, provider.id);
    },
    limits: new FakeLimits(clock),
    pacer: new FakeEmailPacer(clock, QUOTA),
    idempotency: new FakeIdempotencyStore(),
    endedSessions: new FakeEndedSessions(),
  };
}

let appTables: TableFactory | undefined;
/** The app's own tables on the integration stack, as every repository gets them. */
const tables = () => {
  appTables ??= buildDeps(parseSettings(inject('stackSettings'))).tableFor;
  return appTables;
};

/**
 * `Limits` and `Idempotency` tables of their own: the app's pacer row is one for everyone, and a purge of remembered
 * answers deletes old rows of every scope.
 */
function ownTables(): TableFactory {
  const suffix = randomUUID().replaceAll('-', '').slice(0, 20);
  const own: Partial<Record<string, string>> = {
    Limits: `Pacer${suffix}`,
    Idempotency: `Answers${suffix}`,
    EndedSessions: `Ended${suffix}`,
  };
  return tableFactory((table) =>
    TableClient.fromConnectionString(stack().storage.connectionString, own[table] ?? table, {
      allowInsecureConnection: true,
    }),
  );
}

function makeTables(): Stores {
  const clock = startsAt();
  const own = ownTables();
  const sealer = textSealer(parseSettings(inject('stackSettings')).SESSION_KEYS, 'idempotency-answer');
  return {
    clock,
    invitations: tableInvitationStore(tables()),
    batches: tableBatchStore(tables()),
    clients: tableClientStore(tables()),
    providers: tableProviderDirectory(tables()),
    register: async (provider, grants) => {
      await registerProvider(tables(), provider, grants);
    },
    limits: tableLimits(tables(), clock),
    pacer: tableEmailPacer(own, clock, QUOTA),
    idempotency: tableIdempotencyStore(own, sealer),
    endedSessions: tableEndedSessions(own),
  };
}

const unique = (prefix: string) => `${prefix}-${randomUUID().slice(0, 8)}`;

/** What a promise was rejected with (it must be). */
async function refusal(promise: Promise<unknown>): Promise<unknown> {
  return promise.then(
    () => {
      throw new Error('expected a refusal');
    },
    (error: unknown) => error,
  );
}

async function domainCode(promise: Promise<unknown>): Promise<DomainErrorCode> {
  const error = await refusal(promise);
  expect(error).toBeInstanceOf(DomainError);
  return (error as DomainError).code;
}

/** The HTTP status of a storage refusal (the SDK's, or the fake's copy of it). */
async function storageStatus(promise: Promise<unknown>): Promise<number | undefined> {
  return ((await refusal(promise)) as { statusCode?: number }).statusCode;
}

// --- Test data --------------------------------------------------------------------------------------------------

function invitationOf(
  clock: FakeClock,
  overrides: { providerId?: string; email?: string; createdAt?: Date; id?: string } = {},
): Invitation {
  return createInvitation(invitationDetails({ email: overrides.email ?? `${unique('p')}@example.com` }), {
    id: overrides.id ?? randomUUID(),
    providerId: overrides.providerId ?? unique('provider'),
    invitedBy: { name: professionalUser.name, oid: professionalUser.oid },
    keyHash: 'sha256(key-1)',
    now: overrides.createdAt ?? clock.now(),
  });
}

const outboxOf = pendingOutbox;

const at = (clock: FakeClock, seconds: number) => new Date(clock.now().getTime() + seconds * 1000);

describe.each([
  ['the in-memory fakes', makeFakes],
  ['the Table adapters', makeTables],
])('the storage ports: %s', (_name, make) => {
  describe('InvitationStore', () => {
    it('when nothing was written, then get, getWithOutbox, findByMessageId and timeline find nothing', async () => {
      const { invitations } = make();
      const id = randomUUID();
      expect(await invitations.get(id)).toBeUndefined();
      expect(await invitations.getWithOutbox(id, id)).toEqual({});
      expect(await invitations.findByMessageId(id)).toEqual({});
      expect(await invitations.timeline(id)).toEqual([]);
    });

    it('when an invitation is created with its outbox row and events, then each reads back as written', async () => {
      const { invitations, clock } = make();
      const invitation = invitationOf(clock);
      const outbox = outboxOf(invitation);
      const events = [event(invitation.createdAt, 'created'), event(invitation.createdAt, 'email.queued', 'first')];
      await invitations.create(invitation, outbox, events);

      const read = await invitations.get(invitation.id);
      expect(read?.value).toEqual(invitation);
      expect(read?.etag).toEqual(expect.any(String));
      expect(await invitations.getWithOutbox(invitation.id, outbox.id)).toEqual({
        invitation: { value: invitation, etag: read?.etag },
        outbox: { value: outbox, etag: expect.any(String) },
      });
      expect(await invitations.timeline(invitation.id)).toEqual(events);
    });

    it('when an invitation is created twice, then the second is refused as Azure refuses a duplicate (409) and changes nothing', async () => {
      const { invitations, clock } = make();
      const invitation = invitationOf(clock);
      await invitations.create(invitation, outboxOf(invitation), [event(invitation.createdAt, 'created')]);
      const changed = { ...invitation, firstName: 'Someone else' };
      expect(await storageStatus(invitations.create(changed, outboxOf(changed), []))).toBe(409);
      expect((await invitations.get(invitation.id))?.value.firstName).toBe(invitation.firstName);
      expect(await invitations.timeline(invitation.id)).toHaveLength(1);
    });

    it('when an invitation is updated with its ETag, then the change, a new outbox row, an outbox change and events are written at once', async () => {
      const { invitations, clock } = make();
      const invitation = invitationOf(clock);
      const first = outboxOf(invitation);
      await invitations.create(invitation, first, [event(invitation.createdAt, 'created')]);
      const current = (await invitations.get(invitation.id))!;
      const firstRow = (await invitations.getWithOutbox(invitation.id, first.id)).outbox!;
      const later = at(clock, 60);
      const next: Invitation = { ...invitation, keyVersion: 2, keyHash: 'sha256(key-2)', openedAt: later };
      const resent = outboxOf(next, { id: randomUUID(), reason: 'resent', createdAt: later });
      const cancelled: OutboxEntry = { ...first, status: 'cancelled' };
      delete cancelled.sealedKey;
      const etag = await invitations.update(current, next, {
        newOutbox: resent,
        outbox: { current: firstRow, next: cancelled },
        events: [event(later, 'resent')],
      });

      expect(etag).not.toBe(current.etag);
      expect((await invitations.get(invitation.id))?.value).toEqual(next);
      expect((await invitations.getWithOutbox(invitation.id, resent.id)).outbox?.value).toEqual(resent);
      expect((await invitations.getWithOutbox(invitation.id, first.id)).outbox?.value).toEqual(cancelled);
      expect((await invitations.timeline(invitation.id)).map((e) => e.event)).toEqual(['created', 'resent']);
      // The ETag it resolves to is the invitation's: the next conditional write goes through with it.
      expect(await invitations.markCompleted(invitation.id, etag, later, event(later, 'company.created'))).toBe(true);
    });

    it('when an update carries a stale ETag (invitation or outbox row), then it is concurrent-update and nothing of it is written', async () => {
      const { invitations, clock } = make();
      const invitation = invitationOf(clock);
      const outbox = outboxOf(invitation);
      await invitations.create(invitation, outbox, [event(invitation.createdAt, 'created')]);
      const stale = (await invitations.get(invitation.id))!;
      const staleRow = (await invitations.getWithOutbox(invitation.id, outbox.id)).outbox!;
      await invitations.update(stale, { ...invitation, firstName: 'First' }, {});
      const fresh = (await invitations.get(invitation.id))!;

      const newOutbox = outboxOf(invitation, { id: randomUUID(), reason: 'resent' });
      expect(
        await domainCode(
          invitations.update(
            stale,
            { ...invitation, firstName: 'Second' },
            {
              newOutbox,
              events: [event(at(clock, 1), 'resent')],
            },
          ),
        ),
      ).toBe('concurrent-update');
      await invitations.updateOutbox(staleRow, { ...outbox, attempts: 1 });
      expect(
        await domainCode(
          invitations.update(
            fresh,
            { ...invitation, firstName: 'Third' },
            {
              outbox: { current: staleRow, next: { ...outbox, status: 'cancelled' } },
              events: [event(at(clock, 2), 'revoked')],
            },
          ),
        ),
      ).toBe('concurrent-update');

      expect((await invitations.get(invitation.id))?.value.firstName).toBe('First');
      expect((await invitations.getWithOutbox(invitation.id, newOutbox.id)).outbox).toBeUndefined();
      expect((await invitations.getWithOutbox(invitation.id, outbox.id)).outbox?.value).toEqual({
        ...outbox,
        attempts: 1,
      });
      expect((await invitations.timeline(invitation.id)).map((e) => e.event)).toEqual(['created']);
    });

    /** An ETag as the store writes them, of another invitation (so well-formed, and not the right one). */
    async function someEtag(invitations: InvitationStore, clock: FakeClock): Promise<string> {
      const other = invitationOf(clock);
      await invitations.create(other, undefined, []);
      return (await invitations.get(other.id))!.etag;
    }

    it('when an update names an invitation that is not there, then Azure answers 404', async () => {
      const { invitations, clock } = make();
      const ghost = invitationOf(clock);
      const etag = await someEtag(invitations, clock);
      const status = await storageStatus(invitations.update({ value: ghost, etag }, ghost, {}));
      expect(status).toBe(404);
      expect(await invitations.get(ghost.id)).toBeUndefined();
    });

    it('when an outbox row is written alone with its ETag, then it reads back with the new ETag; stale or gone, it is concurrent-update', async () => {
      const { invitations, clock } = make();
      const invitation = invitationOf(clock);
      const outbox = outboxOf(invitation);
      await invitations.create(invitation, outbox, []);
      const row = (await invitations.getWithOutbox(invitation.id, outbox.id)).outbox!;
      const window = { requestId: randomUUID(), firstSentAt: at(clock, 5) };
      const written = await invitations.updateOutbox(row, { ...outbox, repeatability: window });
      expect(written).toEqual({ value: { ...outbox, repeatability: window }, etag: expect.any(String) });
      expect(written.etag).not.toBe(row.etag);
      expect((await invitations.getWithOutbox(invitation.id, outbox.id)).outbox).toEqual(written);

      expect(await domainCode(invitations.updateOutbox(row, { ...outbox, attempts: 9 }))).toBe('concurrent-update');
      const gone = outboxOf(invitation, { id: randomUUID() });
      expect(await domainCode(invitations.updateOutbox({ value: gone, etag: row.etag }, gone))).toBe(
        'concurrent-update',
      );
      expect((await invitations.getWithOutbox(invitation.id, outbox.id)).outbox).toEqual(written);
    });

    it('when an invitation is marked completed with its ETag, then its status and time change and the event is kept; a stale ETag is false', async () => {
      const { invitations, clock } = make();
      const invitation: Invitation = { ...invitationOf(clock), status: 'accepted', acceptedAt: at(clock, 1) };
      await invitations.create(invitation, undefined, []);
      const read = (await invitations.get(invitation.id))!;
      await invitations.appendEvent(invitation.id, event(at(clock, 2), 'opened'));
      const done = at(clock, 3);
      expect(await invitations.markCompleted(invitation.id, read.etag, done, event(done, 'company.created'))).toBe(
        true,
      );
      const completed = (await invitations.get(invitation.id))!;
      expect(completed.value).toEqual({ ...invitation, status: 'completed', completedAt: done });
      expect(completed.etag).not.toBe(read.etag);
      expect(await invitations.markCompleted(invitation.id, read.etag, done, event(done, 'company.created'))).toBe(
        false,
      );
      expect((await invitations.timeline(invitation.id)).map((e) => e.event)).toEqual(['opened', 'company.created']);
    });

    it('when an invitation that is not there is marked completed, then Azure answers 404', async () => {
      const { invitations, clock } = make();
      const etag = await someEtag(invitations, clock);
      const done = event(clock.now(), 'company.created');
      expect(await storageStatus(invitations.markCompleted(randomUUID(), etag, clock.now(), done))).toBe(404);
    });

    it('when events are appended, then the timeline is in time order with each write in its own order', async () => {
      const { invitations, clock } = make();
      const invitation = invitationOf(clock);
      const t = (s: number) => at(clock, s);
      await invitations.create(invitation, undefined, [event(t(0), 'created'), event(t(0), 'email.queued')]);
      await invitations.appendEvent(invitation.id, event(t(20), 'accepted', 'as someone'));
      await invitations.appendEvent(invitation.id, event(t(10), 'opened'));
      expect(await invitations.timeline(invitation.id)).toEqual([
        event(t(0), 'created'),
        event(t(0), 'email.queued'),
        event(t(10), 'opened'),
        event(t(20), 'accepted', 'as someone'),
      ]);
    });

    it('when a delivery report names an email, then findByMessageId finds the invitation’s own email and later ones, and nothing else', async () => {
      const { invitations, clock } = make();
      const invitation = invitationOf(clock);
      const own = outboxOf(invitation);
      await invitations.create(invitation, own, []);
      const current = (await invitations.get(invitation.id))!;
      const later = outboxOf(invitation, { id: randomUUID(), reason: 'new-link' });
      await invitations.update(current, { ...invitation, keyVersion: 2 }, { newOutbox: later });

      const byOwn = await invitations.findByMessageId(own.id);
      expect(byOwn.invitation?.value).toEqual({ ...invitation, keyVersion: 2 });
      expect(byOwn.outbox?.value).toEqual(own);
      const byLater = await invitations.findByMessageId(later.id);
      expect(byLater.invitation?.value).toEqual({ ...invitation, keyVersion: 2 });
      expect(byLater.outbox?.value).toEqual(later);
      expect(await invitations.findByMessageId(randomUUID())).toEqual({});
    });

    it('when a write with a new email lost its race, then findByMessageId finds the invitation through the index but no email', async () => {
      const { invitations, clock } = make();
      const invitation = invitationOf(clock);
      await invitations.create(invitation, outboxOf(invitation), []);
      const stale = (await invitations.get(invitation.id))!;
      await invitations.update(stale, { ...invitation, firstName: 'Meanwhile' }, {});
      const lost = outboxOf(invitation, { id: randomUUID(), reason: 'resent' });
      expect(await domainCode(invitations.update(stale, invitation, { newOutbox: lost }))).toBe('concurrent-update');
      const found = await invitations.findByMessageId(lost.id);
      expect(found.outbox).toBeUndefined();
      expect(found.invitation?.value.firstName).toBe('Meanwhile');
    });

    it('when an email is claimed for a provider, then a second claim gets the holder; other providers are not concerned', async () => {
      const { invitations, clock } = make();
      const providerId = unique('provider');
      const email = `${unique('a/b#c?d%e')}@example.com`;
      const first = invitationOf(clock, { providerId, email });
      const second = invitationOf(clock, { providerId, email, createdAt: at(clock, 1) });
      expect(await invitations.claimEmail(first)).toEqual({ claimed: true });
      expect(await invitations.claimEmail(second)).toEqual({
        claimed: false,
        holder: { providerId, email, invitationId: first.id, claimedAt: first.createdAt, etag: expect.any(String) },
      });
      expect(await invitations.claimEmail(invitationOf(clock, { email }))).toEqual({ claimed: true });
    });

    it('when several emails are claimed together, then all are claimed and listed, or none when one is held already', async () => {
      const { invitations, clock } = make();
      const providerId = unique('provider');
      const together = Array.from({ length: MAX_CLAIMS_TOGETHER }, (_, n) =>
        invitationOf(clock, { providerId, email: `${unique(`together-${n}#/?`)}@example.com` }),
      );
      expect(await invitations.claimEmails(together)).toBe(true);
      for (const invitation of together) {
        expect(await invitations.claimEmail({ ...invitation, id: randomUUID() })).toMatchObject({
          claimed: false,
          holder: { invitationId: invitation.id },
        });
      }
      const fresh = invitationOf(clock, { providerId });
      const held = invitationOf(clock, { providerId, email: together[7]!.email });
      expect(await invitations.claimEmails([fresh, held])).toBe(false);
      const listed = await invitations.list(providerId, { limit: 100 });
      expect(new Set(listed.invitationIds)).toEqual(new Set(together.map((i) => i.id)));
      // Nothing of that write stands: the fresh email is still free.
      expect(await invitations.claimEmail(fresh)).toEqual({ claimed: true });
      expect(await invitations.claimEmails([])).toBe(true);
    });

    it('when an address holds characters Azure refuses in keys (# / ? \\ |, a control), then it is claimed once, released, listed by email', async () => {
      const { invitations, clock } = make();
      const providerId = unique('provider');
      for (const special of ['#', '/', '?', '\\', '|', '\u0001', '\u0085']) {
        const email = `${unique(`a${special}b`)}@example.com`;
        const first = invitationOf(clock, { providerId, email });
        expect(await invitations.claimEmail(first), JSON.stringify(special)).toEqual({ claimed: true });
        expect(await invitations.claimEmail(invitationOf(clock, { providerId, email }))).toMatchObject({
          claimed: false,
          holder: { email, invitationId: first.id },
        });
        expect((await invitations.list(providerId, { limit: 10, email })).invitationIds).toEqual([first.id]);
        await invitations.releaseClaim(first);
        expect(await invitations.claimEmail(invitationOf(clock, { providerId, email }))).toEqual({ claimed: true });
      }
    });

    it('when a stale claim is taken over with its ETag, then the new invitation holds it; a changed or missing claim is not taken', async () => {
      const { invitations, clock } = make();
      const providerId = unique('provider');
      const email = `${unique('claim')}@example.com`;
      const old = invitationOf(clock, { providerId, email });
      const next = invitationOf(clock, { providerId, email, createdAt: at(clock, 60) });
      const third = invitationOf(clock, { providerId, email, createdAt: at(clock, 120) });
      await invitations.claimEmail(old);
      const held = await invitations.claimEmail(next);
      if (held.claimed) throw new Error('expected the claim of the old invitation');
      expect(await invitations.takeOverClaim(held.holder, next)).toBe(true);
      expect(await invitations.takeOverClaim(held.holder, third)).toBe(false);
      expect(await invitations.claimEmail(third)).toMatchObject({ claimed: false, holder: { invitationId: next.id } });
      const nobody = { ...held.holder, email: `${unique('nobody')}@example.com` };
      expect(await invitations.takeOverClaim(nobody, third)).toBe(false);
      expect(await invitations.claimEmail({ ...third, email: nobody.email })).toEqual({ claimed: true });
    });

    it('when an invitation takes its own claim again with a time, then the claim says when, and the listing keeps one row', async () => {
      const { invitations, clock } = make();
      const providerId = unique('provider');
      const email = `${unique('again')}@example.com`;
      const invitation = invitationOf(clock, { providerId, email });
      const claimedAt = at(clock, 3600);
      expect(await invitations.claimEmail({ ...invitation, claimedAt })).toEqual({ claimed: true });
      const held = await invitations.claimEmail(invitation);
      if (held.claimed) throw new Error('expected the claim');
      expect(held.holder).toMatchObject({ invitationId: invitation.id, claimedAt });
      const later = at(clock, 7200);
      expect(await invitations.takeOverClaim(held.holder, { ...invitation, claimedAt: later })).toBe(true);
      expect(await invitations.claimEmail(invitation)).toMatchObject({ holder: { claimedAt: later } });
      expect((await invitations.list(providerId, { limit: 10 })).invitationIds).toEqual([invitation.id]);
    });

    it('when a timeline has more events than asked, then the first ones come back in order, at most as many as asked', async () => {
      const { invitations, clock } = make();
      const invitation = invitationOf(clock);
      const events = Array.from({ length: 12 }, (_, i) => event(at(clock, i), i === 0 ? 'created' : 'opened'));
      await invitations.create(invitation, undefined, events.slice(0, 1));
      for (const e of events.slice(1)) await invitations.appendEvent(invitation.id, e);
      expect(await invitations.timeline(invitation.id, { limit: 5 })).toEqual(events.slice(0, 5));
      expect(await invitations.timeline(invitation.id, { limit: 12 })).toEqual(events);
      expect(await invitations.timeline(invitation.id, { limit: 50 })).toEqual(events);
    });

    it('when a claim is released, then only its holder frees it, and the invitation leaves the listing', async () => {
      const { invitations, clock } = make();
      const providerId = unique('provider');
      const email = `${unique('release')}@example.com`;
      const holder = invitationOf(clock, { providerId, email });
      const other = invitationOf(clock, { providerId, email, createdAt: at(clock, 1) });
      await invitations.claimEmail(holder);
      await invitations.releaseClaim(other);
      expect(await invitations.claimEmail(other)).toMatchObject({
        claimed: false,
        holder: { invitationId: holder.id },
      });
      expect((await invitations.list(providerId, { limit: 10 })).invitationIds).toEqual([holder.id]);
      await invitations.releaseClaim(holder);
      expect((await invitations.list(providerId, { limit: 10 })).invitationIds).toEqual([]);
      expect(await invitations.claimEmail(other)).toEqual({ claimed: true });
      await invitations.releaseClaim(invitationOf(clock, { providerId })); // nothing of its own: nothing happens
      expect((await invitations.list(providerId, { limit: 10 })).invitationIds).toEqual([other.id]);
    });

    it('when a provider’s invitations are listed, then newest first (same time: by id), by email, in pages that follow each other', async () => {
      const { invitations, clock } = make();
      const providerId = unique('provider');
      const shared = `${unique('shared')}@example.com`;
      const sameTime = at(clock, 30);
      const written = [
        invitationOf(clock, { providerId, createdAt: at(clock, 10), email: shared }),
        invitationOf(clock, { providerId, createdAt: at(clock, 20) }),
        invitationOf(clock, { providerId, createdAt: sameTime, id: `ffffffff-${randomUUID().slice(9)}` }),
        invitationOf(clock, { providerId, createdAt: sameTime, id: `00000000-${randomUUID().slice(9)}` }),
        invitationOf(clock, { providerId, createdAt: at(clock, 40) }),
      ];
      for (const invitation of written) await invitations.claimEmail(invitation);
      // Another provider's invitation to the same address is never listed here.
      await invitations.claimEmail(invitationOf(clock, { email: shared, createdAt: at(clock, 50) }));
      // A second claim of one address lists the newer invitation too (the old one expired: see takeOverClaim).
      const again = invitationOf(clock, { providerId, email: shared, createdAt: at(clock, 45) });
      const held = await invitations.claimEmail(again);
      if (!held.claimed) await invitations.takeOverClaim(held.holder, again);
      const [t10, t20, late, early, t40] = written.map((i) => i.id);
      const newestFirst = [again.id, t40, early, late, t20, t10];

      expect(await invitations.list(providerId, { limit: 50 })).toEqual({ invitationIds: newestFirst });
      expect(await invitations.list(providerId, { email: shared, limit: 50 })).toEqual({
        invitationIds: [again.id, t10],
      });
      expect(await invitations.list(unique('provider'), { limit: 50 })).toEqual({ invitationIds: [] });

      const pages: string[][] = [];
      let cursor: string | undefined;
      do {
        const page = await invitations.list(providerId, { limit: 4, ...(cursor ? { cursor } : {}) });
        pages.push(page.invitationIds);
        cursor = page.nextCursor;
      } while (cursor && pages.length < 5);
      expect(pages[0]).toEqual(newestFirst.slice(0, 4));
      expect(pages.flat()).toEqual(newestFirst);
      expect(pages.every((p) => p.length <= 4)).toBe(true);
    });

    it('when a listing is narrowed by its rows\u2019 summaries and creation time, or read oldest first, then only what matches, in order, in pages that follow each other', async () => {
      const { invitations, clock } = make();
      const providerId = unique('provider');
      const write = async (seconds: number, change?: (i: Invitation) => Invitation) => {
        const invitation = invitationOf(clock, { providerId, createdAt: at(clock, seconds) });
        await invitations.claimEmail(invitation);
        await invitations.create(invitation, undefined, []);
        if (change) await invitations.update((await invitations.get(invitation.id))!, change(invitation), {});
        return invitation.id;
      };
      const days = 86_400;
      const a = await write(10);
      const failed = await write(20, (i) => ({
        ...i,
        delivery: { status: 'failed', attempts: 1, lastError: 'bounced' },
      }));
      const accepted = await write(30, (i) => ({
        ...i,
        status: 'accepted',
        acceptedAt: at(clock, 3600),
        clientId: 'c-1',
      }));
      const revoked = await write(40, (i) => ({ ...i, status: 'revoked', revokedAt: at(clock, 50) }));
      const b = await write(3 * days);
      const c = await write(3 * days + 5);
      // Another provider's invitation matches every condition and is never listed here.
      const elsewhere = invitationOf(clock, { createdAt: at(clock, 15) });
      await invitations.claimEmail(elsewhere);
      await invitations.create(elsewhere, undefined, []);
      const ids = async (options: Omit<ListingOptions, 'limit'>) =>
        (await invitations.list(providerId, { limit: 50, ...options })).invitationIds;

      expect(await ids({ where: { pending: true } })).toEqual([c, b, failed, a]);
      expect(await ids({ where: { pending: false } })).toEqual([revoked, accepted]);
      expect(await ids({ where: { pending: true, deliveryFailed: true } })).toEqual([failed]);
      expect(await ids({ where: { acceptedSince: at(clock, 0) } })).toEqual([accepted]);
      expect(await ids({ where: { acceptedSince: at(clock, 3601) } })).toEqual([]);
      expect(
        await ids({
          where: { pending: true, expiresAfter: at(clock, 15 + 7 * days), expiresBy: at(clock, 3 * days + 7 * days) },
        }),
      ).toEqual([b, failed]);
      expect(await ids({ where: { createdFrom: at(clock, 20), createdBefore: at(clock, 40) } })).toEqual([
        accepted,
        failed,
      ]);
      expect(await ids({ order: 'oldest', where: { pending: true } })).toEqual([a, failed, b, c]);
      expect(
        await ids({ order: 'oldest', where: { createdFrom: at(clock, 25), createdBefore: at(clock, 4 * days) } }),
      ).toEqual([accepted, revoked, b, c]);

      const pages: string[][] = [];
      let cursor: string | undefined;
      do {
        const page = await invitations.list(providerId, { limit: 2, order: 'oldest', ...(cursor ? { cursor } : {}) });
        pages.push(page.invitationIds);
        cursor = page.nextCursor;
      } while (cursor && pages.length < 5);
      expect(pages).toEqual([
        [a, failed],
        [accepted, revoked],
        [b, c],
      ]);
      const newest = await invitations.list(providerId, { limit: 2 });
      expect(
        await domainCode(invitations.list(providerId, { limit: 2, order: 'oldest', cursor: newest.nextCursor! })),
      ).toBe('invalid-cursor');
    });

    it('when a provider\u2019s invitations are written, then summaries list each as its listing row summarizes it, and no other provider\u2019s', async () => {
      const { invitations, clock } = make();
      const providerId = unique('provider');
      const pending = invitationOf(clock, { providerId });
      const phantom = invitationOf(clock, { providerId, createdAt: at(clock, 5) });
      const elsewhere = invitationOf(clock);
      for (const invitation of [pending, phantom, elsewhere]) await invitations.claimEmail(invitation);
      await invitations.create(pending, outboxOf(pending), [event(pending.createdAt, 'created')]);
      await invitations.create(elsewhere, undefined, []);
      // `phantom` was claimed but never written (its write crashed before releasing the claim): its listing row,
      // summarized with the claim, counts it as pending until its expiry (docs/console.md).

      const listed = await invitations.summaries(providerId);
      expect(listed.sort((a, b) => (a.invitationId < b.invitationId ? -1 : 1))).toEqual(
        [
          { invitationId: pending.id, pending: true, expiresAt: pending.expiresAt, deliveryFailed: false },
          { invitationId: phantom.id, pending: true, expiresAt: phantom.expiresAt, deliveryFailed: false },
        ].sort((a, b) => (a.invitationId < b.invitationId ? -1 : 1)),
      );
      expect(await invitations.summaries(unique('provider'))).toEqual([]);
    });

    it('when an invitation\u2019s delivery fails, it is accepted, completed or revoked, then its summary follows each write', async () => {
      const { invitations, clock } = make();
      const providerId = unique('provider');
      const invitation = invitationOf(clock, { providerId });
      const revoked = invitationOf(clock, { providerId, createdAt: at(clock, 1) });
      for (const i of [invitation, revoked]) {
        await invitations.claimEmail(i);
        await invitations.create(i, undefined, []);
      }
      const byId = async () =>
        Object.fromEntries((await invitations.summaries(providerId)).map((s) => [s.invitationId, s]));

      const failed: Invitation = { ...invitation, delivery: { status: 'failed', attempts: 1, lastError: 'bounced' } };
      await invitations.update((await invitations.get(invitation.id))!, failed, {});
      expect((await byId())[invitation.id]).toMatchObject({ pending: true, deliveryFailed: true });

      const acceptedAt = at(clock, 60);
      const accepted: Invitation = { ...failed, status: 'accepted', acceptedAt, clientId: 'client-1' };
      const etag = await invitations.update((await invitations.get(invitation.id))!, accepted, {});
      expect((await byId())[invitation.id]).toEqual({
        invitationId: invitation.id,
        pending: false,
        expiresAt: invitation.expiresAt,
        deliveryFailed: true,
        acceptedAt,
      });
      expect(
        await invitations.markCompleted(invitation.id, etag, at(clock, 120), event(at(clock, 120), 'company.created')),
      ).toBe(true);
      expect((await byId())[invitation.id]).toMatchObject({ pending: false, acceptedAt });

      await invitations.update(
        (await invitations.get(revoked.id))!,
        { ...revoked, status: 'revoked', revokedAt: at(clock, 5) },
        {},
      );
      expect((await byId())[revoked.id]).toMatchObject({ pending: false });
      expect((await byId())[revoked.id]?.acceptedAt).toBeUndefined();
    });

    it('when a cursor is not one the listing gave, then it is refused as invalid-cursor', async () => {
      const { invitations } = make();
      const providerId = unique('provider');
      for (const cursor of ['not-a-cursor', Buffer.from('{"a":1}').toString('base64url'), '%%%']) {
        expect(await domainCode(invitations.list(providerId, { cursor, limit: 5 })), cursor).toBe('invalid-cursor');
      }
    });
  });

  describe('InvitationStore: "Accept" clicks', () => {
    const hour = (clock: FakeClock, hours = 0) => fixedWindow(at(clock, hours * 3600), 3600).start;

    it('when nothing was counted, then the invitation reads with 0 clicks; an unknown one reads as no invitation', async () => {
      const { invitations, clock } = make();
      const invitation = invitationOf(clock);
      await invitations.create(invitation, undefined, [event(invitation.createdAt, 'created')]);
      const read = await invitations.get(invitation.id);
      expect(await invitations.getWithClicks(invitation.id, hour(clock))).toEqual({
        invitation: read,
        clicks: { count: 0 },
      });
      expect(await invitations.getWithClicks(randomUUID(), hour(clock))).toEqual({ clicks: { count: 0 } });
    });

    it('when clicks are counted, then they read back in their window with the invitation untouched, their events join the timeline, and the counter is no event', async () => {
      const { invitations, clock } = make();
      const invitation = invitationOf(clock);
      await invitations.create(invitation, undefined, [event(invitation.createdAt, 'created')]);
      const before = await invitations.get(invitation.id);
      for (let i = 1; i <= 2; i++) {
        const { clicks } = await invitations.getWithClicks(invitation.id, hour(clock));
        await invitations.countClick(invitation.id, hour(clock), clicks, event(at(clock, i), 'opened'));
      }
      const read = await invitations.getWithClicks(invitation.id, hour(clock));
      expect(read).toEqual({ invitation: before, clicks: { count: 2, etag: expect.any(String) } });
      expect((await invitations.timeline(invitation.id)).map((e) => e.event)).toEqual(['created', 'opened', 'opened']);
      expect(await invitations.timeline(invitation.id, { limit: 2 })).toHaveLength(2);

      // The next window starts from 0, and its first click rewrites the counter (If-Match its ETag).
      const next = await invitations.getWithClicks(invitation.id, hour(clock, 1));
      expect(next.clicks).toEqual({ count: 0, etag: read.clicks.etag });
      await invitations.countClick(invitation.id, hour(clock, 1), next.clicks, event(at(clock, 3600), 'opened'));
      expect((await invitations.getWithClicks(invitation.id, hour(clock, 1))).clicks.count).toBe(1);
      expect((await invitations.getWithClicks(invitation.id, hour(clock))).clicks.count).toBe(0);
      // Counting never touches the invitation: its ETag (a later acceptance writes If-Match it) is unchanged.
      expect((await invitations.get(invitation.id))?.etag).toBe(before?.etag);
    });

    it('when two clicks count from the same read, then one is written and the other is refused with nothing written, first click or not', async () => {
      const { invitations, clock } = make();
      const invitation = invitationOf(clock);
      await invitations.create(invitation, undefined, []);
      for (const expected of [1, 2]) {
        const { clicks } = await invitations.getWithClicks(invitation.id, hour(clock));
        const answers = await Promise.allSettled(
          [1, 2].map((n) => invitations.countClick(invitation.id, hour(clock), clicks, event(at(clock, n), 'opened'))),
        );
        expect(answers.filter((a) => a.status === 'fulfilled')).toHaveLength(1);
        const lost = answers.find((a) => a.status === 'rejected');
        expect((lost as PromiseRejectedResult).reason).toMatchObject({ code: 'concurrent-update' });
        expect((await invitations.getWithClicks(invitation.id, hour(clock))).clicks.count).toBe(expected);
        expect(await invitations.timeline(invitation.id)).toHaveLength(expected);
      }
    });
  });

  describe('BatchStore', () => {
    const professional = { ...professionalUser };
    function batchOf(
      clock: FakeClock,
      rejected: RejectedRow[] = [],
    ): { header: BatchHeader; chunks: Map<number, BatchRow[]> } {
      const rows = (from: number, count: number): BatchRow[] =>
        Array.from({ length: count }, (_, i) => ({
          index: from + i,
          details: invitationDetails({ email: `row${from + i}@example.com` }),
        }));
      // Chunk 1 is handed over before chunk 0: the store keeps chunk order, not the order it was given.
      const chunks = new Map([
        [1, rows(100, 3)],
        [0, rows(0, 100)],
      ]);
      return {
        header: {
          id: randomUUID(),
          providerId: professional.providerId,
          professional,
          createdAt: clock.now(),
          total: 103 + rejected.length,
          accepted: 103,
          rejected,
          chunks: 2,
        },
        chunks,
      };
    }
    const manyRejected = (count: number): RejectedRow[] =>
      Array.from({ length: count }, (_, i) => ({
        index: 1000 + i,
        errors: [{ pointer: '#/email', detail: `row ${i}: must be a valid email address, not ${'x'.repeat(60)}` }],
      }));

    it('when nothing was written, then header, rejected, chunk and outcomes find nothing', async () => {
      const { batches } = make();
      const id = randomUUID();
      expect(await batches.header(id)).toBeUndefined();
      expect(await batches.rejected(id)).toEqual([]);
      expect(await batches.chunk(id, 0)).toBeUndefined();
      expect(await batches.outcomes(id)).toEqual([]);
    });

    it('when a batch is stored, then its header (without the rejected rows), its rejected rows in pages, its chunks and outcomes read back', async () => {
      const { batches, clock } = make();
      const rejected = manyRejected(400); // about 50,000 characters of JSON: two pages in Table Storage
      expect(JSON.stringify(rejected).length).toBeGreaterThan(30_000);
      const { header, chunks } = batchOf(clock, rejected);
      await batches.create(header, chunks);
      const { rejected: _, ...summary } = header;
      expect(await batches.header(header.id)).toEqual(summary);
      expect(await batches.rejected(header.id)).toEqual(rejected);
      const chunk1 = await batches.chunk(header.id, 1);
      expect(chunk1).toEqual({
        value: {
          rows: chunks.get(1),
          outcome: { status: 'pending', created: 0, refused: [], sent: 0, deliveryFailed: 0 },
        },
        etag: expect.any(String),
      });
      expect((await batches.chunk(header.id, 0))?.value.rows).toEqual(chunks.get(0));
      expect(await batches.chunk(header.id, 2)).toBeUndefined();
      expect(await batches.outcomes(header.id)).toHaveLength(2);
    });

    it('when a batch is stored twice, then the second is refused (409) and the first stays whole', async () => {
      const { batches, clock } = make();
      const { header, chunks } = batchOf(clock);
      await batches.create(header, chunks);
      expect(
        await storageStatus(batches.create({ ...header, total: 1 }, new Map([[0, chunks.get(0)!.slice(0, 1)]]))),
      ).toBe(409);
      expect((await batches.header(header.id))?.total).toBe(header.total);
      expect((await batches.chunk(header.id, 0))?.value.rows).toHaveLength(100);
    });

    it('when a chunk is finished with its ETag, then its outcome is recorded once; a stale ETag is false; a missing chunk is 404', async () => {
      const { batches, clock } = make();
      const { header, chunks } = batchOf(clock);
      await batches.create(header, chunks);
      const read = (await batches.chunk(header.id, 0))!;
      const outcome: ChunkOutcome = {
        ...read.value.outcome,
        status: 'done',
        created: 99,
        refused: [{ index: 7, code: 'invitation-pending', invitationId: randomUUID() }],
      };
      expect(await batches.finishChunk(header.id, 0, read.etag, outcome)).toBe(true);
      expect((await batches.chunk(header.id, 0))?.value.outcome).toEqual(outcome);
      expect(await batches.finishChunk(header.id, 0, read.etag, { ...outcome, created: 1 })).toBe(false);
      expect((await batches.chunk(header.id, 0))?.value.outcome.created).toBe(99);
      expect(await storageStatus(batches.finishChunk(header.id, 5, read.etag, outcome))).toBe(404);
      expect((await batches.outcomes(header.id)).map((o) => o.status)).toEqual(['done', 'pending']);
    });

    it('when emails are counted, then outcomes show the counts, the chunk keeps its ETag and its own outcome, in chunk order', async () => {
      const { batches, clock } = make();
      const { header, chunks } = batchOf(clock);
      await batches.create(header, chunks);
      const read = (await batches.chunk(header.id, 1))!;
      await batches.countDelivery(header.id, 1, 'sent');
      await batches.countDelivery(header.id, 1, 'sent');
      await batches.countDelivery(header.id, 1, 'failed');
      await batches.countDelivery(header.id, 0, 'failed');
      // Counting is not a change of the chunk: its outcome is still recorded with the ETag read before.
      const outcome: ChunkOutcome = { ...read.value.outcome, status: 'done', created: 3, sent: 0, deliveryFailed: 0 };
      expect(await batches.finishChunk(header.id, 1, read.etag, outcome)).toBe(true);
      expect((await batches.chunk(header.id, 1))?.value.outcome).toEqual(outcome);
      expect(await batches.outcomes(header.id)).toEqual([
        { status: 'pending', created: 0, refused: [], sent: 0, deliveryFailed: 1 },
        { ...outcome, sent: 2, deliveryFailed: 1 },
      ]);
    });

    it('when a provider has stored batches, then recent lists its own newest first, within the limit, without rejected rows', async () => {
      const { batches, clock } = make();
      const providerId = `recent-${randomUUID()}`;
      const stored: BatchHeader[] = [];
      for (let n = 0; n < 3; n++) {
        const { header, chunks } = batchOf(clock, manyRejected(2));
        const own = { ...header, providerId };
        await batches.create(own, chunks);
        stored.push(own);
        clock.advance(60_000);
      }
      const other = batchOf(clock);
      await batches.create({ ...other.header, providerId: `other-${randomUUID()}` }, other.chunks);
      const summary = ({ rejected: _, ...rest }: BatchHeader) => rest;
      expect(await batches.recent(providerId, 2)).toEqual([summary(stored[2]!), summary(stored[1]!)]);
      expect(await batches.recent(providerId, 20)).toEqual(stored.map(summary).reverse());
      expect(await batches.recent(`none-${randomUUID()}`, 20)).toEqual([]);
    });
  });

  describe('ClientStore', () => {
    function person(clock: FakeClock) {
      const tenantId = randomUUID();
      const objectId = randomUUID();
      const key = `${tenantId}|${objectId}`;
      const account: ClientAccount = {
        key,
        clientId: randomUUID(),
        tenantId,
        objectId,
        email: `${unique('client')}@example.com`,
        displayName: 'Willy Urs',
        createdAt: clock.now(),
      };
      const record = (providerId: string, overrides: Partial<ClientRecord> = {}): ClientRecord => ({
        providerId,
        clientId: account.clientId,
        invitationId: randomUUID(),
        firstName: 'Willy',
        lastName: 'Urs',
        email: account.email,
        access: { status: 'active', since: clock.now() },
        firstSignInAt: clock.now(),
        createdAt: clock.now(),
        ...overrides,
      });
      const company = (id: string, providerId: string): OwnedCompany => ({
        id,
        providerId,
        invitationId: randomUUID(),
        role: 'owner',
        company: {
          name: `Company ${id}`,
          address: { line1: '1 rue de la Paix', postalCode: '75002', city: 'Paris', country: 'FR' },
        },
        createdAt: clock.now(),
      });
      return { key, account, record, company };
    }

    it('when nobody signed in with that identity, then there is no profile', async () => {
      const { clients } = make();
      expect(await clients.profile(`${randomUUID()}|${randomUUID()}`)).toBeUndefined();
    });

    it('when an acceptance is recorded, then the profile holds the account and the provider record, dates as dates', async () => {
      const { clients, clock } = make();
      const { key, account, record } = person(clock);
      const gfms = record('gfms');
      expect(await clients.recordAcceptance(account, gfms)).toEqual({ accountCreated: true });
      expect(await clients.profile(key)).toEqual({ account, records: [gfms], companies: [] });
    });

    it('when the same person is accepted again, then the account and an existing record are kept; a new provider’s record is added, by provider', async () => {
      const { clients, clock } = make();
      const { key, account, record } = person(clock);
      const zeta = record('zeta');
      expect(await clients.recordAcceptance(account, zeta)).toEqual({ accountCreated: true });
      clock.advance(60_000);
      expect(
        await clients.recordAcceptance(
          { ...account, displayName: 'Renamed', createdAt: clock.now() },
          record('zeta', { access: { status: 'blocked', since: clock.now(), by: 'ops' } }),
        ),
      ).toEqual({ accountCreated: false });
      const alpha = record('alpha');
      expect(await clients.recordAcceptance({ ...account, createdAt: clock.now() }, alpha)).toEqual({
        accountCreated: false,
      });
      expect(await clients.profile(key)).toEqual({ account, records: [alpha, zeta], companies: [] });
    });

    it('when a company is added, then it is listed by id; the same company twice is false', async () => {
      const { clients, clock } = make();
      const { key, account, record, company } = person(clock);
      await clients.recordAcceptance(account, record('gfms'));
      const b = company(`b-${randomUUID()}`, 'gfms');
      const a = company(`a-${randomUUID()}`, 'gfms');
      expect(await clients.addCompany(key, b)).toBe(true);
      expect(await clients.addCompany(key, a)).toBe(true);
      expect(await clients.addCompany(key, { ...b, company: { name: 'Another name' } })).toBe(false);
      expect((await clients.profile(key))?.companies).toEqual([a, b]);
    });

    it('when a record’s access is set, then only its access changes, dates as dates; again, the same; without a record, false and nothing written', async () => {
      const { clients, clock } = make();
      const { key, account, record } = person(clock);
      const gfms = record('gfms');
      const zeta = record('zeta');
      await clients.recordAcceptance(account, gfms);
      await clients.recordAcceptance(account, zeta);
      clock.advance(60_000);
      const blocked = { status: 'blocked', since: clock.now(), by: 'Camille Passé', reason: 'Impayés' } as const;
      expect(await clients.setAccess(key, 'gfms', blocked)).toBe(true);
      expect(await clients.setAccess(key, 'gfms', blocked)).toBe(true);
      expect(await clients.profile(key)).toEqual({
        account,
        records: [{ ...gfms, access: blocked }, zeta],
        companies: [],
      });
      const active = { status: 'active', since: clock.now(), by: 'Camille Passé' } as const;
      expect(await clients.setAccess(key, 'gfms', active)).toBe(true);
      expect((await clients.profile(key))?.records[0]?.access).toEqual(active);
      expect(await clients.setAccess(key, 'other', blocked)).toBe(false);
      expect(await clients.setAccess(`${randomUUID()}|${randomUUID()}`, 'gfms', blocked)).toBe(false);
      expect((await clients.profile(key))?.records.map((r) => r.providerId)).toEqual(['gfms', 'zeta']);
    });

    it('when one provider is forgotten, then its record and its companies go; the account and the other provider’s stay; again, no change', async () => {
      const { clients, clock } = make();
      const { key, account, record, company } = person(clock);
      const gfms = record('gfms');
      const zeta = record('zeta');
      await clients.recordAcceptance(account, gfms);
      await clients.recordAcceptance(account, zeta);
      const atGfms = company(`g-${randomUUID()}`, 'gfms');
      const atZeta = company(`z-${randomUUID()}`, 'zeta');
      await clients.addCompany(key, atGfms);
      await clients.addCompany(key, atZeta);
      await clients.forgetProvider(key, 'gfms');
      await clients.forgetProvider(key, 'gfms');
      expect(await clients.profile(key)).toEqual({ account, records: [zeta], companies: [atZeta] });
      await clients.forgetProvider(`${randomUUID()}|${randomUUID()}`, 'gfms');
    });

    it('when the account is forgotten, then nothing of it is left: no profile, no session marker, no password change; again, no change', async () => {
      const { clients, clock } = make();
      const { key, account, record, company } = person(clock);
      await clients.recordAcceptance(account, record('gfms'));
      await clients.addCompany(key, company(randomUUID(), 'gfms'));
      const sid = unique('sid');
      await clients.markEnded(key, { sid, endsAt: at(clock, 3600) });
      await clients.endSessionsBefore(key, clock.now());
      await clients.recordPasswordChange(key, clock.now());
      const other = person(clock);
      await clients.recordAcceptance(other.account, other.record('gfms'));
      await clients.forgetAccount(key);
      await clients.forgetAccount(key);
      expect(await clients.profileInSession(key, sid)).toEqual({ profile: undefined, ended: false });
      expect(await clients.passwordChangedAt(key)).toBeUndefined();
      expect((await clients.profile(other.key))?.account).toEqual(other.account);
    });

    it('when a company is added before any account, then it is kept but there is still no profile', async () => {
      const { clients, clock } = make();
      const { key, account, record, company } = person(clock);
      const owned = company(randomUUID(), 'gfms');
      expect(await clients.addCompany(key, owned)).toBe(true);
      expect(await clients.profile(key)).toBeUndefined();
      await clients.recordAcceptance(account, record('gfms'));
      expect((await clients.profile(key))?.companies).toEqual([owned]);
    });

    it('when a session is marked ended, then the profile read in that session says ended; in another session of the client it does not, and the profile is the same', async () => {
      const { clients, clock } = make();
      const { key, account, record, company } = person(clock);
      const gfms = record('gfms');
      await clients.recordAcceptance(account, gfms);
      const owned = company(randomUUID(), 'gfms');
      await clients.addCompany(key, owned);
      const profile = { account, records: [gfms], companies: [owned] };
      const mine = { sid: unique("sid-o'brien"), endsAt: at(clock, 8 * 3600) };
      expect(await clients.profileInSession(key, mine.sid)).toEqual({ profile, ended: false });
      await clients.markEnded(key, mine);
      await clients.markEnded(key, mine);
      expect(await clients.profileInSession(key, mine.sid)).toEqual({ profile, ended: true });
      expect(await clients.profileInSession(key, unique('sid'))).toEqual({ profile, ended: false });
      expect(await clients.profile(key)).toEqual(profile);
    });

    it('when another session of the client, or of another client, is marked ended, then it does not count', async () => {
      const { clients, clock } = make();
      const me = person(clock);
      const other = person(clock);
      await clients.recordAcceptance(me.account, me.record('gfms'));
      const sid = unique('sid');
      // Ids that sort just around this one's marker: none of them is read as it.
      for (const near of [`${sid}0`, sid.slice(0, -1), `${sid}|`]) {
        await clients.markEnded(me.key, { sid: near, endsAt: at(clock, 3600) });
      }
      await clients.markEnded(other.key, { sid, endsAt: at(clock, 3600) });
      expect((await clients.profileInSession(me.key, sid)).ended).toBe(false);
      expect((await clients.profileInSession(me.key, `${sid}0`)).ended).toBe(true);
    });

    it('when nobody has that identity but a session of it was marked ended, then no profile, and ended', async () => {
      const { clients, clock } = make();
      const { key } = person(clock);
      const sid = unique('sid');
      expect(await clients.profileInSession(key, sid)).toEqual({ profile: undefined, ended: false });
      await clients.markEnded(key, { sid, endsAt: at(clock, 3600) });
      expect(await clients.profileInSession(key, sid)).toEqual({ profile: undefined, ended: true });
      expect(await clients.profile(key)).toBeUndefined();
    });

    it('when a marker is forgotten, then the session no longer reads as ended; forgetting it again, or one never written, is no error', async () => {
      const { clients, clock } = make();
      const { key, account, record } = person(clock);
      await clients.recordAcceptance(account, record('gfms'));
      const kept = { sid: unique('sid'), endsAt: at(clock, 3600) };
      const gone = { sid: unique('sid'), endsAt: at(clock, 3600) };
      await clients.markEnded(key, kept);
      await clients.markEnded(key, gone);
      await clients.forgetEnded(key, gone.sid);
      await clients.forgetEnded(key, gone.sid);
      await clients.forgetEnded(key, unique('never'));
      expect((await clients.profileInSession(key, gone.sid)).ended).toBe(false);
      expect((await clients.profileInSession(key, kept.sid)).ended).toBe(true);
      expect((await clients.profile(key))?.account).toEqual(account);
    });

    const pendingChange = (clock: FakeClock, overrides: Partial<PendingEmailChange> = {}): PendingEmailChange => ({
      email: `${unique('new-address')}@example.com`,
      codeHash: `hmac-${randomUUID()}`,
      requestedAt: clock.now(),
      expiresAt: at(clock, EMAIL_CHANGE_CODE_TTL_MS / 1000),
      wrongTries: 0,
      ...overrides,
    });

    it('when a change of the sign-in email is saved, then it reads back as written, dates as dates; none pending: undefined', async () => {
      const { clients, clock } = make();
      const { key, account, record } = person(clock);
      expect(await clients.emailChange(key)).toBeUndefined();
      await clients.recordAcceptance(account, record('gfms'));
      const change = pendingChange(clock);
      expect(await clients.saveEmailChange(key, change)).toBe(true);
      const read = await clients.emailChange(key);
      expect(read?.value).toEqual(change);
      expect(read?.value.expiresAt).toBeInstanceOf(Date);
      expect(read?.etag).toEqual(expect.any(String));
    });

    it('when a change is saved without the current one, then it replaces whatever was pending; with the current one as read, it is written', async () => {
      const { clients, clock } = make();
      const { key, account, record } = person(clock);
      await clients.recordAcceptance(account, record('gfms'));
      await clients.saveEmailChange(key, pendingChange(clock));
      clock.advance(60_000);
      const second = pendingChange(clock);
      expect(await clients.saveEmailChange(key, second)).toBe(true);
      const current = await clients.emailChange(key);
      expect(current?.value).toEqual(second);
      const wrongTry = { ...second, wrongTries: 1 };
      expect(await clients.saveEmailChange(key, wrongTry, current)).toBe(true);
      expect((await clients.emailChange(key))?.value).toEqual(wrongTry);
    });

    it('when a change is saved or forgotten against a stale read, then false and nothing written; forgotten twice, true', async () => {
      const { clients, clock } = make();
      const { key, account, record } = person(clock);
      await clients.recordAcceptance(account, record('gfms'));
      await clients.saveEmailChange(key, pendingChange(clock));
      const stale = await clients.emailChange(key);
      const newer = pendingChange(clock, { wrongTries: 2 });
      expect(await clients.saveEmailChange(key, newer, stale)).toBe(true);
      expect(await clients.saveEmailChange(key, pendingChange(clock, { wrongTries: 3 }), stale)).toBe(false);
      expect(await clients.forgetEmailChange(key, stale)).toBe(false);
      expect((await clients.emailChange(key))?.value).toEqual(newer);
      const current = await clients.emailChange(key);
      expect(await clients.forgetEmailChange(key, current)).toBe(true);
      expect(await clients.emailChange(key)).toBeUndefined();
      expect(await clients.forgetEmailChange(key, current)).toBe(true);
      expect(await clients.forgetEmailChange(key)).toBe(true);
      // Gone meanwhile: a write against what was read is false, and nothing comes back.
      expect(await clients.saveEmailChange(key, newer, current)).toBe(false);
      expect(await clients.emailChange(key)).toBeUndefined();
    });

    it('when a change is pending, then the profile (in a session too) is the same: the account, records and companies', async () => {
      const { clients, clock } = make();
      const { key, account, record, company } = person(clock);
      const gfms = record('gfms');
      await clients.recordAcceptance(account, gfms);
      const owned = company(randomUUID(), 'gfms');
      await clients.addCompany(key, owned);
      await clients.saveEmailChange(key, pendingChange(clock));
      const profile = { account, records: [gfms], companies: [owned] };
      expect(await clients.profile(key)).toEqual(profile);
      expect(await clients.profileInSession(key, unique('sid'))).toEqual({ profile, ended: false });
    });

    it('when the account email is changed, then the profile’s account has it, the rest as it was; no account: false', async () => {
      const { clients, clock } = make();
      const { key, account, record } = person(clock);
      const gfms = record('gfms');
      await clients.recordAcceptance(account, gfms);
      const email = `${unique('changed')}@example.com`;
      expect(await clients.changeAccountEmail(key, email)).toBe(true);
      expect(await clients.profile(key)).toEqual({ account: { ...account, email }, records: [gfms], companies: [] });
      expect(await clients.changeAccountEmail(`${randomUUID()}|${randomUUID()}`, email)).toBe(false);
    });

    it('when the account is forgotten, then its pending change of the sign-in email goes too', async () => {
      const { clients, clock } = make();
      const { key, account, record } = person(clock);
      await clients.recordAcceptance(account, record('gfms'));
      await clients.saveEmailChange(key, pendingChange(clock));
      await clients.forgetAccount(key);
      expect(await clients.emailChange(key)).toBeUndefined();
    });
  });

  describe('ProviderDirectory', () => {
    function providerOf(overrides: Partial<Provider> = {}): Provider {
      const id = unique('contract');
      return {
        id,
        name: `Agence ${id}`,
        platformName: 'My rConnect',
        platformDescription: 'My rConnect helps you boost your service processes.',
        platformDescriptions: {
          fr: 'My rConnect vous aide à faire passer vos processus de service au niveau supérieur.',
          en: 'My rConnect is a platform which helps you to boost your service processes.',
        },
        supportEmail: 'support@agence.example',
        portalUrl: 'https://portal.agence.example',
        documentationUrl: 'https://docs.agence.example/my-rconnect/premiers-pas?lang=fr#debut',
        agencyCodes: { client: id.toUpperCase(), company: 'HQ-LYON' },
        status: 'active',
        ...overrides,
      };
    }

    it('when a provider is registered, then it reads back whole; one without contact, portal, documentation, descriptions by language or codes reads back without them', async () => {
      const { providers, register } = make();
      expect(await providers.get(unique('contract'))).toBeUndefined();
      const full = providerOf();
      await register(full, []);
      expect(await providers.get(full.id)).toEqual(full);
      const {
        supportEmail: _s,
        portalUrl: _p,
        documentationUrl: _d,
        platformDescriptions: _l,
        agencyCodes: _c,
        ...bare
      } = providerOf({ platformDescription: '' });
      await register(bare, []);
      expect(await providers.get(bare.id)).toEqual(bare);
      // A description in one language only reads back as that one.
      const english = providerOf({ platformDescriptions: { en: 'My rConnect helps you.' } });
      await register(english, []);
      expect(await providers.get(english.id)).toEqual(english);
    });

    it('when a client code is looked up, then any case finds its provider; unknown or malformed codes find none', async () => {
      const { providers, register } = make();
      const provider = providerOf();
      await register(provider, []);
      expect(await providers.byAgencyCode(provider.agencyCodes!.client.toLowerCase())).toEqual(provider);
      expect(await providers.byAgencyCode(` ${provider.agencyCodes!.client} `)).toEqual(provider);
      expect(await providers.byAgencyCode(unique('NOBODY').toUpperCase())).toBeUndefined();
      expect(await providers.byAgencyCode('not a code')).toBeUndefined();
      expect(await providers.byAgencyCode('')).toBeUndefined();
      expect(await providers.byAgencyCode('HQ-LYON')).toBeUndefined(); // a company code is not a client code
    });

    it('when a professional calls, then the person’s grant wins over the app’s, the app’s over the tenant’s; none is undefined', async () => {
      const { providers, register } = make();
      const tenantId = randomUUID();
      const [person, app, tenant] = [providerOf(), providerOf(), providerOf()];
      const oid = randomUUID();
      const appId = randomUUID();
      await register(person, [{ tenantId, subject: `user:${oid}` }]);
      await register(app, [{ tenantId, subject: `app:${appId}` }]);
      await register(tenant, [{ tenantId, subject: 'tenant' }]);
      const user = (o: string, a: string): Professional => ({
        tenantId,
        oid: o,
        appId: a,
        name: 'Tamer Haddad',
        kind: 'user',
        roles: ['Invitations.Send'],
      });
      expect(await providers.providerOf(user(oid, appId))).toBe(person.id);
      expect(await providers.providerOf(user(randomUUID(), appId))).toBe(app.id);
      expect(await providers.providerOf(user(randomUUID(), randomUUID()))).toBe(tenant.id);
      // An app-only token's oid is the app's service principal: a person's grant never names it.
      expect(await providers.providerOf({ ...user(oid, randomUUID()), kind: 'app' })).toBe(tenant.id);
      expect(await providers.providerOf({ ...user(oid, appId), tenantId: randomUUID() })).toBeUndefined();
    });
  });

  describe('Limits', () => {
    const rule = { limit: 3, windowSeconds: 60 };

    it('when a key is taken up to its limit, then the next is refused until its window ends; other keys are not concerned', async () => {
      const { limits, clock } = make();
      const key = unique('limit');
      for (let i = 0; i < 3; i++) {
        expect(await limits.take(key, rule)).toEqual({ allowed: true, retryAfterSeconds: 0, used: i + 1 });
      }
      // 09:00:10 in a window of 60 s that started at 09:00:00: 50 s to wait.
      expect(await limits.take(key, rule)).toEqual({ allowed: false, retryAfterSeconds: 50 });
      clock.advance(49_500);
      expect(await limits.take(key, rule)).toEqual({ allowed: false, retryAfterSeconds: 1 });
      expect(await limits.take(unique('limit'), rule)).toEqual({ allowed: true, retryAfterSeconds: 0, used: 1 });
      clock.advance(500);
      expect(await limits.take(key, rule)).toEqual({ allowed: true, retryAfterSeconds: 0, used: 1 });
    });

    it('when many take one fresh key at once, then exactly the limit is allowed', async () => {
      const { limits } = make();
      const key = unique('burst');
      const answers = await Promise.all(
        Array.from({ length: 12 }, () => limits.take(key, { limit: 5, windowSeconds: 60 })),
      );
      expect(answers.filter((a) => a.allowed)).toHaveLength(5);
      // Each count is reached by exactly one taker (the SMS budget's 80 % and 100 % events rely on it).
      expect(answers.flatMap((a) => (a.allowed ? [a.used] : [])).sort()).toEqual([1, 2, 3, 4, 5]);
    });

    it('when a key names what people type (an email, an IP) with characters Azure refuses in keys, then it counts like any', async () => {
      const { limits } = make();
      for (const subject of [
        'a#b@example.com',
        'a/b@example.com',
        'a?b@example.com',
        'a\\b@example.com',
        '::1\u0000',
      ]) {
        const key = `${unique('accept')}|${subject}`;
        expect(await limits.take(key, { limit: 1, windowSeconds: 60 })).toEqual({
          allowed: true,
          retryAfterSeconds: 0,
          used: 1,
        });
        expect(await limits.take(key, { limit: 1, windowSeconds: 60 })).toMatchObject({ allowed: false });
      }
    });

    it('when a sliding key allows one a minute, then the next is refused for its whole length, even across a minute’s edge, then allowed again', async () => {
      const { limits, clock } = make();
      const key = unique('cooldown');
      expect(await limits.takeSliding(key, ONE_A_MINUTE)).toEqual({ allowed: true, retryAfterSeconds: 0 });
      // 09:00:10 + 50 s is 09:01:00, a fixed minute's edge: a cooldown still refuses.
      clock.advance(50_000);
      expect(await limits.takeSliding(key, ONE_A_MINUTE)).toEqual({ allowed: false, retryAfterSeconds: 10 });
      clock.advance(9_500);
      expect(await limits.takeSliding(key, ONE_A_MINUTE)).toEqual({ allowed: false, retryAfterSeconds: 1 });
      expect(await limits.takeSliding(unique('cooldown'), ONE_A_MINUTE)).toEqual({
        allowed: true,
        retryAfterSeconds: 0,
      });
      clock.advance(500);
      expect(await limits.takeSliding(key, ONE_A_MINUTE)).toEqual({ allowed: true, retryAfterSeconds: 0 });
      expect(await limits.takeSliding(key, ONE_A_MINUTE)).toMatchObject({ allowed: false, retryAfterSeconds: 60 });
    });

    it('when many use one fresh sliding key at once, then exactly one is allowed', async () => {
      const { limits } = make();
      const key = unique('cooldown-burst');
      const answers = await Promise.all(Array.from({ length: 8 }, () => limits.takeSliding(key, ONE_A_MINUTE)));
      expect(answers.filter((a) => a.allowed)).toHaveLength(1);
    });

    it('when many use one sliding key that already holds a time, then exactly the rest of its limit is allowed', async () => {
      const { limits } = make();
      const key = unique('sliding-burst');
      const rules = [{ limit: 4, windowSeconds: 60 }];
      // The row exists: every taker reads it and writes it back If-Match, so only one of each round may win.
      expect(await limits.takeSliding(key, rules)).toEqual({ allowed: true, retryAfterSeconds: 0 });
      const answers = await Promise.all(Array.from({ length: 10 }, () => limits.takeSliding(key, rules)));
      expect(answers.filter((a) => a.allowed)).toHaveLength(3);
      expect(await limits.takeSliding(key, rules)).toMatchObject({ allowed: false });
    });

    it('when a sliding key has two rules, then each holds over any window, not per fixed day', async () => {
      const { limits, clock } = make();
      const key = unique('sliding-day');
      const rules = [
        { limit: 1, windowSeconds: 60 },
        { limit: 3, windowSeconds: 24 * 3600 },
      ];
      // Three before a UTC midnight, a minute apart.
      clock.set(new Date('2030-06-03T23:57:00.000Z'));
      for (let i = 0; i < 3; i++) {
        expect(await limits.takeSliding(key, rules)).toEqual({ allowed: true, retryAfterSeconds: 0 });
        clock.advance(60_000);
      }
      // After midnight a fixed day would start again: the sliding day still holds until the first one is 24 h old.
      expect(await limits.takeSliding(key, rules)).toEqual({ allowed: false, retryAfterSeconds: 24 * 3600 - 180 });
      clock.set(new Date('2030-06-04T23:57:00.000Z'));
      expect(await limits.takeSliding(key, rules)).toEqual({ allowed: true, retryAfterSeconds: 0 });
      expect(await limits.takeSliding(key, rules)).toEqual({ allowed: false, retryAfterSeconds: 60 });
    });

    it('when the limit is 0, then nothing is allowed', async () => {
      const { limits } = make();
      expect(await limits.take(unique('limit'), { limit: 0, windowSeconds: 3600 })).toEqual({
        allowed: false,
        retryAfterSeconds: 3590,
      });
    });
  });

  describe('EmailPacer', () => {
    it('when runs of emails are reserved, then each queues up behind the previous ones, spaced by the quota; an idle pacer starts now', async () => {
      const { pacer, clock } = make();
      expect(await pacer.reserve(3)).toEqual({ firstDelaySeconds: 0, intervalSeconds: INTERVAL });
      expect(await pacer.reserve(2)).toEqual({ firstDelaySeconds: 3 * INTERVAL, intervalSeconds: INTERVAL });
      clock.advance(4_000);
      expect(await pacer.reserve(1)).toEqual({ firstDelaySeconds: 5 * INTERVAL - 4, intervalSeconds: INTERVAL });
      clock.advance(60_000);
      expect(await pacer.reserve(1)).toEqual({ firstDelaySeconds: 0, intervalSeconds: INTERVAL });
    });
  });

  describe('IdempotencyStore', () => {
    const response = (body: string) => ({
      status: 201,
      headers: { 'Content-Type': 'application/json; charset=utf-8', Location: '/api/invitations/1' },
      body,
    });

    it('when a key is begun, then the first claims it and the next find it in progress; another scope is not concerned', async () => {
      const { idempotency, clock } = make();
      const scope = unique('scope');
      const key = unique('key');
      const claimed = await idempotency.begin(scope, key, 'fp-1', clock.now());
      expect(claimed).toEqual({ claimed: true, etag: expect.any(String) });
      expect(await idempotency.begin(scope, key, 'fp-2', at(clock, 1))).toEqual({
        claimed: false,
        record: { state: 'in-progress', fingerprint: 'fp-1', createdAt: clock.now(), etag: expect.any(String) },
      });
      expect(await idempotency.begin(unique('scope'), key, 'fp-1', clock.now())).toMatchObject({ claimed: true });
    });

    it('when a request finishes, then its answer is replayed whole, even one larger than a property (pages)', async () => {
      const { idempotency, clock } = make();
      const scope = unique('scope');
      const key = unique('key');
      await idempotency.begin(scope, key, 'fp-1', clock.now());
      const body = JSON.stringify({ items: Array.from({ length: 3000 }, (_, i) => ({ i, name: `Ελένη ${i} 🙂` })) });
      expect(body.length).toBeGreaterThan(60_000);
      await idempotency.finish(scope, key, 'fp-1', clock.now(), response(body));
      expect(await idempotency.begin(scope, key, 'fp-1', at(clock, 5))).toEqual({
        claimed: false,
        record: {
          state: 'done',
          fingerprint: 'fp-1',
          createdAt: clock.now(),
          etag: expect.any(String),
          response: response(body),
        },
      });
    });

    it('when an old record is restarted with its ETag, then it is in progress again for the new request; a stale ETag or no record is undefined', async () => {
      const { idempotency, clock } = make();
      const scope = unique('scope');
      const key = unique('key');
      await idempotency.begin(scope, key, 'fp-1', clock.now());
      await idempotency.finish(scope, key, 'fp-1', clock.now(), response('{"first":true}'));
      const old = await idempotency.begin(scope, key, 'fp-2', at(clock, 10));
      if (old.claimed) throw new Error('expected the finished record');
      const later = at(clock, 90_000);
      const etag = await idempotency.restart(scope, key, 'fp-2', later, old.record.etag);
      expect(etag).toEqual(expect.any(String));
      expect(etag).not.toBe(old.record.etag);
      expect(await idempotency.begin(scope, key, 'fp-3', later)).toEqual({
        claimed: false,
        record: { state: 'in-progress', fingerprint: 'fp-2', createdAt: later, etag },
      });
      expect(await idempotency.restart(scope, key, 'fp-3', later, old.record.etag)).toBeUndefined();
      expect(await idempotency.restart(scope, unique('key'), 'fp-3', later, old.record.etag)).toBeUndefined();
    });

    it('when old records are purged, then those begun before the instant go (done or in progress) and the others stay', async () => {
      const { idempotency, clock } = make();
      const scope = unique('scope');
      const other = unique('scope');
      const old = clock.now();
      const recent = at(clock, 3600);
      await idempotency.begin(scope, 'old-done', 'fp', old);
      await idempotency.finish(scope, 'old-done', 'fp', old, response('x'.repeat(70_000)));
      await idempotency.begin(other, 'old-claim', 'fp', old);
      await idempotency.begin(scope, 'recent-done', 'fp', recent);
      await idempotency.finish(scope, 'recent-done', 'fp', recent, response('{"recent":true}'));
      await idempotency.begin(scope, 'recent-claim', 'fp', recent);

      expect(await idempotency.purge(old)).toBe(0);
      // Every row of the two old records, at least: the adapter also deletes (and counts) the answer's body pages.
      expect(await idempotency.purge(at(clock, 1800))).toBeGreaterThanOrEqual(2);
      const later = at(clock, 7200);
      expect(await idempotency.begin(scope, 'old-done', 'fp', later)).toMatchObject({ claimed: true });
      expect(await idempotency.begin(other, 'old-claim', 'fp', later)).toMatchObject({ claimed: true });
      expect(await idempotency.begin(scope, 'recent-done', 'fp', later)).toMatchObject({
        claimed: false,
        record: { state: 'done', response: response('{"recent":true}') },
      });
      expect(await idempotency.begin(scope, 'recent-claim', 'fp', later)).toMatchObject({
        claimed: false,
        record: { state: 'in-progress', createdAt: recent },
      });
    });

    it('when a request is abandoned, then its key is free again; abandoning nothing is fine', async () => {
      const { idempotency, clock } = make();
      const scope = unique('scope');
      const key = unique('key');
      await idempotency.begin(scope, key, 'fp-1', clock.now());
      await idempotency.abandon(scope, key);
      expect(await idempotency.begin(scope, key, 'fp-2', clock.now())).toMatchObject({ claimed: true });
      await expect(idempotency.abandon(scope, unique('key'))).resolves.toBeUndefined();
    });
  });

  describe('EndedSessions', () => {
    const CLIENT = 'tenant|oid';
    const session = (clock: FakeClock, hoursLeft: number) => ({
      sid: unique('sid'),
      endsAt: at(clock, hoursLeft * 3600),
    });

    it('when a session is ended, then it reads as ended; another session, or the same id ending at another hour, does not', async () => {
      const { endedSessions, clock } = make();
      const ended = session(clock, 8);
      expect(await endedSessions.isEnded(ended)).toBe(false);
      await endedSessions.end(ended, CLIENT);
      expect(await endedSessions.isEnded({ ...ended })).toBe(true);
      expect(await endedSessions.isEnded(session(clock, 8))).toBe(false);
      expect(await endedSessions.isEnded({ sid: ended.sid, endsAt: at(clock, 3 * 3600) })).toBe(false);
    });

    it('when a session that names no client (a console session of a professional) is ended, then it reads as ended and is listed without a client', async () => {
      const { endedSessions, clock } = make();
      const ended = session(clock, 1);
      await endedSessions.end(ended);
      expect(await endedSessions.isEnded(ended)).toBe(true);
      const listed = (await endedSessions.expired(at(clock, 3 * 3600))).filter((e) => e.session.sid === ended.sid);
      expect(listed).toEqual([{ session: ended }]);
    });

    it('when a session is ended twice, then it is still one ended session', async () => {
      const { endedSessions, clock } = make();
      const ended = session(clock, 2);
      await endedSessions.end(ended, CLIENT);
      await endedSessions.end(ended, CLIENT);
      expect(await endedSessions.isEnded(ended)).toBe(true);
      expect(await endedSessions.purge(at(clock, 4 * 3600))).toBe(1);
    });

    it('when the records are purged, then those of sessions that ended in an hour before the instant go and the others stay', async () => {
      const { endedSessions, clock } = make();
      const soon = session(clock, 1);
      const sameHourAsPurge = session(clock, 5);
      const later = session(clock, 8);
      for (const s of [soon, sameHourAsPurge, later]) await endedSessions.end(s, CLIENT);

      expect(await endedSessions.purge(clock.now())).toBe(0);
      expect(await endedSessions.purge(at(clock, 5 * 3600 + 60))).toBe(1);
      expect(await endedSessions.isEnded(soon)).toBe(false);
      expect(await endedSessions.isEnded(sameHourAsPurge)).toBe(true);
      expect(await endedSessions.isEnded(later)).toBe(true);
      expect(await endedSessions.purge(at(clock, 9 * 3600))).toBe(2);
      expect(await endedSessions.isEnded(later)).toBe(false);
    });

    it('when the expired records are listed, then they are those the purge would delete, each with its client, and listing deletes nothing', async () => {
      const { endedSessions, clock } = make();
      const soon = session(clock, 1);
      const sameHourAsPurge = session(clock, 5);
      const other = session(clock, 2);
      await endedSessions.end(soon, CLIENT);
      await endedSessions.end(other, 'tenant|other-oid');
      await endedSessions.end(sameHourAsPurge, CLIENT);
      const before = at(clock, 5 * 3600 + 60);
      const bySid = (a: { session: { sid: string } }, b: { session: { sid: string } }) =>
        a.session.sid < b.session.sid ? -1 : 1;
      expect(await endedSessions.expired(clock.now())).toEqual([]);
      expect((await endedSessions.expired(before)).sort(bySid)).toEqual(
        [
          { session: soon, clientKey: CLIENT },
          { session: other, clientKey: 'tenant|other-oid' },
        ].sort(bySid),
      );
      expect(await endedSessions.isEnded(soon)).toBe(true);
      expect(await endedSessions.purge(before)).toBe(2);
      expect(await endedSessions.expired(before)).toEqual([]);
    });
  });
});

describe('the Table adapter of invitations: summaries it lacks', () => {
  it('when a listing row has no summary (written before summaries existed, or a crash between the two writes), then it is summarized from its invitation, and written for the next count', async () => {
    const invitations = tableInvitationStore(tables());
    const clock = startsAt();
    const providerId = unique('provider');
    const invitation = invitationOf(clock, { providerId });
    await invitations.claimEmail(invitation);
    await invitations.create(invitation, undefined, []);
    const index = TableClient.fromConnectionString(stack().storage.connectionString, 'ProviderIndex', {
      allowInsecureConnection: true,
    });
    const rows = index.listEntities<Record<string, unknown>>({
      queryOptions: {
        filter: `PartitionKey eq '${providerId}' and RowKey ge 'invitation|' and RowKey lt 'invitation}'`,
      },
    });
    const listing: Array<Record<string, unknown>> = [];
    for await (const row of rows) listing.push(row);
    expect(listing).toHaveLength(1);
    expect(listing[0]).toMatchObject({ Pending: true, ExpiresAt: invitation.expiresAt, DeliveryFailed: false });
    const { partitionKey, rowKey, InvitationId, Email } = listing[0]!;
    // As the row was before summaries: the listing columns only.
    await index.upsertEntity(
      { partitionKey: String(partitionKey), rowKey: String(rowKey), InvitationId, Email },
      'Replace',
    );

    expect(await invitations.summaries(providerId)).toEqual([
      { invitationId: invitation.id, pending: true, expiresAt: invitation.expiresAt, deliveryFailed: false },
    ]);
    const repaired = await index.getEntity<Record<string, unknown>>(String(partitionKey), String(rowKey));
    expect(repaired).toMatchObject({ Pending: true, DeliveryFailed: false });
  });
});

describe.each([
  ['the in-memory fake', (): AccountEmailStore => new FakeAccountEmailStore()],
  ['the Table adapter', (): AccountEmailStore => tableAccountEmailStore(tables())],
])('the storage ports: AccountEmailStore, %s', (_name, make) => {
  const record = (overrides: Partial<AccountEmailRecord> = {}): AccountEmailRecord => ({
    id: randomUUID(),
    kind: 'reset-link',
    status: 'pending',
    attempts: 0,
    createdAt: new Date('2030-06-03T09:00:00.000Z'),
    content: {
      kind: 'reset-link',
      to: 'zoe.faure@example.com',
      locale: 'fr',
      expiresAt: new Date('2030-06-03T09:30:00.000Z'),
    },
    sealedSecret: 'v1.sealed',
    ...overrides,
  });

  it('when nothing was written, then get finds nothing', async () => {
    expect(await make().get(randomUUID())).toBeUndefined();
  });

  it('when a row is created, then get reads it back with its dates, and a second create of the id is refused', async () => {
    const store = make();
    const written = record({
      repeatability: { requestId: randomUUID(), firstSentAt: new Date('2030-06-03T09:00:01Z') },
    });
    await store.create(written);
    expect((await store.get(written.id))?.value).toEqual(written);
    expect(await storageStatus(store.create(written))).toBe(409);
  });

  it('when a row is replaced with its ETag, then the change is read back; with a stale ETag, concurrent-update', async () => {
    const store = make();
    const written = record();
    await store.create(written);
    const first = (await store.get(written.id))!;
    const { sealedSecret: _erased, ...settled } = { ...written, status: 'sent' as const, attempts: 1 };
    const replaced = await store.replace(settled, first);
    expect(replaced.value).toEqual(settled);
    expect((await store.get(written.id))?.value).toEqual(settled);
    expect(await domainCode(store.replace({ ...settled, attempts: 2 }, first))).toBe('concurrent-update');
    expect(await domainCode(store.replace(record(), first))).toBe('concurrent-update');
  });

  it('when the emails naming an address are forgotten, then each is gone (sent to it, or about it), a replaced one too; others stay', async () => {
    const store = make();
    const to = `lea.${randomUUID().slice(0, 8)}@example.com`;
    const first = record({
      kind: 'password-changed',
      content: { kind: 'password-changed', to, locale: 'fr', at: new Date('2030-06-03T09:00:00.000Z'), how: 'reset' },
    });
    const second = record({ content: { ...record().content, to } });
    const other = record({ content: { ...record().content, to: `marc.${randomUUID().slice(0, 8)}@example.com` } });
    const about = record({
      kind: 'two-step-help',
      content: {
        kind: 'two-step-help',
        to: 'support@example.com',
        locale: 'fr',
        at: new Date('2030-06-03T09:00:00.000Z'),
        providerName: 'Acme',
        clientName: 'Léa',
        clientEmail: to,
      },
    });
    for (const written of [first, second, other, about]) await store.create(written);
    await store.replace({ ...second, status: 'sent', attempts: 1 }, (await store.get(second.id))!);

    await store.forgetNaming(to);

    expect(await store.get(first.id)).toBeUndefined();
    expect(await store.get(second.id)).toBeUndefined();
    expect(await store.get(about.id)).toBeUndefined();
    expect((await store.get(other.id))?.value).toEqual(other);
    // Again, or an address nothing was sent to: no change.
    await store.forgetNaming(to);
    await store.forgetNaming(`nobody.${randomUUID().slice(0, 8)}@example.com`);
    expect((await store.get(other.id))?.value).toEqual(other);
  });
});

describe('AccountEmails rows', () => {
  it('hold the recipient as ToHash only, never the address in a column of its own', async () => {
    const store = tableAccountEmailStore(tables());
    const to = `ines.${randomUUID().slice(0, 8)}@example.com`;
    const id = randomUUID();
    await store.create({
      id,
      kind: 'two-step-off',
      status: 'pending',
      attempts: 0,
      createdAt: new Date('2030-06-03T09:00:00.000Z'),
      content: {
        kind: 'two-step-off',
        to,
        locale: 'en',
        at: new Date('2030-06-03T09:00:00.000Z'),
        providerName: 'Acme',
      },
    });
    const row = await (await tables()('AccountEmails')).getEntity<Record<string, unknown>>(id, 'email');
    expect(row.ToHash).toBe(hashedKey(to));
    const { Data: _data, ...columns } = row;
    expect(JSON.stringify(columns)).not.toContain(to);
  });
});

describe.each([
  [
    'the in-memory fake',
    (names: string[]) => {
      const fake = new FakePoisonQueues(names);
      return { queues: fake, park: async (queue: string, message: unknown) => fake.park(queue, message) };
    },
  ],
  [
    'the Queue adapter',
    (names: string[]) => {
      const service = QueueServiceClient.fromConnectionString(stack().storage.connectionString);
      return {
        queues: storagePoisonQueues(service, names),
        park: async (queue: string, message: unknown) => {
          const client = service.getQueueClient(queue);
          await client.createIfNotExists();
          await client.sendMessage(encodeMessage(message));
        },
      };
    },
  ],
])('the storage ports: PoisonQueues, %s', (_name, make) => {
  it('when a poison queue does not exist or is empty, then it counts 0; parked messages are counted per queue', async () => {
    const suffix = randomUUID().slice(0, 8);
    const [outbox, batches] = [`outbox-poison-${suffix}`, `batches-poison-${suffix}`];
    const { queues, park } = make([outbox, batches]);
    expect(await queues.waiting()).toEqual([
      { queue: outbox, messages: 0 },
      { queue: batches, messages: 0 },
    ]);
    await park(outbox, { invitationId: 'a', reason: 'send kept failing' });
    await park(outbox, { invitationId: 'b', reason: 'send kept failing' });
    expect(await queues.waiting()).toEqual([
      { queue: outbox, messages: 2 },
      { queue: batches, messages: 0 },
    ]);
  });
});
