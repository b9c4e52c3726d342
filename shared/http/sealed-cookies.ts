/**
 * Cookies whose content the browser can neither read nor forge: JWE (dir + A256GCM, jose) under a key derived from
 * SESSION_KEYS for each purpose (the first key seals, every key opens: rotation). Always `__Host-` (Secure, Path=/,
 * no Domain), HttpOnly, SameSite=Lax — the sign-in callback is a top-level GET from Entra, which Lax lets through.
 * Secure cookies are accepted on http://localhost by browsers, so the same attributes serve development.
 */
import { createHmac, hkdfSync, randomBytes, timingSafeEqual } from 'node:crypto';
import type { Cookie, HttpRequest } from '@azure/functions';
import { compactDecrypt, EncryptJWT, type JWTPayload, jwtDecrypt } from 'jose';

export { SESSION_COOKIE, SIGN_IN_COOKIE } from './cookie-names.js';
/** SECURITY.md: the sign-in transaction lives 15 minutes; the session 8 hours, absolute. */
export const SIGN_IN_TTL_SECONDS = 15 * 60;
export const SESSION_TTL_SECONDS = 8 * 60 * 60;

export interface Sealer<T extends object> {
  /** Seals claims until `expiresAt` (seconds since epoch). */
  seal(claims: T, expiresAt: number): Promise<string>;
  /** The claims, or undefined when missing, tampered with, sealed for another purpose or expired. */
  open(token: string | undefined): Promise<(T & { exp: number }) | undefined>;
  /**
   * The claims of a token that is ours, sealed for this purpose, but past its expiry (`open` refuses it); undefined
   * for anything else. Only to tell a page why it refuses: never to let anyone in.
   */
  expired(token: string | undefined): Promise<(T & { exp: number }) | undefined>;
}

export function sealer<T extends object>(
  sessionKeys: string[],
  purpose: string,
  now: () => Date = () => new Date(),
): Sealer<T> {
  const keys = sessionKeys.map(
    (k) => new Uint8Array(hkdfSync('sha256', Buffer.from(k, 'base64'), Buffer.alloc(0), `cookie:${purpose}`, 32)),
  );
  return {
    seal: (claims, expiresAt) =>
      new EncryptJWT({ ...claims } as JWTPayload)
        .setProtectedHeader({ alg: 'dir', enc: 'A256GCM', cty: purpose })
        .setIssuedAt(Math.floor(now().getTime() / 1000))
        .setExpirationTime(expiresAt)
        .encrypt(keys[0]!),
    async open(token) {
      if (!token || token.length > 4096) return undefined;
      for (const key of keys) {
        try {
          const { payload, protectedHeader } = await jwtDecrypt(token, key, {
            currentDate: now(),
            contentEncryptionAlgorithms: ['A256GCM'],
            keyManagementAlgorithms: ['dir'],
          });
          if (protectedHeader.cty !== purpose) return undefined;
          return payload as T & { exp: number };
        } catch {
          // Another key, or not ours at all.
        }
      }
      return undefined;
    },
    async expired(token) {
      if (!token || token.length > 4096) return undefined;
      for (const key of keys) {
        try {
          const { plaintext, protectedHeader } = await compactDecrypt(token, key, {
            contentEncryptionAlgorithms: ['A256GCM'],
            keyManagementAlgorithms: ['dir'],
          });
          if (protectedHeader.cty !== purpose) return undefined;
          const payload = JSON.parse(new TextDecoder().decode(plaintext)) as T & { exp: number };
          return typeof payload.exp === 'number' && payload.exp <= Math.floor(now().getTime() / 1000)
            ? payload
            : undefined;
        } catch {
          // Another key, or not ours at all.
        }
      }
      return undefined;
    },
  };
}

export function readCookie(request: HttpRequest, name: string): string | undefined {
  const header = request.headers.get('cookie');
  if (!header) return undefined;
  for (const part of header.split(';')) {
    const eq = part.indexOf('=');
    if (eq > 0 && part.slice(0, eq).trim() === name) return decodeURIComponent(part.slice(eq + 1).trim());
  }
  return undefined;
}

export function hostCookie(name: string, value: string, maxAgeSeconds: number): Cookie {
  return {
    name,
    value,
    path: '/',
    secure: true,
    httpOnly: true,
    sameSite: 'Lax',
    maxAge: Math.max(0, Math.floor(maxAgeSeconds)),
  };
}

export function clearedCookie(name: string): Cookie {
  return { name, value: '', path: '/', secure: true, httpOnly: true, sameSite: 'Lax', maxAge: 0 };
}

export const newSessionId = () => randomBytes(16).toString('base64url');

/** CSRF token tied to the session id: an HMAC under a key derived for this purpose. */
export function csrfToken(sessionKeys: string[], sessionId: string): string {
  const key = hkdfSync('sha256', Buffer.from(sessionKeys[0]!, 'base64'), Buffer.alloc(0), 'csrf', 32);
  return createHmac('sha256', Buffer.from(key)).update(sessionId).digest('base64url');
}

export function csrfValid(sessionKeys: string[], sessionId: string, presented: string | null | undefined): boolean {
  if (!presented) return false;
  return sessionKeys.some((k) => {
    const key = hkdfSync('sha256', Buffer.from(k, 'base64'), Buffer.alloc(0), 'csrf', 32);
    const expected = Buffer.from(createHmac('sha256', Buffer.from(key)).update(sessionId).digest('base64url'));
    const given = Buffer.from(presented);
    return expected.length === given.length && timingSafeEqual(expected, given);
  });
}
