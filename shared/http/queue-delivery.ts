/**
 * Queue-triggered functions and the host's retries: a function that throws gets its message again, until host.json's
 * `extensions.queues.maxDequeueCount` deliveries, after which the host moves it to `<queue>-poison`. On that last
 * delivery a dispatcher records the failure where people see it (the invitation, the client file, the email's
 * record) instead of throwing.
 */
import type { InvocationContext } from '@azure/functions';

/** host.json `extensions.queues.maxDequeueCount` (test/unit/queue-delivery.test.ts holds them together). */
export const MAX_DEQUEUE_COUNT = 5;

/** Whether this delivery of the message is the host's last before the poison queue. */
export function isLastDelivery(context: InvocationContext): boolean {
  return Number(context.triggerMetadata?.dequeueCount ?? 1) >= MAX_DEQUEUE_COUNT;
}
