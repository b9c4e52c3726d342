/**
 * The acceptance callback accepts the invitation as the "Accept" click read it (the sign-in cookie carries it, with
 * its ETag), without reading it again: one storage operation less in the onboarding journey (DESIGN.md §5). The
 * write is If-Match that ETag, so any change since the click fails it and the invitation is read again and decided
 * on as it is now; and no refusal is ever decided on the click's copy.
 */
import { describe, expect, it } from 'vitest';
import type { Invitation } from '../../shared/domain/invitation.js';
import type { Versioned } from '../../shared/domain/ports.js';
import { beginAcceptance, completeAcceptance } from '../../shared/domain/use-cases/accept-invitation.js';
import { openLink } from '../../shared/domain/use-cases/invitation-link.js';
import { inviteUser } from '../../shared/domain/use-cases/invite-user.js';
import { resendInvitation, revokeInvitation } from '../../shared/domain/use-cases/manage-invitations.js';
import { recordEmailDeliveryReport } from '../../shared/domain/use-cases/record-email-delivery.js';
import { invitationDetails, professionalUser } from '../support/fakes.js';
import { type OnboardingWorld, onboardingWorld, onboardingWorldCountingReads } from '../support/onboarding-fakes.js';

const INVITED = 'mohamed-nour@example.com';

/** A world whose invitation store counts its point reads. */
const world = onboardingWorldCountingReads;

/** An invitation, clicked through: its link, and what the click read. */
async function clicked(w: OnboardingWorld) {
  const { invitation, key } = await inviteUser(w.deps, professionalUser, invitationDetails({ email: INVITED }));
  const started = await beginAcceptance(w.onboarding, { invitationId: invitation.id, key }, { locale: 'fr' });
  if (started.kind !== 'redirect') throw new Error(`not a redirect: ${started.kind}`);
  return { invitationId: invitation.id, key, read: started.read };
}

/** Entra's redirect back, signed in as `email` (Mohamed-Nour's account proves the invited address). */
async function callback(w: OnboardingWorld, invitationId: string, read?: Versioned<Invitation>, email = INVITED) {
  w.signIn.identity = { tenantId: 'client-tenant', objectId: 'oid-nour', email };
  const attempt = w.signIn.newAttempt();
  return completeAcceptance(
    w.onboarding,
    { attempt, invitationId, read },
    { state: attempt.state, code: 'code-1', error: null },
  );
}

describe('the callback accepts the invitation as the click read it', () => {
  it('when nothing changed since the click, then it is accepted without reading the invitation', async () => {
    const w = world();
    const { invitationId, read } = await clicked(w);
    expect(read).toMatchObject({ value: { id: invitationId, status: 'pending' }, etag: expect.any(String) });
    w.reads.length = 0;

    const result = await callback(w, invitationId, read);

    expect(result).toMatchObject({ kind: 'accepted', invitation: { value: { status: 'accepted' } } });
    expect(w.reads).toEqual([]);
    expect(w.store.invitation(invitationId).status).toBe('accepted');
    expect(w.clients.profiles.size).toBe(1);
  });

  it('when accepted so, then the invitation keeps everything it held: its link still says it is accepted', async () => {
    const w = world();
    const { invitationId, key, read } = await clicked(w);
    const before = w.store.invitation(invitationId);

    expect((await callback(w, invitationId, read)).kind).toBe('accepted');

    const after = w.store.invitation(invitationId);
    expect(after).toEqual({
      ...before,
      status: 'accepted',
      acceptedAt: expect.any(Date),
      clientId: expect.any(String),
    });
    expect((await openLink(w.deps, { invitationId, key })).kind).toBe('already-accepted');
  });

  it('when the invitation was revoked after the click, then the write fails, it is read again, and refused', async () => {
    const w = world();
    const { invitationId, read } = await clicked(w);
    await revokeInvitation(w.deps, professionalUser, invitationId);
    w.reads.length = 0;

    const result = await callback(w, invitationId, read);

    expect(result).toEqual({ kind: 'refused', problem: 'revoked' });
    expect(w.reads).toEqual([invitationId]);
    expect(w.store.invitation(invitationId).status).toBe('revoked');
    expect(w.clients.profiles.size).toBe(0);
  });

  it('when a delivery report was recorded after the click, then it is read again and accepted, the report kept', async () => {
    const w = world();
    const { invitationId, read } = await clicked(w);
    const report = await recordEmailDeliveryReport(w.deps, {
      messageId: invitationId, // the invitation's own email
      status: 'Delivered',
      at: w.clock.now(),
    });
    expect(report).toMatchObject({ kind: 'recorded', outcome: 'delivered' });
    w.reads.length = 0;

    const result = await callback(w, invitationId, read);

    expect(result).toMatchObject({ kind: 'accepted' });
    expect(w.reads).toEqual([invitationId]);
    expect(w.store.invitation(invitationId)).toMatchObject({ status: 'accepted', delivery: { status: 'delivered' } });
  });

  it('when the invitation expired between the click and the callback, then it is refused as expired', async () => {
    const w = world();
    const { invitationId, read } = await clicked(w);
    w.clock.set(new Date(read.value.expiresAt.getTime() + 1000));

    expect(await callback(w, invitationId, read)).toEqual({ kind: 'refused', problem: 'expired' });
    expect(w.store.invitation(invitationId).status).toBe('pending');
  });

  it('when the invitation expired after the click but was resent since, then it is accepted: a refusal is never decided on the click’s copy', async () => {
    const w = world();
    const { invitationId, read } = await clicked(w);
    w.clock.set(new Date(read.value.expiresAt.getTime() + 1000));
    await resendInvitation(w.deps, professionalUser, invitationId, {});
    w.reads.length = 0;

    expect(await callback(w, invitationId, read)).toMatchObject({ kind: 'accepted' });
    expect(w.reads).toEqual([invitationId]);
    expect(w.store.invitation(invitationId).status).toBe('accepted');
  });

  it('when someone else signed in, then the wrong account is told on the invitation as it is now, nothing written', async () => {
    const w = world();
    const { invitationId, read } = await clicked(w);
    w.reads.length = 0;

    const result = await callback(w, invitationId, read, 'someone.else@example.com');

    expect(result).toMatchObject({ kind: 'wrong-account', signedInEmail: 'someone.else@example.com' });
    expect(w.reads).toEqual([invitationId]);
    expect(w.store.invitation(invitationId).status).toBe('pending');
  });

  it('when the copy is of another invitation, then it is not used: the invitation of the transaction is read', async () => {
    const w = world();
    const first = await clicked(w);
    w.reads.length = 0;
    const other = { ...first.read, value: { ...first.read.value, id: 'another-invitation' } };

    expect((await callback(w, first.invitationId, other)).kind).toBe('accepted');
    expect(w.reads).toEqual([first.invitationId]);
  });

  it('when there is no copy (an older cookie, or one too large for it), then it is read, as before', async () => {
    const w = world();
    const { invitationId } = await clicked(w);
    w.reads.length = 0;

    expect((await callback(w, invitationId)).kind).toBe('accepted');
    expect(w.reads).toEqual([invitationId]);
  });
});
