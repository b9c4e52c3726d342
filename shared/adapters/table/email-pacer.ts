/**
 * The email pacer: one row in `Limits` (`pacer|email`) holds the next free send time. A bulk reserves a run of
 * send times with one compare-and-swap, spaced by the quota's interval (the stricter of per-minute and per-hour),
 * so the emails of every bulk, on every instance, queue up behind each other instead of being throttled by ACS.
 */
import { paceInterval } from '../../domain/bulk.js';
import type { Clock, EmailPacer } from '../../domain/ports.js';
import { isConflict, isNotFound, isPreconditionFailed, storage, type TableFactory } from './tables.js';

const PARTITION = 'pacer|email';
const ROW = 'next';

export function tableEmailPacer(
  tables: TableFactory,
  clock: Clock,
  quota: { perMinute: number; perHour: number },
): EmailPacer {
  const intervalSeconds = paceInterval(quota);
  return {
    reserve: (count) =>
      storage(async () => {
        const table = await tables('Limits');
        for (let attempt = 0; attempt < 20; attempt++) {
          const now = clock.now().getTime();
          let row: { NextAt: string; etag: string } | undefined;
          try {
            row = await table.getEntity<{ NextAt: string }>(PARTITION, ROW);
          } catch (error) {
            if (!isNotFound(error)) throw error;
          }
          const start = Math.max(now, row ? Date.parse(row.NextAt) : now);
          const next = new Date(start + count * intervalSeconds * 1000).toISOString();
          try {
            if (row)
              await table.updateEntity({ partitionKey: PARTITION, rowKey: ROW, NextAt: next }, 'Replace', {
                etag: row.etag,
              });
            else await table.createEntity({ partitionKey: PARTITION, rowKey: ROW, NextAt: next });
            return { firstDelaySeconds: Math.ceil((start - now) / 1000), intervalSeconds };
          } catch (error) {
            if (!isConflict(error) && !isPreconditionFailed(error)) throw error;
          }
        }
        throw new Error('the email pacer is too contended');
      }),
  };
}
