/**
 * The Invitations list in the domain, with the in-memory ports: the filters become conditions on the listing rows
 * (server-side in the Table adapter), a contradiction lists nothing, newest or oldest first; and the link-only resend
 * renews without an email, its old key superseded.
 */
import { describe, expect, it } from 'vitest';
import { inviteUser } from '../../shared/domain/use-cases/invite-user.js';
import {
  listInvitations,
  listingConditions,
  resendInvitationLink,
} from '../../shared/domain/use-cases/manage-invitations.js';
import { fakeWorld, invitationDetails, professionalUser } from '../support/fakes.js';

const HOUR = 3_600_000;

describe('listing conditions', () => {
  const now = new Date('2026-11-30T18:00:00Z');

  it('when a status and Home’s lists are asked, then they become conditions on the rows’ summaries', () => {
    expect(listingConditions({ status: 'pending', limit: 5 }, now)).toEqual({ pending: true, expiresAfter: now });
    expect(listingConditions({ status: 'expired', limit: 5 }, now)).toEqual({ pending: true, expiresBy: now });
    expect(listingConditions({ status: 'revoked', limit: 5 }, now)).toEqual({ pending: false });
    expect(listingConditions({ status: 'completed', limit: 5 }, now)).toEqual({ acceptedSince: new Date(0) });
    expect(listingConditions({ status: 'pending', expiresWithinHours: 48, limit: 5 }, now)).toEqual({
      pending: true,
      expiresAfter: now,
      expiresBy: new Date(now.getTime() + 48 * HOUR),
    });
    const monday = new Date('2026-11-29T23:00:00Z');
    expect(listingConditions({ status: 'accepted', acceptedSince: monday, limit: 5 }, now)).toEqual({
      acceptedSince: monday,
    });
  });

  it('when the filters contradict each other (revoked, expiring soon), then nothing can match', () => {
    expect(listingConditions({ status: 'revoked', expiresWithinHours: 48, limit: 5 }, now)).toBe('none');
  });
});

describe('listing invitations', () => {
  it('when invitations are listed with filters, then only those that match, newest or oldest first', async () => {
    const world = fakeWorld();
    const first = await inviteUser(world.deps, professionalUser, invitationDetails({ email: 'a@example.com' }));
    world.clock.advance(1000);
    const second = await inviteUser(world.deps, professionalUser, invitationDetails({ email: 'b@example.com' }));
    const list = async (query: Parameters<typeof listInvitations>[2]) =>
      (await listInvitations(world.deps, professionalUser, query)).items.map((i) => i.id);

    expect(await list({ limit: 10 })).toEqual([second.invitation.id, first.invitation.id]);
    expect(await list({ limit: 10, order: 'oldest' })).toEqual([first.invitation.id, second.invitation.id]);
    expect(await list({ limit: 10, status: 'pending', email: 'b@example.com' })).toEqual([second.invitation.id]);
    expect(await list({ limit: 10, status: 'revoked' })).toEqual([]);
    expect(await list({ limit: 10, deliveryFailed: true })).toEqual([]);
  });

  it('when a link-only resend runs, then the key changes, no email is queued, and the delivery stays without email', async () => {
    const world = fakeWorld();
    const { invitation } = await inviteUser(
      world.deps,
      professionalUser,
      invitationDetails({ sendEmail: false, email: 'link@example.com' }),
    );
    world.queue.scheduled.length = 0;
    world.clock.advance(HOUR);
    const { invitation: renewed, key } = await resendInvitationLink(world.deps, professionalUser, invitation.id, {
      expiresInDays: 3,
    });
    expect(key).toBe('key-2');
    expect(renewed).toMatchObject({ keyVersion: 2, delivery: { status: 'not-requested', attempts: 0 } });
    expect(renewed.supersededKeyHashes).toContain(invitation.keyHash);
    expect(renewed.expiresAt).toEqual(new Date(world.clock.now().getTime() + 3 * 24 * HOUR));
    expect(world.queue.scheduled).toEqual([]);
    expect(world.store.outboxRows(invitation.id)).toEqual([]);
  });
});
