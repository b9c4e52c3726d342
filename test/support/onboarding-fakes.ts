/**
 * In-memory fakes of the onboarding ports (the client tenant's sign-in and directory; the client store is fakes.ts's),
 * beside the invitation fakes of `fakes.ts`, for unit tests of the onboarding and sign-in use cases. Like those, they
 * copy values in and out and keep the adapters' semantics.
 */
import type { ClientAccount, ClientProfile, VerifiedIdentity } from '../../shared/domain/client.js';
import { type DirectoryAccount, provesEmail } from '../../shared/domain/directory-account.js';
import { DomainError } from '../../shared/domain/errors.js';
import type { ClientDirectory, ClientSignIn, SignInAttempt } from '../../shared/domain/ports.js';
import type { Provider } from '../../shared/domain/provider.js';
import type { OnboardingDeps } from '../../shared/domain/use-cases/accept-invitation.js';
import { FakeClientStore, FakeEndedSessions, type FakeWorld, fakeWorld } from './fakes.js';

/** One fake of the client store for every unit test (fakes.ts). */
export { FakeClientStore };

const copy = <T>(value: T): T => structuredClone(value);

type AuthorizeRequest = Parameters<ClientSignIn['authorizeUrl']>[0];

/** Attempts `state-1`, `state-2`, … ; authorize URLs say what was asked; every code redeems to `identity`. */
export class FakeClientSignIn implements ClientSignIn {
  private counter = 0;
  readonly authorizeRequests: AuthorizeRequest[] = [];
  identity: VerifiedIdentity | undefined;

  newAttempt(): SignInAttempt {
    this.counter += 1;
    const n = this.counter;
    return { state: `state-${n}`, nonce: `nonce-${n}`, codeVerifier: `verifier-${n}`, codeChallenge: `challenge-${n}` };
  }

  sameState(a: string, b: string): boolean {
    return a === b;
  }

  async authorizeUrl(request: AuthorizeRequest): Promise<string> {
    this.authorizeRequests.push(copy(request));
    const query = new URLSearchParams({ state: request.attempt.state, redirect: request.redirectPath });
    if (request.loginHint) query.set('login_hint', request.loginHint);
    if (request.prompt) query.set('prompt', request.prompt);
    query.set('ui_locales', request.locale);
    return `https://entra.test/authorize?${query.toString()}`;
  }

  signOutUrl(request: Parameters<ClientSignIn['signOutUrl']>[0]): string {
    const query = new URLSearchParams({
      post_logout_redirect_uri: `https://onboarding.test${request.postLogoutRedirectPath}`,
      state: request.state,
      ui_locales: request.locale,
    });
    return `https://entra.test/logout?${query.toString()}`;
  }

  async redeem(): Promise<VerifiedIdentity> {
    if (!this.identity) throw new Error('no identity to redeem to');
    return copy(this.identity);
  }
}

/**
 * `accounts`: the emails `hasAccount` knows. `byObjectId`: the accounts `account` reads (their `mail` and sign-in
 * identities); an object id it does not hold is an account the directory does not have. `down`: every read throws
 * what the Graph adapter throws when Graph cannot be reached.
 */
export class FakeClientDirectory implements ClientDirectory {
  readonly accounts = new Set<string>();
  readonly byObjectId = new Map<string, DirectoryAccount>();
  /** The object ids `account` was asked for, in order. */
  readonly reads: string[] = [];
  down = false;
  /** Graph's `lastPasswordChangeDateTime` per object id (whole seconds); `setPassword` moves it to `now()`. */
  readonly passwordChanges = new Map<string, Date>();
  /** The object ids `lastPasswordChange` was asked for, in order. */
  readonly passwordChangeReads: string[] = [];

  constructor(private readonly now: () => Date = () => new Date()) {}

  async lastPasswordChange(objectId: string): Promise<Date | undefined> {
    this.passwordChangeReads.push(objectId);
    if (this.down) throw graphUnavailable();
    if (!this.byObjectId.has(objectId)) return undefined;
    const at = this.passwordChanges.get(objectId);
    return at ? new Date(at) : undefined;
  }

  async hasAccount(email: string): Promise<boolean> {
    if (this.down) throw graphUnavailable();
    return this.accounts.has(email);
  }

  async account(objectId: string): Promise<DirectoryAccount | undefined> {
    this.reads.push(objectId);
    if (this.down) throw graphUnavailable();
    const found = this.byObjectId.get(objectId);
    return found ? copy(found) : undefined;
  }

  /** Passwords set, per object id, with whether the next sign-in must change it. */
  readonly passwords = new Map<string, { password: string; forceChangeAtNextSignIn: boolean }>();
  /** Object ids whose sessions were revoked, in order. */
  readonly revoked: string[] = [];
  readonly disabled = new Set<string>();

  async accountSigningInWith(email: string): Promise<DirectoryAccount | undefined> {
    if (this.down) throw graphUnavailable();
    const found = [...this.byObjectId.values()].find((account) => provesEmail(account, email));
    return found ? copy(found) : undefined;
  }

  async setPassword(objectId: string, password: string, options: { forceChangeAtNextSignIn: boolean }) {
    this.known(objectId);
    // Entra's own rule (8 to 256 characters, 3 of 4 classes), as the local Graph applies it.
    const classes = [/[a-z]/, /[A-Z]/, /\d/, /[^a-zA-Z\d]/].filter((r) => r.test(password)).length;
    if (password.length < 8 || password.length > 256 || classes < 3) {
      throw new DomainError('password-rejected', 'The directory refused the password.');
    }
    this.passwords.set(objectId, { password, ...options });
    this.passwordChanges.set(objectId, new Date(Math.floor(this.now().getTime() / 1000) * 1000));
    this.revoked.push(objectId);
  }

