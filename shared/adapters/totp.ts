/**
 * The two-step domain's cryptography with node:crypto: HMAC-SHA-1 (RFC 6238's algorithm the common authenticator
 * apps use), random bytes, and SHA-256 of recovery codes (80 random bits each: a plain hash is enough to keep them
 * unreadable at rest, as for reset tokens).
 */
import { createHash, createHmac, randomBytes } from 'node:crypto';
import type { TwoStepCrypto } from '../domain/two-step.js';

export const nodeTwoStepCrypto: TwoStepCrypto = {
  hmacSha1: (key, message) => new Uint8Array(createHmac('sha1', key).update(message).digest()),
  randomBytes: (length) => new Uint8Array(randomBytes(length)),
  hashRecoveryCode: (code) => createHash('sha256').update(`two-step-recovery:${code}`).digest('base64url'),
};
