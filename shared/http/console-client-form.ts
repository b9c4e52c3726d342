/**
 * The console's client form (a new prospect, or the editable fields of a sheet), as typed: its fields, their values
 * out of a posted form or out of a client file (to edit it), and the problems the page shows per field (codes; the
 * words are in the console-clients catalogs). The values are read into the API's requests by their own schemas
 * (`POST /api/clients`, `PATCH /api/clients/{id}`): one source of rules; the phone number is read by the use case
 * (the phone-number library), whose refusal comes back as the phone field's problem.
 */
import type { ClientFile } from '../domain/client-file.js';
import { type ClientChanges, type ClientRequest, clientChangesSchema, clientRequestSchema } from './client-schema.js';

/** The form's fields, in page order (also the ids of their controls, prefixed `client-`). */
export const CLIENT_FORM_FIELDS = [
  'civility',
  'firstName',
  'lastName',
  'email',
  'phone',
  'addressLine1',
  'postalCode',
  'city',
  'department',
  'advisor',
  'referrer',
  'mobileAppOffered',
  'usableUntil',
] as const;
export type ClientFieldName = (typeof CLIENT_FORM_FIELDS)[number];

/**
 * What the form holds, as typed (kept on a re-rendered form). The address's country is not typed here: it is the
 * sheet's (France for a new one), carried by a hidden field.
 */
export type ClientFormValues = Record<ClientFieldName, string> & { country: string };

export type ClientFieldProblem =
  | 'required'
  | 'too-long'
  | 'invalid-email'
  | 'invalid-phone'
  | 'invalid-date'
  | 'invalid';
export type ClientFormProblems = Partial<Record<ClientFieldName, ClientFieldProblem>>;

/** A new prospect's form: nothing typed, the app not offered. */
export function emptyClientForm(): ClientFormValues {
  return {
    civility: '',
    firstName: '',
    lastName: '',
    email: '',
    phone: '',
    addressLine1: '',
    postalCode: '',
    city: '',
    country: 'FR',
    department: '',
    referrer: '',
    advisor: '',
    mobileAppOffered: 'no',
    usableUntil: '',
  };
}

/** The posted form's values, as typed. */
export function clientFormValues(form: URLSearchParams): ClientFormValues {
  const values = emptyClientForm();
  for (const name of CLIENT_FORM_FIELDS) values[name] = form.get(name) ?? '';
  values.country = /^[A-Za-z]{2}$/.test(form.get('country') ?? '') ? form.get('country')!.toUpperCase() : 'FR';
  values.mobileAppOffered = values.mobileAppOffered === 'yes' ? 'yes' : 'no';
  return values;
}

/** A sheet's editable fields, as the edit form shows them first. */
export function clientFormOf(file: ClientFile): ClientFormValues {
  return {
    civility: file.civility ?? '',
    firstName: file.firstName,
    lastName: file.lastName,
    email: file.emails.primary ?? '',
    phone: file.phone ?? '',
    addressLine1: file.address?.line1 ?? '',
    postalCode: file.address?.postalCode ?? '',
    city: file.address?.city ?? '',
    country: file.address?.country ?? 'FR',
    department: file.department ?? '',
    referrer: file.referrer ?? '',
    advisor: file.advisor ?? '',
    mobileAppOffered: file.mobileApp.offered ? 'yes' : 'no',
    usableUntil: file.mobileApp.usableUntil ?? '',
  };
}

export type ClientFormReading<T> = { ok: true; request: T } | { ok: false; problems: ClientFormProblems };

/** The form's field of a request's JSON path (`address.line1` → `addressLine1`), if the form has one. */
function fieldOf(path: readonly PropertyKey[]): ClientFieldName | undefined {
  const [first, second] = path;
  if (first === 'address') return second === 'postalCode' ? 'postalCode' : second === 'city' ? 'city' : 'addressLine1';
  if (first === 'mobileApp') return second === 'offered' ? 'mobileAppOffered' : 'usableUntil';
  return (CLIENT_FORM_FIELDS as readonly PropertyKey[]).includes(first ?? '') ? (first as ClientFieldName) : undefined;
}

/** A request's problem on one field, as the form's code. */
function problemOf(field: ClientFieldName, code: string, values: ClientFormValues): ClientFieldProblem {
  const typed = values[field].trim();
  if (typed === '') return 'required';
  if (field === 'email') return 'invalid-email';
  if (field === 'phone') return 'invalid-phone';
  if (field === 'usableUntil') return 'invalid-date';
  if (code === 'too_big') return 'too-long';
  return 'invalid';
}

/** The problems of a schema's issues, or of the use case's `errors` (JSON pointers), one per field. */
export function formProblems(
  issues: ReadonlyArray<{ path: readonly PropertyKey[]; code?: string }>,
  values: ClientFormValues,
): ClientFormProblems {
  const problems: ClientFormProblems = {};
  for (const issue of issues) {
    const field = fieldOf(issue.path);
    if (field) problems[field] ??= problemOf(field, issue.code ?? '', values);
  }
  return problems;
}

/** `#/address/line1` → `['address', 'line1']`. */
export const pointerPath = (pointer: string): string[] => pointer.replace(/^#\/?/, '').split('/').filter(Boolean);

const given = (text: string) => (text.trim() === '' ? undefined : text);
const addressOf = (values: ClientFormValues) =>
  [values.addressLine1, values.postalCode, values.city].some((v) => v.trim() !== '')
    ? { line1: values.addressLine1, postalCode: values.postalCode, city: values.city, country: values.country }
    : undefined;

/** A new prospect's form, read into `POST /api/clients`'s request (its schema: one source of rules). */
export function readNewClientForm(values: ClientFormValues): ClientFormReading<ClientRequest> {
  const usableUntil = given(values.usableUntil);
  const raw = {
    ...(given(values.civility) ? { civility: values.civility } : {}),
    firstName: values.firstName,
    lastName: values.lastName,
    ...(given(values.email) ? { email: values.email } : {}),
    ...(given(values.phone) ? { phone: values.phone } : {}),
    ...(addressOf(values) ? { address: addressOf(values) } : {}),
    ...(given(values.department) ? { department: values.department } : {}),
    ...(given(values.referrer) ? { referrer: values.referrer } : {}),
    ...(given(values.advisor) ? { advisor: values.advisor } : {}),
    mobileApp: { offered: values.mobileAppOffered === 'yes', ...(usableUntil ? { usableUntil } : {}) },
  };
  const parsed = clientRequestSchema.safeParse(raw);
  return parsed.success
    ? { ok: true, request: parsed.data }
    : { ok: false, problems: formProblems(parsed.error.issues, values) };
}

/** The edit form, read into `PATCH /api/clients/{id}`'s changes: every field given, an emptied one cleared. */
export function readClientChangesForm(values: ClientFormValues): ClientFormReading<ClientChanges> {
  const orNull = (text: string) => given(text) ?? null;
  const raw = {
    civility: orNull(values.civility),
    firstName: values.firstName,
    lastName: values.lastName,
    email: orNull(values.email),
    phone: orNull(values.phone),
    address: addressOf(values) ?? null,
    department: orNull(values.department),
    referrer: orNull(values.referrer),
    advisor: orNull(values.advisor),
    mobileApp: { offered: values.mobileAppOffered === 'yes', usableUntil: orNull(values.usableUntil) },
  };
  const parsed = clientChangesSchema.safeParse(raw);
  return parsed.success
    ? { ok: true, request: parsed.data }
    : { ok: false, problems: formProblems(parsed.error.issues, values) };
}
