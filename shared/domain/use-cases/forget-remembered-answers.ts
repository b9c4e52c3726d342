/**
 * Remembered answers (`Idempotency-Key`) are replayed for 24 h; after that nothing reads them, so they are deleted:
 * a remembered answer may hold personal data, and none is kept longer than its use.
 */
import { type Clock, IDEMPOTENCY_WINDOW_MS, type IdempotencyStore } from '../ports.js';

export interface RememberedAnswersDeps {
  clock: Clock;
  idempotency: IdempotencyStore;
}

/** Deletes the answers begun more than the window ago; returns how many rows went. */
export async function forgetExpiredAnswers(deps: RememberedAnswersDeps): Promise<{ before: Date; deleted: number }> {
  const before = new Date(deps.clock.now().getTime() - IDEMPOTENCY_WINDOW_MS);
  return { before, deleted: await deps.idempotency.purge(before) };
}
