/**
 * Graph's `microsoft.graph.user` as the local Entra ID shows it: the full object (for `$filter` and
 * `$select`), the default property set Graph returns without `$select`, and validation of the bodies of
 * POST and PATCH /users, with Graph's error messages.
 */
import type { TenantSpec } from './directory.js';
import { GraphError } from './errors.js';
import type { Literal } from './graph-filter.js';
import { passwordProblem } from './passwords.js';
import type { DirectoryUser, Identity } from './users.js';

export const DEFAULT_SELECT = [
  'businessPhones',
  'displayName',
  'givenName',
  'jobTitle',
  'mail',
  'mobilePhone',
  'officeLocation',
  'preferredLanguage',
  'surname',
  'userPrincipalName',
  'id',
];

export function toGraphUser(user: DirectoryUser): Record<string, unknown> {
  return {
    id: user.id,
    businessPhones: [],
    displayName: user.displayName,
    givenName: user.givenName,
    jobTitle: null,
    mail: user.mail,
    mobilePhone: null,
    officeLocation: null,
    preferredLanguage: null,
    surname: user.surname,
    userPrincipalName: user.userPrincipalName,
    accountEnabled: user.accountEnabled,
    createdDateTime: user.createdDateTime,
    creationType: user.creationType,
    identities: user.identities,
    otherMails: user.otherMails,
    passwordPolicies: user.passwordPolicies,
    // Returned only on $select, as in Graph (not in DEFAULT_SELECT).
    lastPasswordChangeDateTime: user.lastPasswordChangeDateTime ?? user.createdDateTime,
    signInSessionsValidFromDateTime: new Date(user.sessionsRevokedAt || Date.parse(user.createdDateTime))
      .toISOString()
      .replace(/\.\d+Z$/, 'Z'),
    userType: 'Member',
  };
}

/** Applies `$select` (or Graph's default set); an unknown property is a 400, as in Graph. */
export function project(full: Record<string, unknown>, select: string | null): Record<string, unknown> {
  const names = select
    ? select
        .split(',')
        .map((s) => s.trim())
        .filter(Boolean)
    : DEFAULT_SELECT;
  const out: Record<string, unknown> = {};
  for (const name of names) {
    const key = Object.keys(full).find((k) => k.toLowerCase() === name.toLowerCase());
    if (!key) {
      throw new GraphError(
        400,
        'BadRequest',
        `Could not find a property named '${name}' on type 'microsoft.graph.user'.`,
      );
    }
    out[key] = full[key];
  }
  return out;
}

/**
 * The issuer clause of an identities filter. Every identity of a local account here is an `emailAddress` one
 * (issued by the tenant under its id, domain or `*.onmicrosoft.com`), and for those Graph ignores the issuer's
 * value "by design" (objectIdentity, Filtering); it still requires the clause (see `filterShape`).
 */
export function sameIssuer(tenant: TenantSpec, left: unknown, right: Literal): boolean {
  if (typeof left !== 'string' || typeof right !== 'string') return left === right;
  const v = left.toLowerCase();
  const local = v === tenant.id.toLowerCase() || v === tenant.domain.toLowerCase() || v.endsWith('.onmicrosoft.com');
  return local || v === right.toLowerCase();
}

const bad = (message: string) => new GraphError(400, 'Request_BadRequest', message);
const invalidValue = (name: string) => bad(`Invalid value specified for property '${name}' of resource 'User'.`);
const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;
/** Graph's user resource: displayName up to 256 characters, givenName and surname up to 64. */
const MAX_LENGTH = { displayName: 256, givenName: 64, surname: 64 } as const;
/** objectIdentity's `issuerAssignedId`: "64 character limit" (https://learn.microsoft.com/graph/api/resources/objectidentity). */
const MAX_ISSUER_ASSIGNED_ID = 64;
/** objectIdentity: an `emailAddress…` sign-in name is an email; a `userName` one alphanumerics, `-`, `_`, ≤ 64. */
function validSignInName(signInType: string, id: string): boolean {
  if (signInType.startsWith('emailAddress')) return EMAIL.test(id);
  if (signInType === 'userName') return /^[A-Za-z0-9][A-Za-z0-9_-]{0,63}$/.test(id);
  return true;
}

