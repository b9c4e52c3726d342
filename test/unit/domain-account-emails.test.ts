/**
 * The account-email outbox with fakes: what `queue` writes (a pointer, then a row whose link is sealed), and each
 * decision of the dispatcher — send once with a repeatability pair kept on the row, skip a settled row, pace through
 * the email send slots, wait for Retry-After on 429 without an attempt, retry passing failures with the same pair,
 * give up after 5 attempts or on a refusal, never send an expired link — and the delivery report on the row.
 */
import { describe, expect, it } from 'vitest';
import type { AccountEmail } from '../../shared/domain/account-email.js';
import {
  accountEmailOutbox,
  dispatchAccountEmail,
  giveUpAccountEmail,
  ORPHAN_ACCOUNT_EMAIL_POINTER_MS,
  queueAccountEmail,
  recordAccountEmailReport,
} from '../../shared/domain/use-cases/account-emails.js';
import { recordEmailDeliveryReport } from '../../shared/domain/use-cases/record-email-delivery.js';
import { accountEmailWorld } from '../support/account-email-fakes.js';
import { FakeBatchStore, FakeInvitationStore } from '../support/fakes.js';

const URL = 'https://onboarding.test/api/ResetPassword?token=the-secret-token';

function resetLink(world: ReturnType<typeof accountEmailWorld>, minutes = 30): AccountEmail {
  return {
    kind: 'reset-link',
    to: 'zoe.faure@example.com',
    locale: 'fr',
    url: URL,
    expiresAt: new Date(world.clock.now().getTime() + minutes * 60_000),
  };
}

const notice = (at: Date): AccountEmail => ({
  kind: 'password-changed',
  to: 'zoe.faure@example.com',
  locale: 'en',
  at,
  how: 'profile',
});

async function queued(world: ReturnType<typeof accountEmailWorld>, email: AccountEmail = resetLink(world)) {
  const id = await queueAccountEmail(world.deps, email);
  return { id, pointer: world.queue.last.request };
}

describe('queueing an account email', () => {
  it('queues the pointer first, then writes the row keyed by a fresh id, with the link sealed and nowhere in clear', async () => {
    const world = accountEmailWorld();
    const { id, pointer } = await queued(world);
    expect(world.queue.scheduled).toEqual([
      { request: { emailId: id, queuedAt: '2026-12-01T09:00:00.000Z' }, delaySeconds: 1 },
    ]);
    const row = world.store.rows.get(id)!.value;
    expect(row).toMatchObject({ id, kind: 'reset-link', status: 'pending', attempts: 0 });
    expect(row.sealedSecret).toBeDefined();
    expect(JSON.stringify(row)).not.toContain('the-secret-token');
    expect(JSON.stringify(pointer)).not.toContain('the-secret-token');
    expect(JSON.stringify(pointer)).not.toContain('zoe.faure');
  });

  it('writes no row when the queue is down, so no sealed link is ever left without a dispatcher', async () => {
    const world = accountEmailWorld();
    world.queue.down = true;
    await expect(accountEmailOutbox(world.deps).queue(resetLink(world))).rejects.toThrow('down');
    expect(world.store.rows.size).toBe(0);
  });

  it('keeps a notice without any sealed part', async () => {
    const world = accountEmailWorld();
    const { id } = await queued(world, notice(world.clock.now()));
    expect(world.store.rows.get(id)!.value.sealedSecret).toBeUndefined();
  });
});

