/**
 * The baseline of the request-overhead and throughput figures: the storage round trips one `InviteUser` with
 * `sendEmail: false` must make, done directly with the Table SDK — the claim transaction in `ProviderIndex` (claim
 * row + listing row) and the invitation transaction in `Invitations` (invitation row + its `created` event), with
 * the same entity shapes as shared/adapters/table/invitation-store.ts. No queue message: none is sent without email.
 */
import { createHash, randomBytes, randomUUID } from 'node:crypto';
import { TableClient, type TransactionAction } from '@azure/data-tables';
import { createInvitation, DEFAULT_EXPIRY_DAYS } from '../shared/domain/invitation.js';

export interface RawInvitationWriter {
  /** Builds the entities (untimed), then times the two transactions; returns their duration in ms. */
  write(email: string): Promise<number>;
}

const listingKey = (createdAt: Date, id: string) =>
  `invitation|${String(9_999_999_999_999 - createdAt.getTime()).padStart(13, '0')}|${id}`;

export async function rawInvitationWriter(
  connectionString: string,
  providerId: string,
  inviter: { oid: string; name: string },
): Promise<RawInvitationWriter> {
  const options = { allowInsecureConnection: true };
  const index = TableClient.fromConnectionString(connectionString, 'ProviderIndex', options);
  const invitations = TableClient.fromConnectionString(connectionString, 'Invitations', options);
  await Promise.all([index.createTable(), invitations.createTable()]);
  return {
    async write(email) {
      const now = new Date();
      const key = randomBytes(32).toString('base64url');
      const invitation = createInvitation(
        {
          email,
          firstName: 'Bench',
          lastName: 'Raw',
          locale: 'fr',
          expiresInDays: DEFAULT_EXPIRY_DAYS,
          sendEmail: false,
        },
        {
          id: randomUUID(),
          providerId,
          invitedBy: inviter,
          now,
          keyHash: createHash('sha256').update(key).digest('base64url'),
        },
      );
      const claim: TransactionAction[] = [
        [
          'create',
          {
            partitionKey: providerId,
            rowKey: `email|${email}`,
            InvitationId: invitation.id,
            ClaimedAt: now.toISOString(),
          },
        ],
        [
          'upsert',
          {
            partitionKey: providerId,
            rowKey: listingKey(now, invitation.id),
            InvitationId: invitation.id,
            Email: email,
          },
        ],
      ];
      const rows: TransactionAction[] = [
        [
          'create',
          {
            partitionKey: invitation.id,
            rowKey: 'invitation',
            Data: JSON.stringify(invitation),
            ProviderId: providerId,
            Email: email,
            Status: invitation.status,
            CompletedAt: '',
            KeyVersion: invitation.keyVersion,
          },
        ],
        [
          'create',
          {
            partitionKey: invitation.id,
            rowKey: `event|${now.toISOString()}|${randomBytes(3).toString('hex')}`,
            At: now,
            Event: 'created',
            Detail: `by ${inviter.name}`,
          },
        ],
      ];
      const started = performance.now();
      await index.submitTransaction(claim);
      await invitations.submitTransaction(rows);
      return performance.now() - started;
    },
  };
}
