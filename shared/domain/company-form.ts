/**
 * The Create Company form (seed 002): its one field specification and its validation rules, shared by the server
 * and the browser. The browser loads this module's compiled JS as is, so it imports nothing at runtime (types only)
 * and touches no DOM. Validation answers problem CODES; the words live in the web layer's catalogs.
 */
import type { CompanyDraft, PostalAddress } from './invitation.js';

export type CompanyFieldName =
  | 'name'
  | 'registrationNumber'
  | 'vatNumber'
  | 'phone'
  | 'line1'
  | 'line2'
  | 'postalCode'
  | 'city'
  | 'country';

export type CompanyInput = Record<CompanyFieldName, string>;

export type CompanyProblem =
  | 'required'
  | 'too-long'
  | 'too-short'
  | 'invalid-characters'
  | 'invalid-siret'
  | 'invalid-vat'
  | 'vat-mismatch'
  | 'invalid-postal-code'
  | 'invalid-country'
  | 'invalid-phone';

export type CompanyProblems = Partial<Record<CompanyFieldName, CompanyProblem>>;

export interface CompanyFieldSpec {
  name: CompanyFieldName;
  group: 'company' | 'address';
  type: 'text' | 'tel' | 'select';
  required: boolean;
  maxLength: number;
  minLength?: number;
  /**
   * An HTML `pattern` (valid with the `v` and `u` flags): the loosest shape every country accepts, never stricter
   * than `validateCompany`, so the browser's own check (without our script) never refuses what the server takes.
   */
  pattern?: string;
  inputMode?: 'text' | 'tel' | 'numeric';
  autocomplete: string;
  /** Every code `validateCompany` can give this field. */
  problems: readonly CompanyProblem[];
}

/** Countries a company can be created in; France first (the product's home). */
export const SUPPORTED_COUNTRIES = [
  'FR',
  'BE',
  'CH',
  'LU',
  'MC',
  'DE',
  'ES',
  'IT',
  'NL',
  'PT',
  'GB',
  'CA',
  'US',
] as const;
export type SupportedCountry = (typeof SUPPORTED_COUNTRIES)[number];

/** A valid postal code of each country, for messages ("e.g. 75008"). */
export const POSTAL_CODE_EXAMPLES: Record<SupportedCountry, string> = {
  FR: '75008',
  BE: '1000',
  CH: '1201',
  LU: '1009',
  MC: '98000',
  DE: '10115',
  ES: '28001',
  IT: '00184',
  NL: '1012 AB',
  PT: '1000-001',
  GB: 'SW1A 1AA',
  CA: 'H2X 1Y4',
  US: '10001',
};

const TEXT: readonly CompanyProblem[] = ['required', 'too-long', 'invalid-characters'];

export const COMPANY_FIELDS: readonly CompanyFieldSpec[] = [
  {
    name: 'name',
    group: 'company',
    type: 'text',
    required: true,
    minLength: 2,
    maxLength: 200,
    autocomplete: 'organization',
    problems: [...TEXT, 'too-short'],
  },
  {
    name: 'registrationNumber',
    group: 'company',
    type: 'text',
    required: false,
    maxLength: 50,
    autocomplete: 'off',
    problems: ['too-long', 'invalid-characters', 'invalid-siret'],
  },
  {
    name: 'vatNumber',
    group: 'company',
    type: 'text',
    required: false,
    maxLength: 20,
    pattern: '[A-Za-z]{2}[A-Za-z0-9 .\\-]{2,18}',
    autocomplete: 'off',
    problems: ['too-long', 'invalid-vat', 'vat-mismatch'],
  },
  {
    name: 'phone',
    group: 'company',
    type: 'tel',
    required: false,
    maxLength: 25,
    pattern: '[+0-9 .\\(\\)\\-]{7,25}',
    inputMode: 'tel',
    autocomplete: 'tel',
    problems: ['too-long', 'invalid-phone'],
  },
  {
    name: 'line1',
    group: 'address',
    type: 'text',
    required: true,
    maxLength: 200,
    autocomplete: 'address-line1',
    problems: TEXT,
  },
  {
    name: 'line2',
    group: 'address',
    type: 'text',
    required: false,
    maxLength: 200,
    autocomplete: 'address-line2',
    problems: ['too-long', 'invalid-characters'],
  },
  {
    name: 'postalCode',
    group: 'address',
    type: 'text',
    required: true,
    maxLength: 12,
    minLength: 2,
    pattern: '[A-Za-z0-9 \\-]{2,12}',
    autocomplete: 'postal-code',
    problems: ['required', 'too-long', 'too-short', 'invalid-postal-code'],
  },
  {
    name: 'city',
    group: 'address',
    type: 'text',
    required: true,
    maxLength: 100,
    autocomplete: 'address-level2',
    problems: TEXT,
  },
  {
    name: 'country',
    group: 'address',
    type: 'select',
    required: true,
    maxLength: 2,
    autocomplete: 'country',
    problems: ['required', 'invalid-country'],
  },
];

