/**
 * What a new session says: who signed in (their client account), the page language, where they are — their one
 * (provider, company), or the choices the company picker offers — and, while onboarding, what Create Company shows
 * (the provider's words and the invitation's data, so that page reads nothing).
 */
import type { AccessChoice, ClientAccount } from '../domain/client.js';
import type { Invitation } from '../domain/invitation.js';
import type { Locale } from '../domain/locale.js';
import type { Versioned } from '../domain/ports.js';
import type { Provider } from '../domain/provider.js';
import { newSessionId } from './sealed-cookies.js';
import type { OnboardingState, SessionClaims } from './session.js';

/** A new session (a new id at every sign-in): at its one place when there is one, else with the choices. */
export function newSessionClaims(
  account: Pick<ClientAccount, 'key' | 'clientId' | 'email' | 'displayName'>,
  locale: Locale,
  places: AccessChoice[],
  onboarding?: OnboardingState,
): SessionClaims {
  return {
    sid: newSessionId(),
    clientKey: account.key,
    clientId: account.clientId,
    email: account.email,
    name: account.displayName,
    locale,
    ...(places.length === 1 ? { current: places[0]! } : { choices: places }),
    ...(onboarding ? { onboarding } : {}),
  };
}

/** Onboarding after an accepted invitation: its ETag (to complete it without a read) and what Create Company shows. */
export function onboardingState(accepted: Versioned<Invitation>, provider: Provider | undefined): OnboardingState {
  const invitation = accepted.value;
  return {
    invitationId: invitation.id,
    invitationEtag: accepted.etag,
    providerId: invitation.providerId,
    providerName: provider?.name ?? '',
    platformName: provider?.platformName ?? '',
    supportEmail: provider?.supportEmail ?? '',
    firstName: invitation.firstName,
    lastName: invitation.lastName,
    ...(invitation.company ? { company: invitation.company } : {}),
  };
}
