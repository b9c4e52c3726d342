/**
 * Retention (shared/domain/retention.ts, shared/domain/use-cases/apply-retention.ts; docs/privacy.md): each kind's
 * rule at exactly its period and a millisecond before, the rows never due (live invitations, pending emails), and
 * the job: a dry run changes nothing and counts, a real run acts and counts the same, a second run counts 0, a run
 * that stopped goes on from its checkpoint.
 */
import { describe, expect, it } from 'vitest';
import {
  RETENTION_KINDS,
  RETENTION_PERIODS_MS,
  type RetentionFacts,
  retentionAction,
} from '../../shared/domain/retention.js';
import { applyRetention } from '../../shared/domain/use-cases/apply-retention.js';
import { FakeClock, FakeRetentionStore } from '../support/fakes.js';

const NOW = new Date('2026-06-01T03:40:00.000Z');
const HOUR = 3_600_000;
const DAY = 24 * HOUR;
const ago = (ms: number) => new Date(NOW.getTime() - ms);

describe('retention rules', () => {
  it('gives each kind its period: 90 days, 48 hours, 7 days, 30 days', () => {
    expect(RETENTION_PERIODS_MS).toEqual({
      invitations: 90 * DAY,
      'limit-counters': 48 * HOUR,
      'reset-tokens': 7 * DAY,
      'account-emails': 30 * DAY,
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
});

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
  return store;
}

const refs = (store: FakeRetentionStore) =>
  Object.fromEntries(RETENTION_KINDS.map((kind) => [kind, [...(store.rows.get(kind)?.entries() ?? [])]]));

describe('applyRetention', () => {
  const clock = new FakeClock(NOW);
  const expected = {
    invitations: { examined: 4, anonymized: 2, deleted: 0, finished: true },
    'limit-counters': { examined: 6, anonymized: 0, deleted: 5, finished: true },
    'reset-tokens': { examined: 2, anonymized: 0, deleted: 1, finished: true },
    'account-emails': { examined: 2, anonymized: 0, deleted: 1, finished: true },
  };

  it('in a dry run, counts what it would do and changes nothing (not even a checkpoint)', async () => {
    const store = seeded();
    const before = refs(store);
    const report = await applyRetention({ clock, retention: store }, { dryRun: true, pageSize: 2 });
    expect(report).toEqual({ dryRun: true, kinds: expected });
    expect(refs(store)).toEqual(before);
    expect(store.applied).toBe(0);
    expect(store.checkpoints.size).toBe(0);
  });

  it('in a real run, does what the dry run counted; run again, counts 0 and changes nothing', async () => {
    const store = seeded();
    const first = await applyRetention({ clock, retention: store }, { dryRun: false, pageSize: 2 });
    expect(first).toEqual({ dryRun: false, kinds: expected });
    expect([...store.rows.get('limit-counters')!.keys()]).toEqual(['limit-x-fresh']);
    expect([...store.rows.get('reset-tokens')!.keys()]).toEqual(['reset-fresh']);
    expect([...store.rows.get('account-emails')!.keys()]).toEqual(['email-pending']);
    const invitations = store.rows.get('invitations')!;
    expect(invitations.get('inv-old-revoked')).toMatchObject({ anonymized: true });
    expect(invitations.get('inv-old-expired')).toMatchObject({ anonymized: true });
    expect(invitations.get('inv-fresh')).toMatchObject({ anonymized: false });
    expect(invitations.get('inv-completed')).toMatchObject({ anonymized: false });
    expect(store.checkpoints.size).toBe(0);

    const state = refs(store);
    const second = await applyRetention({ clock, retention: store }, { dryRun: false, pageSize: 2 });
    expect(second.kinds).toEqual({
      invitations: { examined: 4, anonymized: 0, deleted: 0, finished: true },
      'limit-counters': { examined: 1, anonymized: 0, deleted: 0, finished: true },
      'reset-tokens': { examined: 1, anonymized: 0, deleted: 0, finished: true },
      'account-emails': { examined: 1, anonymized: 0, deleted: 0, finished: true },
    });
    expect(refs(store)).toEqual(state);
  });

  it('a run that stops records where it was; the next goes on from there', async () => {
    const store = seeded();
    const options = { dryRun: false, pageSize: 2, kinds: ['limit-counters'] as const };
    const partial = await applyRetention({ clock, retention: store }, { ...options, maxPages: 1 });
    expect(partial.kinds['limit-counters']).toEqual({ examined: 2, anonymized: 0, deleted: 2, finished: false });
    expect(store.checkpoints.get('limit-counters')).toBe('limit-old-1');

    const rest = await applyRetention({ clock, retention: store }, options);
    // From the checkpoint: the 4 rows after it, not the first 2 again.
    expect(rest.kinds['limit-counters']).toEqual({ examined: 4, anonymized: 0, deleted: 3, finished: true });
    expect([...store.rows.get('limit-counters')!.keys()]).toEqual(['limit-x-fresh']);
    expect(store.checkpoints.has('limit-counters')).toBe(false);
  });

  it('a run that fails keeps the checkpoint of its last whole page', async () => {
    const store = seeded();
    store.failOnApply = 4;
    await expect(
      applyRetention({ clock, retention: store }, { dryRun: false, pageSize: 2, kinds: ['limit-counters'] }),
    ).rejects.toThrow('storage went away');
    expect(store.checkpoints.get('limit-counters')).toBe('limit-old-1');
    store.failOnApply = undefined;
    const rest = await applyRetention(
      { clock, retention: store },
      { dryRun: false, pageSize: 2, kinds: ['limit-counters'] },
    );
    // limit-old-2 went before the failure; the rest go now.
    expect(rest.kinds['limit-counters']).toEqual({ examined: 3, anonymized: 0, deleted: 2, finished: true });
    expect([...store.rows.get('limit-counters')!.keys()]).toEqual(['limit-x-fresh']);
  });
});
