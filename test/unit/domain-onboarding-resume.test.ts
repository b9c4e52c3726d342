/**
 * A client who leaves between acceptance and Create Company is not stranded (docs/sign-in.md, "Back to Create
 * Company"): the domain tells, from the profile every sign-in reads anyway, that a place still awaits the company of
 * the invitation accepted there (`awaitingCompany`), and resumes that invitation — read only then — when it is still
 * this client's and not completed (`resumeOnboarding`). A later sign-in of such a client is decided so
 * (`completeSignIn`'s `onboarding`), and a sign-in of a client whose onboarding is over reads no invitation.
 */
import { describe, expect, it } from 'vitest';
import { awaitingCompany, type ClientProfile } from '../../shared/domain/client.js';
import { beginAcceptance, completeAcceptance } from '../../shared/domain/use-cases/accept-invitation.js';
import { createCompany, resumeOnboarding } from '../../shared/domain/use-cases/create-company.js';
import { inviteUser } from '../../shared/domain/use-cases/invite-user.js';
import { completeSignIn } from '../../shared/domain/use-cases/sign-in.js';
import { GFMS, invitationDetails, professionalUser } from '../support/fakes.js';
import {
  HORIZON,
  NOUR_KEY,
  nourOfGfms,
  type OnboardingWorld,
  onboardingWorld,
  onboardingWorldCountingReads,
} from '../support/onboarding-fakes.js';

const INVITED = 'mohamed-nour@example.com';
const COMPANY = { name: 'Atelier Nour', registrationNumber: '73282932000074' };

/** A world whose invitation store counts its point reads. */
function world(): OnboardingWorld & { reads: string[] } {
  const w = onboardingWorldCountingReads();
  w.signIn.identity = { tenantId: 'client-tenant', objectId: 'oid-nour', email: INVITED, name: 'Nour B.' };
  return w;
}

/** Invited by GFMS, "Accept", signed in: accepted — and the tab closed before Create Company. */
async function acceptedAndLeft(w: OnboardingWorld) {
  const { invitation, key } = await inviteUser(
    w.deps,
    professionalUser,
    invitationDetails({ email: INVITED, company: COMPANY }),
  );
  const started = await beginAcceptance(w.onboarding, { invitationId: invitation.id, key }, { locale: 'fr' });
  if (started.kind !== 'redirect') throw new Error(`not a redirect: ${started.kind}`);
  const attempt = w.signIn.newAttempt();
  const accepted = await completeAcceptance(
    w.onboarding,
    { attempt, invitationId: invitation.id, read: started.read },
    { state: attempt.state, code: 'code-1', error: null },
  );
  if (accepted.kind !== 'accepted') throw new Error(`not accepted: ${accepted.kind}`);
  return accepted;
}

/** A later sign-in (`/api/SignIn?go=1`), Entra's redirect back. */
async function signInAgain(w: OnboardingWorld) {
  const attempt = w.signIn.newAttempt();
  const result = await completeSignIn(w.onboarding, { attempt }, { state: attempt.state, code: 'code-2', error: null });
  if (result.kind !== 'decided') throw new Error(`refused: ${result.problem}`);
  return result;
}

const profileOf = (w: OnboardingWorld): ClientProfile => {
  const profile = w.clients.profiles.get(NOUR_KEY);
  if (!profile) throw new Error('no profile');
  return profile;
};

describe('awaitingCompany: where onboarding stopped, told by the profile alone', () => {
  const accepted = (): ClientProfile => ({
    ...nourOfGfms(),
    records: [{ ...nourOfGfms().records[0]!, invitationId: 'inv-1' }],
    companies: [],
  });

  it('when the client holds their record by an invitation and owns no company there, then that invitation awaits its company', () => {
    expect(awaitingCompany(accepted(), GFMS.id)).toEqual({ providerId: GFMS.id, invitationId: 'inv-1' });
  });

  it('when the client owns a company there, has no record there, holds it by no invitation, or is blocked or merged there, then nothing awaits', () => {
    const profile = accepted();
    expect(awaitingCompany({ ...profile, companies: nourOfGfms().companies }, GFMS.id)).toBeUndefined();
    expect(awaitingCompany(profile, HORIZON.id)).toBeUndefined();
    expect(awaitingCompany(nourOfGfms(), GFMS.id)).toBeUndefined();
    const { invitationId: _none, ...withoutInvitation } = profile.records[0]!;
    expect(awaitingCompany({ ...profile, records: [withoutInvitation] }, GFMS.id)).toBeUndefined();
    const since = new Date('2025-04-01T00:00:00Z');
    for (const access of [
      { status: 'blocked' as const, since, by: 'Tamer' },
      { status: 'merged' as const, since, into: 'other@example.com' },
    ]) {
      expect(awaitingCompany({ ...profile, records: [{ ...profile.records[0]!, access }] }, GFMS.id)).toBeUndefined();
    }
  });
});

