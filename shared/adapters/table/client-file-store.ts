/**
 * Client files in Table Storage (docs/clients.md). `ProviderIndex`, PartitionKey = the provider id, so a file, its
 * index rows and its devices live in one partition and change in one transaction (Azure's entity group
 * transactions: one table, one partition, at most 100 entities and 4 MiB) — the partition of the provider's
 * invitation claims (`email|…`) and listing rows (`invitation|…`, `invitation-store.ts`), so an acceptance writes the
 * file it creates and the invitation's listing summary in one transaction. Every query here reads a range of its own
 * prefixes, which the invitations' never fall in (`e|` < `email|`, and `n|`, `p|`, `device|`, `file|` apart):
 *
 * - `file|<clientId>`: the file (`Data`, JSON).
 * - `n|<escapedKey(token)>|<clientId>`: one per name token (normalized first- and last-name words, order-preserving
 *   keys): a name search reads the prefix range of one token.
 * - `e|<hashedKey(email)>`: the provider's one file that signs in with or writes to this address — a claim too
 *   (created, never upserted: a second file with the address fails the transaction with 409).
 * - `e|<hashedKey(email)>|<clientId>`: a secondary address (several files may share one).
 * - `p|<hashedKey(e164)>|<clientId>`: the phone number.
 * - `device|<clientId>|<deviceId>`: a device activated with the file's codes.
 *
 * Every index row carries the file's summary (`Summary`) and name tokens (`Tokens`): a search is range queries only,
 * no file is read. `IdentificationCodes`, PartitionKey = the code: its conditional insert is the claim, and names the
 * file (any provider) for the app's anonymous requests.
 */
import type { TableClient, TableTransactionResponse, TransactionAction } from '@azure/data-tables';
import type { ClientFile, ClientFileStore, ClientSummary, Device } from '../../domain/client-file.js';
import {
  compareSummaries,
  fileTokens,
  ownedEmails,
  rangeToken,
  summarizeClientFile,
  tokensMatch,
} from '../../domain/client-search.js';
import { DomainError } from '../../domain/errors.js';
import type { Versioned } from '../../domain/ports.js';
import { fromJson, toJson } from './entity-json.js';
import { listingSummaryAction } from './invitation-store.js';
import { escapedKey, hashedKey, keyPrefixRange } from './keys.js';
import { odata } from './odata.js';
import {
  deleteIfPresent,
  deleteMatching,
  isConflict,
  isNotFound,
  isPreconditionFailed,
  storage,
  type TableFactory,
} from './tables.js';

const fileKey = (clientId: string) => `file|${clientId}`;
const nameKey = (token: string, clientId: string) => `n|${escapedKey(token)}|${clientId}`;
const ownedEmailKey = (email: string) => `e|${hashedKey(email)}`;
const secondaryEmailKey = (email: string, clientId: string) => `e|${hashedKey(email)}|${clientId}`;
const phoneKey = (phone: string, clientId: string) => `p|${hashedKey(phone)}|${clientId}`;
const devicePrefix = (clientId: string) => `device|${clientId}|`;
const deviceKey = (clientId: string, deviceId: string) => `${devicePrefix(clientId)}${deviceId}`;
const deviceEntity = (providerId: string, clientId: string, device: Device) => ({
  partitionKey: providerId,
  rowKey: deviceKey(clientId, device.id),
  Data: toJson(device),
});
const CODE_ROW = 'code';

const FILE_DATES = [
  'firstSignInAt',
  'appFirstConnectionAt',
  'createdAt',
  'updatedAt',
  'erasureRequestedAt',
  'activation.issuedAt',
  'activation.expiresAt',
  'activation.usedAt',
  'activation.sms.at',
  'activation.sms.firstSentAt',
  'activationFailures.lockedAt',
  'access.since',
] as const;
const DEVICE_DATES = ['activatedAt', 'lastSeenAt', 'revokedAt'] as const;

function fileOf(data: unknown): ClientFile {
  const file = fromJson<ClientFile>(data, FILE_DATES);
  file.activationFailures.recent = file.activationFailures.recent.map((d) => new Date(d));
  if (file.twoStepEvents) file.twoStepEvents = file.twoStepEvents.map((e) => ({ ...e, at: new Date(e.at) }));
  if (file.emailReleases) file.emailReleases = file.emailReleases.map((e) => ({ ...e, at: new Date(e.at) }));
  return file;
}

type IndexRow = {
  partitionKey: string;
  rowKey: string;
  ClientId: string;
  Tokens: string;
  Summary: string;
};

