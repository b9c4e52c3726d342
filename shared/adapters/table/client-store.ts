/**
 * Clients in Table Storage (`ClientAccounts`, one partition per person: `tid|oid`): `account`, `provider|<id>` (what
 * each provider knows and the access status it gives), `company|<id>` (companies the client owns), `ended|<sid>` (a
 * signed-out session, until the hourly timer forgets it), `sessions-ended` and `password-changed` (instants: every
 * session, every device credential before it ends), `two-step` and `two-step-changed` (two-step-store.ts; the profile
 * says whether two-step is on), `email-change` (a change of the sign-in email waiting for its code: read on its own,
 * never as part of the profile). Sign-in reads one partition; each signed-in page reads it too,
 * with its own session's marker only; onboarding writes the account and the provider record in one transaction.
 */
import type { TransactionAction } from '@azure/data-tables';
import type { ClientAccount, ClientProfile, ClientRecord, OwnedCompany } from '../../domain/client.js';
import type { ClientStore, Versioned } from '../../domain/ports.js';
import type { PendingEmailChange } from '../../domain/sign-in-email.js';
import { fromJson, toJson } from './entity-json.js';
import { odata } from './odata.js';
import {
  deleteMatching,
  isConflict,
  isNotFound,
  isPreconditionFailed,
  keepLatestInstant,
  storage,
  type TableFactory,
} from './tables.js';
import { TWO_STEP_ROW } from './two-step-store.js';

const ACCOUNT = 'account';
const recordKey = (providerId: string) => `provider|${providerId}`;
const companyKey = (companyId: string) => `company|${companyId}`;
/** Markers sort between `ended|` and `ended}` (`}` follows `|`): a read leaves out that range but its own session. */
const endedKey = (sid: string) => `ended|${sid}`;
/** When the account last ended all its sessions (sorts after `ended}`, so every read of the partition sees it). */
const SESSIONS_ENDED = 'sessions-ended';
/** When the product last changed the account's password (device credentials issued before it stop working). */
const PASSWORD_CHANGED = 'password-changed';
/** The pending change of the sign-in email (`Data`: JSON, dates as ISO text), written If-Match as read. */
const EMAIL_CHANGE = 'email-change';
const ACCOUNT_DATES = ['createdAt'] as const;
const EMAIL_CHANGE_DATES = ['requestedAt', 'expiresAt'] as const;
const RECORD_DATES = ['access.since', 'firstSignInAt', 'createdAt'] as const;
const COMPANY_DATES = ['createdAt'] as const;

