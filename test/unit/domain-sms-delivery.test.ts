/**
 * SMS delivery reports (shared/domain/use-cases/record-sms-delivery.ts): delivered or failed on the file's current
 * SMS; an older report, a report of an older code's SMS, or a tag that is not ours changes nothing.
 */
import { describe, expect, it } from 'vitest';
import { dispatchActivationSms } from '../../shared/domain/use-cases/dispatch-activation-sms.js';
import { recordSmsDeliveryReport } from '../../shared/domain/use-cases/record-sms-delivery.js';
import { sendActivationSms } from '../../shared/domain/use-cases/send-activation-sms.js';
import { professionalUser } from '../support/fakes.js';
import { smsWorld } from '../support/sms-fakes.js';

async function sent() {
  const w = smsWorld();
  const { value } = await w.put();
  await sendActivationSms(w.send, professionalUser, value.id);
  const pointer = w.queue.last.request;
  await dispatchActivationSms(w.dispatch, pointer, 0);
  const tag = w.sender.calls[0]!.tag;
  const file = async () => (await w.files.get('gfms', value.id))!.value;
  return { w, pointer, tag, file };
}

describe('SMS delivery reports', () => {
  it('Delivered makes the SMS delivered', async () => {
    const { w, tag, file } = await sent();
    const at = new Date(w.clock.now().getTime() + 5_000);
    expect(await recordSmsDeliveryReport(w.dispatch, { tag, status: 'Delivered', at })).toMatchObject({
      kind: 'recorded',
      outcome: 'delivered',
    });
    expect((await file()).activation?.sms).toMatchObject({ status: 'delivered', at });
  });

  it('Failed makes it failed with ACS’s details; an older report then changes nothing', async () => {
    const { w, tag, file } = await sent();
    const at = new Date(w.clock.now().getTime() + 5_000);
    await recordSmsDeliveryReport(w.dispatch, { tag, status: 'Failed', detail: 'Unreachable handset', at });
    expect((await file()).activation?.sms).toMatchObject({ status: 'failed', detail: 'Failed: Unreachable handset' });
    const older = new Date(at.getTime() - 1_000);
    expect(await recordSmsDeliveryReport(w.dispatch, { tag, status: 'Delivered', at: older })).toMatchObject({
      kind: 'unchanged',
      reason: 'older-report',
    });
    expect(await recordSmsDeliveryReport(w.dispatch, { tag, status: 'Delivered', at })).toMatchObject({
      kind: 'unchanged',
    });
    expect((await file()).activation?.sms.status).toBe('failed');
  });

  it('a report of an older code’s SMS does not touch the new one', async () => {
    const { w, tag, file, pointer } = await sent();
    w.clock.advance(61_000);
    await sendActivationSms(w.send, professionalUser, pointer.clientId);
    expect(await recordSmsDeliveryReport(w.dispatch, { tag, status: 'Failed', at: w.clock.now() })).toMatchObject({
      kind: 'unchanged',
      reason: 'older-sms',
    });
    expect((await file()).activation?.sms.status).toBe('queued');
  });

  it('a report for an SMS whose send was never recorded settles it and erases its code', async () => {
    const w = smsWorld();
    const { value } = await w.put();
    await sendActivationSms(w.send, professionalUser, value.id);
    const { request } = w.queue.last;
    const tag = `act1|gfms|${value.id}|${request.smsId}`;
    await recordSmsDeliveryReport(w.dispatch, { tag, status: 'Delivered', at: w.clock.now() });
    const after = (await w.files.get('gfms', value.id))!.value;
    expect(after.activation?.sms).toMatchObject({ status: 'delivered', attempts: 1 });
    expect(after.activation?.sealedCode).toBeUndefined();
    // Its pointer then sends nothing.
    expect(await dispatchActivationSms(w.dispatch, request, 0)).toEqual({ kind: 'already-settled' });
  });

  it('a tag that is not ours, or names no file, is ignored', async () => {
    const { w } = await sent();
    for (const tag of ['testSmsRequest', 'act1|gfms|nobody|x', 'act2|a|b|c', 'act1|a|b|c|d']) {
      expect(await recordSmsDeliveryReport(w.dispatch, { tag, status: 'Delivered', at: w.clock.now() })).toEqual({
        kind: 'unknown-sms',
      });
    }
  });
});
