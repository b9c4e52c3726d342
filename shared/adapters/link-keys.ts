/**
 * Invitation link keys (SECURITY.md): 32 random bytes, base64url; only the SHA-256 is stored and hashes are
 * compared in constant time. For the one moment between the invitation's write and its email, the key travels
 * in the outbox row sealed with AES-256-GCM under a key derived from SESSION_KEYS (the first seals, all open,
 * so keys can rotate); the dispatcher erases it once the email is settled.
 */
import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';
import type { LinkKeys } from '../domain/ports.js';
import { textSealer } from './sealed-text.js';

const sha256 = (text: string) => createHash('sha256').update(text, 'utf8').digest('base64url');

export function createLinkKeys(sessionKeys: string[]): LinkKeys {
  const sealer = textSealer(sessionKeys, 'outbox-link-key');
  return {
    issue() {
      const key = randomBytes(32).toString('base64url');
      return { key, hash: sha256(key) };
    },
    hash: sha256,
    same(a, b) {
      const x = Buffer.from(a);
      const y = Buffer.from(b);
      return x.length === y.length && timingSafeEqual(x, y);
    },
    seal: (key) => sealer.seal(key),
    open: (sealed) => sealer.open(sealed),
  };
}
