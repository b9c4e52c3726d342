/**
 * Invitation link keys (SECURITY.md): 32 random bytes, base64url; only the SHA-256 is stored and hashes are
 * compared in constant time. For the one moment between the invitation's write and its email, the key travels
 * in the outbox row sealed with AES-256-GCM under a key derived from SESSION_KEYS (the first seals, all open,
 * so keys can rotate); the dispatcher erases it once the email is settled.
 */
import { createCipheriv, createDecipheriv, createHash, hkdfSync, randomBytes, timingSafeEqual } from 'node:crypto';
import type { LinkKeys } from '../domain/ports.js';

const sha256 = (text: string) => createHash('sha256').update(text, 'utf8').digest('base64url');

function deriveKeys(secrets: string[]): Buffer[] {
  return secrets.map((s) =>
    Buffer.from(hkdfSync('sha256', Buffer.from(s, 'base64'), Buffer.alloc(0), 'outbox-link-key', 32)),
  );
}

export function createLinkKeys(sessionKeys: string[]): LinkKeys {
  const sealing = deriveKeys(sessionKeys);
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
    seal(key) {
      const iv = randomBytes(12);
      const cipher = createCipheriv('aes-256-gcm', sealing[0]!, iv);
      const body = Buffer.concat([cipher.update(key, 'utf8'), cipher.final()]);
      return [
        'v1',
        iv.toString('base64url'),
        body.toString('base64url'),
        cipher.getAuthTag().toString('base64url'),
      ].join('.');
    },
    open(sealed) {
      const [version, iv, body, tag] = sealed.split('.');
      if (version !== 'v1' || !iv || !body || !tag) throw new Error('sealed link key has an unknown format');
      for (const key of sealing) {
        try {
          const decipher = createDecipheriv('aes-256-gcm', key, Buffer.from(iv, 'base64url'));
          decipher.setAuthTag(Buffer.from(tag, 'base64url'));
          return Buffer.concat([decipher.update(Buffer.from(body, 'base64url')), decipher.final()]).toString('utf8');
        } catch {
          // Sealed under another (older) key: try the next one.
        }
      }
      throw new Error('sealed link key cannot be opened with any configured key');
    },
  };
}
