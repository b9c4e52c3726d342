/**
 * Text sealed with AES-256-GCM under keys derived (HKDF-SHA-256) from SESSION_KEYS, one derivation per purpose:
 * the first key seals, every key opens, so the keys can rotate without losing what was sealed before. The sealed
 * form is `v1.<iv>.<ciphertext>.<tag>` in base64url.
 */
import { createCipheriv, createDecipheriv, hkdfSync, randomBytes } from 'node:crypto';

export interface TextSealer {
  seal(text: string): string;
  /** The text, or an Error when no configured key opens it (or it was changed). */
  open(sealed: string): string;
}

export function textSealer(secrets: string[], purpose: string): TextSealer {
  const keys = secrets.map((s) =>
    Buffer.from(hkdfSync('sha256', Buffer.from(s, 'base64'), Buffer.alloc(0), purpose, 32)),
  );
  return {
    seal(text) {
      const iv = randomBytes(12);
      const cipher = createCipheriv('aes-256-gcm', keys[0]!, iv);
      const body = Buffer.concat([cipher.update(text, 'utf8'), cipher.final()]);
      return [
        'v1',
        iv.toString('base64url'),
        body.toString('base64url'),
        cipher.getAuthTag().toString('base64url'),
      ].join('.');
    },
    open(sealed) {
      const [version, iv, body, tag] = sealed.split('.');
      if (version !== 'v1' || !iv || !body || !tag) throw new Error(`sealed ${purpose} has an unknown format`);
      for (const key of keys) {
        try {
          const decipher = createDecipheriv('aes-256-gcm', key, Buffer.from(iv, 'base64url'));
          decipher.setAuthTag(Buffer.from(tag, 'base64url'));
          return Buffer.concat([decipher.update(Buffer.from(body, 'base64url')), decipher.final()]).toString('utf8');
        } catch {
          // Sealed under another (older) key: try the next one.
        }
      }
      throw new Error(`sealed ${purpose} cannot be opened with any configured key`);
    },
  };
}
