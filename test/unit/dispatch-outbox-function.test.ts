/**
 * The DispatchOutbox function's last try (functions/handlers/dispatch-outbox.ts) over fakes: an unexpected error is
 * thrown back to the host while it will retry, and on the host’s last dequeue (host.json `maxDequeueCount`, after which the
 * host parks the message in `outbox-poison`) the invitation shows `delivery.status = "failed"` with the reason.
 */
import { describe, expect, it } from 'vitest';
import { dispatchOutboxHandler } from '../../functions/handlers/dispatch-outbox.js';
import { inviteUser } from '../../shared/domain/use-cases/invite-user.js';
import { fakeWorld, invitationDetails, professionalUser } from '../support/fakes.js';
import { deliveryContext, LAST_DEQUEUE } from '../support/queue-delivery.js';

async function failingDispatch() {
  const world = fakeWorld();
  const { invitation } = await inviteUser(world.deps, professionalUser, invitationDetails());
  const pointer = world.queue.last.request;
  world.clock.advance(1000);
  world.deps.providers.get = async () => {
    throw new Error('storage down');
  };
  const deliver = (dequeueCount: number) =>
    dispatchOutboxHandler(pointer, deliveryContext('DispatchOutbox', dequeueCount), world.deps);
  return { world, invitationId: invitation.id, deliver };
}

describe('DispatchOutbox, when the dispatch keeps failing unexpectedly', () => {
  it('when a dequeue before the host’s last fails, then the error goes back to the host and the invitation stays pending', async () => {
    const { world, invitationId, deliver } = await failingDispatch();
    for (let dequeueCount = 1; dequeueCount < LAST_DEQUEUE; dequeueCount++) {
      await expect(deliver(dequeueCount)).rejects.toThrow('storage down');
    }
    expect(world.store.invitation(invitationId).delivery?.status).toBe('queued');
  });

  it('when the host’s last dequeue fails, then the invitation shows delivery failed with the reason, before the host parks it', async () => {
    const { world, invitationId, deliver } = await failingDispatch();
    await deliver(LAST_DEQUEUE);
    expect(world.store.invitation(invitationId).delivery).toMatchObject({
      status: 'failed',
      lastError: expect.stringContaining('storage down'),
    });
  });
});
