/**
 * "Changer de compte" / "Switch account" (seed 001: "Si vous avez accès à plusieurs comptes avec votre messagerie,
 * cliquez sur Changer de compte"). A person whose email reaches several places — companies, or providers — goes back
 * to the company picker without signing in again: the places are those the sign-in's access decision would offer
 * now, for every provider of the account (not only the session's, which a sign-in link's codes may have narrowed).
 * With one place (or none left) there is nothing to pick here: the session ends, as signing out ends it, and a new
 * sign-in lets the person pick another Microsoft account (`prompt=select_account`).
 */
import { type AccessChoice, type ClientProfile, decideAccess } from '../client.js';
import type { SessionRef } from '../ports.js';
import type { Provider } from '../provider.js';
import type { OnboardingDeps } from './accept-invitation.js';
import { signOut } from './client-session.js';

export type SwitchOutcome =
  /** Back to the company picker, offering these places (two or more). */
  | { kind: 'pick'; choices: AccessChoice[] }
  /** The session is ended (recorded as signing out records it): on to a sign-in that lets them pick an account. */
  | { kind: 'signed-out' };

/** Where the account may go now: the access decision of sign-in over all its providers. */
export async function placesOf(
  deps: Pick<OnboardingDeps, 'providers'>,
  profile: Pick<ClientProfile, 'records' | 'companies'>,
): Promise<AccessChoice[]> {
  const providerIds = [...new Set(profile.records.map((r) => r.providerId))];
  const found = await Promise.all(providerIds.map((id) => deps.providers.get(id)));
  const providers = new Map(found.filter((p): p is Provider => Boolean(p)).map((p) => [p.id, p]));
  const decision = decideAccess(profile, providers);
  return decision.kind === 'granted' ? decision.choices : [];
}

export async function switchAccount(
  deps: Pick<OnboardingDeps, 'providers' | 'clients' | 'endedSessions'>,
  input: { profile: Pick<ClientProfile, 'records' | 'companies'>; session: SessionRef & { clientKey: string } },
): Promise<SwitchOutcome> {
  const choices = await placesOf(deps, input.profile);
  if (choices.length > 1) return { kind: 'pick', choices };
  await signOut(deps, input.session);
  return { kind: 'signed-out' };
}

/**
 * The place the signed-in notice names (seed 001: "le compte auquel vous êtes connecté"): the company of the
 * session's current place, else — a provider where the client has no company yet — the provider's name; before a
 * place is chosen, none (the notice then names the email alone). The provider is read only when there is no company
 * (the process caches providers).
 */
export async function placeName(
  deps: Pick<OnboardingDeps, 'providers'>,
  profile: Pick<ClientProfile, 'companies'>,
  current: AccessChoice | undefined,
): Promise<string | undefined> {
  if (!current) return undefined;
  const company = current.companyId ? profile.companies.find((c) => c.id === current.companyId) : undefined;
  if (company?.company.name) return company.company.name;
  return (await deps.providers.get(current.providerId))?.name || undefined;
}
