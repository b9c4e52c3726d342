/**
 * Timer triggers: NCRONTAB schedules with seconds (`{second} {minute} {hour} {day} {month} {day-of-week}`) or a
 * TimeSpan interval (`hh:mm:ss`), evaluated in the machine's local time zone as Core Tools does. Like NCrontab, a
 * day must match both the day-of-month and the day-of-week fields. Runs never overlap: the next occurrence is armed
 * after an invocation ends. Schedule status is kept in memory (no storage monitor).
 */
import { type InvocationEnv, invoke, type Registration, resolveAppSettings, stamp } from './core-shim.js';

export interface TimerSchedule {
  expression: string;
  /** The first occurrence strictly after `after`, or undefined when there is none within 5 years. */
  next(after: Date): Date | undefined;
}

/** A .NET TimeSpan string (`[d.]hh:mm[:ss[.fffffff]]`) or a number of milliseconds; undefined if neither. */
export function parseTimeSpan(value: unknown): number | undefined {
  if (typeof value === 'number' && Number.isFinite(value) && value >= 0) return value;
  if (typeof value !== 'string') return undefined;
  const m = /^(?:(\d+)\.)?(\d{1,2}):(\d{1,2})(?::(\d{1,2})(?:\.(\d{1,7}))?)?$/.exec(value.trim());
  if (!m) return undefined;
  const [, d = '0', h = '0', min = '0', s = '0', frac = '0'] = m;
  if (Number(h) > 23 || Number(min) > 59 || Number(s) > 59) return undefined;
  const seconds = ((Number(d) * 24 + Number(h)) * 60 + Number(min)) * 60 + Number(s);
  return seconds * 1000 + Math.round(Number(`0.${frac}`) * 1000);
}

const monthNames = ['jan', 'feb', 'mar', 'apr', 'may', 'jun', 'jul', 'aug', 'sep', 'oct', 'nov', 'dec'];
const dayNames = ['sun', 'mon', 'tue', 'wed', 'thu', 'fri', 'sat'];

interface FieldSpec {
  label: string;
  min: number;
  max: number;
  names?: string[];
}
const fieldSpecs: FieldSpec[] = [
  { label: 'second', min: 0, max: 59 },
  { label: 'minute', min: 0, max: 59 },
  { label: 'hour', min: 0, max: 23 },
  { label: 'day', min: 1, max: 31 },
  { label: 'month', min: 1, max: 12, names: monthNames },
  { label: 'day-of-week', min: 0, max: 6, names: dayNames },
];

function parseField(text: string, spec: FieldSpec, expression: string): Set<number> {
  const fail = (why: string): never => {
    throw new Error(`Invalid NCRONTAB expression "${expression}": ${spec.label} field "${text}" ${why}.`);
  };
  const value = (token: string): number => {
    const named = spec.names?.indexOf(token.toLowerCase()) ?? -1;
    if (named >= 0) return named + spec.min;
    if (!/^\d+$/.test(token)) fail(`has the bad value "${token}"`);
    const n = Number(token);
    if (n < spec.min || n > spec.max) fail(`is outside ${spec.min}-${spec.max}`);
    return n;
  };
  const values = new Set<number>();
  for (const item of text.split(',')) {
    const [range = '', stepText, extra] = item.split('/');
    if (extra !== undefined || range === '') fail('is malformed');
    const step = stepText === undefined ? 1 : Number(stepText);
    if (!Number.isInteger(step) || step < 1) fail(`has the bad step "${stepText}"`);
    let low: number;
    let high: number;
    if (range === '*') [low, high] = [spec.min, spec.max];
    else if (range.includes('-')) {
      const [a = '', b = ''] = range.split('-');
      [low, high] = [value(a), value(b)];
      if (low > high) fail('has a reversed range');
    } else {
      low = value(range);
      high = stepText === undefined ? low : spec.max;
    }
    for (let v = low; v <= high; v += step) values.add(v);
  }
  return values;
}

