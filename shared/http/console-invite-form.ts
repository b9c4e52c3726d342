/**
 * The console's Invite form, read into the API's invitation request: the same zod schema as `POST /api/InviteUser`
 * (`invitationRequestSchema`, one source of rules), with the company's fields under the Create Company page's rules
 * (`COMPANY_FIELDS`, `validateCompany`: a company given is one the invitee's Create Company form accepts as is) and
 * the mobile number read as people type it (`normalizePhone`, as that form does). Problems come back per field, as
 * codes; the words are in the console's catalogs.
 */
import {
  COMPANY_FIELDS,
  type CompanyFieldName,
  type CompanyInput,
  type CompanyProblem,
  companyInputFrom,
  normalizePhone,
  validateCompany,
} from '../domain/company-form.js';
import { DEFAULT_EXPIRY_DAYS } from '../domain/invitation.js';
import type { Locale } from '../domain/locale.js';
import { type InvitationRequest, invitationRequestSchema } from './invitation-schema.js';

/** The invitee's own fields of the form (the company's are `CompanyFieldName`s, prefixed `company-`). */
export const INVITE_FIELDS = ['email', 'firstName', 'lastName', 'locale', 'phone', 'message', 'expiresInDays'] as const;
export type InviteFieldName = (typeof INVITE_FIELDS)[number];

/** What the form holds, as typed (kept on a re-rendered form). */
export interface InviteFormValues {
  email: string;
  firstName: string;
  lastName: string;
  locale: string;
  phone: string;
  message: string;
  expiresInDays: string;
  /** `email`: send the invitation email; `link`: give me the link. */
  delivery: 'email' | 'link';
  company: CompanyInput;
}

export type InviteProblem = 'required' | 'too-long' | 'invalid-email' | 'invalid-phone' | 'invalid-expiry' | 'invalid';

export interface InviteFormProblems {
  fields: Partial<Record<InviteFieldName, InviteProblem>>;
  company: Partial<Record<CompanyFieldName, CompanyProblem>>;
}

export type InviteFormReading = { ok: true; request: InvitationRequest } | { ok: false; problems: InviteFormProblems };

/** The company's form field name of a Create Company field (ids and names stay apart from the invitee's). */
export const companyFieldName = (name: CompanyFieldName) => `company-${name}`;

/** The form's first values: French, 7 days, the email sent, no company (France as its country). */
export function emptyInviteForm(locale: Locale): InviteFormValues {
  return {
    email: '',
    firstName: '',
    lastName: '',
    locale,
    phone: '',
    message: '',
    expiresInDays: String(DEFAULT_EXPIRY_DAYS),
    delivery: 'email',
    company: companyInputFrom(undefined),
  };
}

/** The posted form's values, as typed. */
export function inviteFormValues(form: URLSearchParams): InviteFormValues {
  const field = (name: string) => form.get(name) ?? '';
  const company = Object.fromEntries(
    COMPANY_FIELDS.map((f) => [f.name, field(companyFieldName(f.name))]),
  ) as CompanyInput;
  return {
    email: field('email'),
    firstName: field('firstName'),
    lastName: field('lastName'),
    locale: field('locale'),
    phone: field('phone'),
    message: field('message'),
    expiresInDays: field('expiresInDays'),
    delivery: field('delivery') === 'link' ? 'link' : 'email',
    company: { ...company, country: company.country || 'FR' },
  };
}

/** True when the professional filled in any of the company's fields (the country alone, preset, does not count). */
const companyGiven = (company: CompanyInput) =>
  COMPANY_FIELDS.some((f) => f.name !== 'country' && company[f.name].trim() !== '');

/** zod's issue on one of the invitee's fields, as the form's code. */
function problemOf(field: InviteFieldName, code: string, value: string): InviteProblem {
  if (field === 'email') return value.trim() === '' ? 'required' : 'invalid-email';
  if (field === 'phone') return 'invalid-phone';
  if (field === 'expiresInDays') return 'invalid-expiry';
  if (code === 'too_small') return 'required';
  if (code === 'too_big') return 'too-long';
  return 'invalid';
}

/**
 * Reads the form into the API's request: the company under the Create Company rules first, then the whole request
 * through `invitationRequestSchema`. Every field's problem at once.
 */
export function readInviteForm(values: InviteFormValues): InviteFormReading {
  const problems: InviteFormProblems = { fields: {}, company: {} };
  let company: InvitationRequest['company'];
  if (companyGiven(values.company)) {
    const checked = validateCompany(values.company);
    if (checked.ok) company = checked.company;
    else problems.company = checked.problems;
  }
  const country = companyGiven(values.company) ? values.company.country.toUpperCase() : 'FR';
  const phone = values.phone.trim() === '' ? undefined : (normalizePhone(values.phone, country) ?? values.phone.trim());
  const days = values.expiresInDays.trim();
  const raw = {
    email: values.email,
    firstName: values.firstName,
    lastName: values.lastName,
    locale: values.locale,
    ...(phone === undefined ? {} : { phone }),
    ...(company ? { company } : {}),
    ...(values.message.trim() === '' ? {} : { message: values.message }),
    expiresInDays: /^\d{1,3}$/.test(days) ? Number(days) : days,
    sendEmail: values.delivery === 'email',
  };
  const parsed = invitationRequestSchema.safeParse(raw);
  if (!parsed.success) {
    for (const issue of parsed.error.issues) {
      const field = issue.path[0];
      if (typeof field !== 'string' || !(INVITE_FIELDS as readonly string[]).includes(field)) continue;
      const name = field as InviteFieldName;
      problems.fields[name] ??= problemOf(name, issue.code, values[name]);
    }
  }
  if (!parsed.success || Object.keys(problems.company).length > 0 || Object.keys(problems.fields).length > 0) {
    return { ok: false, problems };
  }
  return { ok: true, request: parsed.data };
}
