/**
 * Two-step verification with an authenticator app (docs/two-step.md): time-based one-time passwords (RFC 6238 over
 * RFC 4226's HOTP — 30 s steps, 6 digits, HMAC-SHA-1, what the common apps compute), single-use recovery codes kept
 * only as hashes, and the limits of SECURITY.md: one step of clock drift each way, a code accepted once (the last
 * accepted step is kept), 5 wrong codes in 15 minutes lock the code step for 15 minutes.
 *
 * Pure: the HMAC, the random draws and the recovery codes' hash come through `TwoStepCrypto` (node:crypto is the
 * adapter's, shared/adapters/totp.ts). The judgement returns the next state; the use case writes it If-Match.
 */

/** RFC 6238 time step (seconds). */
export const TOTP_PERIOD_SECONDS = 30;
/** Digits of a code. */
export const TOTP_DIGITS = 6;
/** Steps of clock drift accepted each way (SECURITY.md: one). */
export const DRIFT_STEPS = 1;
/** Bytes of a new secret: 160 bits, RFC 4226 §4's recommended length for HMAC-SHA-1. */
export const SECRET_BYTES = 20;
/** Wrong codes within `FAILURE_WINDOW_MS` that lock the code step. */
export const MAX_WRONG_CODES = 5;
export const FAILURE_WINDOW_MS = 15 * 60 * 1000;
/** How long the code step stays locked. */
export const LOCK_MS = 15 * 60 * 1000;
/** Recovery codes given when two-step is turned on. */
export const RECOVERY_CODE_COUNT = 10;
/** Characters of a recovery code (base32: 5 bits each, so 80 bits), shown in groups of four. */
export const RECOVERY_CODE_LENGTH = 16;

/** What the domain needs of cryptography, given by an adapter. */
export interface TwoStepCrypto {
  hmacSha1(key: Uint8Array, message: Uint8Array): Uint8Array;
  randomBytes(length: number): Uint8Array;
  /** A one-way hash of a (normalized) recovery code, as text; the same code always gives the same hash. */
  hashRecoveryCode(code: string): string;
}

/** What is kept besides the secret (the store's `Data`): never a code, only hashes and counters. */
export interface TwoStepState {
  /** Hashes of the recovery codes not used yet. */
  recoveryHashes: string[];
  /** The time step of the last accepted code: that step and earlier ones are refused (a code works once). */
  lastStep?: number;
  /** When the recent wrong codes were given (ms since the epoch), within the failure window. */
  failures: number[];
  /** Until when the code step is locked (ms since the epoch). */
  lockedUntil?: number;
}

export const emptyState = (): TwoStepState => ({ recoveryHashes: [], failures: [] });

const BASE32 = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ234567';

/** RFC 4648 base32, without padding (what authenticator apps read). */
export function base32Encode(bytes: Uint8Array): string {
  let out = '';
  let buffer = 0;
  let bits = 0;
  for (const byte of bytes) {
    buffer = (buffer << 8) | byte;
    bits += 8;
    while (bits >= 5) {
      out += BASE32[(buffer >>> (bits - 5)) & 31];
      bits -= 5;
    }
  }
  if (bits > 0) out += BASE32[(buffer << (5 - bits)) & 31];
  return out;
}

/** RFC 4648 base32 (case, spaces and padding ignored); undefined when it is not base32. */
export function base32Decode(text: string): Uint8Array | undefined {
  const clean = text.replace(/[\s=]/g, '').toUpperCase();
  const out: number[] = [];
  let buffer = 0;
  let bits = 0;
  for (const char of clean) {
    const value = BASE32.indexOf(char);
    if (value < 0) return undefined;
    buffer = ((buffer << 5) | value) & 0xffff;
    bits += 5;
    if (bits >= 8) {
      out.push((buffer >>> (bits - 8)) & 0xff);
      bits -= 8;
    }
  }
  return Uint8Array.from(out);
}

/** RFC 4226 HOTP: the code of one counter value. */
export function hotp(crypto: Pick<TwoStepCrypto, 'hmacSha1'>, key: Uint8Array, counter: number, digits = TOTP_DIGITS) {
  const message = new Uint8Array(8);
  let rest = counter;
  for (let i = 7; i >= 0; i--) {
    message[i] = rest % 256;
    rest = Math.floor(rest / 256);
  }
  const mac = crypto.hmacSha1(key, message);
  const offset = mac[mac.length - 1]! & 0x0f;
  const binary = ((mac[offset]! & 0x7f) << 24) | (mac[offset + 1]! << 16) | (mac[offset + 2]! << 8) | mac[offset + 3]!;
  return String(binary % 10 ** digits).padStart(digits, '0');
}

/** RFC 6238: the time step of an instant (T0 = 0). */
export const timeStep = (at: Date) => Math.floor(at.getTime() / 1000 / TOTP_PERIOD_SECONDS);

/** RFC 6238 TOTP at an instant. */
export function totp(crypto: Pick<TwoStepCrypto, 'hmacSha1'>, key: Uint8Array, at: Date, digits = TOTP_DIGITS) {
  return hotp(crypto, key, timeStep(at), digits);
}

/** A new secret, base32 (what the QR code and the manual entry carry). */
export const newSecret = (crypto: Pick<TwoStepCrypto, 'randomBytes'>) => base32Encode(crypto.randomBytes(SECRET_BYTES));

