/**
 * Table keys built from text that people or other systems supply (an email address, a limiter's subject, later a
 * name to search): such text never goes into a PartitionKey or RowKey as it is. Azure refuses `/`, `\`, `#`, `?` and
 * the control characters U+0000–U+001F and U+007F–U+009F in keys (learn.microsoft.com, "Understanding the Table
 * service data model", "Characters disallowed in key fields"), and an email's local part may hold the first four.
 *
 * - A key only ever read by exact match takes the text's SHA-256 (`hashedKey`): fixed size, no character to escape.
 * - A key read by a prefix range (the client search to come) needs the text's order: `escapedKey` keeps it with an
 *   order-preserving escape (`escapeKeyText`, undone by `unescapeKeyText`).
 *
 * Both carry the key scheme's version (`v1:`), so a later scheme can be told apart and its rows migrated.
 *
 * The escape: each character of a few small ranges, each holding reserved characters (the ones Azure refuses, and
 * `|`, the separator of our composite keys), becomes two characters: the range's one allowed character (its lead)
 * and a digit (`0-9A-Za-z`) giving its place in the range. Every other character is kept. The code of each
 * character is order-preserving (a range's codes all start with its lead, which sorts between the characters below
 * and above the range) and prefix-free (a lead is never kept alone), so the escape of strings is injective and keeps
 * their order — ordinal order by UTF-16 code unit as by code point, since only characters below U+00A0 change — and
 * the escape of a prefix is a prefix of the escape. Its output holds no reserved character.
 */
import { createHash } from 'node:crypto';

/** The version of the key scheme, in every key this module builds. */
export const KEY_SCHEME = 'v1';
const SCHEME_PREFIX = `${KEY_SCHEME}:`;

/** The characters Azure refuses in a PartitionKey or RowKey. */
// biome-ignore lint/suspicious/noControlCharactersInRegex: the forbidden characters are the point
export const FORBIDDEN_KEY_CHARACTERS = /[/\\#?\u0000-\u001f\u007f-\u009f]/;

/** Ranges of characters escaped as `lead + digit`: each holds its lead and the reserved characters next to it. */
const RANGES: ReadonlyArray<{ from: number; to: number; lead: string }> = [
  { from: 0x00, to: 0x20, lead: ' ' }, // the controls below the space, and the space
  { from: 0x22, to: 0x23, lead: '"' }, // " #
  { from: 0x2e, to: 0x2f, lead: '.' }, // . /
  { from: 0x3e, to: 0x3f, lead: '>' }, // > ?
  { from: 0x5b, to: 0x5c, lead: '[' }, // [ \
  { from: 0x7b, to: 0x7c, lead: '{' }, // { | (our separator)
  { from: 0x7e, to: 0x9f, lead: '~' }, // ~ DEL and the C1 controls
];
const DIGITS = '0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz';

const rangeOf = (code: number) => RANGES.find((r) => code >= r.from && code <= r.to);
const leads = new Map(RANGES.map((r) => [r.lead, r]));

/**
 * Text fit for a key, in the same order as the text (see above). Its inverse is `unescapeKeyText`. Characters from
 * U+00A0 on are kept as they are: the caller gives well-formed text (a lone surrogate cannot travel as UTF-8).
 */
export function escapeKeyText(text: string): string {
  let out = '';
  for (let i = 0; i < text.length; i++) {
    const code = text.charCodeAt(i);
    const range = code < 0xa0 ? rangeOf(code) : undefined;
    out += range ? range.lead + DIGITS[code - range.from] : text[i];
  }
  return out;
}

/** The text an `escapeKeyText` came from; anything it cannot have produced is refused. */
export function unescapeKeyText(escaped: string): string {
  let out = '';
  for (let i = 0; i < escaped.length; i++) {
    const char = escaped[i]!;
    const range = leads.get(char);
    if (range) {
      const digit = escaped[i + 1];
      const place = digit === undefined ? -1 : DIGITS.indexOf(digit);
      if (place < 0 || range.from + place > range.to) throw new Error(`not an escaped key: "${escaped}"`);
      out += String.fromCharCode(range.from + place);
      i++;
    } else if (char.charCodeAt(0) < 0xa0 && rangeOf(char.charCodeAt(0))) {
      throw new Error(`not an escaped key: "${escaped}"`);
    } else out += char;
  }
  return out;
}

/**
 * A key (or a key's part) read only by exact match: the SHA-256 of the text's UTF-8, base64url, with the scheme.
 * (UTF-8 as Node encodes it: a lone surrogate counts as U+FFFD. Normalized emails are ASCII.)
 */
export const hashedKey = (text: string): string =>
  SCHEME_PREFIX + createHash('sha256').update(text, 'utf8').digest('base64url');

/** A key (or a key's last part) read by prefix ranges: the escaped text, with the scheme; same order as the text. */
export const escapedKey = (text: string): string => SCHEME_PREFIX + escapeKeyText(text);

/** The text of an `escapedKey`. */
export function textOfEscapedKey(key: string): string {
  if (!key.startsWith(SCHEME_PREFIX)) throw new Error(`not a ${KEY_SCHEME} key: "${key}"`);
  return unescapeKeyText(key.slice(SCHEME_PREFIX.length));
}

/**
 * The bounds of a prefix query over escaped keys: every key that starts with `prefix` (`escapedKey` of the text's
 * beginning, after any fixed part) is `>= from` and `< to`, and no other key is.
 */
export function keyPrefixRange(prefix: string): { from: string; to: string } {
  // The next string after every string that starts with the prefix: its last character that can grow, grown.
  const stem = prefix.replace(/\uffff+$/, '');
  if (!stem) throw new Error('a prefix range needs a prefix below U+FFFF');
  return { from: prefix, to: stem.slice(0, -1) + String.fromCharCode(stem.charCodeAt(stem.length - 1) + 1) };
}
