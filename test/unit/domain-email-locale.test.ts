import { describe, expect, it } from 'vitest';
import { isEmail, normalizeEmail } from '../../shared/domain/email-address.js';
import { isLocale, pickLocale } from '../../shared/domain/locale.js';

describe('email normalization', () => {
  it('when an address has spaces around it and capitals, then it is trimmed and lowercased', () => {
    expect(normalizeEmail('  Willy.Urs@GFMS.Example  ')).toBe('willy.urs@gfms.example');
    expect(normalizeEmail('A+Tag@GMAIL.COM')).toBe('a+tag@gmail.com');
  });

  it('when the domain is internationalised, then it becomes punycode and equals its ASCII spelling', () => {
    expect(normalizeEmail('Willy.Urs@Exämple.fr ')).toBe('willy.urs@xn--exmple-cua.fr');
    expect(normalizeEmail('willy.urs@xn--exmple-cua.fr')).toBe('willy.urs@xn--exmple-cua.fr');
    expect(normalizeEmail('a@münchen.de')).toBe('a@xn--mnchen-3ya.de');
    expect(normalizeEmail('a@ＥＸＡＭＰＬＥ.fr')).toBe('a@example.fr');
  });

  it('when normalizing twice, then the result does not change', () => {
    for (const input of ['  X@Exämple.fr', 'a.b-c@sub.example.org']) {
      const once = normalizeEmail(input)!;
      expect(normalizeEmail(once)).toBe(once);
    }
  });

  it.each([
    ['', 'empty'],
    ['no-at-sign', 'no @'],
    ['@example.com', 'no local part'],
    ['someone@', 'no domain'],
    ['someone@localhost', 'a single-label domain'],
    ['a..b@example.com', 'two dots in a row'],
    ['.a@example.com', 'a leading dot'],
    ['a.@example.com', 'a trailing dot'],
    ['a b@example.com', 'a space in the local part'],
    ['jö@example.com', 'a non-ASCII local part'],
    ['"quoted"@example.com', 'a quoted local part'],
    ['a@b@example.com', 'two @'],
    ['a@1.2.3.4', 'an IP address'],
    ['a@[1.2.3.4]', 'an address literal'],
    ['a@example.123', 'a numeric top-level domain'],
    ['a@-example.com', 'a label starting with a hyphen'],
    ['a@exa_mple.com', 'an underscore in the domain'],
    ['a@example.com.', 'a trailing dot in the domain'],
    ['a@exa mple.com', 'a space in the domain'],
    ['a@exa/mple.com', 'a slash in the domain'],
    [`${'x'.repeat(65)}@example.com`, 'a local part over 64 characters'],
    [`a@${'b'.repeat(63)}.${'c'.repeat(63)}.${'d'.repeat(63)}.${'e'.repeat(60)}.fr`, 'over 254 characters'],
  ])('when the address is %j (%s), then it is refused', (input) => {
    expect(normalizeEmail(input)).toBeUndefined();
    expect(isEmail(input)).toBe(false);
  });

  it('when the local part is 64 characters, then it is accepted', () => {
    expect(normalizeEmail(`${'x'.repeat(64)}@example.com`)).toBe(`${'x'.repeat(64)}@example.com`);
  });
});

describe('the language of a page', () => {
  it('when ?lang= names a supported language, then it wins over the own locale and the browser', () => {
    expect(pickLocale({ query: 'en', own: 'fr', acceptLanguage: 'fr' })).toBe('en');
  });

  it('when ?lang= is unsupported, then the invitation’s own locale is used', () => {
    expect(pickLocale({ query: 'de', own: 'en', acceptLanguage: 'fr' })).toBe('en');
  });

  it('when only the browser speaks, then its best supported tag by quality is used', () => {
    expect(pickLocale({ acceptLanguage: 'de-DE,en;q=0.8,fr;q=0.9' })).toBe('fr');
    expect(pickLocale({ acceptLanguage: 'EN-gb' })).toBe('en');
    expect(pickLocale({ acceptLanguage: 'de, *;q=0.9, en-US;q=0.5' })).toBe('en');
  });

  it('when a language has q=0, then it is never chosen', () => {
    expect(pickLocale({ acceptLanguage: 'fr;q=0, en;q=0.1' })).toBe('en');
  });

  it('when nothing usable is given, then French', () => {
    expect(pickLocale({})).toBe('fr');
    expect(pickLocale({ query: null, own: null, acceptLanguage: null })).toBe('fr');
    expect(pickLocale({ acceptLanguage: 'de, es;q=0.5' })).toBe('fr');
    expect(pickLocale({ own: 'xx', acceptLanguage: '' })).toBe('fr');
  });

  it('when checking a value, then only fr and en are locales', () => {
    expect(isLocale('fr')).toBe(true);
    expect(isLocale('en')).toBe(true);
    expect(isLocale('EN')).toBe(false);
    expect(isLocale(undefined)).toBe(false);
  });
});