describe('dispatching an account email', () => {
  it('sends it once, by its id, with the pair written on the row before the send, then erases the link and the pair', async () => {
    const world = accountEmailWorld();
    const { id, pointer } = await queued(world);
    world.clock.advance(1_000);
    const pairAtSend: unknown[] = [];
    world.email.answer(async () => {
      pairAtSend.push(world.store.rows.get(id)!.value.repeatability);
      return { kind: 'sent' };
    });
    expect(await dispatchAccountEmail(world.deps, pointer, 0)).toEqual({ kind: 'sent' });
    const [sent] = world.email.calls;
    expect(sent).toMatchObject({ messageId: id, to: { address: 'zoe.faure@example.com' } });
    expect(sent!.subject).toMatch(/^Réinitialiser votre mot de passe/);
    expect(sent!.text).toContain(URL);
    expect(pairAtSend).toEqual([sent!.repeatability]);
    const row = world.store.rows.get(id)!.value;
    expect(row).toMatchObject({ status: 'sent', attempts: 1, sentAt: world.clock.now() });
    expect(row.sealedSecret).toBeUndefined();
    expect(row.repeatability).toBeUndefined();

    // A redelivered pointer sends nothing.
    expect(await dispatchAccountEmail(world.deps, pointer, 0)).toEqual({ kind: 'already-settled' });
    expect(world.email.calls).toHaveLength(1);
  });

  it('when the process died after the send, the next dispatch repeats the same pair, so ACS sends once', async () => {
    const world = accountEmailWorld();
    const { id, pointer } = await queued(world);
    const replace = world.store.replace.bind(world.store);
    world.store.replace = async (next, current) => {
      if (next.status === 'sent') throw new Error('the process died');
      return replace(next, current);
    };
    await expect(dispatchAccountEmail(world.deps, pointer, 0)).rejects.toThrow('the process died');
    world.store.replace = replace;
    world.clock.advance(30_000);
    expect(await dispatchAccountEmail(world.deps, pointer, 0)).toEqual({ kind: 'sent' });
    expect(world.email.calls).toHaveLength(2);
    expect(world.email.calls[1]!.repeatability).toEqual(world.email.calls[0]!.repeatability);
    expect(world.email.delivered).toHaveLength(1);
    expect(world.store.rows.get(id)!.value.attempts).toBe(1);
  });

  it('takes one of the email send slots shared with invitations, and waits for a later slot in a new message', async () => {
    const world = accountEmailWorld({ quota: { perMinute: 30, perHour: 1800 } });
    await world.pacer.reserve(3); // a bulk of invitations took the next three slots (2 s apart)
    const { pointer } = await queued(world, notice(world.clock.now()));
    const paced = await dispatchAccountEmail(world.deps, pointer, 0);
    expect(paced).toEqual({ kind: 'paced', delaySeconds: 6 });
    expect(world.email.calls).toEqual([]);
    expect(world.pacer.reservations).toEqual([3, 1]);
    const later = world.queue.last;
    expect(later).toEqual({ request: { ...pointer, slotAt: '2026-12-01T09:00:06.000Z' }, delaySeconds: 6 });

    // At its slot it is sent without reserving again.
    world.clock.advance(6_000);
    expect(await dispatchAccountEmail(world.deps, later.request, 0)).toEqual({ kind: 'sent' });
    expect(world.pacer.reservations).toEqual([3, 1]);
  });

  it('on 429 waits for Retry-After in a new message, spends no attempt, and opens a new pair next time', async () => {
    const world = accountEmailWorld();
    const { id, pointer } = await queued(world);
    world.email.answer({ kind: 'throttled', reason: 'ACS answered 429 (throttled)', retryAfterSeconds: 30 });
    const throttled = await dispatchAccountEmail(world.deps, pointer, 0);
    expect(throttled).toEqual({ kind: 'throttled', delaySeconds: 30, reason: 'ACS answered 429 (throttled)' });
    const refused = world.email.calls[0]!.repeatability.requestId;
    expect(world.queue.last).toEqual({
      request: { emailId: id, queuedAt: pointer.queuedAt, throttled: 1, rejectedRequestId: refused },
      delaySeconds: 30,
    });
    expect(world.store.rows.get(id)!.value).toMatchObject({ status: 'pending', attempts: 0 });

    world.clock.advance(30_000);
    expect(await dispatchAccountEmail(world.deps, world.queue.last.request, 0)).toEqual({ kind: 'sent' });
    expect(world.email.calls[1]!.repeatability.requestId).not.toBe(refused);
    expect(world.store.rows.get(id)!.value).toMatchObject({ status: 'sent', attempts: 1 });
    expect(world.queue.parked).toEqual([]);
  });

  it('retries a passing failure with backoff and the same pair, and fails and parks it after the 5th attempt', async () => {
    const world = accountEmailWorld();
    const { id, pointer } = await queued(world);
    const failure = { kind: 'transient-failure', reason: 'ACS answered 503' } as const;
    world.email.answer(failure, failure, failure, failure, failure);
    let request = pointer;
    const delays: number[] = [];
    for (let i = 0; i < 4; i++) {
      const result = await dispatchAccountEmail(world.deps, request, 0);
      expect(result.kind).toBe('retry-scheduled');
      delays.push(world.queue.last.delaySeconds);
      request = world.queue.last.request;
      world.clock.advance(10_000);
    }
    expect(delays).toEqual([5, 10, 20, 40]);
    const pairs = new Set(world.email.calls.map((c) => c.repeatability.requestId));
    expect(pairs.size).toBe(1);
    expect(await dispatchAccountEmail(world.deps, request, 0)).toEqual({ kind: 'failed', reason: 'ACS answered 503' });
    const row = world.store.rows.get(id)!.value;
    expect(row).toMatchObject({ status: 'failed', attempts: 5, lastError: 'ACS answered 503' });
    expect(row.sealedSecret).toBeUndefined();
    expect(world.queue.parked).toEqual([{ request, reason: 'ACS answered 503' }]);
  });

  it('fails and parks an email ACS refuses for good, at once', async () => {
    const world = accountEmailWorld();
    const { id, pointer } = await queued(world);
    world.email.answer({ kind: 'permanent-failure', reason: 'ACS refused the email (400): bad recipient' });
    expect((await dispatchAccountEmail(world.deps, pointer, 0)).kind).toBe('failed');
    expect(world.store.rows.get(id)!.value).toMatchObject({ status: 'failed', attempts: 1 });
    expect(world.queue.parked).toHaveLength(1);
  });

  it('never sends a reset link past its expiry, nor a notice older than a day', async () => {
    const world = accountEmailWorld();
    const link = await queued(world, resetLink(world, 30));
    const old = await queued(world, notice(world.clock.now()));
    world.clock.advance(30 * 60_000);
    expect(await dispatchAccountEmail(world.deps, link.pointer, 0)).toEqual({
      kind: 'failed',
      reason: 'the link expired before its email could be sent',
    });
    world.clock.advance(24 * 60 * 60_000);
    expect((await dispatchAccountEmail(world.deps, old.pointer, 0)).kind).toBe('failed');
    expect(world.email.calls).toEqual([]);
    expect(world.store.rows.get(link.id)!.value.sealedSecret).toBeUndefined();
  });

  it('fails a link sealed under a key no longer configured, without sending', async () => {
    const world = accountEmailWorld();
    const { id, pointer } = await queued(world);
    const row = world.store.rows.get(id)!;
    row.value.sealedSecret = 'v1.rotated-out';
    expect(await dispatchAccountEmail(world.deps, pointer, 0)).toEqual({
      kind: 'failed',
      reason: 'the secret cannot be opened with the configured keys',
    });
    expect(world.email.calls).toEqual([]);
  });

  it('waits for a row not written yet, and drops the pointer once it is clearly an orphan', async () => {
    const world = accountEmailWorld();
    const pointer = { emailId: '00000000-0000-4000-8000-00000000abcd', queuedAt: world.clock.now().toISOString() };
    expect(await dispatchAccountEmail(world.deps, pointer, 0)).toEqual({ kind: 'waiting-for-write' });
    expect(world.queue.last).toEqual({ request: pointer, delaySeconds: 5 });
    world.clock.advance(ORPHAN_ACCOUNT_EMAIL_POINTER_MS);
    expect(await dispatchAccountEmail(world.deps, pointer, 0)).toEqual({ kind: 'orphan-dropped' });
  });

  it('gives up on a pointer the dispatcher kept failing on: the row fails with the reason, the pointer is parked', async () => {
    const world = accountEmailWorld();
    const { id, pointer } = await queued(world);
    await giveUpAccountEmail(world.deps, pointer, 'dispatch kept failing: storage down');
    expect(world.store.rows.get(id)!.value).toMatchObject({
      status: 'failed',
      lastError: 'dispatch kept failing: storage down',
    });
    expect(world.queue.parked).toEqual([{ request: pointer, reason: 'dispatch kept failing: storage down' }]);
  });
});

