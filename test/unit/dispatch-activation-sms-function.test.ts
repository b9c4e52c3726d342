/**
 * The DispatchActivationSms function's last try (functions/handlers/dispatch-activation-sms.ts) over fakes: an
 * unexpected error goes back to the host while it will deliver the pointer again, and on the host's last dequeue
 * (host.json `maxDequeueCount`, after which the host parks the message in `sms-outbox-poison`) the SMS is recorded as
 * failed with the reason, so the client sheet says so instead of "queued" for ever.
 */
import { describe, expect, it } from 'vitest';
import { dispatchActivationSmsHandler } from '../../functions/handlers/dispatch-activation-sms.js';
import { sendActivationSms } from '../../shared/domain/use-cases/send-activation-sms.js';
import { professionalUser } from '../support/fakes.js';
import { deliveryContext, LAST_DEQUEUE } from '../support/queue-delivery.js';
import { smsWorld } from '../support/sms-fakes.js';

async function failingDispatch() {
  const w = smsWorld();
  const { value } = await w.put();
  await sendActivationSms(w.send, professionalUser, value.id);
  const pointer = w.queue.last.request;
  w.clock.advance(1_000);
  w.dispatch.providers.get = async () => {
    throw new Error('storage down');
  };
  const deliver = (dequeueCount: number) =>
    dispatchActivationSmsHandler(pointer, deliveryContext('DispatchActivationSms', dequeueCount), w.dispatch);
  const sms = async () => (await w.files.get('gfms', value.id))!.value.activation?.sms;
  return { w, deliver, sms };
}

describe('DispatchActivationSms, when the dispatch keeps failing unexpectedly', () => {
  it('when a dequeue before the host’s last fails, then the error goes back to the host and the SMS stays queued', async () => {
    const { w, deliver, sms } = await failingDispatch();
    for (let dequeueCount = 1; dequeueCount < LAST_DEQUEUE; dequeueCount++) {
      await expect(deliver(dequeueCount)).rejects.toThrow('storage down');
    }
    expect((await sms())?.status).toBe('queued');
    expect(w.sender.calls).toHaveLength(0);
  });

  it('when the host’s last dequeue fails, then the SMS is recorded as failed with the reason, before the host parks the message', async () => {
    const { w, deliver, sms } = await failingDispatch();
    await deliver(LAST_DEQUEUE);
    expect(await sms()).toMatchObject({ status: 'failed', detail: expect.stringContaining('storage down') });
    expect(w.queue.parked.map((p) => p.reason)).toEqual([expect.stringContaining('storage down')]);
    expect(w.sender.calls).toHaveLength(0);
  });
});
