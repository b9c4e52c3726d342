/**
 * The link keys' protections, without storage (SECURITY.md): a key is 32 random bytes, only its SHA-256 is kept,
 * hashes are compared whole, and the copy the outbox carries until the email is sent is sealed (AES-256-GCM under
 * SESSION_KEYS, the first seals, all open). Each test here fails if its protection is removed.
 */
import { createHash, randomBytes } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { createLinkKeys } from '../../shared/adapters/link-keys.js';

const secret = () => randomBytes(32).toString('base64');
const sha256 = (text: string) => createHash('sha256').update(text, 'utf8').digest('base64url');
/** Every spelling of a key's bytes someone reading storage could recognise. */
const spellings = (key: string) => {
  const bytes = Buffer.from(key, 'base64url');
  return [key, bytes.toString('base64'), bytes.toString('hex')];
};

describe('link keys', () => {
  const keys = createLinkKeys([secret()]);

  it('when a key is issued, then it is 32 random bytes in base64url and what is kept is its SHA-256, not the key', () => {
    const { key, hash } = keys.issue();
    expect(key).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(Buffer.from(key, 'base64url')).toHaveLength(32);
    expect(hash).toBe(sha256(key));
    expect(hash).not.toBe(key);
    expect(keys.hash(key)).toBe(hash);
    expect(keys.issue().key).not.toBe(key);
  });

  it('when many keys are issued (more than one draw of random bytes), then each is new and 32 bytes', () => {
    const issued = Array.from({ length: 300 }, () => keys.issue().key);
    expect(new Set(issued).size).toBe(issued.length);
    for (const key of issued) expect(Buffer.from(key, 'base64url')).toHaveLength(32);
  });

  it('when two hashes are compared, then only the same hash matches: not another, not a prefix, not a longer one', () => {
    const a = keys.issue().hash;
    const b = keys.issue().hash;
    expect(keys.same(a, a)).toBe(true);
    expect(keys.same(a, `${a}`)).toBe(true);
    expect(keys.same(a, b)).toBe(false);
    expect(keys.same(a, `${a.slice(0, -1)}${a.endsWith('A') ? 'B' : 'A'}`)).toBe(false);
    expect(keys.same(a, a.slice(0, 20))).toBe(false);
    expect(keys.same(a, `${a}x`)).toBe(false);
    expect(keys.same(a, '')).toBe(false);
  });

  it('when a key is sealed for the outbox, then the sealed text holds no spelling of it, and only it opens back to the key', () => {
    const { key } = keys.issue();
    const sealed = keys.seal(key);
    expect(sealed).toMatch(/^v1\.[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+$/);
    for (const spelling of spellings(key)) expect(sealed).not.toContain(spelling);
    expect(keys.open(sealed)).toBe(key);
    // A fresh IV each time: two seals of one key do not match.
    expect(keys.seal(key)).not.toBe(sealed);
  });

  it('when a sealed key is changed, or sealed under a key the service does not hold, then it does not open', () => {
    const { key } = keys.issue();
    const [version, iv, body, tag] = keys.seal(key).split('.') as [string, string, string, string];
    const flipped = (part: string) => {
      const bytes = Buffer.from(part, 'base64url');
      bytes[0] = bytes[0]! ^ 1;
      return bytes.toString('base64url');
    };
    expect(() => keys.open([version, iv, flipped(body), tag].join('.'))).toThrow();
    expect(() => keys.open([version, iv, body, flipped(tag)].join('.'))).toThrow();
    expect(() => keys.open([version, flipped(iv), body, tag].join('.'))).toThrow();
    expect(() => keys.open(key)).toThrow();
    expect(() => createLinkKeys([secret()]).open(keys.seal(key))).toThrow();
  });

  it('when SESSION_KEYS rotate, then what the old key sealed still opens, and the new first key seals', () => {
    const [older, newer] = [secret(), secret()];
    const before = createLinkKeys([older]);
    const after = createLinkKeys([newer, older]);
    const { key } = before.issue();
    expect(after.open(before.seal(key))).toBe(key);
    expect(() => before.open(after.seal(key))).toThrow();
    expect(createLinkKeys([newer]).open(after.seal(key))).toBe(key);
  });
});
