/**
 * Claims coalesced over the real SDK and Azurite (shared/adapters/table/claim-coalescing.ts, as the composition root
 * wires it): many invitations of one provider claimed at once cost far fewer transactions than claims, and each
 * caller gets the answer it would have had alone — claimed, or refused naming the holder — with every claim and
 * listing row written once.
 */
import { randomUUID } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { coalescingClaims } from '../../shared/adapters/table/claim-coalescing.js';
import { tableInvitationStore } from '../../shared/adapters/table/invitation-store.js';
import { createInvitation, type Invitation } from '../../shared/domain/invitation.js';
import { countingTables } from '../support/counting-tables.js';
import { invitationDetails, professionalUser } from '../support/fakes.js';

const invitationOf = (providerId: string, email: string): Invitation =>
  createInvitation(invitationDetails({ email }), {
    id: randomUUID(),
    providerId,
    invitedBy: { name: professionalUser.name, oid: professionalUser.oid },
    keyHash: 'sha256(key)',
    now: new Date(),
  });

describe('claims coalesced, over Azurite', () => {
  it('when 40 invitations of one provider claim at once (one address twice, one held already), then each gets its own answer in far fewer transactions', async () => {
    const requests: string[] = [];
    const store = tableInvitationStore(countingTables(requests));
    const claims = coalescingClaims(store);
    const providerId = `coalesce-${randomUUID().slice(0, 8)}`;
    const address = (n: number) => `c${n}.${randomUUID().slice(0, 6)}#/?@example.com`;
    const holder = invitationOf(providerId, address(0));
    expect(await claims.claimEmail(holder)).toEqual({ claimed: true });

    const fresh = Array.from({ length: 37 }, (_, n) => invitationOf(providerId, address(n + 1)));
    const twice = [invitationOf(providerId, fresh[5]!.email)];
    const held = [invitationOf(providerId, holder.email)];
    requests.length = 0;
    const answers = await Promise.all([...fresh, ...twice, ...held].map((i) => claims.claimEmail(i)));

    expect(answers.slice(0, 37)).toEqual(fresh.map(() => ({ claimed: true })));
    expect(answers[37]).toMatchObject({ claimed: false, holder: { invitationId: fresh[5]!.id } });
    expect(answers[38]).toMatchObject({ claimed: false, holder: { invitationId: holder.id } });
    // Alone, 39 claims are 39 transactions (and 2 reads for the refused ones). Together: the first alone, the group of
    // the other 37 refused (it holds the held address) and split in halves down to that one (1 + 2 + 2 + 2 + 2 + 2 + 2
    // at most), the address claimed twice in a later write: 15 at most.
    const transactions = requests.filter((r) => r.endsWith('/$batch')).length;
    expect(transactions).toBeLessThanOrEqual(15);
    const listed = await store.list(providerId, { limit: 100 });
    expect(new Set(listed.invitationIds)).toEqual(new Set([holder, ...fresh].map((i) => i.id)));
  });

  it('when 30 fresh invitations of one provider claim at once, then a lone write and one more hold them all', async () => {
    const requests: string[] = [];
    const store = tableInvitationStore(countingTables(requests));
    const claims = coalescingClaims(store);
    const providerId = `coalesce-${randomUUID().slice(0, 8)}`;
    // The table is created on first use: not counted.
    await store.claimEmail(invitationOf(`${providerId}-warm`, 'warm@example.com'));
    const fresh = Array.from({ length: 30 }, (_, n) =>
      invitationOf(providerId, `f${n}.${randomUUID().slice(0, 6)}@example.com`),
    );
    requests.length = 0;
    const answers = await Promise.all(fresh.map((i) => claims.claimEmail(i)));
    expect(answers).toEqual(fresh.map(() => ({ claimed: true })));
    expect(requests).toEqual(['POST /devstoreaccount1/$batch', 'POST /devstoreaccount1/$batch']);
    for (const invitation of fresh) {
      expect(await store.claimEmail(invitationOf(providerId, invitation.email))).toMatchObject({
        claimed: false,
        holder: { invitationId: invitation.id },
      });
    }
  });
});