describe('an account email’s delivery report', () => {
  it('makes the row delivered, ignores an older report, and records a failure with its reason', async () => {
    const world = accountEmailWorld();
    const { id, pointer } = await queued(world);
    await dispatchAccountEmail(world.deps, pointer, 0);
    const at = new Date('2026-12-01T09:00:05.000Z');
    expect(await recordAccountEmailReport(world.store, { messageId: id, status: 'Delivered', at })).toEqual({
      emailId: id,
      outcome: 'delivered',
    });
    expect(world.store.rows.get(id)!.value).toMatchObject({ status: 'delivered', report: { status: 'Delivered' } });
    const older = new Date(at.getTime() - 1_000);
    expect(await recordAccountEmailReport(world.store, { messageId: id, status: 'Bounced', at: older })).toEqual({
      emailId: id,
    });
    const later = new Date(at.getTime() + 1_000);
    await recordAccountEmailReport(world.store, { messageId: id, status: 'Bounced', at: later, detail: 'no mailbox' });
    expect(world.store.rows.get(id)!.value).toMatchObject({ status: 'failed', lastError: 'Bounced: no mailbox' });
  });

  it('records a send whose outcome was lost (still pending) as accepted, erasing the link', async () => {
    const world = accountEmailWorld();
    const { id } = await queued(world);
    const at = new Date('2026-12-01T09:00:05.000Z');
    await recordAccountEmailReport(world.store, { messageId: id, status: 'Delivered', at });
    const row = world.store.rows.get(id)!.value;
    expect(row).toMatchObject({ status: 'delivered', attempts: 1, sentAt: at });
    expect(row.sealedSecret).toBeUndefined();
  });

  it('answers nothing for an id no account email has', async () => {
    const world = accountEmailWorld();
    const report = { messageId: '00000000-0000-4000-8000-0000000000ff', status: 'Delivered', at: new Date() };
    expect(await recordAccountEmailReport(world.store, report)).toBeUndefined();
  });
});

describe('EmailDeliveryReport’s use case and account emails', () => {
  it('records a report no invitation claims on the account email of that id, and still ignores an unknown one', async () => {
    const world = accountEmailWorld();
    const { id, pointer } = await queued(world);
    await dispatchAccountEmail(world.deps, pointer, 0);
    const deps = { clock: world.clock, invitations: new FakeInvitationStore(), batches: new FakeBatchStore() };
    const at = new Date('2026-12-01T09:00:05.000Z');
    expect(
      await recordEmailDeliveryReport(
        { ...deps, accountEmails: world.store },
        { messageId: id, status: 'Delivered', at },
      ),
    ).toEqual({ kind: 'account-email', emailId: id, outcome: 'delivered' });
    expect(world.store.rows.get(id)!.value.status).toBe('delivered');
    const unknown = { messageId: '00000000-0000-4000-8000-0000000000ff', status: 'Delivered', at };
    expect(await recordEmailDeliveryReport({ ...deps, accountEmails: world.store }, unknown)).toEqual({
      kind: 'unknown-message',
    });
    expect(await recordEmailDeliveryReport(deps, { ...unknown, messageId: id })).toEqual({ kind: 'unknown-message' });
  });
});