  async revokeSessions(objectId: string): Promise<void> {
    this.known(objectId);
    this.revoked.push(objectId);
  }

  /** Object ids deleted, in order. */
  readonly deleted: string[] = [];

  async deleteAccount(objectId: string): Promise<boolean> {
    if (this.down) throw graphUnavailable();
    if (!this.byObjectId.delete(objectId)) return false;
    this.deleted.push(objectId);
    return true;
  }

  async setAccountEnabled(objectId: string, enabled: boolean): Promise<void> {
    this.known(objectId);
    if (enabled) this.disabled.delete(objectId);
    else this.disabled.add(objectId);
  }

  /**
   * The email sign-in identity (added when the account has none) and `mail` become `email`; `taken` when another
   * account signs in with that name. An address `hasAccount` knew as the old one moves to the new one.
   */
  async changeSignInEmail(objectId: string, email: string): Promise<'changed' | 'taken'> {
    this.known(objectId);
    const name = email.toLowerCase();
    const others = [...this.byObjectId.values()].filter((a) => a.objectId !== objectId);
    if (others.some((a) => a.identities.some((i) => i.issuerAssignedId.toLowerCase() === name))) return 'taken';
    const account = this.byObjectId.get(objectId)!;
    const identity = account.identities.find((i) => i.signInType === 'emailAddress');
    const local = account.identities.some((i) => i.signInType === 'emailAddress' || i.signInType === 'userName');
    if (identity) {
      this.accounts.delete(identity.issuerAssignedId);
      identity.issuerAssignedId = email;
    } else if (local) {
      account.identities.push({ signInType: 'emailAddress', issuer: 'clients.example', issuerAssignedId: email });
    }
    if (account.mail) this.accounts.delete(account.mail);
    account.mail = email;
    this.accounts.add(email);
    return 'changed';
  }

  private known(objectId: string): void {
    if (this.down) throw graphUnavailable();
    if (!this.byObjectId.has(objectId)) throw new DomainError('no-account', 'No such account.');
  }

  put(account: DirectoryAccount): void {
    this.byObjectId.set(account.objectId, copy(account));
  }
}

const graphUnavailable = () =>
  new DomainError('dependency-unavailable', 'The directory of accounts cannot be reached; try again shortly.', {
    retryAfterSeconds: 30,
    dependency: 'graph',
  });

/** An account signed up with a code: its email sign-in identity is `email` (and so is its `mail`). */
export const signedUpAccount = (objectId: string, email: string): DirectoryAccount => ({
  objectId,
  mail: email,
  identities: [{ signInType: 'emailAddress', issuer: 'clients.example', issuerAssignedId: email }],
});

export interface OnboardingWorld extends FakeWorld {
  clients: FakeClientStore;
  signIn: FakeClientSignIn;
  directory: FakeClientDirectory;
  endedSessions: FakeEndedSessions;
  onboarding: OnboardingDeps;
}

/** The invitation fakes of `fakeWorld`, with the onboarding ports. */
export function onboardingWorld(): OnboardingWorld {
  const world = fakeWorld();
  const clients = new FakeClientStore();
  const signIn = new FakeClientSignIn();
  const directory = new FakeClientDirectory();
  // Mohamed-Nour's account, as the directory shows it: signed up with the invited address (see `nourAccount`).
  directory.put(signedUpAccount('oid-nour', 'mohamed-nour@example.com'));
  const endedSessions = new FakeEndedSessions();
  return {
    ...world,
    clients,
    signIn,
    directory,
    endedSessions,
    onboarding: { ...world.deps, clients, signIn, directory, endedSessions },
  };
}

/** The client of the unit tests: Mohamed-Nour, whose account exists since 1 March 2025. */
export const NOUR_KEY = 'client-tenant|oid-nour';
export const NOUR_SINCE = new Date('2025-03-01T08:00:00.000Z');

export const nourAccount = (): ClientAccount => ({
  key: NOUR_KEY,
  clientId: 'client-1',
  tenantId: 'client-tenant',
  objectId: 'oid-nour',
  email: 'mohamed-nour@example.com',
  displayName: 'Nour B.',
  createdAt: NOUR_SINCE,
});

/** Nour as an active client of GFMS (`client-1`), owner of one company there (`co-1`, Atelier Nour). */
export const nourOfGfms = (): ClientProfile => ({
  account: nourAccount(),
  records: [
    {
      providerId: 'gfms',
      clientId: 'client-1',
      firstName: 'Mohamed-Nour',
      lastName: 'Benali',
      email: 'mohamed-nour@example.com',
      access: { status: 'active', since: NOUR_SINCE },
      firstSignInAt: NOUR_SINCE,
      createdAt: NOUR_SINCE,
    },
  ],
  companies: [
    {
      id: 'co-1',
      providerId: 'gfms',
      invitationId: 'inv-co-1',
      role: 'owner',
      company: { name: 'Atelier Nour' },
      createdAt: NOUR_SINCE,
    },
  ],
});

/** A second provider, for clients who belong to more than one. */
export const HORIZON: Provider = {
  id: 'horizon',
  name: 'Agence Horizon',
  platformName: 'Horizon Online',
  platformDescription: 'Your agency, online.',
  supportEmail: 'help@horizon.example',
  portalUrl: 'https://portal.horizon.example',
  status: 'active',
};

/** `onboardingWorld`, its invitation store listing the invitations it was asked to read (`reads`), in order. */
export function onboardingWorldCountingReads(): OnboardingWorld & { reads: string[] } {
  const w = onboardingWorld();
  const reads: string[] = [];
  const get = w.store.get.bind(w.store);
  w.store.get = (invitationId) => {
    reads.push(invitationId);
    return get(invitationId);
  };
  return { ...w, reads };
}
