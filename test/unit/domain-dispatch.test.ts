import { describe, expect, it } from 'vitest';
import { accept, revoke } from '../../shared/domain/invitation.js';
import { type DispatchRequest, MAX_SEND_ATTEMPTS, retryDelaySeconds } from '../../shared/domain/outbox.js';
import { dispatchInvitationEmail, ORPHAN_POINTER_MS } from '../../shared/domain/use-cases/dispatch-invitation-email.js';
import { inviteUser } from '../../shared/domain/use-cases/invite-user.js';
import { renewInvitation } from '../../shared/domain/use-cases/manage-invitations.js';
import { type FakeWorld, fakeWorld, GFMS, invitationDetails, professionalUser } from '../support/fakes.js';

const NO_JITTER = 0;

async function invited(world: FakeWorld, details = invitationDetails()) {
  const { invitation } = await inviteUser(world.deps, professionalUser, details);
  const pointer = world.queue.last.request;
  world.queue.scheduled.length = 0;
  world.journal.length = 0;
  return { invitationId: invitation.id, pointer };
}

const dispatch = (world: FakeWorld, pointer: DispatchRequest) =>
  dispatchInvitationEmail(world.deps, pointer, NO_JITTER);

describe('dispatching an invitation email', () => {
  it('when the pointer is dispatched, then one email with the link goes out and is recorded as sent', async () => {
    const world = fakeWorld();
    const { invitationId, pointer } = await invited(world);
    world.clock.advance(1000);
    expect(await dispatch(world, pointer)).toEqual({ kind: 'sent' });

    expect(world.email.calls).toHaveLength(1);
    const [message] = world.email.calls;
    // The invitation's own email is known to ACS by the invitation's id: its delivery report leads straight to it.
    expect(pointer.outboxId).toBe(invitationId);
    expect(message).toMatchObject({
      messageId: invitationId,
      to: { address: 'mohamed-nour@example.com', displayName: 'Mohamed-Nour Benali' },
      subject: '[invitation] GFMS invites Mohamed-Nour',
    });
    expect(message!.text).toContain(`invitationId=${invitationId}&key=key-1`);
    const row = world.store.outboxRow(invitationId, pointer.outboxId);
    expect(row).toMatchObject({ status: 'sent', attempts: 1, sentAt: world.clock.now() });
    expect(row).not.toHaveProperty('sealedKey');
    expect(world.store.invitation(invitationId).delivery).toEqual({
      status: 'sent',
      attempts: 1,
      sentAt: world.clock.now(),
      lastAttemptAt: world.clock.now(),
    });
    expect(world.store.eventTypes(invitationId)).toEqual(['created', 'email.queued', 'email.sent']);
    expect(world.queue.scheduled).toEqual([]);
  });

  it('when a pointer is delivered again after the send, then nothing is sent or written again', async () => {
    const world = fakeWorld();
    const { invitationId, pointer } = await invited(world);
    await dispatch(world, pointer);
    world.journal.length = 0;
    expect(await dispatch(world, pointer)).toEqual({ kind: 'already-sent' });
    expect(world.email.calls).toHaveLength(1);
    expect(world.journal).toEqual([]);
    expect(world.store.eventTypes(invitationId).filter((e) => e === 'email.sent')).toHaveLength(1);
  });

  it('when the invitation was revoked before its email, then the row is cancelled and nothing is sent', async () => {
    const world = fakeWorld();
    const { invitationId, pointer } = await invited(world);
    const current = (await world.store.get(invitationId))!;
    await world.store.update(current, revoke(current.value, world.clock.now()), {});
    expect(await dispatch(world, pointer)).toEqual({ kind: 'cancelled', reason: 'the invitation is revoked' });
    expect(world.email.calls).toEqual([]);
    const row = world.store.outboxRow(invitationId, pointer.outboxId);
    expect(row.status).toBe('cancelled');
    expect(row).not.toHaveProperty('sealedKey');
    expect(await dispatch(world, pointer)).toMatchObject({ kind: 'cancelled' });
    expect(world.email.calls).toEqual([]);
  });

  it('when the invitation was accepted before its email, then nothing is sent', async () => {
    const world = fakeWorld();
    const { invitationId, pointer } = await invited(world);
    const current = (await world.store.get(invitationId))!;
    await world.store.update(current, accept(current.value, { now: world.clock.now(), clientId: 'c' }), {});
    expect(await dispatch(world, pointer)).toEqual({ kind: 'cancelled', reason: 'the invitation is accepted' });
    expect(world.email.calls).toEqual([]);
  });

  it('when a newer key was issued, then the older email is cancelled and only the newer one is sent', async () => {
    const world = fakeWorld();
    const { invitationId, pointer } = await invited(world);
    await renewInvitation(world.deps, (await world.store.get(invitationId))!, { expiresInDays: 7, reason: 'resent' });
    const newer = world.queue.last.request;

    expect(await dispatch(world, pointer)).toEqual({ kind: 'cancelled', reason: 'a newer link was sent' });
    expect(world.email.calls).toEqual([]);
    expect(world.store.invitation(invitationId).delivery.status).toBe('queued');

    expect(await dispatch(world, newer)).toEqual({ kind: 'sent' });
    expect(world.email.calls).toHaveLength(1);
    expect(world.email.calls[0]!.text).toContain('key=key-2');
    expect(world.email.calls[0]!.subject).toMatch(/^\[resent\]/);
  });

  it('when the pointer’s row is not written yet and the pointer is young, then it is checked again later', async () => {
    const world = fakeWorld();
    const pointer: DispatchRequest = {
      invitationId: 'not-yet',
      outboxId: 'not-yet-row',
      queuedAt: new Date(world.clock.now().getTime() - ORPHAN_POINTER_MS + 1000).toISOString(),
    };
    expect(await dispatch(world, pointer)).toEqual({ kind: 'waiting-for-write' });
    expect(world.queue.scheduled).toEqual([{ request: pointer, delaySeconds: 10 }]);
    expect(world.email.calls).toEqual([]);
  });

  it('when the pointer’s row never appeared within 2 minutes, then the pointer is dropped', async () => {
    const world = fakeWorld();
    const pointer: DispatchRequest = {
      invitationId: 'never',
      outboxId: 'never-row',
      queuedAt: new Date(world.clock.now().getTime() - ORPHAN_POINTER_MS).toISOString(),
    };
    expect(await dispatch(world, pointer)).toEqual({ kind: 'orphan-dropped' });
    expect(world.queue.scheduled).toEqual([]);
    expect(world.queue.parked).toEqual([]);
  });

  it('when ACS throttles, then the email waits in a new message for at least Retry-After, no attempt is counted, and "retrying" shows', async () => {
    const world = fakeWorld({ retryBaseSeconds: 5 });
    const { invitationId, pointer } = await invited(world);
    world.email.answer({ kind: 'throttled', reason: 'ACS answered 429 (throttled)', retryAfterSeconds: 30 });

    expect(await dispatch(world, pointer)).toEqual({
      kind: 'throttled',
      delaySeconds: 30,
      reason: 'ACS answered 429 (throttled)',
    });
    const refused = world.email.calls[0]!.repeatability.requestId;
    expect(world.queue.scheduled).toEqual([
      { request: { ...pointer, throttled: 1, rejectedRequestId: refused }, delaySeconds: 30 },
    ]);
    const row = world.store.outboxRow(invitationId, pointer.outboxId);
    expect(row).toMatchObject({ status: 'pending', attempts: 0, lastError: 'ACS answered 429 (throttled)' });
    expect(row.sealedKey).toBe('sealed(key-1)');
    expect(world.store.invitation(invitationId).delivery).toMatchObject({
      status: 'retrying',
      attempts: 0,
      lastError: 'ACS answered 429 (throttled)',
    });
    expect((await world.store.timeline(invitationId)).at(-1)).toMatchObject({
      event: 'email.throttled',
      detail: 'ACS answered 429 (throttled): next try in 30 s, not counted as an attempt',
    });
    expect(world.queue.parked).toEqual([]);
  });

  it('when transient failures repeat, then the delay backs off exponentially and the attempts add up', async () => {
    const world = fakeWorld({ retryBaseSeconds: 5 });
    const { invitationId, pointer } = await invited(world);
    const delays: number[] = [];
    for (let i = 0; i < 3; i++) {
      world.email.answer({ kind: 'transient-failure', reason: 'ACS answered 503' });
      const result = await dispatch(world, pointer);
      if (result.kind !== 'retry-scheduled') throw new Error(`unexpected ${result.kind}`);
      delays.push(result.delaySeconds);
    }
    expect(delays).toEqual([5, 10, 20]);
    expect(world.store.outboxRow(invitationId, pointer.outboxId).attempts).toBe(3);
    expect(await dispatch(world, pointer)).toEqual({ kind: 'sent' });
    expect(world.store.invitation(invitationId).delivery).toMatchObject({ status: 'sent', attempts: 4 });
    expect(world.email.calls.map((m) => m.messageId)).toEqual(Array(4).fill(pointer.outboxId));
    // The outcome of a 5xx is unknown: each retry repeats the same repeatability pair, so ACS sends at most once.
    expect(new Set(world.email.calls.map((m) => m.repeatability.requestId)).size).toBe(1);
  });

  it('when the 5th try fails too, then the row fails with the reason, the invitation shows it, the pointer is parked', async () => {
    const world = fakeWorld({ retryBaseSeconds: 1 });
    const { invitationId, pointer } = await invited(world);
    for (let i = 1; i <= MAX_SEND_ATTEMPTS; i++)
      world.email.answer({ kind: 'transient-failure', reason: `ACS answered 500 #${i}` });
    const results = [];
    for (let i = 1; i <= MAX_SEND_ATTEMPTS; i++) results.push((await dispatch(world, pointer)).kind);
    expect(results).toEqual(['retry-scheduled', 'retry-scheduled', 'retry-scheduled', 'retry-scheduled', 'failed']);

    const row = world.store.outboxRow(invitationId, pointer.outboxId);
    expect(row).toMatchObject({ status: 'failed', attempts: 5, lastError: 'ACS answered 500 #5' });
    expect(row).not.toHaveProperty('sealedKey');
    expect(world.store.invitation(invitationId).delivery).toMatchObject({
      status: 'failed',
      attempts: 5,
      lastError: 'ACS answered 500 #5',
    });
    expect(world.queue.parked).toEqual([{ request: pointer, reason: 'ACS answered 500 #5' }]);
    expect(world.queue.scheduled).toHaveLength(4);
    expect((await world.store.timeline(invitationId)).at(-1)).toMatchObject({
      event: 'email.failed',
      detail: 'ACS answered 500 #5',
    });
    expect(await dispatch(world, pointer)).toMatchObject({ kind: 'cancelled' });
    expect(world.email.calls).toHaveLength(5);
  });

  it('when ACS refuses the email for good, then it fails at once and is parked', async () => {
    const world = fakeWorld();
    const { invitationId, pointer } = await invited(world);
    world.email.answer({ kind: 'permanent-failure', reason: 'ACS refused the email (400): bad recipient' });
    expect(await dispatch(world, pointer)).toEqual({
      kind: 'failed',
      reason: 'ACS refused the email (400): bad recipient',
    });
    expect(world.store.invitation(invitationId).delivery).toMatchObject({ status: 'failed', attempts: 1 });
    expect(world.queue.parked).toHaveLength(1);
    expect(world.queue.scheduled).toEqual([]);
  });

  it('when the provider disappeared, then the row fails without sending', async () => {
    const world = fakeWorld();
    const { invitationId, pointer } = await invited(world);
    world.providers.providers.delete(GFMS.id);
    expect(await dispatch(world, pointer)).toEqual({ kind: 'failed', reason: 'the provider is unknown' });
    expect(world.email.calls).toEqual([]);
    expect(world.store.invitation(invitationId).delivery.status).toBe('failed');
  });

  it('when a professional resends while the email is being recorded, then the send is still recorded', async () => {
    const world = fakeWorld();
    const { invitationId, pointer } = await invited(world);
    world.store.beforeNextUpdate = async () => {
      await renewInvitation(world.deps, (await world.store.get(invitationId))!, { expiresInDays: 7, reason: 'resent' });
    };
    expect(await dispatch(world, pointer)).toEqual({ kind: 'sent' });
    expect(world.email.calls).toHaveLength(1);
    const row = world.store.outboxRow(invitationId, pointer.outboxId);
    expect(row).toMatchObject({ status: 'sent', attempts: 1 });
    expect(row).not.toHaveProperty('sealedKey');
    // The newer row owns the invitation's delivery state now; the older send is in the timeline.
    const invitation = world.store.invitation(invitationId);
    expect(invitation).toMatchObject({ keyVersion: 2, delivery: { status: 'queued', attempts: 0 } });
    expect(world.store.eventTypes(invitationId)).toEqual([
      'created',
      'email.queued',
      'resent',
      'email.queued',
      'email.sent',
    ]);
  });

  it('when the invitation changes meanwhile without a new key, then the send is recorded on the fresh copy', async () => {
    const world = fakeWorld();
    const { invitationId, pointer } = await invited(world);
    world.store.beforeNextUpdate = async () => {
      const current = (await world.store.get(invitationId))!;
      await world.store.update(current, { ...current.value, openedAt: world.clock.now() }, {});
    };
    expect(await dispatch(world, pointer)).toEqual({ kind: 'sent' });
    expect(world.store.invitation(invitationId)).toMatchObject({
      openedAt: world.clock.now(),
      delivery: { status: 'sent', attempts: 1 },
    });
  });

  it('when the invitation belongs to a bulk, then its chunk counts the email', async () => {
    const world = fakeWorld();
    const batches: Array<[string, number, string]> = [];
    world.batches.countDelivery = async (b, c, o) => void batches.push([b, c, o]);
    const { invitation } = await inviteUser(world.deps, professionalUser, invitationDetails(), {
      batchId: 'batch-1',
      batchIndex: 250,
    });
    await dispatch(world, world.queue.last.request);
    expect(invitation.batchId).toBe('batch-1');
    expect(batches).toEqual([['batch-1', 2, 'sent']]);
  });

  it('when counting for the bulk fails, then the send still succeeds', async () => {
    const world = fakeWorld();
    world.batches.countDelivery = async () => {
      throw new Error('storage hiccup');
    };
    await inviteUser(world.deps, professionalUser, invitationDetails(), { batchId: 'batch-1', batchIndex: 0 });
    expect(await dispatch(world, world.queue.last.request)).toEqual({ kind: 'sent' });
  });
});

