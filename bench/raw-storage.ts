/**
 * The baseline of the request-overhead, throughput and bulk figures: the storage round trips one `InviteUser` must
 * make, done directly with the SDKs — the claim transaction in `ProviderIndex` (claim row + listing row) and the
 * invitation transaction in `Invitations` (invitation row + its `created` event), with the same entity shapes and
 * keys as shared/adapters/table/invitation-store.ts; with an email (`dispatchQueue`), also the dispatch message,
 * queued between the two as the service does (to a queue of the bench's own, so no dispatcher reads it).
 */
import { createHash, randomBytes, randomUUID } from 'node:crypto';
import { TableClient, type TransactionAction } from '@azure/data-tables';
import { QueueClient } from '@azure/storage-queue';
import { hashedKey } from '../shared/adapters/table/keys.js';
import { createInvitation, DEFAULT_EXPIRY_DAYS } from '../shared/domain/invitation.js';

export interface RawInvitationWriter {
  /** Builds the entities (untimed), then times the round trips; returns their duration in ms. */
  write(email: string): Promise<number>;
}

const listingKey = (createdAt: Date, id: string) =>
  `invitation|${String(9_999_999_999_999 - createdAt.getTime()).padStart(13, '0')}|${id}`;

export async function rawInvitationWriter(
  connectionString: string,
  providerId: string,
  inviter: { oid: string; name: string },
  dispatchQueue?: string,
): Promise<RawInvitationWriter> {
  const options = { allowInsecureConnection: true };
  const index = TableClient.fromConnectionString(connectionString, 'ProviderIndex', options);
  const invitations = TableClient.fromConnectionString(connectionString, 'Invitations', options);
  const dispatch = dispatchQueue ? new QueueClient(connectionString, dispatchQueue) : undefined;
  await Promise.all([index.createTable(), invitations.createTable(), dispatch?.createIfNotExists()]);
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
            rowKey: `email|${hashedKey(email)}`,
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
            // The listing row's summary, as the adapter writes it with the claim (listingEntity).
            Pending: true,
            ExpiresAt: invitation.expiresAt,
            DeliveryFailed: false,
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
            rowKey: `event|${now.toISOString()}|00|${randomBytes(3).toString('hex')}`,
            At: now,
            Event: 'created',
            Detail: `by ${inviter.name}`,
          },
        ],
      ];
      if (dispatch) {
        // With an email: its outbox row (the sealed link key, the repeatability id) and the `email.queued` event.
        rows.push(
          [
            'create',
            {
              partitionKey: invitation.id,
              rowKey: `outbox|${invitation.id}`,
              Data: JSON.stringify({
                id: invitation.id,
                invitationId: invitation.id,
                keyVersion: invitation.keyVersion,
                reason: 'invitation',
                status: 'pending',
                attempts: 0,
                createdAt: now,
                sealedKey: randomBytes(72).toString('base64url'),
                repeatability: { requestId: randomUUID(), firstSentAt: now },
              }),
              Status: 'pending',
            },
          ],
          [
            'create',
            {
              partitionKey: invitation.id,
              rowKey: `event|${now.toISOString()}|01|${randomBytes(3).toString('hex')}`,
              At: now,
              Event: 'email.queued',
            },
          ],
        );
      }
      const pointer = Buffer.from(
        JSON.stringify({ invitationId: invitation.id, outboxId: invitation.id, queuedAt: now.toISOString() }),
      ).toString('base64');
      const started = performance.now();
      await index.submitTransaction(claim);
      await dispatch?.sendMessage(pointer, { visibilityTimeout: 3600, messageTimeToLive: -1 });
      await invitations.submitTransaction(rows);
      return performance.now() - started;
    },
  };
}
