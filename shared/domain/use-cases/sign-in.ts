/**
 * Signing in again (seed 003's `?client=CODE&societe=CODE` name the provider to start with): an Entra sign-in in
 * the client tenant, then the access decision — home, a company picker when the client belongs to several companies or providers, or a
 * page that says why access is refused. The decision is made only after authentication, so strangers learn nothing.
 */
import {
  type AccessChoice,
  type AccessDecision,
  type ClientProfile,
  clientKey,
  decideAccess,
  type VerifiedIdentity,
} from '../client.js';
import type { Invitation } from '../invitation.js';
import type { SignInAttempt, Versioned } from '../ports.js';
import { matchesAgencyCodes, normalizeAgencyCode, type Provider } from '../provider.js';
import { type CallbackInput, type CallbackProblem, type OnboardingDeps, verifyCallback } from './accept-invitation.js';
import { type AccessRepair, syncAccessFromFiles } from './client-access.js';
import { type FileLinkOutcome, repairClientFiles } from './client-files.js';
import { resumeOnboarding } from './create-company.js';

export const SIGN_IN_CALLBACK_PATH = '/api/SignIn/callback';

/** Seed 003's codes as a sign-in link carries them (`?client=CODECLIENT&societe=CODESOCIETE`), unchecked. */
export interface SignInCodes {
  client?: string;
  company?: string;
}

/**
 * Starts a sign-in. The link's codes name the provider whose context the sign-in starts in (`wanted`, kept in
 * the transaction until the callback narrows the client's choices to it). Codes that name no provider do not
 * stop anyone: the sign-in goes on without context, and the access decision still shows every provider the
 * client has — a mistyped link costs the person one choice, never their access.
 */
export async function beginSignIn(
  deps: OnboardingDeps,
  options: {
    locale: string;
    prompt?: 'login' | 'select_account';
    maxAge?: number;
    loginHint?: string;
    codes?: SignInCodes;
  },
): Promise<{ authorizeUrl: string; attempt: SignInAttempt; wanted: { providerId?: string } }> {
  const provider = await providerOfCodes(deps, options.codes);
  const attempt = deps.signIn.newAttempt();
  const authorizeUrl = await deps.signIn.authorizeUrl({
    attempt,
    redirectPath: SIGN_IN_CALLBACK_PATH,
    locale: options.locale,
    ...(options.prompt ? { prompt: options.prompt } : {}),
    ...(options.maxAge === undefined ? {} : { maxAge: options.maxAge }),
    ...(options.loginHint ? { loginHint: options.loginHint } : {}),
  });
  return { authorizeUrl, attempt, wanted: provider ? { providerId: provider.id } : {} };
}

/**
 * The provider the codes typed in the sign-in form name, when they name one: as a link's, and a company code typed
 * must be the provider's own (a link may carry a company code its provider does not use; a person typing one means it).
 */
export async function providerOfTypedCodes(deps: OnboardingDeps, codes: SignInCodes): Promise<Provider | undefined> {
  const provider = await providerOfCodes(deps, codes);
  if (!provider || !codes.company) return provider;
  return provider.agencyCodes?.company === normalizeAgencyCode(codes.company) ? provider : undefined;
}

/** The provider a link's codes name, when they name one. */
async function providerOfCodes(deps: OnboardingDeps, codes: SignInCodes | undefined): Promise<Provider | undefined> {
  if (!codes?.client) return undefined;
  const provider = await deps.providers.byAgencyCode(codes.client);
  return provider && matchesAgencyCodes(provider, codes) ? provider : undefined;
}

export type SignInResult =
  | {
      kind: 'decided';
      identity: VerifiedIdentity;
      profile?: ClientProfile;
      providers: Map<string, Provider>;
      decision: AccessDecision;
      /** The client files this sign-in linked again or could not (`repairClientFiles`); absent without client files. */
      clientFiles?: FileLinkOutcome[];
      /** Records this sign-in brought in step with their files (`syncAccessFromFiles`); absent when none. */
      accessRepairs?: AccessRepair[];
      /**
       * The one place granted awaits its company: the invitation this client accepted there, to finish onboarding at
       * Create Company (`resumeOnboarding`), with its provider. Absent otherwise.
       */
      onboarding?: { invitation: Versioned<Invitation>; provider: Provider | undefined };
    }
  | { kind: 'refused'; problem: CallbackProblem };