describe('a later sign-in of a client who left before Create Company', () => {
  it('when they sign in again, then the sign-in leads back to Create Company with the invitation they accepted (its company data, its ETag)', async () => {
    const w = world();
    const accepted = await acceptedAndLeft(w);

    const again = await signInAgain(w);

    expect(again.decision).toEqual({ kind: 'granted', choices: [{ providerId: GFMS.id }] });
    expect(again.onboarding).toEqual({ invitation: accepted.invitation, provider: GFMS });
    expect(again.onboarding?.invitation.value).toMatchObject({ status: 'accepted', company: COMPANY });
  });

  it('when the company was created since, then the sign-in goes home and reads no invitation', async () => {
    const w = world();
    const accepted = await acceptedAndLeft(w);
    await createCompany(
      w.onboarding,
      {
        clientKey: NOUR_KEY,
        clientId: accepted.account.clientId,
        invitationId: accepted.invitation.value.id,
        providerId: GFMS.id,
        invitationEtag: accepted.invitation.etag,
      },
      COMPANY,
    );
    w.reads.length = 0;

    const again = await signInAgain(w);

    expect(again.onboarding).toBeUndefined();
    expect(again.decision).toMatchObject({
      kind: 'granted',
      choices: [{ providerId: GFMS.id, companyId: expect.any(String) }],
    });
    expect(w.reads, 'a client whose onboarding is over costs no invitation read').toEqual([]);
  });

  it('when the client belongs to several places, then the picker comes first (no invitation read); choosing the one without company resumes it', async () => {
    const w = world();
    const accepted = await acceptedAndLeft(w);
    w.providers.put(HORIZON);
    const profile = profileOf(w);
    w.clients.put({
      ...profile,
      records: [...profile.records, { ...nourOfGfms().records[0]!, providerId: HORIZON.id, invitationId: 'inv-h' }],
      companies: [{ ...nourOfGfms().companies[0]!, providerId: HORIZON.id }],
    });
    w.reads.length = 0;

    const again = await signInAgain(w);

    expect(again.decision).toMatchObject({
      kind: 'granted',
      choices: [{ providerId: GFMS.id }, { providerId: HORIZON.id }],
    });
    expect(again.onboarding).toBeUndefined();
    expect(w.reads).toEqual([]);
    const client = { clientId: accepted.account.clientId, profile: profileOf(w) };
    expect(await resumeOnboarding(w.onboarding, client, { providerId: GFMS.id })).toEqual(accepted.invitation);
    expect(await resumeOnboarding(w.onboarding, client, { providerId: HORIZON.id, companyId: 'co-1' })).toBeUndefined();
  });
});

describe('resumeOnboarding never reopens what is not this client’s to finish', () => {
  it('when the invitation was accepted by someone else, then nothing is resumed', async () => {
    const w = world();
    const accepted = await acceptedAndLeft(w);
    const profile = profileOf(w);

    const other = await resumeOnboarding(
      w.onboarding,
      { clientId: 'client-of-someone-else', profile },
      {
        providerId: GFMS.id,
      },
    );

    expect(other).toBeUndefined();
    expect(
      await resumeOnboarding(w.onboarding, { clientId: accepted.account.clientId, profile }, { providerId: GFMS.id }),
    ).toEqual(accepted.invitation);
  });

  it('when the invitation is completed (its company row lost) or gone, then nothing is resumed and the sign-in goes home', async () => {
    const w = world();
    const accepted = await acceptedAndLeft(w);
    const id = accepted.invitation.value.id;
    const stored = w.store.invitations.get(id)!;
    w.store.invitations.set(id, {
      ...stored,
      value: { ...stored.value, status: 'completed', completedAt: new Date() },
    });

    expect((await signInAgain(w)).onboarding).toBeUndefined();

    w.store.invitations.delete(id);
    expect((await signInAgain(w)).onboarding).toBeUndefined();
  });
});
