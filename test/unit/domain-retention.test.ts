/**
 * Retention (shared/domain/retention.ts, shared/domain/use-cases/apply-retention.ts; docs/privacy.md): each kind's
 * rule at exactly its period and a millisecond before, the rows never due (live invitations, pending emails), and
 * the job: a dry run changes nothing and counts, a real run acts and counts the same, a second run counts 0, a run
 * that stopped goes on from its checkpoint. Prospects: a file due on its own is read again with its invitations — a
 * live one keeps it, a later one postpones it, a client's file is never due — and a due one is erased with its
 * invitations (in-memory client files and invitations).
 */
import { describe, expect, it } from 'vitest';
import { ERASED_EMAIL } from '../../shared/domain/erasure.js';
import {
  RETENTION_KINDS,
  RETENTION_PERIODS_MS,
  type RetentionFacts,
  retentionAction,
} from '../../shared/domain/retention.js';
import { type ApplyRetentionDeps, applyRetention } from '../../shared/domain/use-cases/apply-retention.js';
import { createClientFile } from '../../shared/domain/use-cases/client-files.js';
import { inviteUser } from '../../shared/domain/use-cases/invite-user.js';
import { revokeInvitation } from '../../shared/domain/use-cases/manage-invitations.js';
import { clientFilesWorld, erasureOf, InMemoryClientFileStore, nourClientAt } from '../support/client-file-fakes.js';
import {
  FakeClock,
  FakeInvitationStore,
  FakeRetentionStore,
  invitationDetails,
  professionalUser,
} from '../support/fakes.js';
import { NOUR_KEY, nourAccount } from '../support/onboarding-fakes.js';

const NOW = new Date('2026-06-01T03:40:00.000Z');
const HOUR = 3_600_000;
const DAY = 24 * HOUR;
const ago = (ms: number) => new Date(NOW.getTime() - ms);

