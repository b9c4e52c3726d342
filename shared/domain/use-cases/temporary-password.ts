/**
 * A temporary password, generated for a client by a professional of their provider (seed 004: "Générer un mot de
 * passe temporaire"): the client file's account gets a new password that must be changed at the next sign-in, the
 * client is told by email (never the password), and the professional sees it once. Refused before the person has an
 * account (`no-account`: a prospect, or a file not yet linked), for a client of more than one provider
 * (`multiple-providers`: one provider's professional must not take over a login other providers' files share), and
 * for a client this provider blocked (`client-access-refused`: unblock first) or merged into another client
 * (`client-merged`: act on that one). The password is never stored: each call draws a new one.
 */
import type { AccountEmails } from '../account-email.js';
import type { ClientProfile, ProviderAccess } from '../client.js';
import type { ClientFile, ClientFileStore } from '../client-file.js';
import { DomainError } from '../errors.js';
import type { ClientDirectory, ClientStore, Clock, ProviderDirectory } from '../ports.js';
import type { ActingProfessional } from '../provider.js';
import { generateTemporaryPassword, type RandomSource } from '../temporary-password.js';
import { findOwnClientFile } from './client-files.js';

export interface TemporaryPasswordDeps {
  clock: Clock;
  files: ClientFileStore;
  /** The file's account; where the change is recorded, so its device credentials stop working. */
  clients: Pick<ClientStore, 'profile' | 'recordPasswordChange'>;
  directory: Pick<ClientDirectory, 'setPassword'>;
  providers: Pick<ProviderDirectory, 'get'>;
  accountEmails: AccountEmails;
  random: RandomSource;
}

/** Whether the sheet offers the action, and why not when it does not. */
export type TemporaryPasswordOffer = { kind: 'offered' } | { kind: 'refused'; reason: TemporaryPasswordRefusal };

export type TemporaryPasswordRefusal = 'no-account' | 'multiple-providers' | 'blocked' | 'merged';

/**
 * The rule, on what the sheet already read: the file's account, how many providers the person is the client of (0
 * when the account is not found), and this provider's access status (the file's, else the account's record's).
 */
export function temporaryPasswordOffer(client: {
  file: Pick<ClientFile, 'accountKey'>;
  providers: number;
  access?: Pick<ProviderAccess, 'status'>;
}): TemporaryPasswordOffer {
  if (client.access?.status === 'merged') return { kind: 'refused', reason: 'merged' };
  if (client.access?.status === 'blocked') return { kind: 'refused', reason: 'blocked' };
  if (!client.file.accountKey || client.providers === 0) return { kind: 'refused', reason: 'no-account' };
  return client.providers > 1 ? { kind: 'refused', reason: 'multiple-providers' } : { kind: 'offered' };
}

const providerCount = (profile: Pick<ClientProfile, 'records'> | undefined) =>
  new Set(profile?.records.map((r) => r.providerId)).size;

function refusalError(reason: TemporaryPasswordRefusal): DomainError {
  switch (reason) {
    case 'no-account':
      return new DomainError(
        'no-account',
        'The client has not signed in yet: there is no account to set a password on.',
      );
    case 'multiple-providers':
      return new DomainError(
        'multiple-providers',
        'The client is the client of more than one provider: only they can change their password.',
      );
    case 'blocked':
      return new DomainError(
        'client-access-refused',
        'This client is blocked: unblock them before giving them a temporary password.',
        { reason: 'blocked' },
      );
    case 'merged':
      return new DomainError('client-merged', 'This client was merged into another client: act on that one.');
  }
}

/** The refusal a `setTemporaryPassword` error stands for, if it is one (the console shows it as a page). */
export function temporaryPasswordRefusalOf(error: unknown): TemporaryPasswordRefusal | undefined {
  if (!(error instanceof DomainError)) return undefined;
  switch (error.code) {
    case 'no-account':
    case 'multiple-providers':
      return error.code;
    case 'client-access-refused':
      return 'blocked';
    case 'client-merged':
      return 'merged';
    default:
      return undefined;
  }
}

export interface TemporaryPassword {
  /** Shown once, never stored, never logged. */
  temporaryPassword: string;
  mustChangeAtNextSignIn: true;
  /** The address the account signs in with: the one the password applies to. */
  signInEmail: string;
  clientId: string;
}

export async function setTemporaryPassword(
  deps: TemporaryPasswordDeps,
  professional: ActingProfessional,
  clientId: string,
): Promise<TemporaryPassword> {
  const file = (await findOwnClientFile(deps, professional, clientId)).value;
  const profile = file.accountKey ? await deps.clients.profile(file.accountKey) : undefined;
  const record = profile?.records.find((r) => r.providerId === file.providerId);
  const access = file.access ?? record?.access;
  const offer = temporaryPasswordOffer({ file, providers: providerCount(profile), ...(access ? { access } : {}) });
  if (offer.kind === 'refused') throw refusalError(offer.reason);
  const account = profile!.account;
  const password = generateTemporaryPassword(deps.random, {
    email: account.email,
    firstName: file.firstName,
    lastName: file.lastName,
  });
  await deps.directory.setPassword(account.objectId, password, { forceChangeAtNextSignIn: true });
  await deps.clients.recordPasswordChange(account.key, deps.clock.now());
  const provider = await deps.providers.get(file.providerId);
  await deps.accountEmails.queue({
    kind: 'temporary-password',
    to: account.email,
    locale: file.locale,
    at: deps.clock.now(),
    providerName: provider?.name ?? '',
  });
  return { temporaryPassword: password, mustChangeAtNextSignIn: true, signInEmail: account.email, clientId: file.id };
}
