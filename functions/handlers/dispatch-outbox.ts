/**
 * `DispatchOutbox` (queue `outbox`): sends the email an outbox row stands for, once. Expected outcomes (sent,
 * throttled and waiting in a new message, retry scheduled, failed and parked) complete the message; only an
 * unexpected error is thrown, so the host retries it and, after 5 dequeues, moves it to `outbox-poison` — nothing is
 * lost either way, and throttling never adds to the dequeue count.
 */
import type { InvocationContext } from '@azure/functions';
import { z } from 'zod';
// zod's refusals in the service's words (zod-messages.ts), set wherever zod parses input.
import '../../shared/http/zod-messages.js';
import { getDeps } from '../../shared/deps.js';
import { dispatchInvitationEmail, giveUp } from '../../shared/domain/use-cases/dispatch-invitation-email.js';

import type { DispatchDeps } from '../../shared/domain/use-cases/invitation-deps.js';
import { invocationLogger } from '../../shared/http/handler.js';
import { isLastDelivery } from '../../shared/http/queue-delivery.js';

const pointerSchema = z.object({
  invitationId: z.uuid(),
  outboxId: z.uuid(),
  queuedAt: z.iso.datetime(),
  throttled: z.number().int().min(1).optional(),
  rejectedRequestId: z.uuid().optional(),
});

export async function dispatchOutboxHandler(
  message: unknown,
  context: InvocationContext,
  deps: DispatchDeps,
): Promise<void> {
  const log = invocationLogger(context);
  const pointer = pointerSchema.safeParse(message);
  if (!pointer.success) {
    // A message nobody can act on: parked with its reason rather than retried five times.
    log.error('outbox.message.malformed', { problems: pointer.error.issues.map((i) => i.message) });
    await deps.dispatch.park(
      { invitationId: 'unknown', outboxId: 'unknown', queuedAt: new Date().toISOString() },
      'malformed outbox message',
    );
    return;
  }
  let result: Awaited<ReturnType<typeof dispatchInvitationEmail>>;
  try {
    result = await dispatchInvitationEmail(deps, pointer.data);
  } catch (error) {
    // The host retries a thrown message; on its last try the failure is recorded on the invitation instead.
    if (!isLastDelivery(context)) throw error;
    const reason = `dispatch kept failing: ${error instanceof Error ? error.message.split('\n')[0] : String(error)}`;
    log.error('invitation.email.given-up', {
      invitationId: pointer.data.invitationId,
      outboxId: pointer.data.outboxId,
      reason,
    });
    await giveUp(deps, pointer.data, reason);
    return;
  }
  const fields = {
    invitationId: pointer.data.invitationId,
    outboxId: pointer.data.outboxId,
    dequeueCount: context.triggerMetadata?.dequeueCount,
    ...result,
  };
  if (result.kind === 'failed') log.error('invitation.email.failed', fields);
  else if (result.kind === 'retry-scheduled') log.warn('invitation.email.retrying', fields);
  else if (result.kind === 'throttled') log.warn('invitation.email.throttled', fields);
  else log.info(`invitation.email.${result.kind}`, fields);
}

/** `DispatchOutbox` as the host calls it (registered by functions/dispatch-outbox.ts, which imports this module on the first call). */
export const handler = (message: unknown, context: InvocationContext) =>
  dispatchOutboxHandler(message, context, getDeps().dispatch);
