/**
 * Accepting an invitation (seed 002, CAS 1 and CAS 2). The landing page's button starts a sign-in in the client
 * tenant — with `prompt=create` when the invited email has no account yet, so the person lands on sign-up. The
 * callback then requires that the email of whoever signed in is the invited one (after normalization), and that
 * their account proves it — the token's `email` is the account's `mail`, which an administrator may set to anything;
 * the directory must hold the address as the account's email sign-in identity (`provesEmail`). Otherwise nothing
 * changes and the person is offered to sign in as the invited address. Acceptance is a conditional write: of
 * concurrent callbacks exactly one accepts, the others find it accepted by the same person.
 *
 * The callback does not read the invitation again when it can help it: the click read it a moment before, and the
 * sign-in transaction carries it back (`pending.read`, the invitation and its ETag). A first attempt accepts that
 * copy, If-Match its ETag, so any change since the click (revoked, resent, a delivery report, another acceptance)
 * fails the write and the invitation is read again; any other decision (refused, wrong account) is taken on a fresh
 * read, never on the copy.
 */
import { type ClientAccount, type ClientRecord, clientKey, type VerifiedIdentity } from '../client.js';
import { provesEmail } from '../directory-account.js';
import { normalizeEmail } from '../email-address.js';
import { DomainError } from '../errors.js';
import { accept, effectiveStatus, type Invitation } from '../invitation.js';
import type { ClientDirectory, ClientSignIn, ClientStore, EndedSessions, SignInAttempt, Versioned } from '../ports.js';
import type { Provider } from '../provider.js';
import { event } from '../timeline.js';
import { syncAccessFromFiles } from './client-access.js';
import {
  acceptedInvitation,
  type ClientFileLinkDeps,
  type FileLinkOutcome,
  type LinkOptions,
  tryLinkClientFile,
} from './client-files.js';
import type { InvitationDeps } from './invitation-deps.js';
import { type ClickThrough, clickThrough } from './invitation-link.js';

export interface OnboardingDeps extends InvitationDeps {
  signIn: ClientSignIn;
  directory: ClientDirectory;
  clients: ClientStore;
  /** Sessions signed out before their time (a copy of the cookie is refused). */
  endedSessions: EndedSessions;
  /** The providers' client files: an accepted invitation links (or creates) the invited address's file. */
  clientFiles?: ClientFileLinkDeps;
}

export const ACCEPT_CALLBACK_PATH = '/api/AcceptInvitation/callback';

export type BeginAcceptance =
  | {
      kind: 'redirect';
      authorizeUrl: string;
      attempt: SignInAttempt;
      invitation: Invitation;
      newAccount: boolean;
      /** The invitation as the click read it, with its ETag: the callback's first attempt accepts it. */
      read: Versioned<Invitation>;
    }
  | { kind: 'limited'; limit: 'perInvitation' | 'perAddress'; retryAfterSeconds: number; invitation: Invitation }
  | { kind: 'link-problem'; outcome: Exclude<ClickThrough['kind'], 'limited'> };

/**
 * The landing page's "Accept": a valid link, within the limits of `ACCEPT_LIMITS` (per invitation, and per client
 * `address` as the edge tells it), records "opened", asks Graph whether the email has an account, and starts the
 * sign-in (with `prompt=create` when it has none).
 */
export async function beginAcceptance(
  deps: OnboardingDeps,
  link: { invitationId: string; key: string },
  options: { locale: string; prompt?: 'login'; address?: string | undefined } = { locale: 'fr' },
): Promise<BeginAcceptance> {
  const view = await clickThrough(deps, link, { address: options.address });
  if (view.kind === 'limited') return view;
  if (view.kind !== 'valid') return { kind: 'link-problem', outcome: view.kind };
  const invitation = view.invitation;
  const newAccount = options.prompt ? false : !(await deps.directory.hasAccount(invitation.email));
  const attempt = deps.signIn.newAttempt();
  const authorizeUrl = await deps.signIn.authorizeUrl({
    attempt,
    redirectPath: ACCEPT_CALLBACK_PATH,
    loginHint: invitation.email,
    locale: options.locale,
    ...(options.prompt ? { prompt: options.prompt } : newAccount ? { prompt: 'create' as const } : {}),
  });
  return { kind: 'redirect', authorizeUrl, attempt, invitation, newAccount, read: view.read };
}

export type BeginAcceptanceAgain =
  | { kind: 'redirect'; authorizeUrl: string; attempt: SignInAttempt; invitation: Invitation }
  | { kind: 'not-found' };

/**
 * "Sign in as <invited address>", offered after someone signed in with another account: a new sign-in for the
 * invited email that asks for the password again (`prompt=login`), whoever is signed in to Entra — or, when the
 * invited email has no account yet, the sign-up page (`prompt=create`), as the first "Accept" would have led to.
 */