describe('retention rules', () => {
  it('gives each kind its period: 90 days, 48 hours, 7 days, 30 days, 90 days, 12 months, 30 days', () => {
    expect(RETENTION_PERIODS_MS).toEqual({
      'erasure-requests': 30 * DAY,
      'email-changes': DAY,
      invitations: 90 * DAY,
      'limit-counters': 48 * HOUR,
      'reset-tokens': 7 * DAY,
      'account-emails': 30 * DAY,
      batches: 90 * DAY,
      prospects: 365 * DAY,
    });
  });

  const boundaries: Array<[string, (start: Date) => RetentionFacts, 'anonymize' | 'delete', number]> = [
    [
      'a revoked invitation, from its revocation',
      (start) => ({ kind: 'invitations', status: 'revoked', expiresAt: NOW, revokedAt: start, anonymized: false }),
      'anonymize',
      90 * DAY,
    ],
    [
      'an expired pending invitation, from its expiry',
      (start) => ({ kind: 'invitations', status: 'pending', expiresAt: start, anonymized: false }),
      'anonymize',
      90 * DAY,
    ],
    [
      'a limit counter, from its window',
      (start) => ({ kind: 'limit-counters', lastUsedAt: start }),
      'delete',
      48 * HOUR,
    ],
    ['a reset link, from its expiry', (start) => ({ kind: 'reset-tokens', expiresAt: start }), 'delete', 7 * DAY],
    [
      'a sent account email, from its sending',
      (start) => ({ kind: 'account-emails', status: 'delivered', createdAt: ago(400 * DAY), sentAt: start }),
      'delete',
      30 * DAY,
    ],
    [
      'a failed account email never sent, from its creation',
      (start) => ({ kind: 'account-emails', status: 'failed', createdAt: start }),
      'delete',
      30 * DAY,
    ],
    ['a bulk batch, from its creation', (start) => ({ kind: 'batches', createdAt: start }), 'delete', 90 * DAY],
    ['a prospect never invited, from its last change', (start) => prospect(start, []), 'delete', 365 * DAY],
    [
      'a prospect invited after its last change, from the invitation’s revocation',
      (start) => prospect(ago(800 * DAY), [{ status: 'revoked', expiresAt: ago(900 * DAY), revokedAt: start }]),
      'delete',
      365 * DAY,
    ],
    [
      'a prospect whose invitation expired after its last change, from the expiry',
      (start) => prospect(ago(800 * DAY), [{ status: 'pending', expiresAt: start }]),
      'delete',
      365 * DAY,
    ],
  ];

  it.each(boundaries)('%s: due at exactly its period, kept 1 ms before', (_name, facts, action, period) => {
    expect(retentionAction(facts(ago(period)), NOW)).toBe(action);
    expect(retentionAction(facts(ago(period - 1)), NOW)).toBe('keep');
    expect(retentionAction(facts(ago(period + 365 * DAY)), NOW)).toBe(action);
  });

  it('keeps live and finished invitations whatever their age, and an anonymized one', () => {
    const old = ago(1000 * DAY);
    for (const status of ['accepted', 'completed'])
      expect(retentionAction({ kind: 'invitations', status, expiresAt: old, anonymized: false }, NOW)).toBe('keep');
    // Pending and not expired yet (created long ago with a far expiry): kept.
    expect(
      retentionAction(
        { kind: 'invitations', status: 'pending', expiresAt: new Date(NOW.getTime() + 1), anonymized: false },
        NOW,
      ),
    ).toBe('keep');
    expect(
      retentionAction(
        { kind: 'invitations', status: 'revoked', expiresAt: old, revokedAt: old, anonymized: true },
        NOW,
      ),
    ).toBe('keep');
  });

  it('keeps a pending account email whatever its age', () => {
    expect(retentionAction({ kind: 'account-emails', status: 'pending', createdAt: ago(1000 * DAY) }, NOW)).toBe(
      'keep',
    );
  });

  it('keeps a row whose date is unreadable', () => {
    expect(retentionAction({ kind: 'reset-tokens', expiresAt: new Date(Number.NaN) }, NOW)).toBe('keep');
  });

  it('keeps an old prospect with a live invitation, or an accepted or completed one, whatever its age', () => {
    const old = ago(1000 * DAY);
    const live = { status: 'pending', expiresAt: new Date(NOW.getTime() + 1) };
    expect(retentionAction(prospect(old, [live]), NOW)).toBe('keep');
    // With an ended invitation beside it, the live one still keeps it.
    expect(retentionAction(prospect(old, [{ status: 'revoked', expiresAt: old, revokedAt: old }, live]), NOW)).toBe(
      'keep',
    );
    for (const status of ['accepted', 'completed'])
      expect(retentionAction(prospect(old, [{ status, expiresAt: old }]), NOW)).toBe('keep');
  });

  it('never erases a client’s file, nor a prospect whose invitations were not read', () => {
    const old = ago(1000 * DAY);
    expect(retentionAction({ ...prospect(old, []), status: 'client', signedIn: true }, NOW)).toBe('keep');
    expect(retentionAction({ ...prospect(old, []), signedIn: true }, NOW)).toBe('keep');
    expect(retentionAction({ ...prospect(old, []), status: 'client' }, NOW)).toBe('keep');
    const { invitations: _unread, ...unread } = prospect(old, []);
    expect(retentionAction(unread, NOW)).toBe('keep');
  });
});

function prospect(
  updatedAt: Date,
  invitations: Extract<RetentionFacts, { kind: 'prospects' }>['invitations'],
): Extract<RetentionFacts, { kind: 'prospects' }> {
  return {
    kind: 'prospects',
    providerId: 'gfms',
    clientId: 'client-1',
    status: 'prospect',
    signedIn: false,
    updatedAt,
    ...(invitations ? { invitations } : {}),
  };
}

function seeded(): FakeRetentionStore {
  const store = new FakeRetentionStore();
  store.add('inv-old-revoked', {
    kind: 'invitations',
    status: 'revoked',
    expiresAt: ago(100 * DAY),
    revokedAt: ago(120 * DAY),
    anonymized: false,
  });
  store.add('inv-old-expired', { kind: 'invitations', status: 'pending', expiresAt: ago(91 * DAY), anonymized: false });
  store.add('inv-fresh', { kind: 'invitations', status: 'pending', expiresAt: ago(10 * DAY), anonymized: false });
  store.add('inv-completed', {
    kind: 'invitations',
    status: 'completed',
    expiresAt: ago(500 * DAY),
    anonymized: false,
  });
  for (let i = 0; i < 5; i++) store.add(`limit-old-${i}`, { kind: 'limit-counters', lastUsedAt: ago(49 * HOUR) });
  store.add('limit-x-fresh', { kind: 'limit-counters', lastUsedAt: ago(HOUR) });
  store.add('reset-old', { kind: 'reset-tokens', expiresAt: ago(8 * DAY) });
  store.add('reset-fresh', { kind: 'reset-tokens', expiresAt: ago(DAY) });
  store.add('email-old', { kind: 'account-emails', status: 'sent', createdAt: ago(40 * DAY), sentAt: ago(31 * DAY) });
  store.add('email-pending', { kind: 'account-emails', status: 'pending', createdAt: ago(40 * DAY) });
  store.add('batch-old', { kind: 'batches', createdAt: ago(90 * DAY) });
  store.add('batch-fresh', { kind: 'batches', createdAt: ago(89 * DAY) });
  store.add('email-change-old', { kind: 'email-changes', expiresAt: ago(DAY) });
  store.add('email-change-fresh', { kind: 'email-changes', expiresAt: ago(DAY - 1) });
  return store;
}

