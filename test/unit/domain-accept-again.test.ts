/**
 * Accepting with the right account: "sign in as <invited address>" after a wrong account, and the acceptance the
 * callback completes with the provider whose words onboarding shows.
 */
import { describe, expect, it } from 'vitest';
import {
  ACCEPT_CALLBACK_PATH,
  beginAcceptanceAgain,
  completeAcceptanceForOnboarding,
} from '../../shared/domain/use-cases/accept-invitation.js';
import { inviteUser } from '../../shared/domain/use-cases/invite-user.js';
import { GFMS, invitationDetails, professionalUser } from '../support/fakes.js';
import { type OnboardingWorld, onboardingWorld } from '../support/onboarding-fakes.js';

async function invited(world: OnboardingWorld) {
  const { invitation } = await inviteUser(world.deps, professionalUser, invitationDetails());
  return invitation;
}

describe('signing in again as the invited address', () => {
  it('when the invited address has an account, then a new sign-in starts for it that asks for the password again', async () => {
    const world = onboardingWorld();
    world.directory.accounts.add('mohamed-nour@example.com');
    const invitation = await invited(world);
    const started = await beginAcceptanceAgain(world.onboarding, invitation.id, { locale: 'en' });
    expect(started).toMatchObject({ kind: 'redirect', invitation: { id: invitation.id } });
    if (started.kind !== 'redirect') return;
    expect(world.signIn.authorizeRequests).toEqual([
      {
        attempt: started.attempt,
        redirectPath: ACCEPT_CALLBACK_PATH,
        loginHint: 'mohamed-nour@example.com',
        prompt: 'login',
        locale: 'en',
      },
    ]);
    expect(new URL(started.authorizeUrl).searchParams.get('state')).toBe(started.attempt.state);
  });

  it('when the invited address has no account yet, then the new sign-in is the sign-up page, as the first Accept was', async () => {
    const world = onboardingWorld();
    const { invitation } = await inviteUser(
      world.deps,
      professionalUser,
      invitationDetails({ email: 'nouvelle.cliente@example.com' }),
    );
    const started = await beginAcceptanceAgain(world.onboarding, invitation.id, { locale: 'fr' });
    expect(started.kind).toBe('redirect');
    expect(world.signIn.authorizeRequests).toEqual([
      expect.objectContaining({ loginHint: 'nouvelle.cliente@example.com', prompt: 'create' }),
    ]);
  });

  it('when the invitation is gone, then not found and no sign-in starts', async () => {
    const world = onboardingWorld();
    const started = await beginAcceptanceAgain(world.onboarding, '00000000-0000-4000-8000-00000000dead', {
      locale: 'fr',
    });
    expect(started).toEqual({ kind: 'not-found' });
    expect(world.signIn.authorizeRequests).toEqual([]);
  });
});

describe('the acceptance onboarding starts from', () => {
  it('when the invited person signs in, then the invitation is accepted and its provider comes with it', async () => {
    const world = onboardingWorld();
    const invitation = await invited(world);
    world.signIn.identity = { tenantId: 'client-tenant', objectId: 'oid-nour', email: 'Mohamed-Nour@Example.com' };
    const attempt = world.signIn.newAttempt();
    const result = await completeAcceptanceForOnboarding(
      world.onboarding,
      { attempt, invitationId: invitation.id },
      { state: attempt.state, code: 'code-1', error: null },
    );
    expect(result).toMatchObject({ kind: 'accepted', provider: GFMS, invitation: { value: { status: 'accepted' } } });
  });

  it('when the state does not match, then refused, with no provider, and the invitation stays pending', async () => {
    const world = onboardingWorld();
    const invitation = await invited(world);
    const attempt = world.signIn.newAttempt();
    const result = await completeAcceptanceForOnboarding(
      world.onboarding,
      { attempt, invitationId: invitation.id },
      { state: 'someone-else', code: 'code-1', error: null },
    );
    expect(result).toEqual({ kind: 'refused', problem: 'state-mismatch' });
    expect(world.store.invitation(invitation.id).status).toBe('pending');
  });
});
