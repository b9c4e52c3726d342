/**
 * The SMS pacer: one row in `Limits` (`pacer|sms`) holds the next free send time of the SMS sender. Each SMS reserves
 * one slot with a compare-and-swap, spaced by the sender's quota (60 / messages a minute, in seconds), so activation
 * SMS from every instance queue up behind each other instead of being throttled by ACS. One read and one write a send.
 */
import type { SmsPacer } from '../../domain/activation-sms.js';
import type { Clock } from '../../domain/ports.js';
import { reserveSendSlots } from './send-slots.js';
import { storage, type TableFactory } from './tables.js';

const SENDER = { partition: 'pacer|sms', name: 'SMS' };

export function tableSmsPacer(tables: TableFactory, clock: Clock, perMinute: number): SmsPacer {
  const intervalMs = 60_000 / perMinute;
  return {
    reserve: () =>
      storage(async () => {
        const waitMs = await reserveSendSlots(tables, clock, SENDER, 1, intervalMs);
        // A slot less than a second away is taken now: a queue round trip would cost more than it saves.
        return { delaySeconds: Math.max(0, Math.floor(waitMs / 1000)) };
      }),
  };
}
