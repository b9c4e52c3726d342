/**
 * The outbox: each email an invitation must send is a row written in the same transaction as the change that
 * calls for it. A queue message points at the row; the dispatcher sends it at most once and records the outcome on
 * the row and on the invitation. ACS knows the email by the row's id (its operation id, and the `messageId` of its
 * delivery report); a send is made repeatable with ACS's `Repeatability-Request-Id` + `Repeatability-First-Sent`
 * pair, kept on the row so a send retried after a crash repeats the same pair and ACS does not send it twice.
 * Passing failures are retried with bounded backoff that honours Retry-After, at most 5 attempts; throttling (429)
 * is never an attempt: the email waits for the quota, bounded by the invitation's expiry. Accepted (202) is `sent`;
 * the delivery report then makes it `delivered` or `failed`.
 */

export type OutboxReason = 'invitation' | 'resent' | 'new-link';
export type OutboxStatus = 'pending' | 'sent' | 'delivered' | 'failed' | 'cancelled';

/** A repeatable request: ACS executes a request id once while its first-sent time is less than 5 minutes old. */
export interface SendWindow {
  /** A GUID, the `Repeatability-Request-Id`. */
  requestId: string;
  /** The `Repeatability-First-Sent`. */
  firstSentAt: Date;
}

/** The delivery report last applied to a row (ACS, through Event Grid). */
export interface AppliedReport {
  /** ACS's status: `Delivered`, `Bounced`, `Failed`, `FilteredSpam`, `Quarantined`, `Suppressed`, … */
  status: string;
  /** The report's delivery attempt time: a report older than the applied one changes nothing. */
  at: Date;
  detail?: string;
}

export interface OutboxEntry {
  /**
   * A GUID: the ACS operation id of the send, so the `messageId` of its delivery report. The invitation's own email
   * has the invitation's id (a report then leads straight to the invitation); later emails have their own.
   */
  id: string;
  invitationId: string;
  /** The invitation key version this email carries; an older version is never sent. */
  keyVersion: number;
  reason: OutboxReason;
  status: OutboxStatus;
  /** Sends that failed for a passing reason, or the one ACS accepted. Throttled sends do not count. */
  attempts: number;
  createdAt: Date;
  sentAt?: Date;
  lastError?: string;
  /** The link key, encrypted for the dispatcher; erased once the email is sent or abandoned. */
  sealedKey?: string;
  /** The repeatability pair of the latest send (or the one about to be made). */
  repeatability?: SendWindow;
  report?: AppliedReport;
}

/** The queue message: a pointer, never the content. */
export interface DispatchRequest {
  invitationId: string;
  outboxId: string;
  /** When the pointer was first queued: a pointer whose row never appears is dropped after a grace period. */
  queuedAt: string;
  /** Throttled sends of this email in a row: spaces the waits. Never an attempt. */
  throttled?: number;
  /** The request id ACS refused for good (429): the next send opens a new window instead of repeating it. */
  rejectedRequestId?: string;
}

export const MAX_SEND_ATTEMPTS = 5;
export const DEFAULT_RETRY_BASE_SECONDS = 5;
const MAX_DELAY_SECONDS = 15 * 60;
/** ACS tracks a repeatable request for 5 minutes after its first-sent time; older ones get 412. */
export const REPEATABILITY_WINDOW_MS = 5 * 60_000;
/** A window is reused only while younger than this, so it is still inside ACS's 5 minutes when the send arrives. */
export const WINDOW_REUSE_MS = 4 * 60_000;

/**
 * Bounded exponential backoff (by default 5 s, 10 s, 20 s, 40 s…, at most 15 min) that never retries before
 * Retry-After.
 */
export function retryDelaySeconds(
  attempt: number,
  retryAfterSeconds?: number,
  jitter = 0,
  baseSeconds = DEFAULT_RETRY_BASE_SECONDS,
): number {
  const backoff = Math.min(MAX_DELAY_SECONDS, baseSeconds * 2 ** Math.max(0, attempt - 1));
  const delay = Math.max(backoff, Math.min(retryAfterSeconds ?? 0, MAX_DELAY_SECONDS));
  return Math.round(delay * (1 + Math.max(0, Math.min(jitter, 0.2))));
}

