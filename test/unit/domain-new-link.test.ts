import { describe, expect, it } from 'vitest';
import { DomainError } from '../../shared/domain/errors.js';
import { revoke } from '../../shared/domain/invitation.js';
import {
  clickThrough,
  NEW_LINK_LIMIT,
  openLink,
  requestNewLink,
} from '../../shared/domain/use-cases/invitation-link.js';
import { inviteUser } from '../../shared/domain/use-cases/invite-user.js';
import { renewInvitation } from '../../shared/domain/use-cases/manage-invitations.js';
import { type FakeWorld, fakeWorld, invitationDetails, professionalUser } from '../support/fakes.js';

const DAY = 24 * 60 * 60 * 1000;

async function expiredInvitation(world: FakeWorld) {
  const { invitation, key } = await inviteUser(world.deps, professionalUser, invitationDetails({ expiresInDays: 1 }));
  world.clock.advance(DAY + 1);
  world.queue.scheduled.length = 0;
  return { invitationId: invitation.id, key };
}

describe('opening a link', () => {
  it('when a valid link is opened, then nothing is written; when a person clicks through, "opened" is recorded', async () => {
    const world = fakeWorld();
    const { invitation, key } = await inviteUser(world.deps, professionalUser, invitationDetails());
    world.journal.length = 0;
    const view = await openLink(world.deps, { invitationId: invitation.id, key });
    expect(view.kind).toBe('valid');
    expect(view.provider?.name).toBe('GFMS');
    expect(world.journal).toEqual([]);
    expect(world.store.eventTypes(invitation.id)).not.toContain('opened');
    await clickThrough(world.deps, { invitationId: invitation.id, key });
    expect(world.store.eventTypes(invitation.id)).toContain('opened');
  });

  it('when the key is wrong, then not-found and nothing is recorded even on click-through', async () => {
    const world = fakeWorld();
    const { invitation } = await inviteUser(world.deps, professionalUser, invitationDetails());
    expect((await clickThrough(world.deps, { invitationId: invitation.id, key: 'guess' })).kind).toBe('not-found');
    expect(world.store.eventTypes(invitation.id)).not.toContain('opened');
  });
});

