/**
 * Forgot password (SECURITY.md, "reset-password token" and "reset-password requests"): a link whose token is 32
 * random bytes, stored only as its hash, good for 30 minutes and once; a newer link makes older ones stop working.
 * The request the person sends (`POST /api/ResetPassword`) does the same work for every address — the per-IP limit
 * and a queued request — and a queue-triggered worker does the rest (the per-address limit, the directory, the
 * client's access, the token, the email), so the answer and its timing say nothing about the address.
 */
import type { Locale } from './locale.js';
import type { PasswordOwner } from './password-rules.js';

/** How long a reset link works. */
export const RESET_TOKEN_TTL_MS = 30 * 60 * 1000;

/**
 * SECURITY.md: 3 per email per hour, 20 per IP per hour — sliding, in any hour (`Limits.takeSliding`); beyond, the
 * answer stays the same and nothing is sent.
 */
export const RESET_LIMITS = {
  address: { limit: 3, windowSeconds: 60 * 60 },
  ip: { limit: 20, windowSeconds: 60 * 60 },
} as const;

/** The limiter keys (the Table adapter hashes them: neither the address nor the IP is written as it is). */
export const resetLimitKeys = {
  address: (email: string) => `reset-password|email|${email}`,
  ip: (address: string | undefined) => `reset-password|ip|${address ?? 'unknown'}`,
};

/** What the request queues for the worker: the normalized address and the language the person asked in. */
export interface ResetRequest {
  email: string;
  locale: Locale;
  requestedAt: string;
}

/** The queue between the request and the worker (`reset-requests`). */
export interface ResetRequestQueue {
  send(request: ResetRequest): Promise<void>;
}

/** A reset link as stored: the token's hash (never the token), whose account, for whom, until when, used when. */
export interface ResetToken {
  /** The token's SHA-256 (base64url): the store's key. */
  hash: string;
  /** `tid|oid` of the account the link resets. */
  clientKey: string;
  objectId: string;
  /** The address the link was sent to (the account's sign-in address) and the names the password must not hold. */
  owner: Required<Pick<PasswordOwner, 'email'>> & Pick<PasswordOwner, 'firstName' | 'lastName'>;
  /** The language of the email, and of the pages the link opens. */
  locale: Locale;
  issuedAt: Date;
  expiresAt: Date;
  /** Set once, by the confirm that spends the link. */
  usedAt?: Date;
}

/** What a link is worth now. A link replaced by a newer one is `expired` for the person: it no longer works. */
export type ResetTokenState = 'usable' | 'used' | 'expired';

export function resetTokenState(token: ResetToken, latest: boolean, now: Date): ResetTokenState {
  if (token.usedAt) return 'used';
  if (!latest || now.getTime() >= token.expiresAt.getTime()) return 'expired';
  return 'usable';
}

/** A reset token is 32 random bytes in base64url: 43 characters of `A-Za-z0-9_-`. */
export const RESET_TOKEN_PATTERN = /^[A-Za-z0-9_-]{43}$/;