/** The index rows a file has, by RowKey (the owned email rows are the ones whose key names no client). */
function indexRows(file: ClientFile): Map<string, IndexRow> {
  const tokens = fileTokens(file);
  const row = (rowKey: string): IndexRow => ({
    partitionKey: file.providerId,
    rowKey,
    ClientId: file.id,
    Tokens: tokens.join(' '),
    Summary: toJson(summarizeClientFile(file)),
  });
  const owned = ownedEmails(file);
  const keys = [
    ...tokens.map((token) => nameKey(token, file.id)),
    ...owned.map(ownedEmailKey),
    ...file.emails.secondary.filter((e) => !owned.includes(e)).map((e) => secondaryEmailKey(e, file.id)),
    ...(file.phone ? [phoneKey(file.phone, file.id)] : []),
  ];
  return new Map(keys.map((key) => [key, row(key)]));
}

const isOwnedEmailKey = (rowKey: string) => rowKey.startsWith('e|') && rowKey.split('|').length === 2;

const fileEntity = (file: ClientFile) => ({
  partitionKey: file.providerId,
  rowKey: fileKey(file.id),
  Data: toJson(file),
  Status: file.status,
  ...(file.identificationCode ? { IdentificationCode: file.identificationCode } : {}),
  // The retention job finds the files whose person asked for erasure by it (docs/privacy.md).
  ...(file.erasureRequestedAt ? { ErasureRequestedAt: file.erasureRequestedAt } : {}),
});

/** The rows a new file is written as (the file, then its index rows): what `create` writes, for bulk loaders. */
export const clientFileEntities = (file: ClientFile) => [fileEntity(file), ...indexRows(file).values()];

/** The RowKey range a name search reads for one word (`search`; the bench's raw baseline reads the same). */
export const nameRange = (word: string) => keyPrefixRange(`n|${escapedKey(word)}`);

const conflict = (cause?: unknown) =>
  new DomainError(
    'concurrent-update',
    'The client file changed meanwhile; read it again and retry.',
    {},
    cause === undefined ? undefined : { cause },
  );

/** Rows read by a search at a time: one page when the answer is a single word's (the common case). */
const SEARCH_PAGE = 100;

