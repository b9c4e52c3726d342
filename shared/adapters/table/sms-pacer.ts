/**
 * The SMS pacer: one row in `Limits` (`pacer|sms`) holds the next free send time of the SMS sender. Each SMS reserves
 * one slot with a compare-and-swap, spaced by the sender's quota (60 / messages a minute, in seconds), so activation
 * SMS from every instance queue up behind each other instead of being throttled by ACS. One read and one write a send.
 */
import type { SmsPacer } from '../../domain/activation-sms.js';
import type { Clock } from '../../domain/ports.js';
import { isConflict, isNotFound, isPreconditionFailed, storage, type TableFactory } from './tables.js';

const PARTITION = 'pacer|sms';
const ROW = 'next';

export function tableSmsPacer(tables: TableFactory, clock: Clock, perMinute: number): SmsPacer {
  const intervalMs = 60_000 / perMinute;
  return {
    reserve: () =>
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
          const entity = { partitionKey: PARTITION, rowKey: ROW, NextAt: new Date(start + intervalMs).toISOString() };
          try {
            if (row) await table.updateEntity(entity, 'Replace', { etag: row.etag });
            else await table.createEntity(entity);
            // A slot less than a second away is taken now: a queue round trip would cost more than it saves.
            return { delaySeconds: Math.max(0, Math.floor((start - now) / 1000)) };
          } catch (error) {
            if (!isConflict(error) && !isPreconditionFailed(error)) throw error;
          }
        }
        throw new Error('the SMS pacer is too contended');
      }),
  };
}
