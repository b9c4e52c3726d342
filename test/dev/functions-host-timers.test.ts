/**
 * Timer triggers of the local Functions host: the NCRONTAB (with seconds) and TimeSpan schedule parser, and a
 * `runOnStartup` timer firing with the Timer object the library hands to handlers.
 */
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { startFunctionsHost } from '../../dev/functions-host/host.js';
import { parseNcrontab, parseSchedule, parseTimeSpan } from '../../dev/functions-host/timers.js';

const at = (y: number, mo: number, d: number, h = 0, mi = 0, s = 0) => new Date(y, mo - 1, d, h, mi, s);

describe('NCRONTAB schedules', () => {
  it('when the minute field steps by 5, then the next occurrence is the next 5-minute mark at second 0', () => {
    expect(parseNcrontab('0 */5 * * * *').next(at(2024, 1, 1, 10, 2, 30))).toEqual(at(2024, 1, 1, 10, 5));
  });

  it('when the time is exactly an occurrence, then next() returns the following one', () => {
    expect(parseNcrontab('0 */5 * * * *').next(at(2024, 1, 1, 10, 5))).toEqual(at(2024, 1, 1, 10, 10));
  });

  it('when seconds step by 15, then occurrences fall within the minute', () => {
    expect(parseNcrontab('*/15 * * * * *').next(at(2024, 1, 1, 10, 0, 16))).toEqual(at(2024, 1, 1, 10, 0, 30));
  });

  it('when weekdays 1-5 are asked from a Saturday, then the next run is Monday', () => {
    // 6 January 2024 is a Saturday.
    expect(parseNcrontab('0 30 9 * * 1-5').next(at(2024, 1, 6, 12))).toEqual(at(2024, 1, 8, 9, 30));
  });

  it('when both day-of-month and day-of-week are set, then both must match (NCrontab), e.g. Friday the 13th', () => {
    expect(parseNcrontab('0 0 0 13 * Fri').next(at(2024, 1, 1))).toEqual(at(2024, 9, 13));
  });

  it('when month and day names are used, then they are read case-insensitively', () => {
    expect(parseNcrontab('0 0 12 1 JAN,jul *').next(at(2024, 2, 1))).toEqual(at(2024, 7, 1, 12));
    expect(parseNcrontab('0 0 8 * * sun').next(at(2024, 1, 1))).toEqual(at(2024, 1, 7, 8));
  });

  it('when ranges, lists and a start/step are combined, then every listed value counts', () => {
    const s = parseNcrontab('0 5/20 8-9,17 * * *');
    expect(s.next(at(2024, 1, 1, 8, 6))).toEqual(at(2024, 1, 1, 8, 25));
    expect(s.next(at(2024, 1, 1, 9, 46))).toEqual(at(2024, 1, 1, 17, 5));
  });

  it('when the date never exists, then there is no next occurrence', () => {
    expect(parseNcrontab('0 0 0 31 2 *').next(at(2024, 1, 1))).toBeUndefined();
  });

  it('when the expression is malformed, then parsing fails with a message naming the field', () => {
    expect(() => parseNcrontab('0 */5 * * *')).toThrow(/expected 6 fields/);
    expect(() => parseNcrontab('60 * * * * *')).toThrow(/second field "60" is outside 0-59/);
    expect(() => parseNcrontab('0 0 0 * * 7')).toThrow(/day-of-week/);
    expect(() => parseNcrontab('0 0 0 * * mon-xyz')).toThrow(/bad value "xyz"/);
    expect(() => parseNcrontab('0 */0 * * * *')).toThrow(/bad step/);
  });

  it('when the schedule is a TimeSpan, then it repeats at that interval', () => {
    expect(parseSchedule('00:00:10').next(at(2024, 1, 1))).toEqual(at(2024, 1, 1, 0, 0, 10));
    expect(parseSchedule('0 0 * * * *').next(at(2024, 1, 1, 0, 30))).toEqual(at(2024, 1, 1, 1));
  });

  it('when TimeSpans are written the .NET way or as milliseconds, then they are read as milliseconds', () => {
    expect(parseTimeSpan('00:00:02')).toBe(2000);
    expect(parseTimeSpan('00:00:00.250')).toBe(250);
    expect(parseTimeSpan('1.02:03:04')).toBe(((26 * 60 + 3) * 60 + 4) * 1000);
    expect(parseTimeSpan(1500)).toBe(1500);
    expect(parseTimeSpan('2 seconds')).toBeUndefined();
  });
});

describe('timer functions in the local host', () => {
  it('when a timer has runOnStartup, then it fires once at start with the Timer object', async () => {
    const host = await startFunctionsHost({
      scriptRoot: path.resolve('test/fixtures/host-app'),
      port: 0,
      entry: ['functions/timer.js'],
      log: () => undefined,
    });
    try {
      expect(host.registrations).toEqual([{ name: 'startupTimer', type: 'timerTrigger', schedule: '0 0 0 1 1 *' }]);
      const key = Symbol.for('host-app.events');
      const started = Date.now();
      type Fired = { fn: string; timer: Record<string, unknown>; triggerMetadata: unknown };
      let fired: Fired | undefined;
      while (!fired && Date.now() - started < 5000) {
        fired = ((globalThis as Record<symbol, unknown>)[key] as Fired[] | undefined)?.find(
          (e) => e.fn === 'startupTimer',
        );
        await new Promise((resolve) => setTimeout(resolve, 20));
      }
      const nextNewYear = at(new Date().getFullYear() + 1, 1, 1).toISOString();
      expect(fired?.timer).toMatchObject({
        isPastDue: false,
        schedule: { adjustForDST: true },
        scheduleStatus: { last: '0001-01-01T00:00:00.000Z', next: nextNewYear },
      });
      expect(fired?.triggerMetadata).toBeNull();
    } finally {
      await host.close();
    }
  });
});
