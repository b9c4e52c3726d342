/**
 * Table keys from text people type (`shared/adapters/table/keys.ts`): the order-preserving escape for keys read by
 * prefix ranges, and the hash for keys read by exact match. Neither may ever hand Azure a character it refuses.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  escapedKey,
  escapeKeyText,
  FORBIDDEN_KEY_CHARACTERS,
  hashedKey,
  KEY_SCHEME,
  keyPrefixRange,
  textOfEscapedKey,
  unescapeKeyText,
} from '../../shared/adapters/table/keys.js';

/** Every character Azure refuses in a key, and `|` (our keys' separator). */
const RESERVED = [
  '/',
  '\\',
  '#',
  '?',
  '|',
  ...Array.from({ length: 0x20 }, (_, i) => String.fromCharCode(i)),
  ...Array.from({ length: 0x21 }, (_, i) => String.fromCharCode(0x7f + i)),
];
/** Their neighbours, the escape's leads and digits: where an escape would go wrong if it could. */
const NEAR = [' ', '!', '"', '$', '%', '.', '0', '9', '>', '@', 'A', 'Z', '[', ']', '^', 'a', 'z', '{', '}', '~'];
const OTHERS = ['é', '\u00a0', '\u00ff', 'ß', '\u4e2d', '\ud83d\ude00', '\uffff', '\ue000'];
const alphabet = [...RESERVED, ...NEAR, ...OTHERS];
const text = fc.array(fc.constantFrom(...alphabet), { maxLength: 12 }).map((chars) => chars.join(''));
const anyText = fc.oneof(text, fc.string({ unit: 'binary', maxLength: 12 }), fc.string({ unit: 'grapheme-composite' }));

/** Ordinal order by UTF-16 code unit (JavaScript's, and Azurite's). */
const byCodeUnit = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);
/** Ordinal order by code point (UTF-8 bytes). */
const byCodePoint = (a: string, b: string) => {
  const x = [...a].map((c) => c.codePointAt(0)!);
  const y = [...b].map((c) => c.codePointAt(0)!);
  for (let i = 0; i < Math.min(x.length, y.length); i++) if (x[i] !== y[i]) return x[i]! - y[i]!;
  return x.length - y.length;
};
const sign = (n: number) => Math.sign(n);

