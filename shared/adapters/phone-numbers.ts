/**
 * Phone numbers through libphonenumber-js with its full ("max") metadata, the one that tells mobile lines from fixed
 * ones and validates a number against its plan's ranges (the smaller metadata checks lengths only).
 */

import type { CountryCode, NumberType } from 'libphonenumber-js/max';
import { parsePhoneNumberFromString } from 'libphonenumber-js/max';
import type { PhoneLine, PhoneNumbers } from '../domain/phone-number.js';

const LINES: Partial<Record<NonNullable<NumberType>, PhoneLine>> = {
  MOBILE: 'mobile',
  FIXED_LINE: 'fixed-line',
  FIXED_LINE_OR_MOBILE: 'fixed-line-or-mobile',
};

export const phoneNumbers: PhoneNumbers = {
  parse(text, defaultCountry) {
    if (text.length > 40) return undefined;
    const parsed = parsePhoneNumberFromString(text, defaultCountry as CountryCode | undefined);
    if (!parsed?.isValid()) return undefined;
    const type = parsed.getType();
    return { e164: parsed.number, country: parsed.country, line: (type && LINES[type]) ?? 'other' };
  },
};
