/**
 * Searching a provider's client files (seed 000: "je tape le nom du client"): case- and accent-insensitive, by last
 * or first name (each word a prefix, in any order: "dup cla" finds Claire Dupont), by email (exact, normalized) or by
 * phone number (exact, E.164). Table Storage has no text search: the store keeps index rows whose keys are the
 * normalized name tokens (prefix ranges), the hashed emails and phone (exact), each carrying the file's summary —
 * `docs/clients.md`. This module is the one definition of "normalized" both sides use: what the index is written
 * with, what a search looks for, and the matcher the in-memory fake answers with.
 */
import type { ClientFile, ClientSearchTerms, ClientSummary } from './client-file.js';
import { normalizeEmail } from './email-address.js';
import type { PhoneNumbers } from './phone-number.js';

/** Letters the NFD decomposition leaves whole, spelled as people type them without the key. */
const LIGATURES: Record<string, string> = {
  œ: 'oe',
  æ: 'ae',
  ß: 'ss',
  ø: 'o',
  đ: 'd',
  ð: 'd',
  þ: 'th',
  ł: 'l',
  ı: 'i',
};

/** Lower case, without accents (NFD, combining marks dropped) and with ligatures spelled out: "Œuvré" → "oeuvre". */
export function normalizeText(text: string): string {
  return text
    .toLowerCase()
    .normalize('NFD')
    .replace(/\p{M}+/gu, '')
    .replace(/[œæßøđðþłı]/g, (c) => LIGATURES[c] ?? c)
    .normalize('NFC');
}

/**
 * A file indexes at most this many distinct name tokens (its index rows share one transaction with the file: 100
 * entities at most). Names of ordinary length have 2 to 6.
 */
export const MAX_NAME_TOKENS = 20;
/** A search looks at most at this many words. */
export const MAX_SEARCH_TOKENS = 5;

/** The words of a text, normalized: split on everything that is not a letter or a digit. */
const words = (text: string) =>
  normalizeText(text)
    .split(/[^\p{L}\p{N}]+/u)
    .filter(Boolean);

/** Words joined by an apostrophe or a hyphen ("O'Brien", "Jean-Pierre"): people also type them as one. */
const JOINED = /[\p{L}\p{N}]+(?:['’ʼ-][\p{L}\p{N}]+)+/gu;
const APOSTROPHE_INSIDE = /([\p{L}\p{N}])['’ʼ]+(?=[\p{L}\p{N}])/gu;

/**
 * The tokens a name is found by, normalized: its words, split on everything that is not a letter or a digit
 * (spaces, hyphens, apostrophes, dots…), then the words an apostrophe or a hyphen joins, written as one — so
 * "obrien" finds O'Brien as it finds OBRIEN. Distinct, in order of appearance. "Jean-Pierre d'Artagnan" → jean,
 * pierre, d, artagnan, jeanpierre, dartagnan.
 */
export function nameTokens(...names: string[]): string[] {
  const tokens = names.flatMap((name) => [
    ...words(name),
    ...[...normalizeText(name).matchAll(JOINED)].map(([joined]) => joined.replace(/['’ʼ-]/g, '')),
  ]);
  return [...new Set(tokens)].slice(0, MAX_NAME_TOKENS);
}

/** The name tokens a file is found by: its first and last names. */
export const fileTokens = (file: Pick<ClientFile, 'firstName' | 'lastName'>) =>
  nameTokens(file.firstName, file.lastName);

/** The addresses a file is found by (sign-in, primary, secondary), distinct. */
export function fileEmails(file: Pick<ClientFile, 'emails'>): string[] {
  const { signIn, primary, secondary } = file.emails;
  return [...new Set([primary, signIn, ...secondary].filter((e): e is string => Boolean(e)))];
}

/** The addresses that name one file only in its provider (a second file with one of them is refused). */
export function ownedEmails(file: Pick<ClientFile, 'emails'>): string[] {
  const { signIn, primary } = file.emails;
  return [...new Set([primary, signIn].filter((e): e is string => Boolean(e)))];
}

/** Text that looks like a phone number rather than a name: digits and the usual separators, 6 digits at least. */
const PHONE_LIKE = /^\+?[\d\s().-]+$/;

/**
 * What a search text asks for: an address when it holds `@` (normalized as stored), a phone number when it looks
 * like one and the library reads it (national numbers in `defaultCountry`), otherwise name words (a number the
 * library does not read is searched as words, and finds nothing but names holding those digits).
 */
export function parseSearch(q: string, phones: PhoneNumbers, defaultCountry = 'FR'): ClientSearchTerms {
  const text = q.trim();
  if (text.includes('@')) return { kind: 'email', email: normalizeEmail(text) ?? normalizeText(text) };
  if (PHONE_LIKE.test(text) && text.replace(/\D/g, '').length >= 6) {
    const phone = phones.parse(text, defaultCountry);
    if (phone) return { kind: 'phone', phone: phone.e164 };
  }
  // An apostrophe inside a word is dropped ("o'brien" is "obrien", which O'Brien and OBRIEN are both indexed by); a
  // hyphen or a space still separates words, each a prefix of its own.
  const searched = [...new Set(words(normalizeText(text).replace(APOSTROPHE_INSIDE, '$1')))];
  return { kind: 'name', tokens: searched.slice(0, MAX_SEARCH_TOKENS) };
}

/**
 * Whether every word searched is the beginning of one of the name's tokens (any order): the rule of name searches,
 * applied by the store to the rows of one token's range.
 */
export function tokensMatch(tokens: readonly string[], searched: readonly string[]): boolean {
  return searched.every((word) => tokens.some((token) => token.startsWith(word)));
}

/**
 * The token whose range a name search reads: the longest word (the fewest rows, in general); the other words are
 * checked on the rows it returns.
 */
export function rangeToken(searched: readonly string[]): string | undefined {
  return [...searched].sort((a, b) => b.length - a.length)[0];
}

/** Whether a file answers a search (the in-memory store's matcher; the Table store reads the same rows by key). */
export function fileMatches(file: ClientFile, terms: ClientSearchTerms): boolean {
  switch (terms.kind) {
    case 'email':
      return fileEmails(file).includes(terms.email);
    case 'phone':
      return file.phone === terms.phone;
    case 'name':
      return terms.tokens.length > 0 && tokensMatch(fileTokens(file), terms.tokens);
  }
}

/** How a file shows in a search's answer (the index rows carry it, so a search reads no file). */
export function summarizeClientFile(file: ClientFile): ClientSummary {
  const email = file.emails.primary ?? file.emails.signIn;
  return {
    id: file.id,
    status: file.status,
    ...(file.civility ? { civility: file.civility } : {}),
    firstName: file.firstName,
    lastName: file.lastName,
    ...(email ? { email } : {}),
    ...(file.phone ? { phone: file.phone } : {}),
    state:
      file.access && file.access.status !== 'active'
        ? file.access.status
        : file.status === 'prospect'
          ? 'prospect'
          : 'active',
    ...(file.address
      ? { address: { line1: file.address.line1, postalCode: file.address.postalCode, city: file.address.city } }
      : {}),
  };
}

/** Name order (last name, first name, accents and case aside), then id: the order of a search's answer. */
export function compareSummaries(a: ClientSummary, b: ClientSummary): number {
  const key = (s: ClientSummary) => `${normalizeText(s.lastName)}\u0000${normalizeText(s.firstName)}`;
  const ka = key(a);
  const kb = key(b);
  return ka < kb ? -1 : ka > kb ? 1 : a.id < b.id ? -1 : a.id > b.id ? 1 : 0;
}
