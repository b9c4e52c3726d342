/**
 * Account emails in Table Storage (`AccountEmails`): partition = the email's id (a GUID, never text someone typed),
 * row = `email`; the record as one JSON column (`Data`) plus `Kind` and `Status` for people reading the table, and
 * `ToHash`, the recipient's address as `hashedKey` (never the address itself), and `AboutHash`, the same of the person
 * an email to someone else is about (`addressesNamedBy`), by which the erasure finds every email naming a person. The reset link is only ever in it sealed (`sealedSecret`), and erased once the email is settled.
 * Reading is a point read; every change is a Replace If-Match.
 */
import {
  type AccountEmailRecord,
  type AccountEmailStore,
  addressesNamedBy,
} from '../../domain/account-email-outbox.js';
import { DomainError } from '../../domain/errors.js';
import { fromJson, toJson } from './entity-json.js';
import { hashedKey } from './keys.js';
import { odata } from './odata.js';
import { deleteMatching, isNotFound, isPreconditionFailed, storage, type TableFactory } from './tables.js';

const ROW = 'email';
const DATES = [
  'createdAt',
  'sentAt',
  'repeatability.firstSentAt',
  'report.at',
  'content.expiresAt',
  'content.since',
  'content.at',
] as const;

function entity(record: AccountEmailRecord) {
  const named = addressesNamedBy(record.content);
  return {
    partitionKey: record.id,
    rowKey: ROW,
    Kind: record.kind,
    Status: record.status,
    // Nothing is deployed yet, so every row is written with them: no older row to migrate.
    ToHash: hashedKey(named.to),
    ...(named.about ? { AboutHash: hashedKey(named.about) } : {}),
    Data: toJson(record),
  };
}

const conflict = (cause: unknown) =>
  new DomainError('concurrent-update', 'The account email changed meanwhile; read it again.', {}, { cause });

export function tableAccountEmailStore(tables: TableFactory): AccountEmailStore {
  const table = () => tables('AccountEmails');
  return {
    create: (record) =>
      storage(async () => {
        await (await table()).createEntity(entity(record));
      }),
    get: (id) =>
      storage(async () => {
        try {
          const row = await (await table()).getEntity<{ Data: string }>(id, ROW);
          return { value: fromJson<AccountEmailRecord>(row.Data, DATES), etag: row.etag };
        } catch (error) {
          if (isNotFound(error)) return undefined;
          throw error;
        }
      }),
    replace: (next, current) =>
      storage(async () => {
        try {
          const written = await (await table()).updateEntity(entity(next), 'Replace', { etag: current.etag });
          if (!written.etag) throw new Error('Table Storage answered an account email update without an ETag');
          return { value: next, etag: written.etag };
        } catch (error) {
          if (isPreconditionFailed(error) || isNotFound(error)) throw conflict(error);
          throw error;
        }
      }),
    forgetNaming: (email) =>
      storage(async () => {
        // Each email is a partition of its own: one delete each; an email deleted meanwhile is gone already.
        const hash = hashedKey(email);
        await deleteMatching(await table(), odata`ToHash eq ${hash} or AboutHash eq ${hash}`);
      }),
  };
}
