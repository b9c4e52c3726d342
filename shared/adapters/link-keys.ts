/**
 * Invitation link keys (SECURITY.md): 32 random bytes, base64url; only the SHA-256 is stored and hashes are
 * compared in constant time. For the one moment between the invitation's write and its email, the key travels
 * in the outbox row sealed with AES-256-GCM under a key derived from SESSION_KEYS (the first seals, all open,
 * so keys can rotate); the dispatcher erases it once the email is settled.
 */
import { hash, randomBytes, timingSafeEqual } from 'node:crypto';
import type { LinkKeys } from '../domain/ports.js';
import { textSealer } from './sealed-text.js';

/** One-shot (`crypto.hash`): the same digest as `createHash(…).update(…).digest(…)` without the Hash object (3× faster). */
const sha256 = (text: string) => hash('sha256', text, 'base64url');

const KEY_BYTES = 32;
const KEYS_PER_DRAW = 64;

/**
 * New keys' bytes, drawn from the CSPRNG for `KEYS_PER_DRAW` keys at a time, as Node.js does for `randomUUID`: a
 * draw costs about the same for 2 KiB as for 32 bytes (~10 µs on a quiet core). Under the bench's load, issuing a key
 * took 0.11–0.15 ms of each InviteUser inside the host with a draw per key, 0.06 ms with this (bench/overhead-probe.ts,
 * timed in the host). Each key's bytes are zeroed once encoded: only keys not issued yet are held.
 */
function keySource(): () => string {
  let pool = Buffer.alloc(0);
  let next = 0;
  return () => {
    if (next >= pool.length) {
      pool = randomBytes(KEY_BYTES * KEYS_PER_DRAW);
      next = 0;
    }
    const bytes = pool.subarray(next, next + KEY_BYTES);
    next += KEY_BYTES;
    const key = bytes.toString('base64url');
    bytes.fill(0);
    return key;
  };
}

export function createLinkKeys(sessionKeys: string[]): LinkKeys {
  const sealer = textSealer(sessionKeys, 'outbox-link-key');
  const newKey = keySource();
  return {
    issue() {
      const key = newKey();
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