export async function completeSignIn(
  deps: OnboardingDeps,
  pending: { attempt: SignInAttempt; wanted?: { providerId?: string; companyId?: string } } | undefined,
  callback: CallbackInput,
): Promise<SignInResult> {
  const verified = await verifyCallback(deps, pending?.attempt, callback, SIGN_IN_CALLBACK_PATH);
  if ('problem' in verified) return { kind: 'refused', problem: verified.problem };
  const identity = verified.identity;
  const profile = await deps.clients.profile(clientKey(identity));
  const providerIds = [...new Set(profile?.records.map((r) => r.providerId) ?? [])];
  const [found, clientFiles] = await Promise.all([
    Promise.all(providerIds.map((id) => deps.providers.get(id))),
    profile && deps.clientFiles ? repairClientFiles(deps.clientFiles, profile) : undefined,
  ]);
  const providers = new Map(found.filter((p): p is Provider => Boolean(p)).map((p) => [p.id, p]));
  // A record behind its file (a block or unblock cut short) is brought in step, and the decision follows the file.
  const synced = profile && clientFiles ? await syncAccessFromFiles(deps.clients, profile, clientFiles) : undefined;
  const seen = synced?.profile ?? profile;
  const decision = decideAccess(seen, providers, pending?.wanted ?? {});
  // Onboarding left before Create Company: the one place granted leads back there (several: the picker first).
  const place = decision.kind === 'granted' && decision.choices.length === 1 ? decision.choices[0] : undefined;
  const resumed =
    seen && place ? await resumeOnboarding(deps, { clientId: seen.account.clientId, profile: seen }, place) : undefined;
  return {
    kind: 'decided',
    identity,
    ...(seen ? { profile: seen } : {}),
    providers,
    decision,
    ...(clientFiles ? { clientFiles } : {}),
    ...(synced?.repairs.length ? { accessRepairs: synced.repairs } : {}),
    ...(resumed ? { onboarding: { invitation: resumed, provider: providers.get(resumed.value.providerId) } } : {}),
  };
}

/** One place the company picker offers: the (provider, company) pair, with the names the client knows them by. */
export interface CompanyChoice {
  choice: AccessChoice;
  /** The provider's name (its id when it is no longer found). */
  providerName: string;
  /** The company's name; empty for a provider where the client has no company yet. */
  companyName: string;
}

/**
 * The company picker's choices, named: the client's companies and the providers they are the client of. `profile`,
 * when the page already read it (checking the session), is not read again.
 */
export async function companyChoices(
  deps: Pick<OnboardingDeps, 'clients' | 'providers'>,
  client: { clientKey: string; choices: AccessChoice[]; profile?: ClientProfile },
): Promise<CompanyChoice[]> {
  const providerIds = [...new Set(client.choices.map((c) => c.providerId))];
  const [profile, providers] = await Promise.all([
    client.profile ?? deps.clients.profile(client.clientKey),
    Promise.all(providerIds.map((id) => deps.providers.get(id))),
  ]);
  const names = new Map(providers.filter((p): p is Provider => Boolean(p)).map((p) => [p.id, p.name]));
  return client.choices.map((choice) => ({
    choice,
    providerName: names.get(choice.providerId) ?? choice.providerId,
    companyName: profile?.companies.find((c) => c.id === choice.companyId)?.company.name ?? '',
  }));
}

/** What the welcome page shows a client at their current (provider, company). */
export interface ClientWelcome {
  provider: { name: string; platformName: string; supportEmail: string; portalUrl?: string };
  /** As the provider knows the client (their record); before it is found, the name they signed in with. */
  client: { firstName: string; lastName: string };
  company?: { name: string };
}

export async function welcomeView(
  deps: Pick<OnboardingDeps, 'clients' | 'providers'>,
  client: { clientKey: string; name: string; current: AccessChoice; profile?: ClientProfile },
): Promise<ClientWelcome> {
  const [provider, profile] = await Promise.all([
    deps.providers.get(client.current.providerId),
    client.profile ?? deps.clients.profile(client.clientKey),
  ]);
  const company = profile?.companies.find((c) => c.id === client.current.companyId);
  const record = profile?.records.find((r) => r.providerId === client.current.providerId);
  return {
    provider: {
      name: provider?.name ?? '',
      platformName: provider?.platformName ?? '',
      supportEmail: provider?.supportEmail ?? '',
      ...(provider?.portalUrl ? { portalUrl: provider.portalUrl } : {}),
    },
    client: { firstName: record?.firstName ?? client.name, lastName: record?.lastName ?? '' },
    ...(company ? { company: { name: company.company.name } } : {}),
  };
}