describe('the order-preserving escape of key text', () => {
  it('when text holds any reserved character, then its escape holds none: no / \\ # ? |, no control character', () => {
    fc.assert(
      fc.property(anyText, (t) => {
        const escaped = escapeKeyText(t);
        expect(escaped).not.toMatch(FORBIDDEN_KEY_CHARACTERS);
        expect(escaped).not.toContain('|');
      }),
      { seed: 9, numRuns: 2000 },
    );
    for (const c of RESERVED) {
      const escaped = escapeKeyText(`a${c}b`);
      expect(
        [...escaped].filter((x) => RESERVED.includes(x)),
        JSON.stringify(c),
      ).toEqual([]);
    }
  });

  it('when text is escaped, then unescaping gives it back: the escape is injective', () => {
    fc.assert(
      fc.property(anyText, (t) => {
        expect(unescapeKeyText(escapeKeyText(t))).toBe(t);
      }),
      { seed: 9, numRuns: 2000 },
    );
    const all = new Set(alphabet.flatMap((a) => alphabet.map((b) => escapeKeyText(a + b))));
    expect(all.size).toBe(new Set(alphabet.flatMap((a) => alphabet.map((b) => a + b))).size);
  });

  it('when two texts are compared, then their escapes compare the same way, by code unit and by code point', () => {
    fc.assert(
      fc.property(anyText, anyText, (a, b) => {
        expect(sign(byCodeUnit(escapeKeyText(a), escapeKeyText(b)))).toBe(sign(byCodeUnit(a, b)));
        expect(sign(byCodePoint(escapeKeyText(a), escapeKeyText(b)))).toBe(sign(byCodePoint(a, b)));
      }),
      { seed: 9, numRuns: 5000 },
    );
  });

  it('when a sample of addresses and names with reserved characters is sorted, then their escapes sort the same', () => {
    const samples = [
      'a#b@example.com',
      'a/b@example.com',
      'a?b@example.com',
      'a\\b@example.com',
      'a|b@example.com',
      'a"b@example.com',
      'a.b@example.com',
      'a>b@example.com',
      'a[b@example.com',
      'a{b@example.com',
      'a~b@example.com',
      'a b@example.com',
      'a!b@example.com',
      'a$b@example.com',
      'a0b@example.com',
      'a@example.com',
      'ab@example.com',
      'a\tb',
      'a\u007fb',
      'a\u009fb',
      'a\u00a0b',
      'Dupont',
      'Dupont & fils',
      'Dupont/Durand',
      'Dupont#2',
      'Dupont?',
      'Dupont\\',
      'Élodie',
      '',
    ];
    const sorted = [...samples].sort(byCodeUnit);
    expect(samples.map(escapeKeyText).sort(byCodeUnit)).toEqual(sorted.map(escapeKeyText));
  });

  it('when text has a prefix, then the escape of the text starts with the escape of the prefix, and only then', () => {
    fc.assert(
      fc.property(text, text, (prefix, rest) => {
        expect(escapeKeyText(prefix + rest).startsWith(escapeKeyText(prefix))).toBe(true);
      }),
      { seed: 9, numRuns: 1000 },
    );
    fc.assert(
      fc.property(text, text, (prefix, other) => {
        expect(escapeKeyText(other).startsWith(escapeKeyText(prefix))).toBe(other.startsWith(prefix));
      }),
      { seed: 9, numRuns: 2000 },
    );
  });

  it('when text has no reserved character nor a lead, then it is kept as it is', () => {
    expect(escapeKeyText('Claire-Dupont_1796@contoso')).toBe('Claire-Dupont_1796@contoso');
    expect(escapeKeyText('Hélène Lefèvre')).toBe('Hélène Lefèvre'.replace(' ', ' W'));
  });

  it('when something the escape cannot have produced is unescaped, then it is refused', () => {
    for (const bad of ['a/b', 'a#', 'a"', 'a"2', '. ', '~', '~z', 'x|y']) expect(() => unescapeKeyText(bad)).toThrow();
  });
});

describe('keys of scheme v1', () => {
  it('when an exact-match key is built, then it is the scheme and the SHA-256 in base64url, the same for the same text', () => {
    for (const email of ['a#b@example.com', 'a/b@example.com', 'a?b@example.com', 'a\\b@example.com']) {
      const key = hashedKey(email);
      expect(key).toMatch(/^v1:[A-Za-z0-9_-]{43}$/);
      expect(key).toBe(hashedKey(email));
      expect(key).not.toContain(email);
    }
    expect(hashedKey('a#b@example.com')).not.toBe(hashedKey('a/b@example.com'));
    expect(KEY_SCHEME).toBe('v1');
  });

  it('when a range key is built, then it is the scheme and the escaped text, read back whole', () => {
    fc.assert(
      fc.property(anyText, (t) => {
        const key = escapedKey(t);
        expect(key.startsWith('v1:')).toBe(true);
        expect(key).not.toMatch(FORBIDDEN_KEY_CHARACTERS);
        expect(textOfEscapedKey(key)).toBe(t);
      }),
      { seed: 9, numRuns: 1000 },
    );
    expect(() => textOfEscapedKey('v2:abc')).toThrow();
  });

  it('when keys are read by a prefix range, then the range holds exactly the keys with that prefix', () => {
    fc.assert(
      fc.property(fc.array(text, { maxLength: 20 }), text, (texts, start) => {
        fc.pre(start.length > 0);
        const { from, to } = keyPrefixRange(`name|${escapedKey(start)}`);
        for (const t of texts) {
          const key = `name|${escapedKey(t)}`;
          expect(key >= from && key < to).toBe(t.startsWith(start));
        }
      }),
      { seed: 9, numRuns: 1000 },
    );
  });
});
