/**
 * A client changes the address they sign in with, from their profile (seed 004's "primary" email, issue 15 item 4;
 * docs/profile.md "Sign-in email"). Two steps:
 *
 * 1. `requestSignInEmailChange`: the new address is checked (an address, at most 64 characters as Entra's sign-in
 *    names, not the current one, no other account signing in with it; the account must sign in with an email — one
 *    that signs in through Google has none to change), a send is counted (5 an hour per account), a
 *    6-digit code is issued — only its HMAC is kept, in the account's pending change, 15 minutes — and emailed to the
 *    new address. A new request replaces the pending one (its code stops working).
 * 2. `confirmSignInEmailChange`: the code typed back is compared in constant time; a wrong one counts (5 spend it).
 *    The right one spends the pending change first (If-Match: one confirmation wins), then Entra changes the account's
 *    email sign-in identity and `mail` (the old address no longer signs in), the account's record follows, each
 *    provider's file gets the new sign-in address, and the old address is told, the new one masked.
 *
 * Secondary addresses of a file (seed 004) only receive mail: they are not touched here.
 */
import type { AccountEmails } from '../account-email.js';
import type { ClientProfile } from '../client.js';
import { objectIdOfKey } from '../client.js';
import type { ClientCodes, ClientFileStore } from '../client-file.js';
import { maskedAddress, normalizeEmail } from '../email-address.js';
import { DomainError } from '../errors.js';
import type { Locale } from '../locale.js';
import type { ClientDirectory, ClientStore, Clock, Limits } from '../ports.js';
import type { ActingProfessional } from '../provider.js';
import {
  EMAIL_CHANGE_CODE_TTL_MS,
  EMAIL_CHANGE_MAX_WRONG_TRIES,
  EMAIL_CHANGE_SENDS_PER_HOUR,
  MAX_SIGN_IN_EMAIL_LENGTH,
  pendingChangeState,
} from '../sign-in-email.js';
import { linkedFile } from './client-export.js';
import { findOwnClientFile } from './client-files.js';

/** A write that lost a race to another is tried again up to this many times. */
const WRITE_TRIES = 3;

export interface SignInEmailDeps {
  clock: Clock;
  clients: Pick<
    ClientStore,
    'profile' | 'emailChange' | 'saveEmailChange' | 'forgetEmailChange' | 'changeAccountEmail'
  >;
  directory: Pick<ClientDirectory, 'account' | 'accountSigningInWith' | 'changeSignInEmail'>;
  codes: Pick<ClientCodes, 'issueActivationCode' | 'activationCodeMatches'>;
  limits: Pick<Limits, 'takeSliding'>;
  accountEmails: AccountEmails;
  files: Pick<ClientFileStore, 'byEmail' | 'replace' | 'get'>;
}

/** The limit key of the codes sent for one account. */
export const emailChangeLimitKey = (clientKey: string) => `sign-in-email|${clientKey}`;

export type EmailChangeRequestProblem = 'invalid' | 'too-long' | 'same' | 'taken' | 'no-email-sign-in';

export type EmailChangeRequestOutcome =
  | { kind: 'code-sent'; email: string; expiresAt: Date }
  | { kind: 'refused'; problem: EmailChangeRequestProblem }
  | { kind: 'rate-limited'; retryAfterSeconds: number };

export async function requestSignInEmailChange(
  deps: SignInEmailDeps,
  who: { profile: ClientProfile; locale: Locale },
  typed: string,
  proposedBy?: { providerName: string; url: string },
): Promise<EmailChangeRequestOutcome> {
  const email = normalizeEmail(typed);
  if (!email) return { kind: 'refused', problem: 'invalid' };
  if (email.length > MAX_SIGN_IN_EMAIL_LENGTH) return { kind: 'refused', problem: 'too-long' };
  const { account } = who.profile;
  if (email === account.email) return { kind: 'refused', problem: 'same' };
  const limited = await deps.limits.takeSliding(emailChangeLimitKey(account.key), [
    { limit: EMAIL_CHANGE_SENDS_PER_HOUR, windowSeconds: 3600 },
  ]);
  if (!limited.allowed) return { kind: 'rate-limited', retryAfterSeconds: limited.retryAfterSeconds };
  const [own, holder] = await Promise.all([
    deps.directory.account(account.objectId),
    deps.directory.accountSigningInWith(email),
  ]);
  // An account that signs in through Google has no email sign-in of its own to change (and Entra adds none to it).
  if (!own?.identities.some((i) => i.signInType.startsWith('emailAddress'))) {
    return { kind: 'refused', problem: 'no-email-sign-in' };
  }
  if (holder) return { kind: 'refused', problem: holder.objectId === account.objectId ? 'same' : 'taken' };

  const now = deps.clock.now();
  const expiresAt = new Date(now.getTime() + EMAIL_CHANGE_CODE_TTL_MS);
  const { code, hash } = deps.codes.issueActivationCode();
  await deps.clients.saveEmailChange(account.key, {
    email,
    codeHash: hash,
    requestedAt: now,
    expiresAt,
    wrongTries: 0,
  });
  await deps.accountEmails.queue({
    kind: 'sign-in-email-code',
    to: email,
    locale: who.locale,
    code,
    expiresAt,
    ...(proposedBy ? { proposedBy } : {}),
  });
  return { kind: 'code-sent', email, expiresAt };
}

