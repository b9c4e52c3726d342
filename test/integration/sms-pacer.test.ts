/**
 * The SMS pacer (shared/adapters/table/sms-pacer.ts) against Azurite, on a `Limits` table of its own: one slot per SMS,
 * spaced by the sender's quota, shared by every caller (compare-and-swap), an idle pacer sending at once.
 */
import { randomUUID } from 'node:crypto';
import { TableClient } from '@azure/data-tables';
import { describe, expect, it } from 'vitest';
import { tableSmsPacer } from '../../shared/adapters/table/sms-pacer.js';
import { tableFactory } from '../../shared/adapters/table/tables.js';
import { FakeClock } from '../support/fakes.js';
import { stack } from '../support/stack.js';

function pacer(perMinute: number) {
  const name = `SmsPacer${randomUUID().replaceAll('-', '').slice(0, 20)}`;
  const tables = tableFactory(async () =>
    TableClient.fromConnectionString(stack().storage.connectionString, name, { allowInsecureConnection: true }),
  );
  const clock = new FakeClock(new Date('2025-03-03T09:00:00.000Z'));
  return { clock, pacer: tableSmsPacer(tables, clock, perMinute) };
}

describe('SMS pacer', () => {
  it('spaces SMS by the quota: an idle pacer sends now, the next ones wait their slot', async () => {
    const { pacer: p } = pacer(20); // one every 3 s
    const delays = [];
    for (let i = 0; i < 4; i++) delays.push((await p.reserve()).delaySeconds);
    expect(delays).toEqual([0, 3, 6, 9]);
  });

  it('once the slots are behind it, the pacer is idle again', async () => {
    const { pacer: p, clock } = pacer(20);
    await p.reserve();
    await p.reserve();
    clock.advance(60_000);
    expect((await p.reserve()).delaySeconds).toBe(0);
  });

  it('concurrent reservations each get their own slot', async () => {
    const { pacer: p } = pacer(60); // one a second
    const delays = await Promise.all(Array.from({ length: 8 }, () => p.reserve().then((r) => r.delaySeconds)));
    expect(delays.sort((a, b) => a - b)).toEqual([0, 1, 2, 3, 4, 5, 6, 7]);
  });
});
