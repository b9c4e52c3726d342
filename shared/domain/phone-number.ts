/**
 * Phone numbers as the clients capability needs them: parsed and validated by a real phone-number library (an
 * adapter: the domain imports no package), kept in E.164, with the kind of line and the country the numbering plan
 * gives. SMS go to mobile numbers of allowed countries only (SECURITY.md, SMS pumping).
 */

export const PHONE_LINES = ['mobile', 'fixed-line', 'fixed-line-or-mobile', 'other'] as const;
/** `fixed-line-or-mobile`: plans that do not tell them apart (the US and Canada). */
export type PhoneLine = (typeof PHONE_LINES)[number];

export interface PhoneNumber {
  /** `+33612345634`. */
  e164: string;
  /** ISO 3166-1 alpha-2 of the numbering plan (`FR`, `RE` for La Réunion, `CA`); undefined for non-geographic codes. */
  country?: string;
  line: PhoneLine;
}

export interface PhoneNumbers {
  /**
   * The number, when the text is a valid number: international (`+33 6 12 34 56 34`, `0033…`) or national in the
   * default country (`06 12 34 56 34` with `FR`). Undefined when it is not a valid number.
   */
  parse(text: string, defaultCountry?: string): PhoneNumber | undefined;
}
