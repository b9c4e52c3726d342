/**
 * Forgot password, end to end (docs/passwords.md):
 *
 * - `requestPasswordReset` (the request): the same work for every address — the per-IP limit, then the request
 *   queued for the worker — so its answer and its timing cannot tell an account from none. No directory call here.
 * - `processResetRequest` (the worker, queue `reset-requests`): the per-address limit, the account that signs in
 *   with the address, the client's access (`decideAccess`): a link by email, or, when access is refused everywhere,
 *   the email that says why (only the mailbox owner reads it).
 * - `viewResetLink` (the link's GET): what the link is worth; changes nothing (mail scanners open links).
 * - `confirmPasswordReset` (the form's POST): the rules, then the link spent once, the password set through Graph,
 *   the sessions ended, the "password changed" email.
 *
 * The order of the confirm: the link is spent first (If-Match: of two concurrent confirms exactly one gets it), then
 * the password is set; when Graph refuses or fails, the link is given back (`restore`), so a Graph failure does not
 * burn it. Only a process dying between the two burns it: the person asks for a new link.
 */
import type { AccountEmails } from '../account-email.js';
import { type ClientProfile, clientKey, decideAccess } from '../client.js';
import type { ClientFileStore } from '../client-file.js';
import { maskedAddress } from '../email-address.js';
import { DomainError } from '../errors.js';
import type { Locale } from '../locale.js';
import {
  RESET_LIMITS,
  RESET_TOKEN_PATTERN,
  RESET_TOKEN_TTL_MS,
  type ResetRequest,
  type ResetRequestQueue,
  type ResetToken,
  type ResetTokenState,
  resetLimitKeys,
  resetTokenState,
} from '../password-reset.js';
import { checkPassword, type PasswordCriterion } from '../password-rules.js';
import type {
  ClientDirectory,
  ClientStore,
  Clock,
  Limits,
  LinkKeys,
  ProviderDirectory,
  ResetTokenStore,
  Versioned,
} from '../ports.js';
import type { Provider } from '../provider.js';
import { endClientSessions } from './client-session.js';

// --- The request ------------------------------------------------------------------------------------------------

export interface ResetRequestDeps {
  clock: Clock;
  limits: Limits;
  resetRequests: ResetRequestQueue;
}

/** What the request did (for the logs only: the answer is the same). */
export type ResetRequestOutcome = { kind: 'queued' } | { kind: 'ip-limited' };

/**
 * The request: `email` already normalized by the edge. Every address costs the same two storage calls (the IP's
 * counter, the queued request); an IP past its limit costs one, whatever the address.
 */
export async function requestPasswordReset(
  deps: ResetRequestDeps,
  request: { email: string; locale: Locale; clientAddress: string | undefined },
): Promise<ResetRequestOutcome> {
  const ip = await deps.limits.takeSliding(resetLimitKeys.ip(request.clientAddress), [RESET_LIMITS.ip]);
  if (!ip.allowed) return { kind: 'ip-limited' };
  await deps.resetRequests.send({
    email: request.email,
    locale: request.locale,
    requestedAt: deps.clock.now().toISOString(),
  });
  return { kind: 'queued' };
}

// --- The worker -------------------------------------------------------------------------------------------------

export interface ResetWorkerDeps {
  clock: Clock;
  limits: Limits;
  /** The client tenant: an account's client key is `tenant|objectId`. */
  clientTenantId: string;
  directory: Pick<ClientDirectory, 'accountSigningInWith'>;
  clients: Pick<ClientStore, 'profile'>;
  providers: Pick<ProviderDirectory, 'get'>;
  /** The client files, for the client's own language; absent: the request's. */
  clientFiles?: Pick<ClientFileStore, 'byEmail'> | undefined;
  keys: Pick<LinkKeys, 'issue'>;
  tokens: ResetTokenStore;
  accountEmails: AccountEmails;
  /** `GET /api/ResetPassword?token=…` on the public base URL. */
  resetLink(token: string): string;
}

