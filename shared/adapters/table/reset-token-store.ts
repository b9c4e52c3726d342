/**
 * Reset-password links in Table Storage (`ResetTokens`, docs/passwords.md). Two kinds of rows, neither keyed by text
 * a person typed:
 *
 * - the link: partition = `token|` + the token's SHA-256 (base64url; the token itself is never stored), row `link`:
 *   whose account (`ClientKey`, `ObjectId`), the address and names the password must not hold, the language, when it
 *   was issued, until when it works, and `Spent`/`UsedAt` once spent (If-Match: one spender; `restore` sets `Spent`
 *   back to false when the password could not be set);
 * - the account's latest link: partition = `account|` + the SHA-256 of its client key (`hashedKey`), row `latest`,
 *   `Hash` = the latest link's hash, `ExpiresAt` = its expiry (the retention job deletes the pointer 7 days after it,
 *   with the link). A link works only while it is its account's latest, so a new link ends the older ones without
 *   finding them.
 *
 * `issue` writes the link, then the pointer (a link whose pointer never landed never works: the person asks again).
 * `find` is two point reads. Expired rows are small and kept (Table Storage has no time-to-live). `forgetAccount` (the
 * erasure) finds the account's links by their `ClientKey` and deletes them, then its pointer.
 */
import type { Locale } from '../../domain/locale.js';
import type { ResetToken } from '../../domain/password-reset.js';
import type { ResetTokenStore } from '../../domain/ports.js';
import { hashedKey } from './keys.js';
import { odata } from './odata.js';
import {
  deleteIfPresent,
  deleteMatching,
  isNotFound,
  isPreconditionFailed,
  storage,
  type TableFactory,
} from './tables.js';

interface LinkRow {
  ClientKey: string;
  ObjectId: string;
  Email: string;
  FirstName?: string;
  LastName?: string;
  Locale: string;
  IssuedAt: Date | string;
  ExpiresAt: Date | string;
  /** Spent (a restored link keeps its last `UsedAt` with `Spent` false). */
  Spent?: boolean;
  UsedAt?: Date | string;
}

const LINK_ROW = 'link';
const LATEST_ROW = 'latest';
const linkPartition = (hash: string) => `token|${hash}`;
const accountPartition = (clientKey: string) => `account|${hashedKey(clientKey)}`;

export function tableResetTokenStore(tables: TableFactory): ResetTokenStore {
  const table = () => tables('ResetTokens');
  return {
    issue: (token) =>
      storage(async () => {
        const t = await table();
        await t.createEntity<LinkRow>({
          partitionKey: linkPartition(token.hash),
          rowKey: LINK_ROW,
          ClientKey: token.clientKey,
          ObjectId: token.objectId,
          Email: token.owner.email,
          ...(token.owner.firstName ? { FirstName: token.owner.firstName } : {}),
          ...(token.owner.lastName ? { LastName: token.owner.lastName } : {}),
          Locale: token.locale,
          IssuedAt: token.issuedAt,
          ExpiresAt: token.expiresAt,
        });
        await t.upsertEntity(
          // `ExpiresAt`: the retention job deletes the pointer with the latest link's row (docs/privacy.md).
          {
            partitionKey: accountPartition(token.clientKey),
            rowKey: LATEST_ROW,
            Hash: token.hash,
            ExpiresAt: token.expiresAt,
          },
          'Replace',
        );
      }),
    find: (hash) =>
      storage(async () => {
        const t = await table();
        let row: LinkRow & { etag: string };
        try {
          row = await t.getEntity<LinkRow>(linkPartition(hash), LINK_ROW);
        } catch (error) {
          if (isNotFound(error)) return undefined;
          throw error;
        }
        let latest = false;
        try {
          const pointer = await t.getEntity<{ Hash?: string }>(accountPartition(row.ClientKey), LATEST_ROW);
          latest = pointer.Hash === hash;
        } catch (error) {
          if (!isNotFound(error)) throw error;
        }
        const value: ResetToken = {
          hash,
          clientKey: row.ClientKey,
          objectId: row.ObjectId,
          owner: {
            email: row.Email,
            ...(row.FirstName ? { firstName: row.FirstName } : {}),
            ...(row.LastName ? { lastName: row.LastName } : {}),
          },
          locale: row.Locale as Locale,
          issuedAt: new Date(row.IssuedAt),
          expiresAt: new Date(row.ExpiresAt),
          ...(row.Spent && row.UsedAt ? { usedAt: new Date(row.UsedAt) } : {}),
        };
        return { value, etag: row.etag, latest };
      }),
    spend: (current, at) =>
      storage(async () => {
        if (current.value.usedAt) return undefined;
        try {
          const written = await (await table()).updateEntity(
            { partitionKey: linkPartition(current.value.hash), rowKey: LINK_ROW, Spent: true, UsedAt: at },
            'Merge',
            { etag: current.etag },
          );
          return written.etag;
        } catch (error) {
          if (isPreconditionFailed(error) || isNotFound(error)) return undefined;
          throw error;
        }
      }),
    restore: (hash, etag) =>
      storage(async () => {
        try {
          await (await table()).updateEntity(
            { partitionKey: linkPartition(hash), rowKey: LINK_ROW, Spent: false },
            'Merge',
            { etag },
          );
          return true;
        } catch (error) {
          if (isPreconditionFailed(error) || isNotFound(error)) return false;
          throw error;
        }
      }),
    forgetAccount: (clientKey) =>
      storage(async () => {
        const t = await table();
        // Each link is a partition of its own: one delete each; a link deleted meanwhile is gone already.
        await deleteMatching(t, odata`ClientKey eq ${clientKey}`);
        await deleteIfPresent(t, accountPartition(clientKey), LATEST_ROW);
      }),
  };
}
