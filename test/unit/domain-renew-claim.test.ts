/**
 * Never two pending invitations for one person (issue 9, defect 11): an expired invitation A whose (provider, email)
 * claim another invitation B took over cannot be renewed — by the professional's resend or the invitee's "new link" —
 * while B is pending (409 `invitation-pending` naming B) or accepted (409 `already-client`); when B is stale too, A
 * takes the claim back. A renewal takes the claim first, so a racing invitation or renewal leaves one pending.
 */
import { describe, expect, it } from 'vitest';
import { DomainError } from '../../shared/domain/errors.js';
import { accept, effectiveStatus, revoke } from '../../shared/domain/invitation.js';
import { requestNewLink } from '../../shared/domain/use-cases/invitation-link.js';
import { inviteUser } from '../../shared/domain/use-cases/invite-user.js';
import { resendInvitation } from '../../shared/domain/use-cases/manage-invitations.js';
import { type FakeWorld, fakeWorld, GFMS, invitationDetails, professionalUser } from '../support/fakes.js';

const DAY = 24 * 60 * 60 * 1000;
const EMAIL = 'mohamed-nour@example.com';

/** A, invited for a day, then expired; B invited since (it takes A's stale claim over). */
async function expiredThenReinvited(world: FakeWorld) {
  const a = await inviteUser(world.deps, professionalUser, invitationDetails({ expiresInDays: 1 }));
  world.clock.advance(DAY + 1);
  const b = await inviteUser(world.deps, professionalUser, invitationDetails());
  world.queue.scheduled.length = 0;
  return { a, b };
}

async function refusal(promise: Promise<unknown>): Promise<DomainError> {
  const error = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(DomainError);
  return error as DomainError;
}

function pendingFor(world: FakeWorld, email = EMAIL): string[] {
  const now = world.clock.now();
  return [...world.store.invitations.values()]
    .filter((s) => s.value.email === email && effectiveStatus(s.value, now) === 'pending')
    .map((s) => s.value.id);
}

describe('renewing an invitation whose claim another one took over', () => {
  it('when A expired, B took the claim and is pending, then resending A is 409 invitation-pending naming B, and A is unchanged', async () => {
    const world = fakeWorld();
    const { a, b } = await expiredThenReinvited(world);
    const before = world.store.invitation(a.invitation.id);
    const error = await refusal(resendInvitation(world.deps, professionalUser, a.invitation.id, {}));
    expect(error.code).toBe('invitation-pending');
    expect(error.details).toEqual({ invitationId: b.invitation.id });
    expect(world.store.invitation(a.invitation.id)).toEqual(before);
    expect(world.queue.scheduled).toEqual([]);
    expect(world.store.claim(GFMS.id, EMAIL)?.invitationId).toBe(b.invitation.id);
    expect(pendingFor(world)).toEqual([b.invitation.id]);
  });

  it('when the invitee asks A for a new link, then no link goes out: a newer invitation exists, named', async () => {
    const world = fakeWorld();
    const { a, b } = await expiredThenReinvited(world);
    const result = await requestNewLink(world.deps, { invitationId: a.invitation.id, key: a.key });
    expect(result).toMatchObject({
      kind: 'newer-invitation',
      invitationId: b.invitation.id,
      provider: { id: GFMS.id },
    });
    expect(world.store.invitation(a.invitation.id).keyVersion).toBe(1);
    expect(world.queue.scheduled).toEqual([]);
    expect(pendingFor(world)).toEqual([b.invitation.id]);
  });

  it('when B was accepted, then resending A is 409 already-client, and the new link page says so', async () => {
    const world = fakeWorld();
    const { a, b } = await expiredThenReinvited(world);
    const current = (await world.store.get(b.invitation.id))!;
    await world.store.update(current, accept(current.value, { now: world.clock.now(), clientId: 'client-1' }), {});
    const error = await refusal(resendInvitation(world.deps, professionalUser, a.invitation.id, {}));
    expect(error.code).toBe('already-client');
    expect(await requestNewLink(world.deps, { invitationId: a.invitation.id, key: a.key })).toMatchObject({
      kind: 'already-client',
    });
    expect(world.store.invitation(a.invitation.id).keyVersion).toBe(1);
  });

  it('when B is stale too (revoked), then resending A takes the claim back, and a new invitation is refused naming A', async () => {
    const world = fakeWorld();
    const { a, b } = await expiredThenReinvited(world);
    const current = (await world.store.get(b.invitation.id))!;
    await world.store.update(current, revoke(current.value, world.clock.now()), {});
    const resent = await resendInvitation(world.deps, professionalUser, a.invitation.id, {});
    expect(resent.status).toBe('pending');
    expect(world.store.claim(GFMS.id, EMAIL)?.invitationId).toBe(a.invitation.id);
    const error = await refusal(inviteUser(world.deps, professionalUser, invitationDetails()));
    expect(error).toMatchObject({ code: 'invitation-pending', details: { invitationId: a.invitation.id } });
    expect(pendingFor(world)).toEqual([a.invitation.id]);
  });

  it('when A holds its own claim, then resending it works as before (pending or expired)', async () => {
    const world = fakeWorld();
    const a = await inviteUser(world.deps, professionalUser, invitationDetails({ expiresInDays: 1 }));
    expect((await resendInvitation(world.deps, professionalUser, a.invitation.id, {})).keyVersion).toBe(2);
    world.clock.advance(2 * DAY);
    expect((await resendInvitation(world.deps, professionalUser, a.invitation.id, {})).status).toBe('pending');
    expect(world.store.claim(GFMS.id, EMAIL)).toMatchObject({ invitationId: a.invitation.id });
    expect(pendingFor(world)).toEqual([a.invitation.id]);
  });
});

