/**
 * The rate limits of the local ACS, as the service limits page states them (learn.microsoft.com/azure/communication-services/concepts/service-limits):
 * email sends per minute and per hour, email status polls per minute and per hour, and the alphanumeric SMS sender's
 * throughput (600 messages a minute per resource). A request over a limit is refused with 429 and `Retry-After` (the
 * seconds until the oldest counted request leaves the window) and is not counted: requests over the limit are
 * rejected, not queued. Windows slide.
 */

export interface EmailQuota {
  sendsPerMinute: number;
  sendsPerHour: number;
  statusPerMinute: number;
  statusPerHour: number;
  /**
   * The length of the "minute" window, 60 s as in Azure. A test of waiting for the quota may shorten it (control
   * endpoint only) so that it waits seconds, not a minute: the limits and the 429 + Retry-After stay the same.
   */
  minuteWindowSeconds?: number;
}

/** A custom verified domain's default limits; an Azure-managed domain has 5/10 sends and 10/20 status polls. */
export const CUSTOM_DOMAIN_QUOTA: EmailQuota = {
  sendsPerMinute: 30,
  sendsPerHour: 100,
  statusPerMinute: 60,
  statusPerHour: 200,
};
/** Messages a minute through an alphanumeric sender id, per resource. */
export const ALPHANUMERIC_SMS_PER_MINUTE = 600;

const MINUTE = 60_000;
const HOUR = 3_600_000;

/** Validates a quota from the control endpoint; status limits default to twice the send limits (the documented ratio). */
export function parseQuota(value: unknown): EmailQuota | string {
  if (typeof value !== 'object' || value === null) return 'expected a JSON object';
  const v = value as Record<string, unknown>;
  const positive = (x: unknown) => typeof x === 'number' && Number.isInteger(x) && x >= 1;
  if (!positive(v.sendsPerMinute) || !positive(v.sendsPerHour))
    return 'sendsPerMinute and sendsPerHour must be integers >= 1';
  for (const key of ['statusPerMinute', 'statusPerHour']) {
    if (v[key] !== undefined && !positive(v[key])) return `${key} must be an integer >= 1`;
  }
  const window = v.minuteWindowSeconds;
  if (window !== undefined && (!positive(window) || (window as number) > 60))
    return 'minuteWindowSeconds must be an integer from 1 to 60';
  const sendsPerMinute = v.sendsPerMinute as number;
  const sendsPerHour = v.sendsPerHour as number;
  return {
    sendsPerMinute,
    sendsPerHour,
    statusPerMinute: (v.statusPerMinute as number | undefined) ?? sendsPerMinute * 2,
    statusPerHour: (v.statusPerHour as number | undefined) ?? sendsPerHour * 2,
    ...(window === undefined ? {} : { minuteWindowSeconds: window as number }),
  };
}

/** Counts requests in sliding windows; `take` says how long to wait when one more would exceed a limit. */
export class SlidingLimit {
  private stamps: number[] = [];

  constructor(
    private limits: Array<{ windowMs: number; max: number }>,
    private readonly now: () => number = Date.now,
  ) {}

  setLimits(limits: Array<{ windowMs: number; max: number }>): void {
    this.limits = limits;
  }

  /** Counts `count` requests and returns 0, or returns the seconds to wait (nothing counted). */
  take(count = 1): number {
    const now = this.now();
    const longest = Math.max(...this.limits.map((l) => l.windowMs));
    this.stamps = this.stamps.filter((t) => now - t < longest);
    let waitMs = 0;
    for (const { windowMs, max } of this.limits) {
      const inWindow = this.stamps.filter((t) => now - t < windowMs);
      if (inWindow.length + count <= max) continue;
      // The request fits once enough of the oldest stamps have left the window (or never, if count > max).
      const leaving = inWindow[inWindow.length + count - max - 1];
      waitMs = Math.max(waitMs, leaving === undefined ? windowMs : leaving + windowMs - now);
    }
    if (waitMs > 0) return Math.max(1, Math.ceil(waitMs / 1000));
    for (let i = 0; i < count; i++) this.stamps.push(now);
    return 0;
  }

  used(windowMs: number): number {
    const now = this.now();
    return this.stamps.filter((t) => now - t < windowMs).length;
  }

  clear(): void {
    this.stamps = [];
  }
}

/** The email limits of one resource. */
export class EmailLimits {
  readonly sends: SlidingLimit;
  readonly status: SlidingLimit;
  private current: EmailQuota;

  constructor(quota: EmailQuota, now: () => number = Date.now) {
    this.current = quota;
    this.sends = new SlidingLimit(EmailLimits.windows(quota, quota.sendsPerMinute, quota.sendsPerHour), now);
    this.status = new SlidingLimit(EmailLimits.windows(quota, quota.statusPerMinute, quota.statusPerHour), now);
  }

  private static minute(quota: EmailQuota): number {
    return (quota.minuteWindowSeconds ?? 60) * 1000;
  }

  private static windows(quota: EmailQuota, perMinute: number, perHour: number) {
    return [
      { windowMs: EmailLimits.minute(quota), max: perMinute },
      { windowMs: HOUR, max: perHour },
    ];
  }

  get quota(): EmailQuota {
    return { ...this.current };
  }

  set(quota: EmailQuota): void {
    this.current = quota;
    this.sends.setLimits(EmailLimits.windows(quota, quota.sendsPerMinute, quota.sendsPerHour));
    this.status.setLimits(EmailLimits.windows(quota, quota.statusPerMinute, quota.statusPerHour));
  }

  usage() {
    return {
      ...this.quota,
      sendsLastMinute: this.sends.used(EmailLimits.minute(this.current)),
      sendsLastHour: this.sends.used(HOUR),
      statusLastMinute: this.status.used(EmailLimits.minute(this.current)),
      statusLastHour: this.status.used(HOUR),
    };
  }

  clear(): void {
    this.sends.clear();
    this.status.clear();
  }
}

export const SMS_WINDOW = [{ windowMs: MINUTE, max: ALPHANUMERIC_SMS_PER_MINUTE }];