describe('throttling and repeatable sends', () => {
  const throttled = (retryAfterSeconds?: number) =>
    ({
      kind: 'throttled',
      reason: 'ACS answered 429 (throttled)',
      ...(retryAfterSeconds === undefined ? {} : { retryAfterSeconds }),
    }) as const;

  /** Dispatches the pointer, then each pointer it reschedules, until one is not rescheduled. */
  async function drain(world: FakeWorld, first: DispatchRequest, advanceMs = 0) {
    const results: string[] = [];
    let next: DispatchRequest | undefined = first;
    while (next) {
      const before = world.queue.scheduled.length;
      results.push((await dispatch(world, next)).kind);
      world.clock.advance(advanceMs);
      next = world.queue.scheduled.length > before ? world.queue.last.request : undefined;
    }
    return results;
  }

  it('when ACS answers 429 six times then accepts, then the email is sent once, no attempt was spent waiting, nothing is parked', async () => {
    const world = fakeWorld({ retryBaseSeconds: 1 });
    const { invitationId, pointer } = await invited(world);
    world.email.answer(...Array.from({ length: 6 }, () => throttled(1)));

    expect(await drain(world, pointer, 1000)).toEqual([...Array(6).fill('throttled'), 'sent']);

    expect(world.queue.parked).toEqual([]);
    expect(world.email.calls).toHaveLength(7);
    expect(world.email.delivered).toHaveLength(7);
    const row = world.store.outboxRow(invitationId, pointer.outboxId);
    expect(row).toMatchObject({ status: 'sent', attempts: 1 });
    expect(world.store.invitation(invitationId).delivery).toMatchObject({ status: 'sent', attempts: 1 });
    // Each wait is its own message, counting its throttles: the queue's dequeue count never grows.
    expect(world.queue.scheduled.map((s) => s.request.throttled)).toEqual([1, 2, 3, 4, 5, 6]);
    // One event for the run of throttles, not one per try.
    expect(world.store.eventTypes(invitationId)).toEqual(['created', 'email.queued', 'email.throttled', 'email.sent']);
  });

  it('when ACS says when to come back, then the email waits for that; when it does not, the waits back off to at most 15 minutes', async () => {
    const world = fakeWorld({ retryBaseSeconds: 5 });
    const { pointer } = await invited(world);
    world.email.answer(throttled(7), throttled(7), throttled(0), throttled(3600));
    world.email.answer(...Array.from({ length: 10 }, () => throttled()));
    await drain(world, pointer);
    expect(world.queue.scheduled.map((s) => s.delaySeconds)).toEqual([
      7, 7, 1, 900, 80, 160, 320, 640, 900, 900, 900, 900, 900, 900,
    ]);
    expect(world.queue.parked).toEqual([]);
  });

  it('when a throttled email is tried again, then it opens a new repeatability pair, written on the row before the send', async () => {
    const world = fakeWorld();
    const { invitationId, pointer } = await invited(world);
    world.email.answer(throttled(1), throttled(1));
    await drain(world, pointer);

    const pairs = world.email.calls.map((m) => m.repeatability.requestId);
    expect(new Set(pairs).size).toBe(3);
    // ACS remembers a 429 for its request id: the refused one is named in the next pointer and never repeated.
    expect(world.queue.scheduled.map((s) => s.request.rejectedRequestId)).toEqual(pairs.slice(0, 2));
    const sends = world.journal.filter((line) => /^(update outbox|send) /.test(line));
    expect(sends).toEqual([
      `send ${invitationId}`,
      `update outbox ${invitationId}`,
      `send ${invitationId}`,
      `update outbox ${invitationId}`,
      `send ${invitationId}`,
    ]);
  });

  it('when the invitation expires while its email waits for the quota, then the email fails for that reason and is parked', async () => {
    const world = fakeWorld({ retryBaseSeconds: 1 });
    const { invitationId, pointer } = await invited(world);
    world.email.answer(throttled(60));
    expect((await dispatch(world, pointer)).kind).toBe('throttled');
    world.clock.advance(7 * 24 * 3600 * 1000);

    const reason = 'the invitation expired while its email waited for the ACS quota';
    expect(await dispatch(world, world.queue.last.request)).toEqual({ kind: 'failed', reason });
    expect(world.email.calls).toHaveLength(1);
    expect(world.store.outboxRow(invitationId, pointer.outboxId)).toMatchObject({ status: 'failed', attempts: 0 });
    expect(world.store.invitation(invitationId).delivery).toMatchObject({ status: 'failed', lastError: reason });
    expect(world.queue.parked).toEqual([{ request: world.queue.last.request, reason }]);
  });

  it('when the invitation expired before its first send, then nothing is sent and the invitation says why', async () => {
    const world = fakeWorld();
    const { invitationId, pointer } = await invited(world);
    world.clock.advance(8 * 24 * 3600 * 1000);
    expect(await dispatch(world, pointer)).toEqual({
      kind: 'failed',
      reason: 'the invitation expired before its email could be sent',
    });
    expect(world.email.calls).toEqual([]);
    expect(world.store.invitation(invitationId).delivery.status).toBe('failed');
  });

  it('when the dispatcher died after the send and the pointer comes back within the window, then the same pair is repeated and ACS sends once', async () => {
    const world = fakeWorld();
    const { invitationId, pointer } = await invited(world);
    const crashed = {
      ...world.deps,
      invitations: Object.assign(Object.create(world.store), {
        update: async () => {
          throw new Error('the process was killed');
        },
      }),
    };
    await expect(dispatchInvitationEmail(crashed, pointer, NO_JITTER)).rejects.toThrow('the process was killed');
    world.clock.advance(60_000);
    expect(await dispatch(world, pointer)).toEqual({ kind: 'sent' });

    expect(world.email.calls).toHaveLength(2);
    expect(world.email.calls[1]!.repeatability).toEqual(world.email.calls[0]!.repeatability);
    expect(world.email.delivered).toHaveLength(1);
    expect(world.store.outboxRow(invitationId, pointer.outboxId)).toMatchObject({ status: 'sent', attempts: 1 });
  });

  it('when the window of a send whose outcome is unknown has passed, then a new pair is opened and written before sending', async () => {
    const world = fakeWorld();
    const { invitationId, pointer } = await invited(world);
    const first = world.store.outboxRow(invitationId, pointer.outboxId).repeatability!;
    world.clock.advance(4 * 60_000);
    expect(await dispatch(world, pointer)).toEqual({ kind: 'sent' });
    const used = world.email.calls[0]!.repeatability;
    expect(used.requestId).not.toBe(first.requestId);
    expect(used.firstSentAt).toEqual(world.clock.now());
    expect(world.journal.indexOf(`update outbox ${invitationId}`)).toBeLessThan(
      world.journal.indexOf(`send ${invitationId}`),
    );
  });

  it('when a paced email is sent long after its row was written, then its pair is opened at the send, not at the write', async () => {
    const world = fakeWorld();
    const { pointer } = await invited(world);
    world.clock.advance(3 * 3600 * 1000);
    await dispatch(world, pointer);
    expect(world.email.calls[0]!.repeatability.firstSentAt).toEqual(world.clock.now());
  });

  it('when ACS no longer tracks the window (412), then the try counts and the next send opens a new pair', async () => {
    const world = fakeWorld({ retryBaseSeconds: 1 });
    const { pointer } = await invited(world);
    world.email.answer({
      kind: 'transient-failure',
      reason: 'ACS refused the repeatability window (412)',
      renewWindow: true,
    });
    expect((await dispatch(world, pointer)).kind).toBe('retry-scheduled');
    expect(world.queue.last.request.rejectedRequestId).toBe(world.email.calls[0]!.repeatability.requestId);
    expect(await dispatch(world, world.queue.last.request)).toEqual({ kind: 'sent' });
    expect(world.email.calls[1]!.repeatability.requestId).not.toBe(world.email.calls[0]!.repeatability.requestId);
  });

  it('when a resend’s email goes out, then ACS knows it by its own row id, not the invitation’s', async () => {
    const world = fakeWorld();
    const { invitationId } = await invited(world);
    await renewInvitation(world.deps, (await world.store.get(invitationId))!, { expiresInDays: 7, reason: 'resent' });
    const newer = world.queue.last.request;
    expect(newer.outboxId).not.toBe(invitationId);
    await dispatch(world, newer);
    expect(world.email.calls[0]!.messageId).toBe(newer.outboxId);
  });
});

