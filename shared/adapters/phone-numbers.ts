/**
 * Phone numbers through libphonenumber-js with its full ("max") metadata, the one that tells mobile lines from fixed
 * ones and validates a number against its plan's ranges (the smaller metadata checks lengths only).
 *
 * The library and its metadata take 100–400 ms to load: they are loaded on the first number read (a synchronous
 * `require` of the package's CommonJS build), not when the app's dependencies are built, so a function that reads no
 * phone number does not pay for them on a cold start (docs/decisions.md, "Cold start").
 */
import { createRequire } from 'node:module';
import type { CountryCode, NumberType, parsePhoneNumberFromString } from 'libphonenumber-js/max';
import type { PhoneLine, PhoneNumbers } from '../domain/phone-number.js';

const LINES: Partial<Record<NonNullable<NumberType>, PhoneLine>> = {
  MOBILE: 'mobile',
  FIXED_LINE: 'fixed-line',
  FIXED_LINE_OR_MOBILE: 'fixed-line-or-mobile',
};

let library: { parsePhoneNumberFromString: typeof parsePhoneNumberFromString } | undefined;
const load = () => {
  library ??= createRequire(import.meta.url)('libphonenumber-js/max') as typeof library & object;
  return library;
};

export const phoneNumbers: PhoneNumbers = {
  parse(text, defaultCountry) {
    if (text.length > 40) return undefined;
    const parsed = load().parsePhoneNumberFromString(text, defaultCountry as CountryCode | undefined);
    if (!parsed?.isValid()) return undefined;
    const type = parsed.getType();
    return { e164: parsed.number, country: parsed.country, line: (type && LINES[type]) ?? 'other' };
  },
};
