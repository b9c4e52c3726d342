/**
 * `WatchPoisonQueues` (timer, every 5 minutes): counts the messages of each poison queue and, when any holds one,
 * logs `queues.poison.waiting` with the counts, the event the alert `alert-poison-messages` fires on (infra/modules/
 * alerts.bicep; what to do: docs/runbook.md). Nothing is logged while they are empty.
 */
import type { InvocationContext } from '@azure/functions';
import { getDeps } from '../../shared/deps.js';
import { type WatchPoisonQueuesDeps, watchPoisonQueues } from '../../shared/domain/use-cases/watch-poison-queues.js';
import { invocationLogger } from '../../shared/http/handler.js';

export async function watchPoisonQueuesHandler(
  _timer: unknown,
  context: InvocationContext,
  deps: WatchPoisonQueuesDeps,
): Promise<void> {
  const { counts, total } = await watchPoisonQueues(deps);
  if (total > 0) invocationLogger(context).warn('queues.poison.waiting', { total, counts });
}

/** `WatchPoisonQueues` as the host calls it (registered by functions/watch-poison-queues.ts, which imports this module on the first call). */
export const handler = (timer: unknown, context: InvocationContext) =>
  watchPoisonQueuesHandler(timer, context, getDeps().watch);