function optionalString(body: Record<string, unknown>, name: string, nullable = true): string | null | undefined {
  const value = body[name];
  if (value === undefined) return undefined;
  if (value === null && nullable) return null;
  if (typeof value !== 'string') throw invalidValue(name);
  return value;
}

export interface UserChanges {
  displayName?: string;
  givenName?: string | null;
  surname?: string | null;
  mail?: string | null;
  otherMails?: string[];
  identities?: Identity[];
  accountEnabled?: boolean;
  userPrincipalName?: string;
  passwordPolicies?: string | null;
  password?: string;
  forceChangePasswordNextSignIn?: boolean;
}

/** Reads the properties the local Entra ID supports; others (jobTitle, mailNickname…) are accepted and ignored. */
export function readUserBody(value: unknown, creating: boolean): UserChanges {
  if (typeof value !== 'object' || value === null || Array.isArray(value))
    throw bad('The request body must be a JSON object.');
  const body = value as Record<string, unknown>;
  const changes: UserChanges = {};
  const displayName = optionalString(body, 'displayName', false);
  if (displayName !== undefined) {
    if (!displayName?.trim() || displayName.length > MAX_LENGTH.displayName) throw invalidValue('displayName');
    changes.displayName = displayName.trim();
  } else if (creating) throw bad("Property 'displayName' is required when creating the user.");
  for (const name of ['givenName', 'surname', 'passwordPolicies'] as const) {
    const v = optionalString(body, name);
    if (typeof v === 'string' && name !== 'passwordPolicies' && v.length > MAX_LENGTH[name]) throw invalidValue(name);
    if (v !== undefined) changes[name] = v;
  }
  const mail = optionalString(body, 'mail');
  if (mail !== undefined) {
    if (mail !== null && !EMAIL.test(mail)) throw invalidValue('mail');
    changes.mail = mail === null ? null : mail.trim();
  }
  const upn = optionalString(body, 'userPrincipalName', false);
  if (upn) changes.userPrincipalName = upn;
  if (body.accountEnabled !== undefined) {
    if (typeof body.accountEnabled !== 'boolean') throw invalidValue('accountEnabled');
    changes.accountEnabled = body.accountEnabled;
  }
  if (body.otherMails !== undefined) {
    if (!Array.isArray(body.otherMails) || !body.otherMails.every((m) => typeof m === 'string' && EMAIL.test(m))) {
      throw invalidValue('otherMails');
    }
    changes.otherMails = body.otherMails as string[];
  }
  if (body.identities !== undefined) {
    const list = body.identities;
    const valid =
      Array.isArray(list) &&
      list.every(
        (i) =>
          typeof i === 'object' &&
          i !== null &&
          typeof i.signInType === 'string' &&
          typeof i.issuer === 'string' &&
          typeof i.issuerAssignedId === 'string' &&
          i.issuerAssignedId.trim() !== '' &&
          i.issuerAssignedId.trim().length <= MAX_ISSUER_ASSIGNED_ID &&
          i.issuer.length <= 512 &&
          validSignInName(i.signInType, i.issuerAssignedId.trim()),
      );
    if (!valid) throw invalidValue('identities');
    changes.identities = (list as Identity[]).map((i) => ({
      signInType: i.signInType,
      issuer: i.issuer,
      issuerAssignedId: i.issuerAssignedId.trim(),
    }));
  }
  if (body.passwordProfile !== undefined) {
    const profile = body.passwordProfile as Record<string, unknown> | null;
    if (typeof profile !== 'object' || profile === null) throw invalidValue('passwordProfile');
    if (profile.password !== undefined) {
      if (typeof profile.password !== 'string') throw invalidValue('passwordProfile');
      if (passwordProblem(profile.password)) {
        throw bad(
          'The specified password does not comply with password complexity requirements. Please provide a different password.',
        );
      }
      changes.password = profile.password;
    }
    const force = profile.forceChangePasswordNextSignIn;
    if (force !== undefined && typeof force !== 'boolean') throw invalidValue('passwordProfile');
    changes.forceChangePasswordNextSignIn = force ?? false;
  }
  if (creating && changes.password === undefined)
    throw bad("Property 'passwordProfile' is required when creating the user.");
  if (creating && !changes.mail && !changes.identities?.length && !changes.userPrincipalName) {
    throw bad("Property 'identities' or 'userPrincipalName' is required when creating the user.");
  }
  return changes;
}
