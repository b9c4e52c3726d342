/**
 * What the console's summaries cost in storage, through the Table adapter against Azurite. The provider's listing row
 * of an invitation carries the summary Home counts (pending, expiry, a failed email, when accepted): written with the
 * claim, so creating an invitation stays two transactions, and written again only by a write that changes it — an
 * email sent or delivered changes none of it and costs nothing there; a failed email, an acceptance, a revocation
 * cost one write.
 */
import { randomUUID } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { tableInvitationStore } from '../../shared/adapters/table/invitation-store.js';
import { createInvitation, type Invitation } from '../../shared/domain/invitation.js';
import { event } from '../../shared/domain/timeline.js';
import { countingTables } from '../support/counting-tables.js';
import { GFMS, invitationDetails, professionalUser } from '../support/fakes.js';

/** The invitation store over Azurite, each HTTP request it sends listed. */
const countingStore = (requests: string[]) => tableInvitationStore(countingTables(requests));

const newInvitation = (providerId: string): Invitation =>
  createInvitation(invitationDetails({ email: `summary.${randomUUID().slice(0, 8)}@example.com` }), {
    id: randomUUID(),
    providerId,
    invitedBy: { name: professionalUser.name, oid: professionalUser.oid },
    keyHash: 'sha256(key)',
    now: new Date(),
  });

describe('the console\u2019s summaries in storage', () => {
  it('when an invitation is created, sent, delivered, then failed and accepted, then only the failure and the acceptance write its summary', async () => {
    const requests: string[] = [];
    const store = countingStore(requests);
    const providerId = `${GFMS.id}-${randomUUID().slice(0, 8)}`;
    // Tables are created once per process, on first use.
    const first = newInvitation(providerId);
    await store.claimEmail(first);
    await store.create(first, undefined, [event(first.createdAt, 'created')]);

    const invitation = newInvitation(providerId);
    requests.length = 0;
    await store.claimEmail(invitation);
    await store.create(invitation, undefined, [event(invitation.createdAt, 'created')]);
    expect(requests, requests.join('\n')).toHaveLength(2);
    expect(await store.summaries(providerId)).toContainEqual({
      invitationId: invitation.id,
      pending: true,
      expiresAt: invitation.expiresAt,
      deliveryFailed: false,
    });

    const write = async (change: (i: Invitation) => Invitation) => {
      const current = (await store.get(invitation.id))!;
      requests.length = 0;
      await store.update(current, change(current.value), {});
      return requests.length;
    };
    expect(await write((i) => ({ ...i, delivery: { status: 'sent', attempts: 1 } }))).toBe(1);
    expect(await write((i) => ({ ...i, delivery: { status: 'delivered', attempts: 1 } }))).toBe(1);
    expect(await write((i) => ({ ...i, delivery: { status: 'failed', attempts: 1, lastError: 'bounced' } }))).toBe(2);
    const acceptedAt = new Date();
    expect(await write((i) => ({ ...i, status: 'accepted', acceptedAt, clientId: 'client-1' }))).toBe(2);
    expect((await store.summaries(providerId)).find((s) => s.invitationId === invitation.id)).toEqual({
      invitationId: invitation.id,
      pending: false,
      expiresAt: invitation.expiresAt,
      deliveryFailed: true,
      acceptedAt,
    });
  });
});
