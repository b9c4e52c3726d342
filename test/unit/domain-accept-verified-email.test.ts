/**
 * Binding an invitation requires proof that the person signed in controls the invited address (issue 9, item 4):
 * the ID token's `email` is the account's `mail`, which an administrator can set to anything. The directory's
 * account must hold the address as an email sign-in identity, or be a Google-federated account whose `mail` it is.
 * Otherwise the acceptance is refused and nothing is written.
 */
import { describe, expect, it } from 'vitest';
import type { DirectoryAccount } from '../../shared/domain/directory-account.js';
import { completeAcceptance } from '../../shared/domain/use-cases/accept-invitation.js';
import { inviteUser } from '../../shared/domain/use-cases/invite-user.js';
import { invitationDetails, professionalUser } from '../support/fakes.js';
import { type OnboardingWorld, onboardingWorld } from '../support/onboarding-fakes.js';

const INVITED = 'mohamed-nour@example.com';
const MALLORY = 'oid-mallory';

async function invitedWorld() {
  const world = onboardingWorld();
  const { invitation } = await inviteUser(world.deps, professionalUser, invitationDetails());
  const invitationId = invitation.id;
  const before = written(world, invitationId);
  expect(before).toMatchObject({ status: 'pending', clients: 0 });
  return { world, invitationId, before };
}

/** The callback after a sign-in whose ID token says `email` (Entra's `email` is the account's `mail`). */
async function signedInAs(world: OnboardingWorld, invitationId: string, objectId: string, email = INVITED) {
  world.signIn.identity = { tenantId: 'client-tenant', objectId, email };
  const attempt = world.signIn.newAttempt();
  return completeAcceptance(
    world.onboarding,
    { attempt, invitationId },
    { state: attempt.state, code: 'code-1', error: null },
  );
}

/** What an acceptance writes: the invitation, its timeline, client rows. */
function written(world: OnboardingWorld, invitationId: string) {
  return {
    status: world.store.invitation(invitationId).status,
    events: (world.store.events.get(invitationId) ?? []).map((e) => e.event),
    clients: world.clients.profiles.size,
  };
}