/** What the worker did, for the logs (never the address, never the token). */
export type ResetWorkOutcome =
  | { kind: 'link-sent'; objectId: string }
  | { kind: 'refusal-sent'; objectId: string; reason: 'blocked' | 'merged' | 'provider-inactive' }
  | { kind: 'address-limited' }
  | { kind: 'no-account' };

export async function processResetRequest(deps: ResetWorkerDeps, request: ResetRequest): Promise<ResetWorkOutcome> {
  // Counted for every address, with or without an account: the limit says nothing either.
  const limited = await deps.limits.takeSliding(resetLimitKeys.address(request.email), [RESET_LIMITS.address]);
  if (!limited.allowed) return { kind: 'address-limited' };
  const account = await deps.directory.accountSigningInWith(request.email);
  if (!account) return { kind: 'no-account' };
  const key = clientKey({ tenantId: deps.clientTenantId, objectId: account.objectId });
  const profile = await deps.clients.profile(key);
  const locale = (await ownLocale(deps, profile, request.email)) ?? request.locale;
  const providers = await providersOf(deps, profile);
  const decision = decideAccess(profile, providers);
  // An account without any provider record (`no-access`) has nothing to explain: its password is its own.
  if (decision.kind === 'refused' && decision.reason !== 'no-access') {
    const provider = decision.providerId ? providers.get(decision.providerId) : undefined;
    await deps.accountEmails.queue({
      kind: 'reset-refused',
      to: request.email,
      locale,
      reason: decision.reason,
      ...(decision.since ? { since: decision.since } : {}),
      ...(provider ? { providerName: provider.name } : {}),
      ...(provider?.supportEmail ? { supportEmail: provider.supportEmail } : {}),
      ...(decision.mergedInto ? { mergedIntoEmail: maskedAddress(decision.mergedInto) } : {}),
    });
    return { kind: 'refusal-sent', objectId: account.objectId, reason: decision.reason };
  }
  const now = deps.clock.now();
  const { key: token, hash } = deps.keys.issue();
  const record = profile?.records[0];
  const expiresAt = new Date(now.getTime() + RESET_TOKEN_TTL_MS);
  await deps.tokens.issue({
    hash,
    clientKey: key,
    objectId: account.objectId,
    owner: {
      email: request.email,
      ...(record?.firstName ? { firstName: record.firstName } : {}),
      ...(record?.lastName ? { lastName: record.lastName } : {}),
    },
    locale,
    issuedAt: now,
    expiresAt,
  });
  await deps.accountEmails.queue({
    kind: 'reset-link',
    to: request.email,
    locale,
    url: deps.resetLink(token),
    expiresAt,
  });
  return { kind: 'link-sent', objectId: account.objectId };
}

/** The client's own language: their client file's at the first provider that has one. */
async function ownLocale(
  deps: ResetWorkerDeps,
  profile: ClientProfile | undefined,
  email: string,
): Promise<Locale | undefined> {
  if (!deps.clientFiles || !profile) return undefined;
  for (const record of profile.records) {
    const file = await deps.clientFiles.byEmail(record.providerId, email);
    if (file) return file.value.locale;
  }
  return undefined;
}

async function providersOf(deps: ResetWorkerDeps, profile: ClientProfile | undefined) {
  const ids = [...new Set(profile?.records.map((r) => r.providerId) ?? [])];
  const found = await Promise.all(ids.map((id) => deps.providers.get(id)));
  return new Map(found.filter((p): p is Provider => !!p).map((p) => [p.id, p]));
}

// --- The link ---------------------------------------------------------------------------------------------------

export interface ResetLinkDeps {
  clock: Clock;
  keys: Pick<LinkKeys, 'hash'>;
  tokens: ResetTokenStore;
}

export type ResetLinkView =
  | { kind: 'unknown' }
  | { kind: 'used' | 'expired'; locale: Locale }
  | { kind: 'usable'; locale: Locale; owner: ResetToken['owner']; expiresAt: Date };

/** What the link is worth now: one point read or two, no write. */
export async function viewResetLink(deps: ResetLinkDeps, token: string): Promise<ResetLinkView> {
  const found = await findToken(deps, token);
  if (!found) return { kind: 'unknown' };
  const state = resetTokenState(found.value, found.latest, deps.clock.now());
  if (state !== 'usable') return { kind: state, locale: found.value.locale };
  return { kind: 'usable', locale: found.value.locale, owner: found.value.owner, expiresAt: found.value.expiresAt };
}

