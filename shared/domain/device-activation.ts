/**
 * Activating the mobile app on a device (SECURITY.md, "activation code" and "activation attempts"): the rules an
 * attempt meets, the device credential the app then holds, and whether the app may still be used. The flows are in
 * `use-cases/activate-device.ts` (activation) and `use-cases/devices.ts` (the app's device calls, revocation).
 */
import type { ActivationFailures, ClientFile, MobileApp } from './client-file.js';
import { DomainError } from './errors.js';

/** SECURITY.md: a code is spent after 5 wrong tries. */
export const MAX_WRONG_TRIES = 5;
/** SECURITY.md: 10 failures per client within 24 hours lock activation until a professional sends a new code. */
export const MAX_FAILURES = 10;
export const FAILURE_WINDOW_MS = 24 * 60 * 60 * 1000;
/**
 * How long a device credential is good for: 30 days. Every device call checks the device row (revoked?) and the
 * client's file (the app still offered and usable?), so the lifetime carries no revocation; it bounds what a copied
 * credential is worth when nobody notices the copy, and how long a retired SESSION_KEYS key must still verify. 30
 * days is NIST SP 800-63B's bound for reauthenticating at AAL1 (docs/mobile-app.md, "The device credential").
 */
export const DEVICE_CREDENTIAL_DAYS = 30;
/** A device's `lastSeenAt` is written at most once an hour (one write, not one per call). */
export const LAST_SEEN_EVERY_MS = 60 * 60 * 1000;

/** What a device credential names: whose app on which device, at which provider. */
export interface DeviceClaims {
  clientId: string;
  providerId: string;
  deviceId: string;
}

/**
 * Device credentials: signed tokens (a JWT signed with a key derived from SESSION_KEYS, `shared/adapters/
 * device-credentials.ts`) the app sends as `Authorization: Bearer …` on its device calls.
 */
export interface DeviceCredentials {
  issue(claims: DeviceClaims, now: Date): Promise<{ token: string; expiresAt: Date }>;
  /** The claims of a valid credential (signature, issuer, audience, expiry) and when it was issued, or undefined. */
  verify(token: string, now: Date): Promise<VerifiedDeviceClaims | undefined>;
}

/** A valid credential's claims, and when it was issued (its `iat`: whole seconds). */
export interface VerifiedDeviceClaims extends DeviceClaims {
  issuedAt: Date;
}

/** The identification code as people type it: any case, spaces or hyphens between groups ("abcd-efgh"). */
export function normalizeIdentificationCode(typed: string): string {
  return typed.replace(/[\s-]+/g, '').toUpperCase();
}

const PARIS_DAY = new Intl.DateTimeFormat('en-CA', {
  timeZone: 'Europe/Paris',
  year: 'numeric',
  month: '2-digit',
  day: '2-digit',
});

/** The calendar day (`YYYY-MM-DD`) it is in Paris at this instant. */
export function parisDay(at: Date): string {
  return PARIS_DAY.format(at);
}

/**
 * Refuses when the provider no longer lets this client use the app: not offered (`mobile-app-not-offered`), or past
 * its usable-until day — a Paris calendar day, inclusive (`mobile-app-expired`).
 */
export function requireUsableApp(mobileApp: MobileApp, now: Date): void {
  if (!mobileApp.offered) {
    throw new DomainError('mobile-app-not-offered', 'The mobile app is not offered to you; ask your advisor.');
  }
  if (mobileApp.usableUntil && parisDay(now) > mobileApp.usableUntil) {
    throw new DomainError(
      'mobile-app-expired',
      `The mobile app could be used until ${mobileApp.usableUntil}; ask your advisor.`,
      { usableUntil: mobileApp.usableUntil },
    );
  }
}

/** The failures that still count at `now` (within the last 24 hours), oldest first. */
export function recentFailures(failures: ActivationFailures, now: Date): Date[] {
  return failures.recent.filter((at) => now.getTime() - at.getTime() < FAILURE_WINDOW_MS);
}

