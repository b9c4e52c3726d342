/**
 * Signing in again (seed 003's `?client=CODE&societe=CODE` accepted): an Entra sign-in in the client tenant, then
 * the access decision — home, a company picker when the client belongs to several companies or providers, or a
 * page that says why access is refused. The decision is made only after authentication, so strangers learn nothing.
 */
import { type AccessDecision, type ClientProfile, clientKey, decideAccess, type VerifiedIdentity } from '../client.js';
import type { SignInAttempt } from '../ports.js';
import type { Provider } from '../provider.js';
import { type CallbackInput, type OnboardingDeps, verifyCallback } from './accept-invitation.js';

export const SIGN_IN_CALLBACK_PATH = '/api/SignIn/callback';

export async function beginSignIn(
  deps: OnboardingDeps,
  options: { locale: string; prompt?: 'login'; loginHint?: string },
): Promise<{ authorizeUrl: string; attempt: SignInAttempt }> {
  const attempt = deps.signIn.newAttempt();
  const authorizeUrl = await deps.signIn.authorizeUrl({
    attempt,
    redirectPath: SIGN_IN_CALLBACK_PATH,
    locale: options.locale,
    ...(options.prompt ? { prompt: options.prompt } : {}),
    ...(options.loginHint ? { loginHint: options.loginHint } : {}),
  });
  return { authorizeUrl, attempt };
}

export type SignInResult =
  | {
      kind: 'decided';
      identity: VerifiedIdentity;
      profile?: ClientProfile;
      providers: Map<string, Provider>;
      decision: AccessDecision;
    }
  | { kind: 'refused'; problem: 'cancelled' | 'state-mismatch' | 'sign-in-failed' };

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
  const found = await Promise.all(providerIds.map((id) => deps.providers.get(id)));
  const providers = new Map(found.filter((p): p is Provider => Boolean(p)).map((p) => [p.id, p]));
  const decision = decideAccess(profile, providers, pending?.wanted ?? {});
  return { kind: 'decided', identity, ...(profile ? { profile } : {}), providers, decision };
}
