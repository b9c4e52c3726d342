/**
 * The message catalog mechanism of pages and emails: one catalog per locale, `messages[locale].key`. The English
 * catalog defines the shape (`typeof en`) and every other catalog `satisfies` it, so a missing or extra translation
 * is a compile error. Dates are always shown in Paris time and say so: the invitee may read from anywhere.
 */
import type { Locale } from '../domain/locale.js';

/**
 * A sentence with slots, e.g. `['Write to ', email, '.']`: the HTML renderer puts a link in the slot and the text
 * renderer a plain string, so one translation serves both and word order stays the translator's.
 */
export type Sentence<T> = Array<string | T>;

/** The plain text of a sentence whose slots are strings. */
export function plain(sentence: Sentence<string>): string {
  return sentence.join('');
}

/**
 * French "de" before a name: elided before a vowel ("d’Élodie", "d’Anne"), else "de Marc", "de 3". A word starting
 * with h is not elided: the spelling cannot tell a silent h from an aspirated one.
 */
export function de(word: string | number): string {
  return /^[aeiouyàâäéèêëîïôöùûüœæ]/i.test(String(word)) ? `d’${word}` : `de ${word}`;
}

/** Every locale has a catalog of the same shape. */
export type Catalogs<T> = Record<Locale, T>;

export const TIME_ZONE = 'Europe/Paris';

/** British English: day before month, 24-hour clock, like the French. */
const INTL_LOCALE: Record<Locale, string> = { fr: 'fr-FR', en: 'en-GB' };
const PARIS_TIME: Record<Locale, string> = { fr: 'heure de Paris', en: 'Paris time' };

const dateFormats = new Map<string, Intl.DateTimeFormat>();
function formatter(locale: Locale, options: Intl.DateTimeFormatOptions): Intl.DateTimeFormat {
  const key = `${locale}:${JSON.stringify(options)}`;
  let format = dateFormats.get(key);
  if (!format) {
    format = new Intl.DateTimeFormat(INTL_LOCALE[locale], { ...options, timeZone: TIME_ZONE });
    dateFormats.set(key, format);
  }
  return format;
}

/** The date as the locale writes it; in French the first of the month is "1er" ("1er décembre"), as Intl does not. */
function written(date: Date, locale: Locale, options: Intl.DateTimeFormatOptions): string {
  const format = formatter(locale, options);
  if (locale !== 'fr') return format.format(date);
  return format
    .formatToParts(date)
    .map((part) => (part.type === 'day' && part.value === '1' ? '1er' : part.value))
    .join('');
}

/** "23 novembre 2026" / "23 November 2026" (the day in Paris); "1er décembre 2026". */
export function formatDate(date: Date, locale: Locale): string {
  return written(date, locale, { dateStyle: 'long' });
}

/** "30 novembre 2026 à 19:30 (heure de Paris)" / "30 November 2026 at 19:30 (Paris time)". */
export function formatDateTime(date: Date, locale: Locale): string {
  return `${written(date, locale, { dateStyle: 'long', timeStyle: 'short' })} (${PARIS_TIME[locale]})`;
}

/** "France" / "Belgique" from an ISO 3166-1 alpha-2 code; the code itself when the runtime does not know it. */
export function countryName(code: string, locale: Locale): string {
  try {
    return new Intl.DisplayNames([INTL_LOCALE[locale]], { type: 'region', fallback: 'code' }).of(code) ?? code;
  } catch {
    return code;
  }
}
