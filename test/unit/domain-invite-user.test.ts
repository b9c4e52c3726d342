import { describe, expect, it } from 'vitest';
import { DomainError } from '../../shared/domain/errors.js';
import { accept, complete, revoke } from '../../shared/domain/invitation.js';
import { CLAIM_GRACE_MS, FIRST_DISPATCH_DELAY_SECONDS, inviteUser } from '../../shared/domain/use-cases/invite-user.js';
import {
  backOfficeApp,
  type FakeWorld,
  fakeWorld,
  GFMS,
  invitationDetails,
  professionalUser,
} from '../support/fakes.js';

const DAY = 24 * 60 * 60 * 1000;

async function refusal(promise: Promise<unknown>): Promise<DomainError> {
  const error = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  if (!(error instanceof DomainError)) throw new Error(`expected a DomainError, got ${String(error)}`);
  return error;
}

/** Changes a stored invitation as another use case would (through the store, with its ETag). */
async function change(world: FakeWorld, id: string, next: (i: ReturnType<FakeWorld['store']['invitation']>) => object) {
  const current = (await world.store.get(id))!;
  await world.store.update(current, { ...current.value, ...next(current.value) }, {});
}

describe('inviting a person', () => {
  it('when a professional invites, then the invitation, its outbox row and first events are written once', async () => {
    const world = fakeWorld();
    const { invitation, key, replayed } = await inviteUser(world.deps, professionalUser, invitationDetails());
    expect(replayed).toBe(false);
    expect(key).toBe('key-1');
    expect(world.store.invitation(invitation.id)).toMatchObject({
      status: 'pending',
      email: 'mohamed-nour@example.com',
      providerId: GFMS.id,
      keyHash: world.keys.hash('key-1'),
      delivery: { status: 'queued', attempts: 0 },
    });
    const [row] = world.store.outboxRows(invitation.id);
    expect(row).toMatchObject({ status: 'pending', keyVersion: 1, reason: 'invitation', sealedKey: 'sealed(key-1)' });
    expect(world.store.eventTypes(invitation.id)).toEqual(['created', 'email.queued']);
    expect(world.store.claim(GFMS.id, invitation.email)?.invitationId).toBe(invitation.id);
  });

  it('when the invitation is written, then its dispatch pointer was queued before, with a short delay', async () => {
    const world = fakeWorld();
    const { invitation } = await inviteUser(world.deps, professionalUser, invitationDetails());
    const [row] = world.store.outboxRows(invitation.id);
    expect(world.queue.scheduled).toEqual([
      {
        request: { invitationId: invitation.id, outboxId: row!.id, queuedAt: world.clock.now().toISOString() },
        delaySeconds: FIRST_DISPATCH_DELAY_SECONDS,
      },
    ]);
    expect(world.journal).toEqual([`claim ${invitation.email}`, `schedule ${row!.id}`, `create ${invitation.id}`]);
  });

  it('when no email is asked for, then no outbox row and no pointer, and the key is returned', async () => {
    const world = fakeWorld();
    const { invitation, key } = await inviteUser(world.deps, professionalUser, invitationDetails({ sendEmail: false }));
    expect(key).toBe('key-1');
    expect(world.store.outboxRows(invitation.id)).toEqual([]);
    expect(world.queue.scheduled).toEqual([]);
    expect(world.store.invitation(invitation.id).delivery.status).toBe('not-requested');
    expect(world.store.eventTypes(invitation.id)).toEqual(['created']);
  });

  it('when a person invites, then the inviter is named from their token, whatever inviterName says', async () => {
    const world = fakeWorld();
    const { invitation } = await inviteUser(
      world.deps,
      professionalUser,
      invitationDetails({ inviterName: 'Someone' }),
    );
    expect(invitation.invitedBy).toEqual({ oid: professionalUser.oid, name: 'Tamer Haddad' });
    expect((await world.store.timeline(invitation.id))[0]).toMatchObject({
      event: 'created',
      detail: 'by Tamer Haddad',
    });
  });

  it('when an app invites for a person, then the inviter is that person; without a name, the provider', async () => {
    const world = fakeWorld();
    const relayed = await inviteUser(world.deps, backOfficeApp, invitationDetails({ inviterName: 'Claire Martin' }));
    expect(relayed.invitation.invitedBy).toEqual({ oid: backOfficeApp.oid, name: 'Claire Martin' });
    const plain = await inviteUser(world.deps, backOfficeApp, invitationDetails({ email: 'other@example.com' }));
    expect(plain.invitation.invitedBy).toEqual({ oid: backOfficeApp.oid, name: 'GFMS' });
  });

  it('when the provider no longer uses the service, then forbidden and nothing is written', async () => {
    const world = fakeWorld();
    world.providers.put({ ...GFMS, status: 'inactive' });
    const error = await refusal(inviteUser(world.deps, professionalUser, invitationDetails()));
    expect(error.code).toBe('provider-inactive');
    expect(world.journal).toEqual([]);
  });

  it('when the provider is unknown, then forbidden', async () => {
    const world = fakeWorld();
    const error = await refusal(
      inviteUser(world.deps, { ...professionalUser, providerId: 'nobody' }, invitationDetails()),
    );
    expect(error.code).toBe('forbidden');
  });

  it('when the expiry is out of range, then validation fails before anything is claimed', async () => {
    const world = fakeWorld();
    const error = await refusal(inviteUser(world.deps, professionalUser, invitationDetails({ expiresInDays: 45 })));
    expect(error.code).toBe('validation-failed');
    expect(world.journal).toEqual([]);
  });
});