/** New recovery codes as shown (`abcd-efgh-ijkl-mnop`), and their hashes to keep. */
export function newRecoveryCodes(crypto: Pick<TwoStepCrypto, 'randomBytes' | 'hashRecoveryCode'>): {
  codes: string[];
  hashes: string[];
} {
  const codes: string[] = [];
  while (codes.length < RECOVERY_CODE_COUNT) {
    const raw = base32Encode(crypto.randomBytes(10)).toLowerCase().slice(0, RECOVERY_CODE_LENGTH);
    const shown = raw.match(/.{4}/g)!.join('-');
    if (!codes.includes(shown)) codes.push(shown);
  }
  return { codes, hashes: codes.map((c) => crypto.hashRecoveryCode(normalizeRecoveryCode(c)!)) };
}

/** The recovery code as typed (any case, spaces or dashes), or undefined when it cannot be one. */
export function normalizeRecoveryCode(input: string): string | undefined {
  const clean = input.replace(/[\s-]/g, '').toLowerCase();
  return /^[a-z2-7]+$/.test(clean) && clean.length === RECOVERY_CODE_LENGTH ? clean : undefined;
}

/** The authenticator code as typed (spaces allowed: apps show "123 456"), or undefined when it cannot be one. */
export function normalizeAppCode(input: string): string | undefined {
  const clean = input.replace(/\s/g, '');
  return new RegExp(`^\\d{${TOTP_DIGITS}}$`).test(clean) ? clean : undefined;
}

/** Compares two codes of the same length without an early exit. */
function sameCode(a: string, b: string): boolean {
  if (a.length !== b.length) return false;
  let diff = 0;
  for (let i = 0; i < a.length; i++) diff |= a.charCodeAt(i) ^ b.charCodeAt(i);
  return diff === 0;
}

export type Judgement =
  /** The code is good: the state to keep (its step remembered, or the recovery code gone; failures forgotten). */
  | { kind: 'accepted'; via: 'app' | 'recovery'; state: TwoStepState; recoveryLeft: number }
  /** Wrong, or a code already accepted (`replayed`): the failure counted in the state to keep. */
  | { kind: 'wrong'; reason: 'wrong' | 'replayed'; state: TwoStepState; attemptsRemaining: number }
  /** The code step is locked (this failure locked it, or it was): `state` to keep when this failure locked it. */
  | { kind: 'locked'; retryAfterSeconds: number; state?: TwoStepState };

/** How the code step stands before a code is judged: locked (for how long), or the failures still counting. */
function standing(state: TwoStepState, now: Date) {
  const t = now.getTime();
  if (state.lockedUntil !== undefined && state.lockedUntil > t) {
    return { locked: Math.ceil((state.lockedUntil - t) / 1000) };
  }
  const { lockedUntil: _ended, ...rest } = state;
  return { state: { ...rest, failures: state.failures.filter((f) => t - f < FAILURE_WINDOW_MS) } };
}

/**
 * Judges a code — the app's (6 digits, the current step or one each way, not at or before the last accepted step) or
 * a recovery code (one not used yet) — with the secret (base32) and the state. A locked code step refuses without
 * looking at the code. `recovery: false` accepts the app's codes only (confirming enrollment).
 */
export function judgeCode(
  crypto: Pick<TwoStepCrypto, 'hmacSha1' | 'hashRecoveryCode'>,
  secret: string,
  current: TwoStepState,
  input: string,
  now: Date,
  options: { recovery?: boolean } = {},
): Judgement {
  const stand = standing(current, now);
  if (stand.locked !== undefined) return { kind: 'locked', retryAfterSeconds: stand.locked };
  const state = stand.state;
  const key = base32Decode(secret) ?? new Uint8Array();
  const appCode = normalizeAppCode(input);
  let reason: 'wrong' | 'replayed' = 'wrong';
  if (appCode !== undefined) {
    const step = timeStep(now);
    for (let drift = -DRIFT_STEPS; drift <= DRIFT_STEPS; drift++) {
      if (!sameCode(hotp(crypto, key, step + drift), appCode)) continue;
      if (state.lastStep !== undefined && step + drift <= state.lastStep) {
        reason = 'replayed';
        continue;
      }
      return {
        kind: 'accepted',
        via: 'app',
        state: { ...state, lastStep: step + drift, failures: [] },
        recoveryLeft: state.recoveryHashes.length,
      };
    }
  }
  const recoveryCode = options.recovery === false ? undefined : normalizeRecoveryCode(input);
  if (recoveryCode !== undefined) {
    const hash = crypto.hashRecoveryCode(recoveryCode);
    const left = state.recoveryHashes.filter((h) => !sameCode(h, hash));
    if (left.length < state.recoveryHashes.length) {
      return {
        kind: 'accepted',
        via: 'recovery',
        state: { ...state, recoveryHashes: left, failures: [] },
        recoveryLeft: left.length,
      };
    }
  }
  const failures = [...state.failures, now.getTime()];
  if (failures.length >= MAX_WRONG_CODES) {
    return {
      kind: 'locked',
      retryAfterSeconds: LOCK_MS / 1000,
      state: { ...state, failures: [], lockedUntil: now.getTime() + LOCK_MS },
    };
  }
  return { kind: 'wrong', reason, state: { ...state, failures }, attemptsRemaining: MAX_WRONG_CODES - failures.length };
}

/** The `otpauth://` URI authenticator apps read from the QR code (Google Authenticator's Key Uri Format). */
export function otpauthUri(secret: string, account: string, issuer: string): string {
  const label = `${encodeURIComponent(issuer)}:${encodeURIComponent(account)}`;
  const query = new URLSearchParams({
    secret,
    issuer,
    algorithm: 'SHA1',
    digits: String(TOTP_DIGITS),
    period: String(TOTP_PERIOD_SECONDS),
  });
  return `otpauth://totp/${label}?${query.toString()}`;
}
