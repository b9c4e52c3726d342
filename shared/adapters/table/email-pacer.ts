/**
 * The email pacer: one row in `Limits` (`pacer|email`) holds the next free send time. A bulk reserves a run of
 * send times with one compare-and-swap, spaced by the quota's interval (the stricter of per-minute and per-hour),
 * so the emails of every bulk, on every instance, queue up behind each other instead of being throttled by ACS.
 */
import { paceInterval } from '../../domain/bulk.js';
import type { Clock, EmailPacer } from '../../domain/ports.js';
import { reserveSendSlots } from './send-slots.js';
import { storage, type TableFactory } from './tables.js';

const SENDER = { partition: 'pacer|email', name: 'email' };

export function tableEmailPacer(
  tables: TableFactory,
  clock: Clock,
  quota: { perMinute: number; perHour: number },
): EmailPacer {
  const intervalSeconds = paceInterval(quota);
  return {
    reserve: (count) =>
      storage(async () => {
        const waitMs = await reserveSendSlots(tables, clock, SENDER, count, intervalSeconds * 1000);
        return { firstDelaySeconds: Math.ceil(waitMs / 1000), intervalSeconds };
      }),
  };
}
