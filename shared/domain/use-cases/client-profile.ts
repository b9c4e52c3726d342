/**
 * The signed-in client's profile (API.md "Client profile"): the address they sign in with, their providers and
 * companies; and changing their password from there. A change needs a fresh sign-in — Entra saw the person type
 * their password within the last `FRESH_SIGN_IN_SECONDS` (the ID token's `auth_time`, kept by the session) — so a
 * session left open on a shared computer cannot be used to take the account over. The new password meets the client
 * password rule; once Entra has it, every other session of the account ends (Entra's refresh tokens and SSO
 * sessions, and the portal's other sessions), and the client is told by email.
 */
import type { AccountEmails } from '../account-email.js';
import type { ClientProfile } from '../client.js';
import { DomainError } from '../errors.js';
import type { Locale } from '../locale.js';
import { checkPassword, type PasswordCheck, type PasswordOwner } from '../password-rules.js';
import type { ClientDirectory, ClientStore, Clock, ProviderDirectory } from '../ports.js';
import type { Provider } from '../provider.js';
import { endClientSessions } from './client-session.js';

/** How recent the sign-in must be to change the password (issue 12: "within a few minutes"). */
export const FRESH_SIGN_IN_SECONDS = 5 * 60;
/** A sign-in time this far in the future is a clock's drift, not a forgery: Entra's and ours may differ a little. */
const CLOCK_SKEW_SECONDS = 60;

/** Did the person prove who they are recently enough (`authTime`: when Entra last asked for their password)? */
export function signedInRecently(authTime: Date | undefined, now: Date): boolean {
  if (!authTime) return false;
  const age = (now.getTime() - authTime.getTime()) / 1000;
  return age >= -CLOCK_SKEW_SECONDS && age <= FRESH_SIGN_IN_SECONDS;
}

/** The person's own words the new password must not contain: the address they sign in with and their names. */
export function passwordOwner(profile: ClientProfile): PasswordOwner {
  const record = profile.records[0];
  return {
    email: profile.account.email,
    firstName: record?.firstName ?? profile.account.displayName,
    ...(record ? { lastName: record.lastName } : {}),
  };
}

export interface ProfileView {
  signInEmail: string;
  displayName: string;
  providers: Array<{ providerId: string; name: string; since: Date }>;
  companies: Array<{ name: string; providerName: string }>;
}

/** What the profile page shows, from the profile the session check already read (only the providers are read). */
export async function profileView(
  deps: { providers: Pick<ProviderDirectory, 'get'> },
  profile: ClientProfile,
): Promise<ProfileView> {
  const ids = [...new Set(profile.records.map((r) => r.providerId))];
  const found = await Promise.all(ids.map((id) => deps.providers.get(id)));
  const names = new Map(found.filter((p): p is Provider => Boolean(p)).map((p) => [p.id, p.name]));
  const nameOf = (id: string) => names.get(id) ?? id;
  return {
    signInEmail: profile.account.email,
    displayName: profile.account.displayName,
    providers: profile.records.map((r) => ({
      providerId: r.providerId,
      name: nameOf(r.providerId),
      since: r.firstSignInAt,
    })),
    companies: profile.companies.map((c) => ({ name: c.company.name, providerName: nameOf(c.providerId) })),
  };
}

export interface ChangePasswordDeps {
  clock: Clock;
  directory: Pick<ClientDirectory, 'setPassword' | 'revokeSessions'>;
  accountEmails: AccountEmails;
  /**
   * Where the account's portal sessions are ended (`endClientSessions`): the caller then opens its own again; and
   * where the change is recorded, so the account's device credentials stop working (`recordPasswordChange`).
   */
  clients: Pick<ClientStore, 'endSessionsBefore' | 'recordPasswordChange'>;
}

export type PasswordChange =
  | { kind: 'changed'; at: Date }
  /** The sign-in is too old (or its time unknown): through Entra again before the form. */
  | { kind: 'sign-in-again' }
  | { kind: 'refused'; problem: 'mismatch' | 'rule' | 'rejected'; check: PasswordCheck };

export async function changePassword(
  deps: ChangePasswordDeps,
  client: { profile: ClientProfile; locale: Locale; authTime: Date | undefined },
  input: { password: string; confirmation: string },
): Promise<PasswordChange> {
  const now = deps.clock.now();
  if (!signedInRecently(client.authTime, now)) return { kind: 'sign-in-again' };
  const check = checkPassword(input.password, passwordOwner(client.profile));
  if (check.unmet.length > 0) return { kind: 'refused', problem: 'rule', check };
  if (input.password !== input.confirmation) return { kind: 'refused', problem: 'mismatch', check };
  const account = client.profile.account;
  try {
    await deps.directory.setPassword(account.objectId, input.password, { forceChangeAtNextSignIn: false });
  } catch (error) {
    if (error instanceof DomainError && error.code === 'password-rejected') {
      return { kind: 'refused', problem: 'rejected', check };
    }
    throw error;
  }
  // The app's device credentials stop working first: they do not wait for Graph's stamp to be read again.
  await deps.clients.recordPasswordChange(account.key, now);
  await deps.directory.revokeSessions(account.objectId);
  await endClientSessions(deps, account.key);
  await deps.accountEmails.queue({
    kind: 'password-changed',
    to: account.email,
    locale: client.locale,
    at: now,
    how: 'profile',
  });
  return { kind: 'changed', at: now };
}