/** The job's deps over a fake store of rows; no client file or invitation behind them. */
const over = (retention: FakeRetentionStore, clock: FakeClock) => ({
  clock,
  retention,
  files: new InMemoryClientFileStore(),
  invitations: new FakeInvitationStore(),
});

const refs = (store: FakeRetentionStore) =>
  Object.fromEntries(RETENTION_KINDS.map((kind) => [kind, [...(store.rows.get(kind)?.entries() ?? [])]]));

describe('applyRetention', () => {
  const clock = new FakeClock(NOW);
  const expected = {
    invitations: { examined: 4, anonymized: 2, deleted: 0, finished: true },
    'limit-counters': { examined: 6, anonymized: 0, deleted: 5, finished: true },
    'reset-tokens': { examined: 2, anonymized: 0, deleted: 1, finished: true },
    'account-emails': { examined: 2, anonymized: 0, deleted: 1, finished: true },
    batches: { examined: 2, anonymized: 0, deleted: 1, finished: true },
    prospects: { examined: 0, anonymized: 0, deleted: 0, finished: true },
    'erasure-requests': { examined: 0, anonymized: 0, deleted: 0, finished: true },
    'email-changes': { examined: 2, anonymized: 0, deleted: 1, finished: true },
  };

  it('in a dry run, counts what it would do and changes nothing (not even a checkpoint)', async () => {
    const store = seeded();
    const before = refs(store);
    const report = await applyRetention(over(store, clock), { dryRun: true, pageSize: 2 });
    expect(report).toEqual({ dryRun: true, kinds: expected });
    expect(refs(store)).toEqual(before);
    expect(store.applied).toBe(0);
    expect(store.checkpoints.size).toBe(0);
  });

  it('in a real run, does what the dry run counted; run again, counts 0 and changes nothing', async () => {
    const store = seeded();
    const first = await applyRetention(over(store, clock), { dryRun: false, pageSize: 2 });
    expect(first).toEqual({ dryRun: false, kinds: expected });
    expect([...store.rows.get('limit-counters')!.keys()]).toEqual(['limit-x-fresh']);
    expect([...store.rows.get('reset-tokens')!.keys()]).toEqual(['reset-fresh']);
    expect([...store.rows.get('account-emails')!.keys()]).toEqual(['email-pending']);
    expect([...store.rows.get('batches')!.keys()]).toEqual(['batch-fresh']);
    const invitations = store.rows.get('invitations')!;
    expect(invitations.get('inv-old-revoked')).toMatchObject({ anonymized: true });
    expect(invitations.get('inv-old-expired')).toMatchObject({ anonymized: true });
    expect(invitations.get('inv-fresh')).toMatchObject({ anonymized: false });
    expect(invitations.get('inv-completed')).toMatchObject({ anonymized: false });
    expect(store.checkpoints.size).toBe(0);

    const state = refs(store);
    const second = await applyRetention(over(store, clock), { dryRun: false, pageSize: 2 });
    expect(second.kinds).toEqual({
      invitations: { examined: 4, anonymized: 0, deleted: 0, finished: true },
      'limit-counters': { examined: 1, anonymized: 0, deleted: 0, finished: true },
      'reset-tokens': { examined: 1, anonymized: 0, deleted: 0, finished: true },
      'account-emails': { examined: 1, anonymized: 0, deleted: 0, finished: true },
      batches: { examined: 1, anonymized: 0, deleted: 0, finished: true },
      prospects: { examined: 0, anonymized: 0, deleted: 0, finished: true },
      'erasure-requests': { examined: 0, anonymized: 0, deleted: 0, finished: true },
      'email-changes': { examined: 1, anonymized: 0, deleted: 0, finished: true },
    });
    expect(refs(store)).toEqual(state);
  });

  it('a run that stops records where it was; the next goes on from there', async () => {
    const store = seeded();
    const options = { dryRun: false, pageSize: 2, kinds: ['limit-counters'] as const };
    const partial = await applyRetention(over(store, clock), { ...options, maxPages: 1 });
    expect(partial.kinds['limit-counters']).toEqual({ examined: 2, anonymized: 0, deleted: 2, finished: false });
    expect(store.checkpoints.get('limit-counters')).toBe('limit-old-1');

    const rest = await applyRetention(over(store, clock), options);
    // From the checkpoint: the 4 rows after it, not the first 2 again.
    expect(rest.kinds['limit-counters']).toEqual({ examined: 4, anonymized: 0, deleted: 3, finished: true });
    expect([...store.rows.get('limit-counters')!.keys()]).toEqual(['limit-x-fresh']);
    expect(store.checkpoints.has('limit-counters')).toBe(false);
  });

  it('a run that fails keeps the checkpoint of its last whole page', async () => {
    const store = seeded();
    store.failOnApply = 4;
    await expect(
      applyRetention(over(store, clock), { dryRun: false, pageSize: 2, kinds: ['limit-counters'] }),
    ).rejects.toThrow('storage went away');
    expect(store.checkpoints.get('limit-counters')).toBe('limit-old-1');
    store.failOnApply = undefined;
    const rest = await applyRetention(over(store, clock), { dryRun: false, pageSize: 2, kinds: ['limit-counters'] });
    // limit-old-2 went before the failure; the rest go now.
    expect(rest.kinds['limit-counters']).toEqual({ examined: 3, anonymized: 0, deleted: 2, finished: true });
    expect([...store.rows.get('limit-counters')!.keys()]).toEqual(['limit-x-fresh']);
  });
});

