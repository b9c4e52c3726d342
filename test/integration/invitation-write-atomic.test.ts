/**
 * An invitation is written whole or not at all (DESIGN.md, the outbox: "nothing lost"): the invitation row, its
 * outbox row and its first events share the invitation's partition and go in one entity group transaction, which
 * Azure Table storage applies entirely or not at all. Through the Table adapter against Azurite: one request, and a
 * refused row leaves none of the others behind.
 */
import { randomUUID } from 'node:crypto';
import { TableClient } from '@azure/data-tables';
import { describe, expect, it } from 'vitest';
import { tableInvitationStore } from '../../shared/adapters/table/invitation-store.js';
import { createInvitation, type Invitation } from '../../shared/domain/invitation.js';
import { event } from '../../shared/domain/timeline.js';
import { countingTables } from '../support/counting-tables.js';
import { GFMS, invitationDetails, pendingOutbox, professionalUser } from '../support/fakes.js';
import { stack } from '../support/stack.js';

const newInvitation = (): Invitation =>
  createInvitation(invitationDetails({ email: `atomic.${randomUUID().slice(0, 8)}@example.com` }), {
    id: randomUUID(),
    providerId: `${GFMS.id}-${randomUUID().slice(0, 8)}`,
    invitedBy: { name: professionalUser.name, oid: professionalUser.oid },
    keyHash: 'sha256(key)',
    now: new Date(),
  });

const outboxOf = (invitation: Invitation) => pendingOutbox(invitation, { sealedKey: 'sealed(key)' });

describe('an invitation written whole', () => {
  it('when an invitation is created with its outbox row and two events, then one transaction ($batch) writes them', async () => {
    const requests: string[] = [];
    const store = tableInvitationStore(countingTables(requests));
    // Tables are created once per process, on first use: not counted.
    await store.get(randomUUID());
    const invitation = newInvitation();
    requests.length = 0;
    await store.create(invitation, outboxOf(invitation), [
      event(invitation.createdAt, 'created'),
      event(invitation.createdAt, 'email.queued'),
    ]);
    expect(requests).toEqual(['POST /devstoreaccount1/$batch']);
    expect(await store.timeline(invitation.id)).toHaveLength(2);
  });

  it('when one of its rows is refused (its outbox row exists already), then neither the invitation nor its events are written', async () => {
    const store = tableInvitationStore(countingTables([]));
    const invitation = newInvitation();
    const table = TableClient.fromConnectionString(stack().storage.connectionString, 'Invitations', {
      allowInsecureConnection: true,
    });
    await table.createTable();
    await table.createEntity({ partitionKey: invitation.id, rowKey: `outbox|${invitation.id}`, Data: '{}' });

    const refused = await store.create(invitation, outboxOf(invitation), [event(invitation.createdAt, 'created')]).then(
      () => undefined,
      (error: { statusCode?: number }) => error,
    );
    expect(refused?.statusCode).toBe(409);
    expect(await store.get(invitation.id)).toBeUndefined();
    expect(await store.timeline(invitation.id)).toEqual([]);
    const left = [];
    for await (const row of table.listEntities({ queryOptions: { filter: `PartitionKey eq '${invitation.id}'` } }))
      left.push(row.rowKey);
    expect(left).toEqual([`outbox|${invitation.id}`]);
  });
});
