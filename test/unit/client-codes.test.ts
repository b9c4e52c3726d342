/**
 * The mobile app's codes as the adapter makes them (shared/adapters/client-codes.ts, SECURITY.md): identification
 * codes of 8 characters from the unambiguous alphabet (no 0/O, 1/I/L), activation codes of 6 digits kept only as
 * their HMAC-SHA-256 under a key derived from SESSION_KEYS — not the code, not a hash anyone could compute without
 * the server's key — and SESSION_KEYS rotating without spoiling a code in flight. Each test here fails if its
 * protection is removed; where the draws and comparisons come from is in crypto-sources.test.ts.
 */
import { createHash, createHmac, hkdfSync } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { createClientCodes } from '../../shared/adapters/client-codes.js';

const OLDER = Buffer.alloc(32, 1).toString('base64');
const NEWER = Buffer.alloc(32, 2).toString('base64');
/** The server's code key as SECURITY.md describes it: HKDF-SHA-256 of the session key, purpose `activation-code`. */
const codeKey = (sessionKey: string) =>
  Buffer.from(hkdfSync('sha256', Buffer.from(sessionKey, 'base64'), Buffer.alloc(0), 'activation-code', 32));
const hmacOf = (sessionKey: string, code: string) =>
  createHmac('sha256', codeKey(sessionKey)).update(code, 'utf8').digest('base64url');

describe('identification codes', () => {
  it('when many are drawn, then each is 8 characters of the unambiguous alphabet, and the whole alphabet is used', () => {
    const codes = createClientCodes([OLDER]);
    const seen = new Set<string>();
    for (let i = 0; i < 500; i++) {
      const code = codes.newIdentificationCode();
      expect(code).toMatch(/^[23456789ABCDEFGHJKMNPQRSTUVWXYZ]{8}$/);
      expect(code).not.toMatch(/[01OIL]/);
      for (const c of code) seen.add(c);
    }
    // 4,000 draws of 31 characters: a character never drawn means the alphabet shrank.
    expect([...seen].sort().join('')).toBe('23456789ABCDEFGHJKMNPQRSTUVWXYZ');
  });
});

describe('activation codes', () => {
  it('when one is issued, then it is 6 digits and what is kept is its HMAC under the server key, not the code', () => {
    const codes = createClientCodes([OLDER]);
    for (let i = 0; i < 200; i++) {
      const { code, hash } = codes.issueActivationCode();
      expect(code).toMatch(/^\d{6}$/);
      expect(hash).toBe(hmacOf(OLDER, code));
      expect(hash).not.toContain(code);
      // Not a bare hash: 10^6 codes are hashed in a second by anyone who reads the file without the key.
      expect(hash).not.toBe(createHash('sha256').update(code, 'utf8').digest('base64url'));
    }
  });

  it('when a code is checked, then only that code matches its hash, and a hash made under another key matches nothing', () => {
    const codes = createClientCodes([OLDER]);
    const { code, hash } = codes.issueActivationCode();
    const other = code === '000000' ? '000001' : '000000';
    expect(codes.activationCodeMatches(code, hash)).toBe(true);
    expect(codes.activationCodeMatches(other, hash)).toBe(false);
    expect(codes.activationCodeMatches(code, hash.slice(0, 20))).toBe(false);
    expect(createClientCodes([NEWER]).activationCodeMatches(code, hash)).toBe(false);
  });

  it('when SESSION_KEYS rotate, then a code issued under the old key still matches, and the new first key hashes', () => {
    const before = createClientCodes([OLDER]);
    const after = createClientCodes([NEWER, OLDER]);
    const issued = before.issueActivationCode();
    expect(after.activationCodeMatches(issued.code, issued.hash)).toBe(true);
    const next = after.issueActivationCode();
    expect(next.hash).toBe(hmacOf(NEWER, next.code));
    expect(before.activationCodeMatches(next.code, next.hash)).toBe(false);
  });
});