/**
 * A professional proposes the change from the client's sheet (issue 15 item 4): the same code goes to the new address,
 * saying who proposed it and where to type it — the profile's page, after the client signed in with their current
 * address. Both proofs stay the client's: their password, and the new mailbox. A file without a login has no sign-in
 * address to change (`no-account`).
 */
export async function proposeSignInEmailChange(
  deps: SignInEmailDeps,
  professional: Pick<ActingProfessional, 'providerId'> & { providerName: string },
  clientId: string,
  typed: string,
  /** The profile's page where the code is typed, in the client's language. */
  urlIn: (locale: Locale) => string,
): Promise<EmailChangeRequestOutcome | { kind: 'refused'; problem: 'no-account' }> {
  const found = await findOwnClientFile(deps, professional, clientId);
  const key = found.value.accountKey;
  const profile = key ? await deps.clients.profile(key) : undefined;
  if (!profile) return { kind: 'refused', problem: 'no-account' };
  return requestSignInEmailChange(deps, { profile, locale: found.value.locale }, typed, {
    providerName: professional.providerName,
    url: urlIn(found.value.locale),
  });
}

export type EmailChangeConfirmProblem = 'none' | 'expired' | 'spent' | 'wrong' | 'taken';

export type EmailChangeConfirmOutcome =
  | { kind: 'changed'; email: string; previous: string; filesUpdated: number }
  | { kind: 'refused'; problem: EmailChangeConfirmProblem; triesLeft?: number };

export async function confirmSignInEmailChange(
  deps: SignInEmailDeps,
  who: { profile: ClientProfile; locale: Locale },
  typedCode: string,
): Promise<EmailChangeConfirmOutcome> {
  const { account } = who.profile;
  const code = typedCode.replace(/\s+/g, '');
  for (let attempt = 1; ; attempt++) {
    const pending = await deps.clients.emailChange(account.key);
    const now = deps.clock.now();
    const state = pendingChangeState(pending?.value, now);
    if (!pending || state !== 'open') return { kind: 'refused', problem: state === 'open' ? 'none' : state };
    const change = pending.value;
    if (!/^\d{6}$/.test(code) || !deps.codes.activationCodeMatches(code, change.codeHash)) {
      const wrongTries = change.wrongTries + 1;
      if (!(await deps.clients.saveEmailChange(account.key, { ...change, wrongTries }, pending))) {
        if (attempt < WRITE_TRIES) continue;
        throw raced();
      }
      const triesLeft = EMAIL_CHANGE_MAX_WRONG_TRIES - wrongTries;
      return triesLeft > 0 ? { kind: 'refused', problem: 'wrong', triesLeft } : { kind: 'refused', problem: 'spent' };
    }
    // The right code: spent before anything changes, so that of two confirmations only one goes on.
    if (!(await deps.clients.forgetEmailChange(account.key, pending))) {
      if (attempt < WRITE_TRIES) continue;
      throw raced();
    }
    if ((await deps.directory.changeSignInEmail(objectIdOfKey(account.key), change.email)) === 'taken') {
      return { kind: 'refused', problem: 'taken' };
    }
    await deps.clients.changeAccountEmail(account.key, change.email);
    const filesUpdated = await moveFilesToNewAddress(deps, who.profile, change.email);
    await deps.accountEmails.queue({
      kind: 'sign-in-email-changed',
      to: account.email,
      locale: who.locale,
      at: now,
      newEmailMasked: maskedAddress(change.email),
    });
    return { kind: 'changed', email: change.email, previous: account.email, filesUpdated };
  }
}

/**
 * Each provider's file of the account gets the new sign-in address (the old one is no longer a way to sign in; it
 * stays the file's primary address when it was, a provider's own choice). A file that another file's address claims,
 * or that keeps moving, keeps the old one: the person's next sign-in shows the provider the new one on its record.
 */
async function moveFilesToNewAddress(deps: SignInEmailDeps, profile: ClientProfile, email: string): Promise<number> {
  let updated = 0;
  for (const record of profile.records) {
    for (let attempt = 1; attempt <= WRITE_TRIES; attempt++) {
      const found = await linkedFile(deps, profile, record);
      if (!found) break;
      const file = found.value;
      try {
        await deps.files.replace(
          {
            ...file,
            emails: { ...file.emails, signIn: email, secondary: file.emails.secondary.filter((e) => e !== email) },
            updatedAt: deps.clock.now(),
          },
          found,
        );
        updated += 1;
        break;
      } catch (error) {
        const code = error instanceof DomainError ? error.code : undefined;
        if (code === 'client-exists') break;
        if (code !== 'concurrent-update' || attempt >= WRITE_TRIES) throw error;
      }
    }
  }
  return updated;
}

const raced = () =>
  new DomainError('concurrent-update', 'The change of sign-in address moved meanwhile; try again.', {});