export const COMPANY_FIELD_NAMES: readonly CompanyFieldName[] = COMPANY_FIELDS.map((field) => field.name);

export type ValidCompany = CompanyDraft & { address: PostalAddress };

export type CompanyValidation = { ok: true; company: ValidCompany } | { ok: false; problems: CompanyProblems };

export function isSupportedCountry(value: string): value is SupportedCountry {
  return (SUPPORTED_COUNTRIES as readonly string[]).includes(value);
}

/** EU members of the list: their VAT numbers start with their own code. */
const EU = new Set(['FR', 'BE', 'LU', 'DE', 'ES', 'IT', 'NL', 'PT']);

const POSTAL_CODES: Partial<Record<SupportedCountry, RegExp>> = {
  FR: /^\d{5}$/,
  MC: /^980\d{2}$/,
  DE: /^\d{5}$/,
  ES: /^\d{5}$/,
  IT: /^\d{5}$/,
  BE: /^\d{4}$/,
  CH: /^\d{4}$/,
  LU: /^\d{4}$/,
  NL: /^\d{4} [A-Z]{2}$/,
  PT: /^\d{4}-\d{3}$/,
  GB: /^[A-Z]{1,2}\d[A-Z\d]? \d[A-Z]{2}$/,
  CA: /^[A-Z]\d[A-Z] \d[A-Z]\d$/,
  US: /^\d{5}(?:-\d{4})?$/,
};
const ANY_POSTAL_CODE = /^[A-Z0-9][A-Z0-9 -]{0,10}[A-Z0-9]$/;

/** Calling codes of the countries whose national numbers start with a trunk 0 that E.164 drops. */
const TRUNK_ZERO: Partial<Record<SupportedCountry, string>> = {
  FR: '33',
  BE: '32',
  CH: '41',
  DE: '49',
  NL: '31',
  GB: '44',
};

// biome-ignore lint/suspicious/noControlCharactersInRegex: finding control characters is the point.
const CONTROL = /[\u0000-\u001f\u007f]/;

/** Luhn checksum, as SIREN and SIRET use it. */
export function luhnValid(digits: string): boolean {
  let sum = 0;
  for (let i = 0; i < digits.length; i++) {
    let d = Number(digits[digits.length - 1 - i]);
    if (i % 2 === 1) {
      d *= 2;
      if (d > 9) d -= 9;
    }
    sum += d;
  }
  return sum % 10 === 0;
}

/** SIRET (14 digits) or SIREN (9 digits), spaces ignored; La Poste's SIRETs use their own sum (multiple of 5). */
export function normalizeFrenchRegistration(value: string): string | undefined {
  const digits = value.replace(/\s+/g, '');
  if (/^\d{9}$/.test(digits)) return luhnValid(digits) ? digits : undefined;
  if (!/^\d{14}$/.test(digits)) return undefined;
  if (luhnValid(digits)) return digits;
  const laPoste = digits.startsWith('356000000') && [...digits].reduce((s, d) => s + Number(d), 0) % 5 === 0;
  return laPoste ? digits : undefined;
}

/** The numeric key of a French VAT number: (12 + 3 × (SIREN mod 97)) mod 97, on two digits. */
export function frenchVatKey(siren: string): string {
  return String((12 + 3 * (Number(siren) % 97)) % 97).padStart(2, '0');
}

export function normalizeVat(value: string, country: string): string | undefined {
  const vat = value.replace(/[\s.-]+/g, '').toUpperCase();
  const match = /^([A-Z]{2})([A-Z0-9]{2,12})$/.exec(vat);
  if (!match) return undefined;
  const [, prefix, rest] = match as unknown as [string, string, string];
  if (prefix === 'FR') {
    const fr = /^([0-9A-HJ-NP-Z]{2})(\d{9})$/.exec(rest);
    if (!fr) return undefined;
    if (/^\d{2}$/.test(fr[1]!) && fr[1] !== frenchVatKey(fr[2]!)) return undefined;
    return country === 'FR' || country === 'MC' || !EU.has(country) ? vat : undefined;
  }
  if (country === 'FR' || country === 'MC') return undefined;
  if (EU.has(country) && prefix !== country) return undefined;
  return vat;
}

export function normalizePostalCode(value: string, country: string): string | undefined {
  let code = value.trim().toUpperCase().replace(/\s+/g, ' ');
  if (country === 'LU') code = code.replace(/^L-?/, '');
  if (country === 'NL') code = code.replace(/^(\d{4}) ?([A-Z]{2})$/, '$1 $2');
  if (country === 'CA') code = code.replace(/^([A-Z]\d[A-Z]) ?(\d[A-Z]\d)$/, '$1 $2');
  if (country === 'GB') code = code.replace(/^(\S+?)\s?(\d[A-Z]{2})$/, '$1 $2');
  const rule = isSupportedCountry(country) ? (POSTAL_CODES[country] ?? ANY_POSTAL_CODE) : ANY_POSTAL_CODE;
  return rule.test(code) ? code : undefined;
}