describe('racing renewals and invitations still leave one pending invitation', () => {
  it('when a new invitation arrives while the renewal of expired A is being written, then it is refused naming A', async () => {
    const world = fakeWorld();
    const a = await inviteUser(world.deps, professionalUser, invitationDetails({ expiresInDays: 1 }));
    world.clock.advance(DAY + 1);
    let raced: unknown;
    // The renewal has taken the claim back; its write has not landed yet (A still reads expired).
    world.store.beforeNextUpdate = async () => {
      raced = await inviteUser(world.deps, professionalUser, invitationDetails()).catch((e: unknown) => e);
    };
    await resendInvitation(world.deps, professionalUser, a.invitation.id, {});
    expect(raced).toMatchObject({ code: 'invitation-pending', details: { invitationId: a.invitation.id } });
    expect(pendingFor(world)).toEqual([a.invitation.id]);
  });

  it('when two expired invitations of one person are renewed at once, then one is renewed and the other is refused naming it', async () => {
    const world = fakeWorld();
    const a = await inviteUser(world.deps, professionalUser, invitationDetails({ expiresInDays: 1 }));
    world.clock.advance(DAY + 1);
    const b = await inviteUser(world.deps, professionalUser, invitationDetails({ expiresInDays: 1 }));
    world.clock.advance(DAY + 1);
    let raced: unknown;
    world.store.beforeNextUpdate = async () => {
      raced = await resendInvitation(world.deps, professionalUser, a.invitation.id, {}).catch((e: unknown) => e);
    };
    await resendInvitation(world.deps, professionalUser, b.invitation.id, {});
    expect(raced).toMatchObject({ code: 'invitation-pending', details: { invitationId: b.invitation.id } });
    expect(pendingFor(world)).toEqual([b.invitation.id]);
  });

  it('when a renewal took the claim back and then failed, then after the grace the claim is stale and a new invitation goes ahead', async () => {
    const world = fakeWorld();
    const a = await inviteUser(world.deps, professionalUser, invitationDetails({ expiresInDays: 1 }));
    world.clock.advance(DAY + 1);
    world.store.beforeNextUpdate = () => {
      throw new Error('storage down');
    };
    await expect(resendInvitation(world.deps, professionalUser, a.invitation.id, {})).rejects.toThrow('storage down');
    const soon = await refusal(inviteUser(world.deps, professionalUser, invitationDetails()));
    expect(soon.code).toBe('invitation-pending');
    world.clock.advance(61_000);
    const c = await inviteUser(world.deps, professionalUser, invitationDetails());
    expect(pendingFor(world)).toEqual([c.invitation.id]);
  });
});
