/**
 * `DispatchAccountEmail` (queue `account-emails`): sends the account email a pointer names, once. Expected outcomes
 * (sent, paced or throttled in a new message, retry scheduled, failed and parked) complete the message; only an
 * unexpected error is thrown, so the host retries it and, on the 5th dequeue, the email is recorded as failed and
 * the pointer parked in `account-emails-poison`. Logs name the email's id and kind, never its address or its link.
 */
import type { InvocationContext } from '@azure/functions';
import { z } from 'zod';
// zod's refusals in the service's words (zod-messages.ts), set wherever zod parses input.
import '../../shared/http/zod-messages.js';
import { getDeps } from '../../shared/deps.js';
import {
  type DispatchAccountEmailDeps,
  dispatchAccountEmail,
  giveUpAccountEmail,
} from '../../shared/domain/use-cases/account-emails.js';
import { invocationLogger } from '../../shared/http/handler.js';
import { isLastDelivery } from '../../shared/http/queue-delivery.js';

const pointerSchema = z.object({
  emailId: z.uuid(),
  queuedAt: z.iso.datetime(),
  throttled: z.number().int().min(1).optional(),
  rejectedRequestId: z.uuid().optional(),
  slotAt: z.iso.datetime().optional(),
});

export async function dispatchAccountEmailHandler(
  message: unknown,
  context: InvocationContext,
  deps: DispatchAccountEmailDeps,
): Promise<void> {
  const log = invocationLogger(context);
  const pointer = pointerSchema.safeParse(message);
  if (!pointer.success) {
    log.error('account-email.message.malformed', { problems: pointer.error.issues.map((i) => i.message) });
    await deps.queue.park(
      { emailId: 'unknown', queuedAt: new Date().toISOString() },
      'malformed account-emails message',
    );
    return;
  }
  let result: Awaited<ReturnType<typeof dispatchAccountEmail>>;
  try {
    result = await dispatchAccountEmail(deps, pointer.data);
  } catch (error) {
    if (!isLastDelivery(context)) throw error;
    const reason = `dispatch kept failing: ${error instanceof Error ? error.message.split('\n')[0] : String(error)}`;
    log.error('account-email.given-up', { emailId: pointer.data.emailId, reason });
    await giveUpAccountEmail(deps, pointer.data, reason);
    return;
  }
  const fields = { emailId: pointer.data.emailId, dequeueCount: context.triggerMetadata?.dequeueCount, ...result };
  if (result.kind === 'failed') log.error('account-email.failed', fields);
  else if (result.kind === 'retry-scheduled' || result.kind === 'throttled')
    log.warn(`account-email.${result.kind}`, fields);
  else log.info(`account-email.${result.kind}`, fields);
}

/** `DispatchAccountEmail` as the host calls it (registered by functions/dispatch-account-email.ts, which imports this module on the first call). */
export const handler = (message: unknown, context: InvocationContext) =>
  dispatchAccountEmailHandler(message, context, getDeps().accountEmailDispatch);