describe('"send me a new link"', () => {
  it('when the link is expired and its key is the current one, then a new key goes out to the invited address', async () => {
    const world = fakeWorld();
    const { invitationId, key } = await expiredInvitation(world);
    const result = await requestNewLink(world.deps, { invitationId, key });
    expect(result.kind).toBe('sent');
    const invitation = world.store.invitation(invitationId);
    expect(invitation).toMatchObject({
      status: 'pending',
      keyVersion: 2,
      keyHash: world.keys.hash('key-2'),
      supersededKeyHashes: [world.keys.hash('key-1')],
      expiresAt: new Date(world.clock.now().getTime() + 7 * DAY),
    });
    const newRow = world.store.outboxRows(invitationId).find((r) => r.keyVersion === 2);
    expect(newRow).toMatchObject({ reason: 'new-link', status: 'pending', sealedKey: 'sealed(key-2)' });
    expect(world.queue.scheduled).toEqual([
      { request: { invitationId, outboxId: newRow!.id, queuedAt: world.clock.now().toISOString() }, delaySeconds: 1 },
    ]);
    expect(world.store.eventTypes(invitationId).slice(-2)).toEqual(['new-link.sent', 'email.queued']);
    // The email goes to the invitation's own address: nothing in the request names a recipient.
    expect((await openLink(world.deps, { invitationId, key })).kind).toBe('superseded');
  });

  it('when the link is still valid, then it is not renewable', async () => {
    const world = fakeWorld();
    const { invitation, key } = await inviteUser(world.deps, professionalUser, invitationDetails());
    expect(await requestNewLink(world.deps, { invitationId: invitation.id, key })).toEqual({ kind: 'not-renewable' });
    expect(world.store.invitation(invitation.id).keyVersion).toBe(1);
  });

  it('when the expired link is an older one (a newer key exists), then it is not renewable', async () => {
    const world = fakeWorld();
    const { invitationId } = await expiredInvitation(world);
    await renewInvitation(world.deps, (await world.store.get(invitationId))!, { expiresInDays: 1, reason: 'resent' });
    world.clock.advance(2 * DAY);
    expect(await requestNewLink(world.deps, { invitationId, key: 'key-1' })).toEqual({ kind: 'not-renewable' });
    expect((await requestNewLink(world.deps, { invitationId, key: 'key-2' })).kind).toBe('sent');
  });

  it('when the link is unknown, wrong or revoked, then it is not renewable and nothing is counted', async () => {
    const world = fakeWorld();
    const { invitationId, key } = await expiredInvitation(world);
    expect(await requestNewLink(world.deps, { invitationId: 'unknown', key })).toEqual({ kind: 'not-renewable' });
    expect(await requestNewLink(world.deps, { invitationId, key: 'wrong' })).toEqual({ kind: 'not-renewable' });
    const current = (await world.store.get(invitationId))!;
    await world.store.update(current, revoke(current.value, world.clock.now()), {});
    expect(await requestNewLink(world.deps, { invitationId, key })).toEqual({ kind: 'not-renewable' });
    expect(world.limits.counts.size).toBe(0);
  });

  it('when 3 new links were asked for the invitation today, then the 4th is limited and changes nothing', async () => {
    const world = fakeWorld();
    const { invitationId, key } = await expiredInvitation(world);
    for (let i = 0; i < NEW_LINK_LIMIT.limit; i++) await world.limits.take(`new-link|${invitationId}`, NEW_LINK_LIMIT);
    const result = await requestNewLink(world.deps, { invitationId, key });
    expect(result.kind).toBe('limited');
    if (result.kind === 'limited') {
      expect(result.retryAfterSeconds).toBeGreaterThan(0);
      expect(result.retryAfterSeconds).toBeLessThanOrEqual(24 * 60 * 60);
    }
    expect(world.store.invitation(invitationId).keyVersion).toBe(1);
    expect(world.queue.scheduled).toEqual([]);
  });

  it('when a person asked 3 times today through the link itself, then the 4th ask is limited, and still is an hour later', async () => {
    const world = fakeWorld();
    const { invitationId, key } = await expiredInvitation(world);
    // A newer invitation to the same person is pending: each ask is counted, and none renews this one.
    await inviteUser(world.deps, professionalUser, invitationDetails());
    for (let i = 0; i < 3; i++) {
      expect((await requestNewLink(world.deps, { invitationId, key })).kind).toBe('newer-invitation');
    }
    expect((await requestNewLink(world.deps, { invitationId, key })).kind).toBe('limited');
    world.clock.advance(60 * 60 * 1000 + 1000);
    expect((await requestNewLink(world.deps, { invitationId, key })).kind).toBe('limited');
  });

  it('when the limit of one invitation is used up, then another invitation is not limited', async () => {
    const world = fakeWorld();
    const first = await expiredInvitation(world);
    for (let i = 0; i < NEW_LINK_LIMIT.limit; i++)
      await world.limits.take(`new-link|${first.invitationId}`, NEW_LINK_LIMIT);
    const { invitation, key } = await inviteUser(
      world.deps,
      professionalUser,
      invitationDetails({ email: 'other@example.com', expiresInDays: 1 }),
    );
    world.clock.advance(DAY);
    expect((await requestNewLink(world.deps, { invitationId: invitation.id, key })).kind).toBe('sent');
  });

  it('when the same expired link asks twice at once, then one renewal wins and the other is a clear conflict', async () => {
    const world = fakeWorld();
    const { invitationId, key } = await expiredInvitation(world);
    const results = await Promise.allSettled([
      requestNewLink(world.deps, { invitationId, key }),
      requestNewLink(world.deps, { invitationId, key }),
    ]);
    expect(results.filter((r) => r.status === 'fulfilled' && r.value.kind === 'sent')).toHaveLength(1);
    const rejected = results.find((r) => r.status === 'rejected');
    expect(rejected?.status === 'rejected' && rejected.reason).toBeInstanceOf(DomainError);
    expect(world.store.invitation(invitationId).keyVersion).toBe(2);
    expect(world.store.outboxRows(invitationId)).toHaveLength(2);
  });
});