export function tableClientFileStore(tables: TableFactory): ClientFileStore {
  const files = () => tables('ProviderIndex');
  const codes = () => tables('IdentificationCodes');

  /** After a transaction refused with 409: the file that holds one of these addresses, if another one does. */
  async function holderOf(table: TableClient, file: ClientFile): Promise<string | undefined> {
    for (const email of ownedEmails(file)) {
      try {
        const row = await table.getEntity<{ ClientId: string }>(file.providerId, ownedEmailKey(email), {
          queryOptions: { select: ['ClientId'] },
        });
        if (row.ClientId !== file.id) return row.ClientId;
      } catch (error) {
        if (!isNotFound(error)) throw error;
      }
    }
    return undefined;
  }

  async function transact(table: TableClient, file: ClientFile, actions: TransactionAction[]): Promise<string> {
    try {
      return etagOf(file, await table.submitTransaction(actions));
    } catch (error) {
      throw await failure(table, file, error);
    }
  }

  function etagOf(file: ClientFile, result: TableTransactionResponse): string {
    // The file's row is the first action: its answer is the first (sub-responses come in the actions' order).
    const etag = result.subResponses.find((r) => r.rowKey === fileKey(file.id))?.etag ?? result.subResponses[0]?.etag;
    if (!etag) throw new Error('Table Storage answered a client file write without its ETag');
    return etag;
  }

  /** What a refused write of the file means: the file moved, or another file holds one of its addresses. */
  async function failure(table: TableClient, file: ClientFile, error: unknown): Promise<unknown> {
    if (isPreconditionFailed(error) || isNotFound(error)) return conflict(error);
    if (isConflict(error)) {
      const holder = await holderOf(table, file);
      if (holder) {
        return new DomainError(
          'client-exists',
          'A client of this provider already has this email address.',
          { clientId: holder },
          { cause: error },
        );
      }
      return conflict(error);
    }
    return error;
  }

  /**
   * A new file with the listing summary of the invitation just accepted, in one transaction. The listing row gone (a
   * released claim: 404) stays gone, and the file is created alone; the file refused (409), the summary is merged on
   * its own, then the file's refusal is thrown.
   */
  async function createWithListing(
    table: TableClient,
    file: ClientFile,
    actions: TransactionAction[],
    listing: TransactionAction,
  ): Promise<string> {
    try {
      return etagOf(file, await table.submitTransaction([...actions, listing]));
    } catch (error) {
      if (isNotFound(error)) return transact(table, file, actions);
      const [, row] = listing as ['update', { partitionKey: string; rowKey: string }, 'Merge'];
      try {
        await table.updateEntity(row, 'Merge');
      } catch (merge) {
        if (!isNotFound(merge)) throw merge;
      }
      throw await failure(table, file, error);
    }
  }

  async function readFile(providerId: string, clientId: string): Promise<Versioned<ClientFile> | undefined> {
    try {
      const row = await (await files()).getEntity<{ Data: string }>(providerId, fileKey(clientId));
      return { value: fileOf(row.Data), etag: row.etag };
    } catch (error) {
      if (isNotFound(error)) return undefined;
      throw error;
    }
  }

  /** The rows of one key range, their summaries, until `limit` distinct files passed `keep`. */
  async function range(
    providerId: string,
    { from, to }: { from: string; to: string },
    limit: number,
    keep: (row: { Tokens: string }) => boolean,
  ): Promise<ClientSummary[]> {
    const rows = (await files())
      .listEntities<{ ClientId: string; Tokens: string; Summary: string }>({
        queryOptions: {
          filter: odata`PartitionKey eq ${providerId} and RowKey ge ${from} and RowKey lt ${to}`,
          select: ['ClientId', 'Tokens', 'Summary'],
        },
      })
      .byPage({ maxPageSize: Math.min(Math.max(limit, SEARCH_PAGE), 1000) });
    const found = new Map<string, ClientSummary>();
    for await (const page of rows) {
      for (const row of page) {
        if (found.has(row.ClientId) || !keep(row)) continue;
        found.set(row.ClientId, JSON.parse(row.Summary) as ClientSummary);
        if (found.size >= limit) return [...found.values()];
      }
    }
    return [...found.values()];
  }

  /**
   * Replaces the file If-Match, its index rows in step, and `also` (a device row) in the same transaction. The rows
   * to change are those of `current` as the caller read it: its ETag matching proves they are the stored ones (the
   * file and its rows are only ever written together), and a stale one fails the whole transaction — no read needed.
   */
  function replaceFile(
    file: ClientFile,
    current: Versioned<ClientFile>,
    also: TransactionAction[] = [],
  ): Promise<Versioned<ClientFile>> {
    return storage(async () => {
      const table = await files();
      if (current.value.providerId !== file.providerId || current.value.id !== file.id) throw conflict();
      const { etag } = current;
      const before = indexRows(current.value);
      const after = indexRows(file);
      const actions: TransactionAction[] = [['update', fileEntity(file), 'Replace', { etag }]];
      for (const key of before.keys()) {
        if (!after.has(key)) actions.push(['delete', { partitionKey: file.providerId, rowKey: key }]);
      }
      for (const [key, row] of after) {
        const old = before.get(key);
        if (old && old.Summary === row.Summary && old.Tokens === row.Tokens) continue; // unchanged
        // A new owned address is claimed (create: 409 when another file holds it); the rest are this file's own.
        actions.push(old || !isOwnedEmailKey(key) ? ['upsert', row, 'Replace'] : ['create', row]);
      }
      actions.push(...also);
      const written = await transact(table, file, actions);
      return { value: structuredClone(file), etag: written };
    });
  }

  return {
    claimIdentificationCode: (code, providerId, clientId) =>
      storage(async () => {
        try {
          await (await codes()).createEntity({
            partitionKey: code,
            rowKey: CODE_ROW,
            ProviderId: providerId,
            ClientId: clientId,
          });
          return true;
        } catch (error) {
          if (isConflict(error)) return false;
          throw error;
        }
      }),

    create: (file, options = {}) =>
      storage(async () => {
        const table = await files();
        const actions: TransactionAction[] = [
          ['create', fileEntity(file)],
          ...[...indexRows(file).values()].map((row): TransactionAction => ['create', row]),
        ];
        const etag = options.listingOf
          ? await createWithListing(table, file, actions, listingSummaryAction(options.listingOf))
          : await transact(table, file, actions);
        return { value: structuredClone(file), etag };
      }),

    get: (providerId, clientId) => storage(() => readFile(providerId, clientId)),

    replace: (file, current) => replaceFile(file, current),

    activateDevice: (file, current, device) =>
      // The used code and the new device in one transaction: both or neither (docs/mobile-app.md).
      replaceFile(file, current, [['create', deviceEntity(file.providerId, file.id, device)]]),

    device: (providerId, clientId, deviceId) =>
      storage(async () => {
        try {
          const row = await (await files()).getEntity<{ Data: string }>(providerId, deviceKey(clientId, deviceId));
          return { value: fromJson<Device>(row.Data, DEVICE_DATES), etag: row.etag };
        } catch (error) {
          if (isNotFound(error)) return undefined;
          throw error;
        }
      }),

    replaceDevice: (providerId, clientId, device, etag) =>
      storage(async () => {
        try {
          const written = await (await files()).updateEntity(deviceEntity(providerId, clientId, device), 'Replace', {
            etag,
          });
          return { value: structuredClone(device), etag: written.etag! };
        } catch (error) {
          if (isPreconditionFailed(error) || isNotFound(error)) throw conflict(error);
          throw error;
        }
      }),

    byIdentificationCode: (code) =>
      storage(async () => {
        let claim: { ProviderId: string; ClientId: string };
        try {
          claim = await (await codes()).getEntity<{ ProviderId: string; ClientId: string }>(code, CODE_ROW);
        } catch (error) {
          if (isNotFound(error)) return undefined;
          throw error;
        }
        return readFile(claim.ProviderId, claim.ClientId);
      }),

    byEmail: (providerId, email) =>
      storage(async () => {
        let clientId: string;
        try {
          const row = await (await files()).getEntity<{ ClientId: string }>(providerId, ownedEmailKey(email), {
            queryOptions: { select: ['ClientId'] },
          });
          clientId = row.ClientId;
        } catch (error) {
          if (isNotFound(error)) return undefined;
          throw error;
        }
        return readFile(providerId, clientId);
      }),

    search: (providerId, terms, limit) =>
      storage(async () => {
        let found: ClientSummary[];
        switch (terms.kind) {
          case 'email':
            // The owned row `e|<hash>` and the secondary rows `e|<hash>|<id>` share the prefix.
            found = await range(providerId, keyPrefixRange(ownedEmailKey(terms.email)), limit, () => true);
            break;
          case 'phone':
            found = await range(providerId, keyPrefixRange(`p|${hashedKey(terms.phone)}|`), limit, () => true);
            break;
          case 'name': {
            const token = rangeToken(terms.tokens);
            if (!token) return [];
            found = await range(providerId, nameRange(token), limit, (row) =>
              tokensMatch(row.Tokens.split(' '), terms.tokens),
            );
            break;
          }
        }
        return found.sort(compareSummaries);
      }),

    devices: (providerId, clientId) =>
      storage(async () => {
        const { from, to } = keyPrefixRange(devicePrefix(clientId));
        const rows = (await files()).listEntities<{ Data: string }>({
          queryOptions: { filter: odata`PartitionKey eq ${providerId} and RowKey ge ${from} and RowKey lt ${to}` },
        });
        const devices: Device[] = [];
        for await (const row of rows) devices.push(fromJson<Device>(row.Data, DEVICE_DATES));
        return devices.sort((a, b) => b.activatedAt.getTime() - a.activatedAt.getTime());
      }),

    erase: (current) =>
      storage(async () => {
        let file = current.value;
        const table = await files();
        // Resumable in this order: the code first (a file left behind is erased again by a retry, which finds it),
        // the devices in transactions of at most 100, then the file with its index rows, all at once.
        if (file.identificationCode) await deleteIfPresent(await codes(), file.identificationCode, CODE_ROW);
        const { from, to } = keyPrefixRange(devicePrefix(file.id));
        await deleteMatching(
          table,
          odata`PartitionKey eq ${file.providerId} and RowKey ge ${from} and RowKey lt ${to}`,
        );
        // A transaction cannot delete If-Match: an edit meanwhile may have changed the index rows, so a refusal (one
        // of them already gone) reads the file again and deletes what it has now.
        for (let attempt = 1; ; attempt++) {
          try {
            await table.submitTransaction(
              [fileKey(file.id), ...indexRows(file).keys()].map(
                (rowKey): TransactionAction => ['delete', { partitionKey: file.providerId, rowKey }],
              ),
            );
            return;
          } catch (error) {
            if (!isNotFound(error) || attempt >= 3) throw error;
            const now = await readFile(file.providerId, file.id);
            if (!now) return; // erased meanwhile
            file = now.value;
          }
        }
      }),

    putDevice: (providerId, clientId, device) =>
      storage(async () => {
        await (await files()).upsertEntity(
          { partitionKey: providerId, rowKey: `${devicePrefix(clientId)}${device.id}`, Data: toJson(device) },
          'Replace',
        );
      }),
  };
}