describe('one pending invitation per (provider, email)', () => {
  it('when the email has a pending invitation, then 409 invitation-pending with its id, and nothing new is written', async () => {
    const world = fakeWorld();
    const first = await inviteUser(world.deps, professionalUser, invitationDetails());
    const before = world.store.invitations.size;
    const error = await refusal(inviteUser(world.deps, professionalUser, invitationDetails({ firstName: 'Other' })));
    expect(error.code).toBe('invitation-pending');
    expect(error.details).toEqual({ invitationId: first.invitation.id });
    expect(world.store.invitations.size).toBe(before);
    expect(world.queue.scheduled).toHaveLength(1);
  });

  it.each([
    ['accepted', (i: Parameters<typeof accept>[0], now: Date) => accept(i, { now, clientId: 'client-1' })],
    ['completed', (i: Parameters<typeof accept>[0], now: Date) => complete(accept(i, { now, clientId: 'c' }), now)],
  ])('when the holder is %s, then 409 already-client', async (_status, to) => {
    const world = fakeWorld();
    const first = await inviteUser(world.deps, professionalUser, invitationDetails());
    await change(world, first.invitation.id, (i) => to(i, world.clock.now()));
    const error = await refusal(inviteUser(world.deps, professionalUser, invitationDetails()));
    expect(error.code).toBe('already-client');
  });

  it('when the holder expired, then the new invitation takes the claim over', async () => {
    const world = fakeWorld();
    const first = await inviteUser(world.deps, professionalUser, invitationDetails({ expiresInDays: 1 }));
    world.clock.advance(DAY);
    const second = await inviteUser(world.deps, professionalUser, invitationDetails());
    expect(second.invitation.id).not.toBe(first.invitation.id);
    expect(world.store.claim(GFMS.id, second.invitation.email)?.invitationId).toBe(second.invitation.id);
    expect(world.store.invitation(second.invitation.id).status).toBe('pending');
  });

  it('when the holder was revoked, then the new invitation takes the claim over', async () => {
    const world = fakeWorld();
    const first = await inviteUser(world.deps, professionalUser, invitationDetails());
    await change(world, first.invitation.id, (i) => revoke(i, world.clock.now()));
    const second = await inviteUser(world.deps, professionalUser, invitationDetails());
    expect(world.store.claim(GFMS.id, second.invitation.email)?.invitationId).toBe(second.invitation.id);
  });

  it('when a claim has no invitation and is younger than 60 s, then it counts as pending (being written)', async () => {
    const world = fakeWorld();
    world.store.putClaim({
      providerId: GFMS.id,
      email: 'mohamed-nour@example.com',
      invitationId: 'being-written',
      claimedAt: new Date(world.clock.now().getTime() - CLAIM_GRACE_MS + 1),
    });
    const error = await refusal(inviteUser(world.deps, professionalUser, invitationDetails()));
    expect(error).toMatchObject({ code: 'invitation-pending', details: { invitationId: 'being-written' } });
  });

  it('when a claim has no invitation and is 60 s old, then it is stale and taken over', async () => {
    const world = fakeWorld();
    world.store.putClaim({
      providerId: GFMS.id,
      email: 'mohamed-nour@example.com',
      invitationId: 'never-written',
      claimedAt: new Date(world.clock.now().getTime() - CLAIM_GRACE_MS),
    });
    const { invitation } = await inviteUser(world.deps, professionalUser, invitationDetails());
    expect(world.store.claim(GFMS.id, invitation.email)?.invitationId).toBe(invitation.id);
    expect(world.journal.slice(0, 2)).toEqual([`claim ${invitation.email}`, `take over ${invitation.email}`]);
  });

  it('when the stale claim keeps changing under a take-over, then 409 concurrent-update after three tries', async () => {
    const world = fakeWorld();
    world.store.putClaim({
      providerId: GFMS.id,
      email: 'mohamed-nour@example.com',
      invitationId: 'never-written',
      claimedAt: new Date(0),
    });
    world.store.takeOverClaim = async () => false;
    const error = await refusal(inviteUser(world.deps, professionalUser, invitationDetails()));
    expect(error.code).toBe('concurrent-update');
    expect(world.store.invitations.size).toBe(0);
  });

  it('when the same email is invited for another provider, then both invitations exist', async () => {
    const world = fakeWorld();
    world.providers.put({ ...GFMS, id: 'horizon', name: 'Agence Horizon' });
    await inviteUser(world.deps, professionalUser, invitationDetails());
    await inviteUser(world.deps, { ...backOfficeApp, providerId: 'horizon' }, invitationDetails());
    expect(world.store.invitations.size).toBe(2);
  });
});
