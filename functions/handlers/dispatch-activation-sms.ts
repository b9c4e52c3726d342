/**
 * `DispatchActivationSms` (queue `sms-outbox`): sends the activation SMS a pointer names, once. Expected outcomes
 * (sent, paced or throttled in a new message, retry scheduled, failed and parked, superseded by a newer code)
 * complete the message; only an unexpected error is thrown, so the host retries it and, on the 5th dequeue, the SMS
 * is recorded as failed and the pointer parked in `sms-outbox-poison`. Logs name the client and the SMS, never the
 * code or the number.
 */
import type { InvocationContext } from '@azure/functions';
import { z } from 'zod';
// zod's refusals in the service's words (zod-messages.ts), set wherever zod parses input.
import '../../shared/http/zod-messages.js';
import { getDeps } from '../../shared/deps.js';
import {
  type DispatchSmsDeps,
  dispatchActivationSms,
  giveUpSms,
} from '../../shared/domain/use-cases/dispatch-activation-sms.js';
import { invocationLogger } from '../../shared/http/handler.js';
import { isLastDelivery } from '../../shared/http/queue-delivery.js';

const pointerSchema = z.object({
  providerId: z.string().min(1).max(64),
  clientId: z.string().min(1).max(64),
  smsId: z.uuid(),
  queuedAt: z.iso.datetime(),
  throttled: z.number().int().min(1).optional(),
  slotAt: z.iso.datetime().optional(),
});

export async function dispatchActivationSmsHandler(
  message: unknown,
  context: InvocationContext,
  deps: DispatchSmsDeps,
): Promise<void> {
  const log = invocationLogger(context);
  const pointer = pointerSchema.safeParse(message);
  if (!pointer.success) {
    log.error('activation-sms.message.malformed', { problems: pointer.error.issues.map((i) => i.message) });
    await deps.smsQueue.park(
      { providerId: 'unknown', clientId: 'unknown', smsId: 'unknown', queuedAt: new Date().toISOString() },
      'malformed sms-outbox message',
    );
    return;
  }
  let result: Awaited<ReturnType<typeof dispatchActivationSms>>;
  try {
    result = await dispatchActivationSms(deps, pointer.data);
  } catch (error) {
    if (!isLastDelivery(context)) throw error;
    const reason = `dispatch kept failing: ${error instanceof Error ? error.message.split('\n')[0] : String(error)}`;
    log.error('activation-sms.given-up', { clientId: pointer.data.clientId, smsId: pointer.data.smsId, reason });
    await giveUpSms(deps, pointer.data, reason);
    return;
  }
  const fields = {
    providerId: pointer.data.providerId,
    clientId: pointer.data.clientId,
    smsId: pointer.data.smsId,
    dequeueCount: context.triggerMetadata?.dequeueCount,
    ...result,
  };
  if (result.kind === 'failed') log.error('activation-sms.failed', fields);
  else if (result.kind === 'retry-scheduled' || result.kind === 'throttled')
    log.warn(`activation-sms.${result.kind}`, fields);
  else log.info(`activation-sms.${result.kind}`, fields);
}

/** `DispatchActivationSms` as the host calls it (registered by functions/dispatch-activation-sms.ts, which imports this module on the first call). */
export const handler = (message: unknown, context: InvocationContext) =>
  dispatchActivationSmsHandler(message, context, getDeps().activationSms.dispatch);
