/**
 * The mobile app's codes (SECURITY.md). Identification codes: 8 characters drawn with `crypto.randomInt` from the
 * unambiguous alphabet (an identifier, not a secret). Activation codes: 6 digits from `crypto.randomInt`; only their
 * HMAC-SHA-256 is kept, under a key derived (HKDF-SHA-256, purpose `activation-code`) from SESSION_KEYS — the first
 * key hashes, every key is tried when a code is checked, so the keys can rotate without spoiling a code in flight.
 * Hashes are compared in constant time.
 */
import { createHmac, hkdfSync, randomInt, timingSafeEqual } from 'node:crypto';
import { type ClientCodes, IDENTIFICATION_CODE_ALPHABET, IDENTIFICATION_CODE_LENGTH } from '../domain/client-file.js';

export function createClientCodes(sessionKeys: string[]): ClientCodes {
  const keys = sessionKeys.map((s) =>
    Buffer.from(hkdfSync('sha256', Buffer.from(s, 'base64'), Buffer.alloc(0), 'activation-code', 32)),
  );
  if (!keys.length) throw new Error('client codes need at least one session key');
  const hmac = (key: Buffer, code: string) => createHmac('sha256', key).update(code, 'utf8').digest();
  return {
    newIdentificationCode() {
      let code = '';
      for (let i = 0; i < IDENTIFICATION_CODE_LENGTH; i++) {
        code += IDENTIFICATION_CODE_ALPHABET[randomInt(IDENTIFICATION_CODE_ALPHABET.length)];
      }
      return code;
    },
    issueActivationCode() {
      const code = String(randomInt(1_000_000)).padStart(6, '0');
      return { code, hash: hmac(keys[0]!, code).toString('base64url') };
    },
    activationCodeMatches(code, hash) {
      const expected = Buffer.from(hash, 'base64url');
      return keys.some((key) => {
        const actual = hmac(key, code);
        return actual.length === expected.length && timingSafeEqual(actual, expected);
      });
    },
  };
}