export async function beginAcceptanceAgain(
  deps: Pick<OnboardingDeps, 'invitations' | 'signIn' | 'directory'>,
  invitationId: string,
  options: { locale: string },
): Promise<BeginAcceptanceAgain> {
  const current = await deps.invitations.get(invitationId);
  if (!current) return { kind: 'not-found' };
  const hasAccount = await deps.directory.hasAccount(current.value.email);
  const attempt = deps.signIn.newAttempt();
  const authorizeUrl = await deps.signIn.authorizeUrl({
    attempt,
    redirectPath: ACCEPT_CALLBACK_PATH,
    loginHint: current.value.email,
    prompt: hasAccount ? 'login' : 'create',
    locale: options.locale,
  });
  return { kind: 'redirect', authorizeUrl, attempt, invitation: current.value };
}

/**
 * What acceptance did to the invited address's client file; `failed` does not undo nor block the acceptance (the
 * caller logs it; the person's next sign-in links it again: `repairClientFiles`, `linkClientFile` is idempotent).
 */
export type AcceptedFile = FileLinkOutcome;

export type AcceptanceResult =
  | {
      kind: 'accepted';
      invitation: Versioned<Invitation>;
      account: ClientAccount;
      identity: VerifiedIdentity;
      /** The account was created by this acceptance: a person new to the service (no two-step to ask for yet). */
      accountCreated: boolean;
      /** Absent when the service keeps no client files (`clientFiles` not given). */
      clientFile?: AcceptedFile;
    }
  | { kind: 'wrong-account'; invitation: Invitation; signedInEmail?: string }
  | { kind: 'refused'; problem: Exclude<AcceptanceProblem, 'email-not-verified'> }
  /** The token names the invited address, but the account signed in does not prove it owns it. */
  | { kind: 'refused'; problem: 'email-not-verified'; invitation: Invitation };

export interface CallbackInput {
  state: string | null;
  code: string | null;
  error: string | null;
}

export type CallbackProblem = 'cancelled' | 'state-mismatch' | 'sign-in-failed';
/** Why an invitation is not accepted after a sign-in (the web's sign-in problems add their own to these). */
export type AcceptanceProblem = 'expired' | 'revoked' | 'already-accepted' | 'email-not-verified' | CallbackProblem;

/**
 * What Entra's redirect proves: a verified identity, or why not. A missing, replayed or foreign `state` is refused
 * before anything is read or written; a cancelled sign-in and a code that does not redeem are told apart.
 */
export async function verifyCallback(
  deps: Pick<OnboardingDeps, 'signIn'>,
  attempt: SignInAttempt | undefined,
  callback: CallbackInput,
  redirectPath: string,
): Promise<{ identity: VerifiedIdentity } | { problem: CallbackProblem }> {
  if (!attempt || !callback.state || !deps.signIn.sameState(attempt.state, callback.state))
    return { problem: 'state-mismatch' };
  if (callback.error) return { problem: callback.error === 'access_denied' ? 'cancelled' : 'sign-in-failed' };
  if (!callback.code) return { problem: 'sign-in-failed' };
  try {
    return { identity: await deps.signIn.redeem({ code: callback.code, attempt, redirectPath }) };
  } catch (error) {
    if (error instanceof DomainError && error.code === 'sign-in-failed') return { problem: 'sign-in-failed' };
    throw error;
  }
}

/** The sign-in transaction of an acceptance: its attempt, its invitation, and the invitation as the click read it. */
export interface PendingAcceptance {
  attempt: SignInAttempt;
  invitationId: string;
  read?: Versioned<Invitation> | undefined;
}

export async function completeAcceptance(
  deps: OnboardingDeps,
  pending: PendingAcceptance | undefined,
  callback: CallbackInput,
): Promise<AcceptanceResult> {
  const verified = await verifyCallback(deps, pending?.attempt, callback, ACCEPT_CALLBACK_PATH);
  if ('problem' in verified) return { kind: 'refused', problem: verified.problem };
  return acceptAs(deps, pending!.invitationId, verified.identity, pending!.read);
}

/** Tries at accepting on a fresh read (one more, first, on the click's copy when there is one). */
const ACCEPT_TRIES = 3;