async function findToken(deps: ResetLinkDeps, token: string) {
  if (!RESET_TOKEN_PATTERN.test(token)) return undefined;
  return deps.tokens.find(deps.keys.hash(token));
}

// --- The confirm ------------------------------------------------------------------------------------------------

export interface ResetConfirmDeps extends ResetLinkDeps {
  directory: Pick<ClientDirectory, 'setPassword' | 'revokeSessions'>;
  accountEmails: AccountEmails;
  /** Where the account's portal sessions are ended (`endClientSessions`) and its device credentials (`recordPasswordChange`). */
  clients: Pick<ClientStore, 'endSessionsBefore' | 'recordPasswordChange'>;
}

export type ResetConfirmOutcome =
  | { kind: 'unknown' }
  | { kind: 'used' | 'expired'; locale: Locale }
  | {
      kind: 'rules-unmet';
      locale: Locale;
      unmet: PasswordCriterion[];
      owner: ResetToken['owner'];
      /** Our rules passed but the directory's own refused the password. */
      rejectedByDirectory?: true;
    }
  | {
      kind: 'changed';
      locale: Locale;
      objectId: string;
      /** What could not be done after the password was set (logged as an alert; the person's password is changed). */
      followUpsFailed: Array<{ step: 'end-devices' | 'revoke-sessions' | 'end-sessions' | 'notify'; error: unknown }>;
    };

export async function confirmPasswordReset(
  deps: ResetConfirmDeps,
  input: { token: string; password: string },
): Promise<ResetConfirmOutcome> {
  const found = await findToken(deps, input.token);
  if (!found) return { kind: 'unknown' };
  const token = found.value;
  const state: ResetTokenState = resetTokenState(token, found.latest, deps.clock.now());
  if (state !== 'usable') return { kind: state, locale: token.locale };
  const check = checkPassword(input.password, token.owner);
  if (check.unmet.length > 0) {
    return { kind: 'rules-unmet', locale: token.locale, unmet: check.unmet, owner: token.owner };
  }
  const now = deps.clock.now();
  const spent = await deps.tokens.spend(found as Versioned<ResetToken>, now);
  // Another confirm spent it a moment ago: this one is the second click.
  if (!spent) return { kind: 'used', locale: token.locale };
  try {
    await deps.directory.setPassword(token.objectId, input.password, { forceChangeAtNextSignIn: false });
  } catch (error) {
    // The password was not set: the link works again (a Graph outage must not cost the person their link).
    await deps.tokens.restore(token.hash, spent).catch(() => undefined);
    if (error instanceof DomainError && error.code === 'password-rejected') {
      return { kind: 'rules-unmet', locale: token.locale, unmet: [], owner: token.owner, rejectedByDirectory: true };
    }
    throw error;
  }
  const followUpsFailed: Array<{
    step: 'end-devices' | 'revoke-sessions' | 'end-sessions' | 'notify';
    error: unknown;
  }> = [];
  const attempt = async (
    step: 'end-devices' | 'revoke-sessions' | 'end-sessions' | 'notify',
    run: () => Promise<void>,
  ) => {
    try {
      await run();
    } catch (error) {
      followUpsFailed.push({ step, error });
    }
  };
  // Failing, Graph's `lastPasswordChangeDateTime` still ends the credentials within DEVICE_CREDENTIAL_CHECK_SECONDS.
  await attempt('end-devices', () => deps.clients.recordPasswordChange(token.clientKey, now));
  await attempt('revoke-sessions', () => deps.directory.revokeSessions(token.objectId));
  await attempt('end-sessions', async () => {
    await endClientSessions(deps, token.clientKey);
  });
  await attempt('notify', () =>
    deps.accountEmails.queue({
      kind: 'password-changed',
      to: token.owner.email,
      locale: token.locale,
      at: now,
      how: 'reset',
    }),
  );
  return { kind: 'changed', locale: token.locale, objectId: token.objectId, followUpsFailed };
}