describe('binding requires the email sign-in identity', () => {
  it('when the account only has the invited address as its mail (a userName sign-in), then refused, and nothing is written', async () => {
    const { world, invitationId, before } = await invitedWorld();
    world.directory.put({
      objectId: MALLORY,
      mail: INVITED,
      identities: [{ signInType: 'userName', issuer: 'clients.onmicrosoft.com', issuerAssignedId: 'mallory' }],
    });
    const result = await signedInAs(world, invitationId, MALLORY);
    expect(result).toMatchObject({
      kind: 'refused',
      problem: 'email-not-verified',
      invitation: { id: invitationId, email: INVITED },
    });
    expect(world.directory.reads).toEqual([MALLORY]);
    expect(written(world, invitationId)).toEqual(before);
  });

  it('when the directory does not have the account at all, then refused, and nothing is written', async () => {
    const { world, invitationId, before } = await invitedWorld();
    const result = await signedInAs(world, invitationId, 'oid-unknown');
    expect(result).toMatchObject({ kind: 'refused', problem: 'email-not-verified' });
    expect(written(world, invitationId)).toEqual(before);
  });

  it('when the account has the invited address as its email sign-in identity, then accepted', async () => {
    const { world, invitationId } = await invitedWorld();
    world.directory.put({
      objectId: 'oid-claire',
      mail: null,
      identities: [{ signInType: 'emailAddress', issuer: 'clients.onmicrosoft.com', issuerAssignedId: INVITED }],
    });
    const result = await signedInAs(world, invitationId, 'oid-claire', 'Mohamed-Nour@Example.com');
    expect(result).toMatchObject({ kind: 'accepted', invitation: { value: { status: 'accepted' } } });
    expect(written(world, invitationId)).toMatchObject({ status: 'accepted', clients: 1 });
    expect(written(world, invitationId).events.at(-1)).toBe('accepted');
  });

  it('when the account is federated from Google and its mail is the invited address, then accepted', async () => {
    const { world, invitationId } = await invitedWorld();
    world.directory.put(googleAccount('oid-google', INVITED));
    const result = await signedInAs(world, invitationId, 'oid-google');
    expect(result).toMatchObject({ kind: 'accepted' });
    expect(written(world, invitationId).status).toBe('accepted');
  });

  it('when the account is federated from Google with another mail, then refused, and nothing is written', async () => {
    const { world, invitationId, before } = await invitedWorld();
    world.directory.put(googleAccount('oid-google', 'someone.else@gmail.com'));
    // The token's email is the invited address (say an administrator set it), the directory tells otherwise.
    const result = await signedInAs(world, invitationId, 'oid-google');
    expect(result).toMatchObject({ kind: 'refused', problem: 'email-not-verified' });
    expect(written(world, invitationId)).toEqual(before);
  });

  it('when Graph cannot be reached, then dependency-unavailable, and nothing is written', async () => {
    const { world, invitationId, before } = await invitedWorld();
    world.directory.down = true;
    const error = await signedInAs(world, invitationId, 'oid-nour').catch((e: unknown) => e);
    expect(error).toMatchObject({ code: 'dependency-unavailable', details: { dependency: 'graph' } });
    expect(written(world, invitationId)).toEqual(before);
  });

  it('when another address signed in, then it is the wrong account, and the directory is not asked', async () => {
    const { world, invitationId } = await invitedWorld();
    const result = await signedInAs(world, invitationId, 'oid-other', 'other@example.com');
    expect(result).toMatchObject({ kind: 'wrong-account', signedInEmail: 'other@example.com' });
    expect(world.directory.reads).toEqual([]);
  });

  it('when the ID token carries no email, then it is the wrong account, even for an account the directory says proves the address, and nothing is written', async () => {
    const { world, invitationId, before } = await invitedWorld();
    // oid-nour's account has the invited address as its email sign-in identity (onboardingWorld).
    world.signIn.identity = { tenantId: 'client-tenant', objectId: 'oid-nour' };
    const attempt = world.signIn.newAttempt();
    const result = await completeAcceptance(
      world.onboarding,
      { attempt, invitationId },
      { state: attempt.state, code: 'code-1', error: null },
    );
    expect(result).toMatchObject({ kind: 'wrong-account' });
    expect(written(world, invitationId)).toEqual(before);
  });

  it('when the invitation was accepted by one account, then another account proving the same address is refused, and no client is written for it', async () => {
    const { world, invitationId } = await invitedWorld();
    expect(await signedInAs(world, invitationId, 'oid-nour')).toMatchObject({ kind: 'accepted' });
    const accepted = written(world, invitationId);
    // The same address, proven again: Google's verified email of a second account.
    world.directory.put(googleAccount('oid-google', INVITED));
    const result = await signedInAs(world, invitationId, 'oid-google');
    expect(result).toMatchObject({ kind: 'refused', problem: 'already-accepted' });
    expect(written(world, invitationId)).toEqual(accepted);
    expect([...world.clients.profiles.keys()]).toEqual(['client-tenant|oid-nour']);
  });

  it('when the invitation is accepted already by this very person, then it is theirs without asking the directory again', async () => {
    const { world, invitationId } = await invitedWorld();
    expect(await signedInAs(world, invitationId, 'oid-nour')).toMatchObject({ kind: 'accepted' });
    expect(world.directory.reads).toEqual(['oid-nour']);
    world.directory.down = true;
    expect(await signedInAs(world, invitationId, 'oid-nour')).toMatchObject({ kind: 'accepted' });
    expect(world.directory.reads).toEqual(['oid-nour']);
  });
});

/** As External ID records a Google sign-up: Google's verified email as `mail` and in `otherMails`. */
function googleAccount(objectId: string, mail: string): DirectoryAccount {
  return {
    objectId,
    mail,
    otherMails: [mail],
    identities: [{ signInType: 'federated', issuer: 'google.com', issuerAssignedId: '104857600123456789012' }],
  };
}