describe('applyRetention on prospects', () => {
  /**
   * Five files of the provider: a prospect untouched for 400 days, one whose invitation was revoked 400 days ago, one
   * invited 2 days ago (its invitation is live), one revoked 100 days ago (postponed), one changed 364 days ago, and a
   * client's file signed in 400 days ago. The store's page lists every file, as the Table adapter's would.
   */
  async function prospectsWorld() {
    const w = clientFilesWorld();
    const file = (firstName: string, email: string) =>
      createClientFile(w.cf, professionalUser, { firstName, lastName: 'Dupont', email, mobileApp: { offered: true } });
    const invite = (email: string) => inviteUser(w.deps, professionalUser, invitationDetails({ email }));

    w.clock.set(ago(400 * DAY));
    const old = await file('Alice', 'alice@example.com');
    const revoked = await file('Bruno', 'bruno@example.com');
    const revokedInvitation = (await invite('bruno@example.com')).invitation;
    await revokeInvitation(w.deps, professionalUser, revokedInvitation.id);
    const live = await file('Chloé', 'chloe@example.com');
    const postponed = await file('Denis', 'denis@example.com');
    const signedUp = await file('Emma', 'emma@example.com');
    const client = await w.files.replace({ ...signedUp.value, status: 'client', accountKey: 'tid|oid-emma' }, signedUp);

    w.clock.set(ago(364 * DAY));
    const recent = await file('Fanny', 'fanny@example.com');
    w.clock.set(ago(100 * DAY));
    const postponing = (await invite('denis@example.com')).invitation;
    await revokeInvitation(w.deps, professionalUser, postponing.id);
    w.clock.set(ago(2 * DAY));
    const liveInvitation = (await invite('chloe@example.com')).invitation;
    w.clock.set(NOW);

    const store = new FakeRetentionStore();
    for (const { value } of w.files.files.values()) {
      store.add(value.id, {
        kind: 'prospects',
        providerId: value.providerId,
        clientId: value.id,
        status: value.status,
        signedIn: value.accountKey !== undefined,
        updatedAt: value.updatedAt,
      });
    }
    const deps = { clock: w.clock, retention: store, files: w.files, invitations: w.store };
    const ids = { old, revoked, live, postponed, client, recent };
    return { w, deps, ids, revokedInvitation, liveInvitation, postponing };
  }

  const kept = ['live', 'postponed', 'client', 'recent'] as const;

  it('in a dry run, counts the two due prospects and changes nothing', async () => {
    const { w, deps, revokedInvitation } = await prospectsWorld();
    const before = structuredClone([...w.files.files.entries()]);
    const report = await applyRetention(deps, { dryRun: true, kinds: ['prospects'] });
    expect(report.kinds).toEqual({ prospects: { examined: 6, anonymized: 0, deleted: 2, finished: true } });
    expect([...w.files.files.entries()]).toEqual(before);
    expect((await w.store.get(revokedInvitation.id))!.value.email).toBe('bruno@example.com');
  });

  it('erases the due prospects with their invitations and codes, keeps the rest; a second run erases nothing', async () => {
    const { w, deps, ids, revokedInvitation, liveInvitation, postponing } = await prospectsWorld();
    const codes = w.files.codes.size;
    const report = await applyRetention(deps, { dryRun: false, kinds: ['prospects'] });
    expect(report.kinds).toEqual({ prospects: { examined: 6, anonymized: 0, deleted: 2, finished: true } });

    for (const name of ['old', 'revoked'] as const)
      expect(await w.files.get(professionalUser.providerId, ids[name].value.id)).toBeUndefined();
    for (const name of kept)
      expect(await w.files.get(professionalUser.providerId, ids[name].value.id)).toEqual(ids[name]);
    expect(w.files.codes.size).toBe(codes - 2);
    // The erased prospect's invitation names nobody; the live and the postponing ones are as they were.
    expect((await w.store.get(revokedInvitation.id))!.value).toMatchObject({ email: ERASED_EMAIL, status: 'revoked' });
    expect((await w.store.timeline(revokedInvitation.id)).map((e) => e.event)).toEqual(['erased']);
    expect((await w.store.get(liveInvitation.id))!.value).toMatchObject({
      email: 'chloe@example.com',
      status: 'pending',
    });
    expect((await w.store.get(postponing.id))!.value.email).toBe('denis@example.com');

    const files = structuredClone([...w.files.files.entries()]);
    const again = await applyRetention(deps, { dryRun: false, kinds: ['prospects'] });
    expect(again.kinds.prospects).toMatchObject({ deleted: 0, finished: true });
    expect([...w.files.files.entries()]).toEqual(files);
  });

  it('keeps a due prospect whose invitation changed meanwhile, for the next run', async () => {
    const { w, deps, ids, revokedInvitation } = await prospectsWorld();
    // A delivery report lands on the invitation between the job's read and its erasure, once.
    let raced = false;
    const invitations: ApplyRetentionDeps['invitations'] = {
      list: (providerId, options) => w.store.list(providerId, options),
      get: (id) => w.store.get(id),
      erase: async (current, erased, event) => {
        if (!raced && current.value.id === revokedInvitation.id) {
          raced = true;
          const stored = w.store.invitations.get(revokedInvitation.id)!;
          w.store.invitations.set(revokedInvitation.id, { ...stored, etag: 'moved' });
        }
        return w.store.erase(current, erased, event);
      },
    };
    const report = await applyRetention({ ...deps, invitations }, { dryRun: false, kinds: ['prospects'] });
    expect(report.kinds.prospects).toMatchObject({ examined: 6, deleted: 1 });
    expect(await w.files.get(professionalUser.providerId, ids.revoked.value.id)).toBeDefined();

    const next = await applyRetention({ ...deps, invitations }, { dryRun: false, kinds: ['prospects'] });
    expect(next.kinds.prospects).toMatchObject({ deleted: 1 });
    expect(await w.files.get(professionalUser.providerId, ids.revoked.value.id)).toBeUndefined();
  });
});

