/**
 * The DispatchAccountEmail function's last try (functions/handlers/dispatch-account-email.ts) over fakes: an
 * unexpected error goes back to the host while it will deliver the pointer again, and on the host's last dequeue
 * (host.json `maxDequeueCount`, after which the host parks the message in `account-emails-poison`) the email is
 * recorded as failed with the reason and its pointer parked.
 */
import { describe, expect, it } from 'vitest';
import { dispatchAccountEmailHandler } from '../../functions/handlers/dispatch-account-email.js';
import { queueAccountEmail } from '../../shared/domain/use-cases/account-emails.js';
import { accountEmailWorld } from '../support/account-email-fakes.js';
import { deliveryContext, LAST_DEQUEUE } from '../support/queue-delivery.js';

async function failingDispatch() {
  const world = accountEmailWorld();
  const id = await queueAccountEmail(world.deps, {
    kind: 'reset-link',
    to: 'zoe.faure@example.com',
    locale: 'fr',
    url: 'https://onboarding.test/api/ResetPassword?token=k3y_-secret',
    expiresAt: new Date('2026-12-01T09:30:00.000Z'),
  });
  const pointer = world.queue.last.request;
  world.clock.advance(1_000);
  // The email send slots live in Table Storage: an outage there is an unexpected error of the dispatch.
  world.deps.pacer.reserve = async () => {
    throw new Error('storage down');
  };
  const deliver = (dequeueCount: number) =>
    dispatchAccountEmailHandler(pointer, deliveryContext('DispatchAccountEmail', dequeueCount), world.deps);
  return { world, id, deliver };
}

describe('DispatchAccountEmail, when the dispatch keeps failing unexpectedly', () => {
  it('when a dequeue before the host’s last fails, then the error goes back to the host and the email stays pending', async () => {
    const { world, id, deliver } = await failingDispatch();
    for (let dequeueCount = 1; dequeueCount < LAST_DEQUEUE; dequeueCount++) {
      await expect(deliver(dequeueCount)).rejects.toThrow('storage down');
    }
    expect(world.store.rows.get(id)!.value.status).toBe('pending');
  });

  it('when the host’s last dequeue fails, then the email is recorded as failed with the reason and its pointer parked', async () => {
    const { world, id, deliver } = await failingDispatch();
    await deliver(LAST_DEQUEUE);
    expect(world.store.rows.get(id)!.value.status).toBe('failed');
    expect(JSON.stringify(world.store.rows.get(id)!.value)).toContain('storage down');
  });
});