export function tableClientStore(tables: TableFactory): ClientStore {
  const table = () => tables('ClientAccounts');
  /** One query of the partition: the profile, and whether the marker `ended` (if asked) came back. */
  const read = (filter: string, ended?: string) =>
    storage(async () => {
      const rows = (await table()).listEntities<Record<string, unknown>>({ queryOptions: { filter } });
      let account: ClientAccount | undefined;
      let marked = false;
      const records: ClientRecord[] = [];
      const companies: OwnedCompany[] = [];
      let sessionsEndedAt: Date | undefined;
      let twoStepOn = false;
      for await (const row of rows) {
        const rowKey = String(row.rowKey);
        if (rowKey === ACCOUNT) account = fromJson(row.Data, ACCOUNT_DATES);
        else if (rowKey.startsWith('provider|')) records.push(fromJson(row.Data, RECORD_DATES));
        else if (rowKey.startsWith('company|')) companies.push(fromJson(row.Data, COMPANY_DATES));
        else if (ended !== undefined && rowKey === ended) marked = true;
        else if (rowKey === SESSIONS_ENDED) sessionsEndedAt = new Date(row.At as string | Date);
        // The same read says whether two-step is on (its row sorts after `ended}`): no extra read on each page.
        else if (rowKey === TWO_STEP_ROW) twoStepOn = row.Status === 'on';
        // Any other row (`password-changed`, `two-step-changed`, `email-change`, …) is not part of the profile.
      }
      const profile: ClientProfile | undefined = account
        ? {
            account,
            records,
            companies,
            ...(sessionsEndedAt ? { sessionsEndedAt } : {}),
            ...(twoStepOn ? { twoStepOn } : {}),
          }
        : undefined;
      return { profile, ended: marked };
    });
  const accountRow = (account: ClientAccount) => ({
    partitionKey: account.key,
    rowKey: ACCOUNT,
    Data: toJson(account),
    ClientId: account.clientId,
    Email: account.email,
  });
  const keepLatest = (key: string, rowKey: string, at: Date) =>
    storage(async () => keepLatestInstant(await table(), key, rowKey, at));
  return {
    profile: async (key) => (await read(odata`PartitionKey eq ${key}`)).profile,
    profileInSession: (key, sid) =>
      read(
        odata`PartitionKey eq ${key} and (RowKey lt ${'ended|'} or RowKey ge ${'ended}'} or RowKey eq ${endedKey(sid)})`,
        endedKey(sid),
      ),
    markEnded: (key, session) =>
      storage(async () => {
        await (await table()).upsertEntity(
          { partitionKey: key, rowKey: endedKey(session.sid), EndsAt: session.endsAt },
          'Replace',
        );
      }),
    forgetEnded: (key, sid) =>
      storage(async () => {
        try {
          await (await table()).deleteEntity(key, endedKey(sid));
        } catch (error) {
          if (!isNotFound(error)) throw error;
        }
      }),
    endSessionsBefore: (key, at) => keepLatest(key, SESSIONS_ENDED, at),
    recordPasswordChange: (key, at) => keepLatest(key, PASSWORD_CHANGED, at),
    passwordChangedAt: (key) =>
      storage(async () => {
        try {
          const row = await (await table()).getEntity<{ At?: Date | string }>(key, PASSWORD_CHANGED, {
            queryOptions: { select: ['At'] },
          });
          return row.At ? new Date(row.At) : undefined;
        } catch (error) {
          if (isNotFound(error)) return undefined;
          throw error;
        }
      }),
    recordAcceptance: (account, record) =>
      storage(async () => {
        const t = await table();
        const newAccount = accountRow(account);
        const recordRow = {
          partitionKey: account.key,
          rowKey: recordKey(record.providerId),
          Data: toJson(record),
          AccessStatus: record.access.status,
        };
        try {
          // A new client: both rows at once.
          await t.submitTransaction([
            ['create', newAccount],
            ['create', recordRow],
          ]);
          return { accountCreated: true };
        } catch (error) {
          if (!isConflict(error)) throw error;
        }
        // A returning person: the account keeps its creation date; an existing provider record keeps its access.
        const existing = await (async () => {
          const rows = t.listEntities<Record<string, unknown>>({
            queryOptions: {
              filter: odata`PartitionKey eq ${account.key} and (RowKey eq ${ACCOUNT} or RowKey eq ${recordKey(record.providerId)})`,
            },
          });
          const found = new Set<string>();
          for await (const row of rows) found.add(String(row.rowKey));
          return found;
        })();
        const actions: TransactionAction[] = [];
        if (!existing.has(ACCOUNT)) actions.push(['create', newAccount]);
        if (!existing.has(recordKey(record.providerId))) actions.push(['create', recordRow]);
        if (actions.length) {
          try {
            await t.submitTransaction(actions);
          } catch (error) {
            // A concurrent callback of the same person wrote them first: they are there, which is all that matters.
            if (!isConflict(error)) throw error;
          }
        }
        return { accountCreated: false };
      }),
    setAccess: (key, providerId, access) =>
      storage(async () => {
        const t = await table();
        for (let attempt = 1; ; attempt++) {
          let row: Record<string, unknown> & { etag: string };
          try {
            row = await t.getEntity<Record<string, unknown>>(key, recordKey(providerId));
          } catch (error) {
            if (isNotFound(error)) return false;
            throw error;
          }
          const record: ClientRecord = { ...fromJson(row.Data, RECORD_DATES), access };
          try {
            await t.updateEntity(
              { partitionKey: key, rowKey: recordKey(providerId), Data: toJson(record), AccessStatus: access.status },
              'Replace',
              { etag: row.etag },
            );
            return true;
          } catch (error) {
            // Rewritten meanwhile (another access change): read it again; gone meanwhile: no record.
            if (isNotFound(error)) return false;
            if (!isPreconditionFailed(error) || attempt >= 5) throw error;
          }
        }
      }),
    forgetProvider: (key, providerId) =>
      storage(async () => {
        const t = await table();
        await deleteMatching(
          t,
          odata`PartitionKey eq ${key} and (RowKey eq ${recordKey(providerId)} or (RowKey ge ${'company|'} and RowKey lt ${'company}'} and ProviderId eq ${providerId}))`,
        );
      }),
    forgetAccount: (key) =>
      storage(async () => {
        const t = await table();
        // A row written meanwhile (a sign-in's marker) fails a transaction with 404 only if another went; go again
        // until the partition is empty, so an erasure never ends with a row left behind.
        for (let round = 1; round <= 5; round++) {
          if ((await deleteMatching(t, odata`PartitionKey eq ${key}`)) === 0) return;
        }
        throw new Error('the account partition kept being written to while it was erased');
      }),
    emailChange: (key) =>
      storage(async (): Promise<Versioned<PendingEmailChange> | undefined> => {
        try {
          const row = await (await table()).getEntity<{ Data?: string }>(key, EMAIL_CHANGE);
          return { value: fromJson<PendingEmailChange>(row.Data, EMAIL_CHANGE_DATES), etag: row.etag };
        } catch (error) {
          if (isNotFound(error)) return undefined;
          throw error;
        }
      }),
    saveEmailChange: (key, change, current) =>
      storage(async () => {
        const t = await table();
        const row = { partitionKey: key, rowKey: EMAIL_CHANGE, Data: toJson(change) };
        if (!current) {
          await t.upsertEntity(row, 'Replace');
          return true;
        }
        try {
          await t.updateEntity(row, 'Replace', { etag: current.etag });
          return true;
        } catch (error) {
          // Rewritten (another request, a new code) or forgotten meanwhile: nothing written.
          if (isPreconditionFailed(error) || isNotFound(error)) return false;
          throw error;
        }
      }),
    forgetEmailChange: (key, current) =>
      storage(async () => {
        try {
          await (await table()).deleteEntity(key, EMAIL_CHANGE, current ? { etag: current.etag } : {});
          return true;
        } catch (error) {
          if (isNotFound(error)) return true;
          if (current && isPreconditionFailed(error)) return false;
          throw error;
        }
      }),
    changeAccountEmail: (key, email) =>
      storage(async () => {
        const t = await table();
        for (let attempt = 1; ; attempt++) {
          let row: Record<string, unknown> & { etag: string };
          try {
            row = await t.getEntity<Record<string, unknown>>(key, ACCOUNT);
          } catch (error) {
            if (isNotFound(error)) return false;
            throw error;
          }
          const account: ClientAccount = { ...fromJson<ClientAccount>(row.Data, ACCOUNT_DATES), email };
          try {
            await t.updateEntity(accountRow(account), 'Replace', { etag: row.etag });
            return true;
          } catch (error) {
            // Rewritten meanwhile: read it again; gone meanwhile (erased): no account.
            if (isNotFound(error)) return false;
            if (!isPreconditionFailed(error) || attempt >= 5) throw error;
          }
        }
      }),
    addCompany: (key, company) =>
      storage(async () => {
        try {
          await (await table()).createEntity({
            partitionKey: key,
            rowKey: companyKey(company.id),
            Data: toJson(company),
            ProviderId: company.providerId,
            Name: company.company.name,
          });
          return true;
        } catch (error) {
          if (isConflict(error)) return false;
          throw error;
        }
      }),
  };
}
