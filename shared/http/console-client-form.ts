/**
 * The console's client form (a new prospect, or the editable fields of a sheet), as typed: its fields, their values
 * out of a posted form or out of a client file (to edit it), and the problems the page shows per field (codes; the
 * words are in the console-clients catalogs). The values are read into the API's client request by the same schema
 * as `POST /api/clients` / `PATCH /api/clients/{id}` when the routes are wired.
 */
import type { ClientFile } from '../domain/client-file.js';

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