/** E.164 from what people type: spaces, dots, dashes, `(0)`, a `00` prefix, or a national number with its trunk 0. */
export function normalizePhone(value: string, country: string): string | undefined {
  let phone = value.replace(/\(0\)/g, '').replace(/[\s.()-]+/g, '');
  if (phone.startsWith('00')) phone = `+${phone.slice(2)}`;
  const trunk = isSupportedCountry(country) ? TRUNK_ZERO[country] : undefined;
  if (trunk && /^0[1-9]\d{4,13}$/.test(phone)) phone = `+${trunk}${phone.slice(1)}`;
  return /^\+[1-9]\d{6,14}$/.test(phone) ? phone : undefined;
}

function text(value: unknown): string {
  return typeof value === 'string' ? value.trim() : '';
}

/** Length, presence and control-character rules common to every field. */
function basicProblem(field: CompanyFieldSpec, value: string): CompanyProblem | undefined {
  if (!value) return field.required ? 'required' : undefined;
  // A select's value is checked against its list instead (`invalid-country` says more than `too-long`).
  if (field.type === 'select') return undefined;
  if (field.minLength !== undefined && value.length < field.minLength) return 'too-short';
  if (value.length > field.maxLength) return 'too-long';
  if (CONTROL.test(value)) return 'invalid-characters';
  return undefined;
}

/**
 * Checks the whole form; the rules of the registration number, VAT number, postal code and phone depend on the
 * country. On success, the values come back normalized (SIRET without spaces, VAT upper case, phone in E.164).
 */
export function validateCompany(input: Partial<Record<string, string>>): CompanyValidation {
  const values = Object.fromEntries(COMPANY_FIELDS.map((f) => [f.name, text(input[f.name])])) as CompanyInput;
  const problems: CompanyProblems = {};
  for (const field of COMPANY_FIELDS) {
    const problem = basicProblem(field, values[field.name]);
    if (problem) problems[field.name] = problem;
  }
  const country = values.country.toUpperCase();
  if (!problems.country && !isSupportedCountry(country)) problems.country = 'invalid-country';

  let registrationNumber: string | undefined = values.registrationNumber.replace(/\s+/g, ' ') || undefined;
  if (registrationNumber && !problems.registrationNumber && country === 'FR') {
    registrationNumber = normalizeFrenchRegistration(registrationNumber);
    if (!registrationNumber) problems.registrationNumber = 'invalid-siret';
  }
  let vatNumber: string | undefined;
  if (values.vatNumber && !problems.vatNumber) {
    vatNumber = normalizeVat(values.vatNumber, country);
    if (!vatNumber) problems.vatNumber = 'invalid-vat';
    else if (vatNumber.startsWith('FR') && country === 'FR' && registrationNumber && !problems.registrationNumber) {
      if (vatNumber.slice(4) !== registrationNumber.slice(0, 9)) problems.vatNumber = 'vat-mismatch';
    }
  }
  let postalCode: string | undefined;
  if (!problems.postalCode) {
    postalCode = normalizePostalCode(values.postalCode, country);
    if (!postalCode) problems.postalCode = 'invalid-postal-code';
  }
  let phone: string | undefined;
  if (values.phone && !problems.phone) {
    phone = normalizePhone(values.phone, country);
    if (!phone) problems.phone = 'invalid-phone';
  }

  if (Object.keys(problems).length > 0) return { ok: false, problems };
  const address: PostalAddress = {
    line1: values.line1,
    ...(values.line2 ? { line2: values.line2 } : {}),
    postalCode: postalCode!,
    city: values.city,
    country,
  };
  return {
    ok: true,
    company: {
      name: values.name,
      ...(registrationNumber ? { registrationNumber } : {}),
      ...(vatNumber ? { vatNumber } : {}),
      address,
      ...(phone ? { phone } : {}),
    },
  };
}

/** The form's first values: what the provider entered, France when they gave no address. */
export function companyInputFrom(draft: CompanyDraft | undefined, defaultCountry = 'FR'): CompanyInput {
  return {
    name: draft?.name ?? '',
    registrationNumber: draft?.registrationNumber ?? '',
    vatNumber: draft?.vatNumber ?? '',
    phone: draft?.phone ?? '',
    line1: draft?.address?.line1 ?? '',
    line2: draft?.address?.line2 ?? '',
    postalCode: draft?.address?.postalCode ?? '',
    city: draft?.address?.city ?? '',
    country: draft?.address?.country ?? defaultCountry,
  };
}

/**
 * Fills the `{min}`, `{max}` and `{example}` slots of a catalog's problem message for one field; the words
 * themselves stay in the web layer's catalogs. Used by the server page and the browser script alike.
 */
export function fillProblemMessage(template: string, field: CompanyFieldName, country: string): string {
  const spec = COMPANY_FIELDS.find((f) => f.name === field);
  const example = isSupportedCountry(country) ? POSTAL_CODE_EXAMPLES[country] : POSTAL_CODE_EXAMPLES.FR;
  return template
    .replaceAll('{min}', String(spec?.minLength ?? ''))
    .replaceAll('{max}', String(spec?.maxLength ?? ''))
    .replaceAll('{example}', example);
}
