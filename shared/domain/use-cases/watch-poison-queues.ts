/**
 * Watching the poison queues: every message there is an email, SMS, bulk chunk or reset request the service gave up
 * on, which someone must look at (docs/runbook.md). The count of each queue, and whether any holds a message:
 * `WatchPoisonQueues` logs them as one event, which the alert `alert-poison-messages` reads.
 */
import type { PoisonQueues } from '../ports.js';

export interface WatchPoisonQueuesDeps {
  poisonQueues: PoisonQueues;
}

export interface PoisonQueuesSeen {
  /** Messages per poison queue. */
  counts: Record<string, number>;
  /** All of them together. */
  total: number;
}

export async function watchPoisonQueues(deps: WatchPoisonQueuesDeps): Promise<PoisonQueuesSeen> {
  const waiting = await deps.poisonQueues.waiting();
  const counts: Record<string, number> = {};
  let total = 0;
  for (const { queue, messages } of waiting) {
    counts[queue] = messages;
    total += messages;
  }
  return { counts, total };
}
