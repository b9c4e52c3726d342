/**
 * "Create company" (seed 002): the client confirms the company data their provider entered; the company is created
 * with the client as its owner and the invitation is completed. A double click, a retry or the back button make
 * one company: its id is derived from the invitation, so a second write finds it there.
 *
 * A client who leaves between acceptance and this step is not stranded: wherever they come back signed in (a later
 * sign-in, the welcome page, the invitation's link), an invitation they accepted whose company is not created yet
 * brings them back here (`resumeOnboarding`).
 */
import { type AccessChoice, awaitingCompany, type ClientProfile, type OwnedCompany } from '../client.js';
import { DomainError } from '../errors.js';
import { awaitsCompanyOf, type CompanyDraft, complete, type Invitation } from '../invitation.js';
import type { Versioned } from '../ports.js';
import { event } from '../timeline.js';
import type { OnboardingDeps } from './accept-invitation.js';

export interface Onboarding {
  clientKey: string;
  clientId: string;
  invitationId: string;
  providerId: string;
  /** The invitation's ETag after acceptance: the completion is written with it, without reading it again. */
  invitationEtag: string;
}

export const companyIdFor = (deps: Pick<OnboardingDeps, 'ids'>, invitationId: string) =>
  deps.ids.derive('company', invitationId);

/**
 * Back to Create Company at the client's `place`: when the profile says onboarding stopped there before its company
 * (`awaitingCompany`, no read), the invitation is read (one point read, only then) and given back when it still awaits
 * this client's company (`awaitsCompanyOf`) — accepted by this very client, not completed. Otherwise undefined: a
 * place with a company, another person's invitation, a completed or vanished one never reopen anything.
 */
export async function resumeOnboarding(
  deps: Pick<OnboardingDeps, 'invitations'>,
  client: { clientId: string; profile: Pick<ClientProfile, 'records' | 'companies'> },
  place: AccessChoice,
): Promise<Versioned<Invitation> | undefined> {
  if (place.companyId) return undefined;
  const awaiting = awaitingCompany(client.profile, place.providerId);
  if (!awaiting) return undefined;
  const found = await deps.invitations.get(awaiting.invitationId);
  if (!found || found.value.providerId !== place.providerId) return undefined;
  return awaitsCompanyOf(found.value, client.clientId) ? found : undefined;
}

export async function createCompany(
  deps: OnboardingDeps,
  onboarding: Onboarding,
  company: CompanyDraft,
): Promise<{ companyId: string; created: boolean }> {
  const now = deps.clock.now();
  const companyId = companyIdFor(deps, onboarding.invitationId);
  const owned: OwnedCompany = {
    id: companyId,
    providerId: onboarding.providerId,
    invitationId: onboarding.invitationId,
    role: 'owner',
    company,
    createdAt: now,
  };
  const created = await deps.clients.addCompany(onboarding.clientKey, owned);
  await completeInvitation(deps, onboarding, now);
  return { companyId, created };
}

async function completeInvitation(deps: OnboardingDeps, onboarding: Onboarding, now: Date): Promise<void> {
  // The usual case: nothing changed since acceptance, so the remembered ETag completes it without a read.
  if (
    await deps.invitations.markCompleted(
      onboarding.invitationId,
      onboarding.invitationEtag,
      now,
      event(now, 'company.created'),
    )
  )
    return;
  for (let attempt = 0; attempt < 3; attempt++) {
    const current: Versioned<Invitation> | undefined = await deps.invitations.get(onboarding.invitationId);
    if (!current) throw new DomainError('invitation-not-found', 'The invitation no longer exists.');
    if (current.value.clientId !== onboarding.clientId) {
      throw new DomainError('forbidden', 'This invitation was accepted by someone else.');
    }
    const next = complete(current.value, now);
    if (next === current.value) return;
    try {
      await deps.invitations.update(current, next, { events: [event(now, 'company.created')] });
      return;
    } catch (error) {
      if (!(error instanceof DomainError && error.code === 'concurrent-update')) throw error;
    }
  }
  throw new DomainError('concurrent-update', 'The invitation keeps changing; try again.');
}
