/**
 * DispatchActivationSms (shared/domain/use-cases/dispatch-activation-sms.ts): only the file's current SMS is sent,
 * once; the repeatability pair is on the file before the send; 429 waits without an attempt; passing failures are
 * retried up to 5 attempts then parked; pacing; expiry; the sealed code erased once settled.
 */
import { describe, expect, it } from 'vitest';
import { dispatchActivationSms, giveUpSms } from '../../shared/domain/use-cases/dispatch-activation-sms.js';
import { sendActivationSms } from '../../shared/domain/use-cases/send-activation-sms.js';
import { professionalUser } from '../support/fakes.js';
import { smsWorld } from '../support/sms-fakes.js';

async function queued() {
  const w = smsWorld();
  const { value } = await w.put();
  w.codes.nextActivationCode = '482913';
  await sendActivationSms(w.send, professionalUser, value.id);
  const pointer = w.queue.last.request;
  w.queue.scheduled.length = 0;
  w.journal.length = 0;
  w.clock.advance(1_000);
  const file = async () => (await w.files.get('gfms', value.id))!.value;
  return { w, pointer, file };
}

describe('DispatchActivationSms', () => {
  it('sends the code to the number on the file, in its language, repeatable, then records it and erases the code', async () => {
    const { w, pointer, file } = await queued();
    expect(await dispatchActivationSms(w.dispatch, pointer, 0)).toEqual({ kind: 'sent' });
    const [sms] = w.sender.calls;
    expect(sms).toMatchObject({
      smsId: pointer.smsId,
      to: '+33612345634',
      tag: `act1|gfms|${pointer.clientId}|${pointer.smsId}`,
      repeatability: { requestId: pointer.smsId, firstSentAt: new Date('2025-03-03T09:00:01.000Z') },
    });
    expect(sms!.text).toContain('482913');
    expect(sms!.text).toContain('K7M2XQ9P');
    expect(sms!.text).toContain("code d'activation");
    // The pair is written before the send, the outcome after.
    expect(w.journal).toEqual([
      `write ${pointer.smsId} queued`,
      `send ${pointer.smsId}`,
      `write ${pointer.smsId} sent`,
    ]);
    const after = await file();
    expect(after.activation?.sms).toMatchObject({
      status: 'sent',
      attempts: 1,
      firstSentAt: new Date('2025-03-03T09:00:01.000Z'),
    });
    expect(after.activation?.sealedCode).toBeUndefined();
  });

  it('a redelivered pointer sends nothing more', async () => {
    const { w, pointer } = await queued();
    await dispatchActivationSms(w.dispatch, pointer, 0);
    expect(await dispatchActivationSms(w.dispatch, pointer, 0)).toEqual({ kind: 'already-settled' });
    expect(w.sender.calls).toHaveLength(1);
  });

  it('a crash between the send and its record: the retry repeats the same pair, and ACS sends once', async () => {
    const { w, pointer, file } = await queued();
    w.sender.answer(async () => {
      throw new Error('host killed');
    });
    await expect(dispatchActivationSms(w.dispatch, pointer, 0)).rejects.toThrow('host killed');
    w.clock.advance(30_000);
    expect(await dispatchActivationSms(w.dispatch, pointer, 0)).toEqual({ kind: 'sent' });
    expect(w.sender.calls).toHaveLength(2);
    expect(w.sender.calls[1]!.repeatability).toEqual(w.sender.calls[0]!.repeatability);
    expect(w.sender.delivered).toHaveLength(1);
    expect((await file()).activation?.sms.status).toBe('sent');
  });

  it('an older code’s pointer sends nothing once a newer code is on the file', async () => {
    const { w, pointer } = await queued();
    w.clock.advance(60_000);
    await sendActivationSms(w.send, professionalUser, pointer.clientId);
    expect(await dispatchActivationSms(w.dispatch, pointer, 0)).toEqual({ kind: 'superseded' });
    expect(w.sender.calls).toEqual([]);
  });

  it('a pointer that arrives before its write waits; one whose write never landed is dropped', async () => {
    const { w, pointer } = await queued();
    const early = { ...pointer, smsId: '00000000-0000-4000-8000-0000000000ff', queuedAt: w.clock.now().toISOString() };
    expect(await dispatchActivationSms(w.dispatch, early, 0)).toEqual({ kind: 'waiting-for-write' });
    expect(w.queue.last).toEqual({ request: early, delaySeconds: 5 });
    w.clock.advance(3 * 60_000);
    expect(await dispatchActivationSms(w.dispatch, early, 0)).toEqual({ kind: 'orphan-dropped' });
    expect(w.sender.calls).toEqual([]);
  });

  it('429: waits for Retry-After in a new message, no attempt counted; the next send repeats the pair', async () => {
    const { w, pointer, file } = await queued();
    w.sender.answer({ kind: 'throttled', reason: 'ACS answered 429 (throttled)', retryAfterSeconds: 7 });
    expect(await dispatchActivationSms(w.dispatch, pointer, 0)).toMatchObject({ kind: 'throttled', delaySeconds: 7 });
    expect(w.queue.last).toEqual({ request: { ...pointer, throttled: 1 }, delaySeconds: 7 });
    expect((await file()).activation?.sms).toMatchObject({ status: 'retrying', attempts: 0 });
    w.clock.advance(7_000);
    expect(await dispatchActivationSms(w.dispatch, w.queue.last.request, 0)).toEqual({ kind: 'sent' });
    expect((await file()).activation?.sms).toMatchObject({ status: 'sent', attempts: 1 });
  });

  it('passing failures: bounded backoff honouring Retry-After, failed and parked after 5 attempts', async () => {
    const { w, pointer, file } = await queued();
    const failure = { kind: 'transient-failure' as const, reason: 'ACS answered 503' };
    w.sender.answer(failure, { ...failure, retryAfterSeconds: 30 }, failure, failure, failure);
    const delays: number[] = [];
    let request = pointer;
    for (let i = 0; i < 4; i++) {
      const result = await dispatchActivationSms(w.dispatch, request, 0);
      expect(result.kind).toBe('retry-scheduled');
      delays.push(w.queue.last.delaySeconds);
      request = w.queue.last.request;
      w.clock.advance(w.queue.last.delaySeconds * 1000);
    }
    expect(delays).toEqual([5, 30, 20, 40]);
    expect(await dispatchActivationSms(w.dispatch, request, 0)).toEqual({ kind: 'failed', reason: 'ACS answered 503' });
    expect(w.queue.parked).toHaveLength(1);
    const after = await file();
    expect(after.activation?.sms).toMatchObject({ status: 'failed', attempts: 5, detail: 'ACS answered 503' });
    expect(after.activation?.sealedCode).toBeUndefined();
  });

  it('a refused SMS (4xx) fails at once', async () => {
    const { w, pointer, file } = await queued();
    w.sender.answer({
      kind: 'permanent-failure',
      reason: 'ACS refused the SMS (400): Invalid To phone number format.',
    });
    expect((await dispatchActivationSms(w.dispatch, pointer, 0)).kind).toBe('failed');
    expect((await file()).activation?.sms.status).toBe('failed');
  });

  it('paces to the sender quota: a later slot waits in a delayed message and is not reserved again', async () => {
    const { w, pointer } = await queued();
    w.pacer.delays = [3];
    expect(await dispatchActivationSms(w.dispatch, pointer, 0)).toEqual({ kind: 'paced', delaySeconds: 3 });
    expect(w.queue.last.request.slotAt).toBe('2025-03-03T09:00:04.000Z');
    w.pacer.delays = [99];
    w.clock.advance(3_000);
    expect(await dispatchActivationSms(w.dispatch, w.queue.last.request, 0)).toEqual({ kind: 'sent' });
    expect(w.pacer.delays).toEqual([99]);
  });

  it('does not send a code that expired while waiting', async () => {
    const { w, pointer, file } = await queued();
    w.clock.advance(10 * 60_000);
    expect((await dispatchActivationSms(w.dispatch, pointer, 0)).kind).toBe('failed');
    expect(w.sender.calls).toEqual([]);
    expect((await file()).activation?.sms.detail).toBe('the code expired before its SMS could be sent');
  });

  it('a pair older than ACS’s window is renewed before the send', async () => {
    const { w, pointer } = await queued();
    w.sender.answer({ kind: 'transient-failure', reason: 'ACS answered 500' });
    await dispatchActivationSms(w.dispatch, pointer, 0);
    w.clock.advance(5 * 60_000);
    await dispatchActivationSms(w.dispatch, pointer, 0);
    expect(w.sender.calls[1]!.repeatability.requestId).toBe(pointer.smsId);
    expect(w.sender.calls[1]!.repeatability.firstSentAt.getTime()).toBe(w.clock.now().getTime());
  });

  it('giving up records the SMS as failed and parks the pointer', async () => {
    const { w, pointer, file } = await queued();
    await giveUpSms(w.dispatch, pointer, 'dispatch kept failing: storage down');
    expect((await file()).activation?.sms).toMatchObject({
      status: 'failed',
      detail: 'dispatch kept failing: storage down',
    });
    expect(w.queue.parked).toHaveLength(1);
  });
});
