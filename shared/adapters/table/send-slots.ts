/**
 * Send slots shared by every instance: one row in `Limits` holds a sender's next free send time, and a reservation of
 * `count` slots moves it on by `count × intervalMs` with a compare-and-swap (If-Match; a first reservation inserts
 * it). Returns how many milliseconds from now the first reserved slot is. The email and SMS pacers use it.
 */
import type { Clock } from '../../domain/ports.js';
import { isConflict, isNotFound, isPreconditionFailed, type TableFactory } from './tables.js';

const ROW = 'next';
const MAX_TRIES = 20;

export async function reserveSendSlots(
  tables: TableFactory,
  clock: Clock,
  sender: { partition: string; name: string },
  count: number,
  intervalMs: number,
): Promise<number> {
  const table = await tables('Limits');
  for (let attempt = 0; attempt < MAX_TRIES; attempt++) {
    const now = clock.now().getTime();
    let row: { NextAt: string; etag: string } | undefined;
    try {
      row = await table.getEntity<{ NextAt: string }>(sender.partition, ROW);
    } catch (error) {
      if (!isNotFound(error)) throw error;
    }
    const start = Math.max(now, row ? Date.parse(row.NextAt) : now);
    const entity = {
      partitionKey: sender.partition,
      rowKey: ROW,
      NextAt: new Date(start + count * intervalMs).toISOString(),
    };
    try {
      if (row) await table.updateEntity(entity, 'Replace', { etag: row.etag });
      else await table.createEntity(entity);
      return start - now;
    } catch (error) {
      if (!isConflict(error) && !isPreconditionFailed(error)) throw error;
    }
  }
  throw new Error(`the ${sender.name} pacer is too contended`);
}