async function acceptAs(
  deps: OnboardingDeps,
  invitationId: string,
  identity: VerifiedIdentity,
  read: Versioned<Invitation> | undefined,
): Promise<AcceptanceResult> {
  const now = deps.clock.now();
  const key = clientKey(identity);
  const clientId = deps.ids.derive('client', key);
  let proven: boolean | undefined; // read from the directory once, the first time the invitation is still pending
  // The click's copy serves a first attempt that accepts; anything else is decided on the invitation as stored now.
  let asClicked = read?.value.id === invitationId ? read : undefined;
  for (let attempt = 0; attempt < ACCEPT_TRIES + (asClicked ? 1 : 0); attempt++) {
    const fromCopy = asClicked !== undefined;
    const current = asClicked ?? (await deps.invitations.get(invitationId));
    asClicked = undefined;
    if (!current) return { kind: 'refused', problem: 'revoked' };
    const invitation = current.value;
    const status = effectiveStatus(invitation, now);
    const signedIn = identity.email ? normalizeEmail(identity.email) : undefined;
    if (fromCopy && (status !== 'pending' || signedIn !== invitation.email)) continue; // read it as it is now
    if (status === 'accepted' || status === 'completed') {
      // Accepted already: by this very person (a concurrent or repeated callback) it is theirs; by anyone else, not.
      if (invitation.clientId !== clientId) return { kind: 'refused', problem: 'already-accepted' };
      const account = accountOf(identity, invitation, clientId, now);
      // Writes what an interrupted earlier acceptance may have left unwritten (it only adds missing rows).
      const record = clientRecord(invitation, clientId, now);
      const { accountCreated } = await deps.clients.recordAcceptance(account, record);
      const clientFile = await linkFile(deps, invitation, account, { createFirst: false });
      await syncAccessFromFiles(deps.clients, { account, records: [record], companies: [] }, [clientFile]);
      return {
        kind: 'accepted',
        invitation: current,
        account,
        identity,
        accountCreated,
        ...(clientFile ? { clientFile } : {}),
      };
    }
    if (status === 'expired') return { kind: 'refused', problem: 'expired' };
    if (status === 'revoked') return { kind: 'refused', problem: 'revoked' };
    if (signedIn !== invitation.email) {
      return { kind: 'wrong-account', invitation, ...(identity.email ? { signedInEmail: identity.email } : {}) };
    }
    // The token's `email` is the account's `mail`: the directory tells whether the account proves the address.
    proven ??= await provedByAccount(deps, identity.objectId, invitation.email);
    if (!proven && fromCopy) continue; // refused: on the invitation as stored now
    if (!proven) return { kind: 'refused', problem: 'email-not-verified', invitation };
    const next = accept(invitation, { now, clientId });
    let etag: string;
    try {
      etag = await deps.invitations.update(current, next, {
        events: [event(now, 'accepted', `as ${identity.objectId}`)],
        // The listing row's summary is written with the client file (one write in the provider's partition).
        ...(deps.clientFiles ? { listingWithClientFile: true } : {}),
      });
    } catch (error) {
      if (error instanceof DomainError && error.code === 'concurrent-update') continue; // someone else wrote first: look again
      throw error;
    }
    const account = accountOf(identity, invitation, clientId, now);
    const record = clientRecord(invitation, clientId, now);
    const { accountCreated } = await deps.clients.recordAcceptance(account, record);
    // Just accepted: most invited addresses have no file yet, so it is created without a read first.
    const clientFile = await linkFile(deps, next, account, { createFirst: true, listingOf: next });
    // A prospect blocked before it had an account: its new record starts blocked (`syncAccessFromFiles`).
    await syncAccessFromFiles(deps.clients, { account, records: [record], companies: [] }, [clientFile]);
    return {
      kind: 'accepted',
      invitation: { value: next, etag },
      account,
      identity,
      accountCreated,
      ...(clientFile ? { clientFile } : {}),
    };
  }
  throw new DomainError('concurrent-update', 'The invitation keeps changing; try again.');
}

/** Links the invited address's file to the account; a failure is returned, never thrown (acceptance stands). */
async function linkFile(
  deps: OnboardingDeps,
  invitation: Invitation,
  account: ClientAccount,
  options: LinkOptions,
): Promise<AcceptedFile | undefined> {
  return deps.clientFiles && tryLinkClientFile(deps.clientFiles, acceptedInvitation(invitation), account, options);
}

/** An account the directory does not have (deleted since it signed in) proves nothing. */
async function provedByAccount(deps: OnboardingDeps, objectId: string, email: string): Promise<boolean> {
  const account = await deps.directory.account(objectId);
  return account !== undefined && provesEmail(account, email);
}

function clientRecord(invitation: Invitation, clientId: string, now: Date): ClientRecord {
  return {
    providerId: invitation.providerId,
    clientId,
    invitationId: invitation.id,
    firstName: invitation.firstName,
    lastName: invitation.lastName,
    email: invitation.email,
    ...(invitation.phone ? { phone: invitation.phone } : {}),
    access: { status: 'active', since: now },
    firstSignInAt: now,
    createdAt: now,
  };
}

function accountOf(identity: VerifiedIdentity, invitation: Invitation, clientId: string, now: Date): ClientAccount {
  return {
    key: clientKey(identity),
    clientId,
    tenantId: identity.tenantId,
    objectId: identity.objectId,
    email: invitation.email,
    displayName: identity.name ?? `${invitation.firstName} ${invitation.lastName}`,
    createdAt: now,
  };
}

/** An accepted invitation, with the provider whose words the onboarding pages show. */
export type OnboardingAcceptance =
  | Exclude<AcceptanceResult, { kind: 'accepted' }>
  | (Extract<AcceptanceResult, { kind: 'accepted' }> & { provider: Provider | undefined });

/** Entra's redirect after "Accept": `completeAcceptance`, and for an accepted invitation its provider. */
export async function completeAcceptanceForOnboarding(
  deps: OnboardingDeps,
  pending: PendingAcceptance | undefined,
  callback: CallbackInput,
): Promise<OnboardingAcceptance> {
  const result = await completeAcceptance(deps, pending, callback);
  if (result.kind !== 'accepted') return result;
  return { ...result, provider: await deps.providers.get(result.invitation.value.providerId) };
}