describe('applyRetention on erasure requests', () => {
  /**
   * A client of two providers who asked for erasure 30 days ago: neither provider erased the file. Another asked
   * 29 days ago. The job erases the first person's two files (their account with the last one), keeps the second's.
   */
  async function requestsWorld() {
    const w = clientFilesWorld();
    const { erasure } = erasureOf(w);
    const account = nourAccount();
    const horizon = { ...professionalUser, oid: 'oid-horizon', providerId: 'horizon' };
    const store = new FakeRetentionStore();
    const fileOf = async (professional: typeof professionalUser, email: string, key: string, askedDaysAgo: number) => {
      const file = await createClientFile(w.cf, professional, { firstName: 'N', lastName: 'B', email });
      await w.files.replace(
        { ...file.value, status: 'client', accountKey: key, erasureRequestedAt: ago(askedDaysAgo * DAY) },
        file,
      );
      store.add(file.value.id, {
        kind: 'erasure-requests',
        providerId: professional.providerId,
        clientId: file.value.id,
        requestedAt: ago(askedDaysAgo * DAY),
      });
      return file.value;
    };
    const here = await fileOf(professionalUser, account.email, account.key, 30);
    const there = await fileOf(horizon, account.email, account.key, 30);
    const later = await fileOf(professionalUser, 'later@example.com', 'client-tenant|oid-later', 29);
    for (const file of [here, there]) {
      await w.clients.recordAcceptance(account, {
        providerId: file.providerId,
        clientId: file.id,
        firstName: 'N',
        lastName: 'B',
        email: account.email,
        access: { status: 'active', since: ago(400 * DAY) },
        firstSignInAt: ago(400 * DAY),
        createdAt: ago(400 * DAY),
      });
    }
    w.clock.set(NOW);
    const deps: ApplyRetentionDeps = {
      clock: w.clock,
      retention: store,
      files: w.files,
      invitations: w.store,
      erasure,
    };
    return { w, deps, here, there, later };
  }

  it('when a request is 30 days old, then the file goes, and the account with the last one; 29 days: kept; again: nothing', async () => {
    const { w, deps, here, there, later } = await requestsWorld();
    const dry = await applyRetention(deps, { dryRun: true, kinds: ['erasure-requests'] });
    expect(dry.kinds['erasure-requests']).toEqual({ examined: 3, anonymized: 0, deleted: 2, finished: true });
    expect(w.directory.deleted).toEqual([]);

    const real = await applyRetention(deps, { dryRun: false, kinds: ['erasure-requests'] });
    expect(real.kinds['erasure-requests']).toEqual({ examined: 3, anonymized: 0, deleted: 2, finished: true });
    expect(await w.files.get(here.providerId, here.id)).toBeUndefined();
    expect(await w.files.get(there.providerId, there.id)).toBeUndefined();
    expect(await w.files.get(later.providerId, later.id)).toBeDefined();
    expect(await w.clients.profile(NOUR_KEY)).toBeUndefined();
    expect(w.directory.deleted).toEqual(['oid-nour']);

    const again = await applyRetention(deps, { dryRun: false, kinds: ['erasure-requests'] });
    expect(again.kinds['erasure-requests']).toMatchObject({ deleted: 0 });
    expect(w.directory.deleted).toEqual(['oid-nour']);
  });

  it('when a professional erased the file meanwhile, then the job finds nothing to do', async () => {
    const { w, deps, here } = await requestsWorld();
    await w.files.erase((await w.files.get(here.providerId, here.id))!);
    const real = await applyRetention(deps, { dryRun: false, kinds: ['erasure-requests'] });
    expect(real.kinds['erasure-requests']).toMatchObject({ examined: 3, deleted: 1 });
  });
});