describe('retry delays', () => {
  it('when attempts grow, then the delay doubles from the base, capped at 15 minutes', () => {
    expect([1, 2, 3, 4, 5].map((n) => retryDelaySeconds(n))).toEqual([5, 10, 20, 40, 80]);
    expect(retryDelaySeconds(1, undefined, 0, 1)).toBe(1);
    expect(retryDelaySeconds(20)).toBe(900);
    expect(retryDelaySeconds(0)).toBe(5);
    expect(retryDelaySeconds(-3)).toBe(5);
  });

  it('when Retry-After is longer than the backoff, then it is honoured, up to 15 minutes', () => {
    expect(retryDelaySeconds(1, 42)).toBe(42);
    expect(retryDelaySeconds(3, 2)).toBe(20);
    expect(retryDelaySeconds(1, 86_400)).toBe(900);
  });

  it('when jitter is given, then it only lengthens the delay, by at most 20 %', () => {
    expect(retryDelaySeconds(1, undefined, 0.1)).toBe(6);
    expect(retryDelaySeconds(1, undefined, 5)).toBe(6);
    expect(retryDelaySeconds(1, undefined, -1)).toBe(5);
    expect(retryDelaySeconds(1, 10, 0.2)).toBe(12);
    for (let i = 0; i < 50; i++) {
      const jitter = Math.random();
      const delay = retryDelaySeconds(2, 3, jitter, 1);
      expect(delay).toBeGreaterThanOrEqual(3);
      expect(delay).toBeLessThanOrEqual(4);
    }
  });
});