export function parseNcrontab(expression: string): TimerSchedule {
  const texts = expression.trim().split(/\s+/);
  if (texts.length !== 6) {
    throw new Error(
      `Invalid NCRONTAB expression "${expression}": expected 6 fields (with seconds), got ${texts.length}.`,
    );
  }
  const [seconds, minutes, hours, days, months, weekdays] = texts.map((t, i) =>
    parseField(t, fieldSpecs[i] as FieldSpec, expression),
  ) as [Set<number>, Set<number>, Set<number>, Set<number>, Set<number>, Set<number>];
  return {
    expression,
    next(after) {
      const t = new Date(after.getTime());
      t.setMilliseconds(0);
      t.setSeconds(t.getSeconds() + 1);
      const limit = after.getFullYear() + 5;
      while (t.getFullYear() <= limit) {
        if (!months.has(t.getMonth() + 1)) {
          t.setMonth(t.getMonth() + 1, 1);
          t.setHours(0, 0, 0);
        } else if (!days.has(t.getDate()) || !weekdays.has(t.getDay())) {
          t.setDate(t.getDate() + 1);
          t.setHours(0, 0, 0);
        } else if (!hours.has(t.getHours())) t.setHours(t.getHours() + 1, 0, 0);
        else if (!minutes.has(t.getMinutes())) t.setMinutes(t.getMinutes() + 1, 0);
        else if (!seconds.has(t.getSeconds())) t.setSeconds(t.getSeconds() + 1);
        else return t;
      }
      return undefined;
    },
  };
}

/** NCRONTAB, or a TimeSpan meaning "every interval" (allowed on App Service plans). */
export function parseSchedule(expression: string): TimerSchedule {
  const interval = /^\s*[\d.]+:\d/.test(expression) ? parseTimeSpan(expression) : undefined;
  if (interval !== undefined) {
    if (interval <= 0) throw new Error(`Invalid timer interval "${expression}".`);
    return { expression, next: (after) => new Date(after.getTime() + interval) };
  }
  return parseNcrontab(expression);
}

export interface RunningTimers {
  close(): Promise<void>;
}

// setTimeout cannot wait longer than about 24.8 days in one go.
const maxDelay = 2 ** 31 - 1;
const neverRan = new Date('0001-01-01T00:00:00.000Z');

export function startTimers(env: InvocationEnv, registrations: Registration[]): RunningTimers {
  let stopped = false;
  const handles = new Set<NodeJS.Timeout>();
  const running = new Set<Promise<void>>();

  for (const reg of registrations.filter((r) => r.trigger.type.toLowerCase() === 'timertrigger')) {
    let schedule: TimerSchedule;
    try {
      schedule = parseSchedule(resolveAppSettings(String(reg.trigger.schedule ?? '')));
    } catch (error) {
      env.log(`${stamp()} [${reg.name}] error: the timer is disabled: ${(error as Error).message}`);
      continue;
    }
    let last = neverRan;

    const fire = async (scheduled: Date | undefined): Promise<void> => {
      const now = new Date();
      const timer = {
        schedule: { adjustForDST: true },
        scheduleStatus: {
          last: last.toISOString(),
          next: (schedule.next(scheduled ?? now) ?? now).toISOString(),
          lastUpdated: now.toISOString(),
        },
        isPastDue: scheduled !== undefined && now.getTime() - scheduled.getTime() > 1000,
      };
      last = scheduled ?? now;
      await invoke(env, reg, { inputs: [timer], reason: `Timer fired at ${now.toISOString()}` }).catch(() => {
        // invoke() logged the failure; the schedule goes on, as in Azure.
      });
    };

    const arm = (from: Date): void => {
      if (stopped) return;
      const at = schedule.next(from);
      if (!at) {
        env.log(`${stamp()} [${reg.name}] warning: schedule "${schedule.expression}" never fires.`);
        return;
      }
      const wait = (): void => {
        const delay = at.getTime() - Date.now();
        const handle = setTimeout(
          () => {
            handles.delete(handle);
            if (stopped) return;
            if (delay > maxDelay) return wait();
            track(fire(at).then(() => arm(new Date(Math.max(Date.now(), at.getTime())))));
          },
          Math.max(0, Math.min(delay, maxDelay)),
        );
        handles.add(handle);
      };
      wait();
    };

    const track = (p: Promise<void>): void => {
      running.add(p);
      void p.finally(() => running.delete(p));
    };

    if (reg.trigger.runOnStartup === true) track(fire(undefined).then(() => arm(new Date())));
    else arm(new Date());
  }

  return {
    async close() {
      stopped = true;
      for (const handle of handles) clearTimeout(handle);
      handles.clear();
      await Promise.allSettled([...running]);
    },
  };
}
