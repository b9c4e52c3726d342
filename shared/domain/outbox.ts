/**
 * The outbox: each email an invitation must send is a row written in the same transaction as the change that
 * calls for it. A queue message points at the row; the dispatcher sends it at most once (the row's id is the
 * ACS operation id, so a retried send after a crash is recognised by ACS) and records the outcome on the row and
 * on the invitation. Transient failures are retried with bounded backoff that honours Retry-After; after the
 * last try the row is failed and the reason shows on the invitation — nothing is lost silently.
 */

export type OutboxReason = 'invitation' | 'resent' | 'new-link';
export type OutboxStatus = 'pending' | 'sent' | 'failed' | 'cancelled';

export interface OutboxEntry {
  /** A GUID; also the ACS operation id of the send. */
  id: string;
  invitationId: string;
  /** The invitation key version this email carries; an older version is never sent. */
  keyVersion: number;
  reason: OutboxReason;
  status: OutboxStatus;
  attempts: number;
  createdAt: Date;
  sentAt?: Date;
  lastError?: string;
  /** The link key, encrypted for the dispatcher; erased once the email is sent or abandoned. */
  sealedKey?: string;
}

/** The queue message: a pointer, never the content. */
export interface DispatchRequest {
  invitationId: string;
  outboxId: string;
  /** When the pointer was first queued: a pointer whose row never appears is dropped after a grace period. */
  queuedAt: string;
}

export const MAX_SEND_ATTEMPTS = 5;
export const DEFAULT_RETRY_BASE_SECONDS = 5;
const MAX_DELAY_SECONDS = 15 * 60;

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
