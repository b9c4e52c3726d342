/**
 * Fault injection for the local ACS: tests ask for the next N send calls to fail (429 with Retry-After,
 * 500, 503) to prove that the application copes with a throttled or broken ACS. Polls and the mailbox are
 * never failed, only sends, because that is where Azure throttles.
 */

export type FailureStatus = 429 | 500 | 503;
export type FailureKind = 'email' | 'sms' | 'any';

export interface FailureRule {
  count: number;
  status: FailureStatus;
  /** Sent as Retry-After; 429 gets 1 second when omitted, as a throttled ACS always says when to come back. */
  retryAfterSeconds?: number;
  kind?: FailureKind;
  /** Only sends to this recipient (an email address or an E.164 number) take it: tests running side by side on one
   * stack cannot take each other's failures. */
  to?: string;
}

export interface Failure {
  status: FailureStatus;
  retryAfterSeconds?: number;
}

const STATUSES: readonly number[] = [429, 500, 503];
const KINDS: readonly string[] = ['email', 'sms', 'any'];

/** Validates a rule from the control endpoint; returns an error message when it is not usable. */
export function parseFailureRule(value: unknown): FailureRule | string {
  if (typeof value !== 'object' || value === null) return 'expected a JSON object';
  const { count, status, retryAfterSeconds, kind, to } = value as Record<string, unknown>;
  if (typeof count !== 'number' || !Number.isInteger(count) || count < 1) return 'count must be a positive integer';
  if (typeof status !== 'number' || !STATUSES.includes(status)) return 'status must be 429, 500 or 503';
  if (retryAfterSeconds !== undefined && (typeof retryAfterSeconds !== 'number' || retryAfterSeconds < 0)) {
    return 'retryAfterSeconds must be a number >= 0';
  }
  if (kind !== undefined && (typeof kind !== 'string' || !KINDS.includes(kind))) {
    return "kind must be 'email', 'sms' or 'any'";
  }
  if (to !== undefined && (typeof to !== 'string' || to === '')) return 'to must be a recipient';
  return {
    count,
    status: status as FailureStatus,
    ...(retryAfterSeconds !== undefined && { retryAfterSeconds: retryAfterSeconds as number }),
    ...(kind !== undefined && { kind: kind as FailureKind }),
    ...(to !== undefined && { to: (to as string).toLowerCase() }),
  };
}

export class FailureInjector {
  private rules: FailureRule[] = [];

  add(rule: FailureRule): void {
    const parsed = parseFailureRule(rule);
    if (typeof parsed === 'string') throw new TypeError(`Invalid failure rule: ${parsed}`);
    this.rules.push(parsed);
  }

  /** The failure this send call must answer with, if any; consumes one from the first matching rule. */
  take(kind: 'email' | 'sms', recipients: string[] = []): Failure | undefined {
    const to = recipients.map((r) => r.toLowerCase());
    const rule = this.rules.find(
      (r) => ((r.kind ?? 'any') === 'any' || r.kind === kind) && (r.to === undefined || to.includes(r.to)),
    );
    if (!rule) return undefined;
    rule.count -= 1;
    if (rule.count <= 0) this.rules = this.rules.filter((r) => r !== rule);
    const retryAfterSeconds = rule.retryAfterSeconds ?? (rule.status === 429 ? 1 : undefined);
    return { status: rule.status, ...(retryAfterSeconds !== undefined && { retryAfterSeconds }) };
  }

  pending(): FailureRule[] {
    return this.rules.map((r) => ({ ...r }));
  }

  clear(): void {
    this.rules = [];
  }
}