/** Why an attempt is refused because of the code. */
export type CodeRefusal =
  | { reason: 'wrong'; attemptsRemaining: number }
  | { reason: 'spent' | 'expired' | 'used' }
  | { reason: 'locked' };

/**
 * The answer to a refused attempt. `wrong` is also the answer when the identification code names no file, or the
 * file has no code yet: one answer, so a single attempt does not tell which (docs/mobile-app.md).
 */
export function refusalError(refusal: CodeRefusal): DomainError {
  switch (refusal.reason) {
    case 'wrong':
      return new DomainError(
        'activation-code-wrong',
        'The identification code and the activation code do not match; check both.',
        { attemptsRemaining: refusal.attemptsRemaining },
      );
    case 'spent':
      return new DomainError(
        'activation-code-spent',
        `This activation code was typed wrong ${MAX_WRONG_TRIES} times and no longer works; ask for a new one.`,
        { attemptsRemaining: 0 },
      );
    case 'expired':
      return new DomainError('activation-code-expired', 'This activation code has expired; ask for a new one.');
    case 'used':
      return new DomainError('activation-code-used', 'This activation code was already used; ask for a new one.');
    case 'locked':
      return new DomainError(
        'activation-locked',
        'Too many failed activations: activation is locked until your advisor sends you a new code.',
      );
  }
}

/**
 * A refused attempt on a file: the current code's wrong tries (when it is live and the code typed is not it), and a
 * failure counted across codes — the 10th within 24 hours locks activation. Returns the file to write and the
 * refusal to answer; a wrong code's `attemptsRemaining` is never more than the failures left before the lock, so the
 * app never says "4 attempts remaining" just before locking.
 */
export function recordFailure(
  file: ClientFile,
  refusal: Exclude<CodeRefusal, { reason: 'locked' }>,
  now: Date,
): { file: ClientFile; refusal: CodeRefusal } {
  const recent = [...recentFailures(file.activationFailures, now), now].slice(-MAX_FAILURES);
  const locked = recent.length >= MAX_FAILURES;
  let activation = file.activation;
  if (refusal.reason === 'wrong' && activation) {
    activation = { ...activation, wrongTries: activation.wrongTries + 1 };
  } else if (refusal.reason === 'spent' && activation && activation.wrongTries < MAX_WRONG_TRIES) {
    activation = { ...activation, wrongTries: MAX_WRONG_TRIES };
  }
  return {
    file: {
      ...file,
      ...(activation ? { activation } : {}),
      activationFailures: { recent, ...(locked ? { lockedAt: now } : {}) },
      updatedAt: now,
    },
    refusal: locked
      ? { reason: 'locked' }
      : refusal.reason === 'wrong'
        ? { reason: 'wrong', attemptsRemaining: Math.min(refusal.attemptsRemaining, MAX_FAILURES - recent.length) }
        : refusal,
  };
}

/**
 * What the code typed meets on this file (not locked), before any write: the refusal, or undefined when it opens
 * activation. Every check is made whatever the code typed, so a spent, expired or used code tells nothing about a
 * guess; the code is compared (in constant time, by `matches`) only against a live one.
 */
export function judgeCode(
  file: ClientFile,
  matches: (hash: string) => boolean,
  now: Date,
): Exclude<CodeRefusal, { reason: 'locked' }> | undefined {
  const code = file.activation;
  if (!code) return { reason: 'wrong', attemptsRemaining: MAX_WRONG_TRIES - 1 };
  if (code.usedAt) return { reason: 'used' };
  if (code.wrongTries >= MAX_WRONG_TRIES) return { reason: 'spent' };
  if (now.getTime() >= code.expiresAt.getTime()) return { reason: 'expired' };
  if (matches(code.hash)) return undefined;
  const attemptsRemaining = MAX_WRONG_TRIES - (code.wrongTries + 1);
  return attemptsRemaining === 0 ? { reason: 'spent' } : { reason: 'wrong', attemptsRemaining };
}