/**
 * How long a throttled email waits: ACS's Retry-After when it gives one (it says when the quota frees; requests over
 * the limit are refused, not queued), else the backoff of a passing failure, growing with each throttle in a row.
 * Jitter (at most 20 %) only lengthens it, so emails refused together do not all come back at once.
 */
export function throttleDelaySeconds(
  throttled: number,
  retryAfterSeconds: number | undefined,
  jitter = 0,
  baseSeconds = DEFAULT_RETRY_BASE_SECONDS,
): number {
  if (retryAfterSeconds === undefined) return retryDelaySeconds(throttled, undefined, jitter, baseSeconds);
  const wait = Math.min(MAX_DELAY_SECONDS, Math.max(1, retryAfterSeconds));
  return Math.round(wait * (1 + Math.max(0, Math.min(jitter, 0.2))));
}

/**
 * The repeatability pair of the next send. The row's pair is repeated while it is young enough and ACS did not
 * refuse it for good: a send whose outcome is unknown (no answer, 5xx, a crash before the outcome was recorded) is
 * then executed once by ACS. A new pair is opened when there is none, when ACS refused the last one (a 429 is
 * remembered for its request id, so repeating it would be refused again), or when its window has passed. In that
 * last case the outcome of the earlier send is unknown and ACS can no longer tell: the email is sent again, since its
 * delivery report, had ACS accepted it, would have settled the row by now (see docs/invitations.md).
 */
export function nextSendWindow(
  entry: Pick<OutboxEntry, 'repeatability'>,
  request: Pick<DispatchRequest, 'rejectedRequestId'>,
  now: Date,
  newId: () => string,
): { window: SendWindow; opened: boolean } {
  const current = entry.repeatability;
  const usable =
    current &&
    current.requestId !== request.rejectedRequestId &&
    now.getTime() - current.firstSentAt.getTime() < WINDOW_REUSE_MS &&
    current.firstSentAt.getTime() <= now.getTime() + 60_000;
  if (usable) return { window: current, opened: false };
  return { window: { requestId: newId(), firstSentAt: now }, opened: true };
}

/** What a delivery report status means for the email: only `Delivered` is a delivery, anything else a failure. */
export function reportOutcome(status: string): 'delivered' | 'failed' {
  return status.toLowerCase() === 'delivered' ? 'delivered' : 'failed';
}

/**
 * The row after a delivery report, or undefined when the report changes nothing: a report no newer than the one
 * applied (a duplicate, or one delivered out of order) is ignored. A report for a row still pending, cancelled or
 * failed proves ACS accepted the email after all (its outcome was lost): it is recorded as sent, then as reported.
 */
export function applyReport(
  entry: OutboxEntry,
  report: { status: string; at: Date; detail?: string },
): OutboxEntry | undefined {
  if (entry.report && entry.report.at.getTime() >= report.at.getTime()) return undefined;
  // A send whose outcome was lost (a crash before it was recorded) was not counted yet; a failed one was.
  const uncounted = entry.status === 'pending' || entry.status === 'cancelled';
  const next: OutboxEntry = {
    ...entry,
    status: reportOutcome(report.status),
    attempts: Math.max(1, uncounted ? entry.attempts + 1 : entry.attempts),
    sentAt: entry.sentAt ?? report.at,
    report: { status: report.status, at: report.at, ...(report.detail ? { detail: report.detail } : {}) },
  };
  delete next.sealedKey;
  delete next.repeatability;
  if (next.status === 'delivered') delete next.lastError;
  else next.lastError = describeReport(report);
  return next;
}

export function describeReport(report: { status: string; detail?: string }): string {
  return report.detail ? `${report.status}: ${report.detail}` : report.status;
}