describe('applyRetention on erasure requests, Graph down', () => {
  it('when the directory cannot be reached, then the file stays for the next run and the run goes on', async () => {
    const w = clientFilesWorld();
    const store = new FakeRetentionStore();
    const file = await nourClientAt(w, professionalUser, { file: { erasureRequestedAt: ago(31 * DAY) } });
    store.add(file.id, {
      kind: 'erasure-requests',
      providerId: professionalUser.providerId,
      clientId: file.id,
      requestedAt: ago(31 * DAY),
    });
    w.clock.set(NOW);
    w.directory.down = true;
    const { erasure } = erasureOf(w);
    const deps: ApplyRetentionDeps = {
      clock: w.clock,
      retention: store,
      files: w.files,
      invitations: w.store,
      erasure,
    };
    const down = await applyRetention(deps, { dryRun: false, kinds: ['erasure-requests', 'limit-counters'] });
    expect(down.kinds['erasure-requests']).toMatchObject({ examined: 1, deleted: 0, finished: true });
    expect(down.kinds['limit-counters'].finished).toBe(true);
    expect(await w.files.get(professionalUser.providerId, file.id)).toBeDefined();

    w.directory.down = false;
    const up = await applyRetention(deps, { dryRun: false, kinds: ['erasure-requests'] });
    expect(up.kinds['erasure-requests']).toMatchObject({ deleted: 1 });
    expect(await w.files.get(professionalUser.providerId, file.id)).toBeUndefined();
  });
});
