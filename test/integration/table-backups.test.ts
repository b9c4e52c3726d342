/**
 * Table backups and poison-queue replay against the integration stack's Azurite, through the real SDKs: typed values
 * backed up and restored exactly (the backup through the stand-in of the app identity's roles, as BackupTables
 * runs), restores refused into non-empty tables, incomplete or altered backups refused, a stopped restore resumed;
 * and the compiled commands (`npm run tables`, `npm run queues`) as ops run them.
 */
import { randomUUID } from 'node:crypto';
import { TableClient, type TableEntityResult } from '@azure/data-tables';
import { BlobServiceClient } from '@azure/storage-blob';
import { QueueServiceClient } from '@azure/storage-queue';
import { afterAll, describe, expect, inject, it } from 'vitest';
import { replayPoison } from '../../scripts/queues.js';
import {
  APP_TABLES,
  BackupNotRestorableError,
  type BackupStorage,
  backUp,
  listBackups,
  restore,
  TablesNotEmptyError,
} from '../../shared/adapters/backup/table-backups.js';
import { backupIdAt } from '../../shared/domain/table-backup.js';
import { runScript, stackFileCopy } from '../support/commands.js';
import { stack } from '../support/stack.js';

const suffix = randomUUID().replace(/-/g, '').slice(0, 10);
const TYPED = `BkTyped${suffix}`;
const EMPTY = `BkEmpty${suffix}`;
const MISSING = `BkMissing${suffix}`;
const tables = [TYPED, EMPTY, MISSING];

/** The app identity's connection (through the roles' stand-in) and the operator's (Azurite directly). */
const appConnection = () => inject('stackSettings').AzureWebJobsStorage!;
const operatorConnection = () => stack().storage.connectionString;

function storageOf(connection: string, container: string): BackupStorage {
  return {
    table: (name) =>
      TableClient.fromConnectionString(connection, name, {
        allowInsecureConnection: true,
        retryOptions: { maxRetries: 0 },
      }),
    container: BlobServiceClient.fromConnectionString(connection).getContainerClient(container),
    tables,
  };
}
const operator = (container: string) => storageOf(operatorConnection(), container);
const table = (name: string) => operator('unused').table(name);

/** Every entity of a table as the service holds it: each property with its EDM type, keys sorted. */
async function raw(name: string): Promise<Array<Record<string, unknown>>> {
  const rows: Array<Record<string, unknown>> = [];
  try {
    for await (const e of table(name).listEntities({ disableTypeConversion: true })) {
      const { etag: _etag, timestamp: _timestamp, ...rest } = e as TableEntityResult<Record<string, unknown>>;
      rows.push(rest);
    }
  } catch (error) {
    if ((error as { statusCode?: number }).statusCode !== 404) throw error;
  }
  return rows;
}

async function wipe(name: string) {
  const client = table(name);
  await client.createTable();
  for await (const e of client.listEntities({ queryOptions: { select: ['PartitionKey', 'RowKey'] } }))
    await client.deleteEntity(e.partitionKey!, e.rowKey!);
}

const tick = (() => {
  let n = 0;
  return () => backupIdAt(new Date(Date.UTC(2026, 0, 1, 0, 0, 0, n++)));
})();

async function seed() {
  const typed = table(TYPED);
  await typed.createTable();
  await typed.createEntity({
    partitionKey: 'edition|tid|oid',
    rowKey: 'r-1',
    Name: 'Zoë 🚀 — « texte »\tligne\r\nfin 𝄞',
    Empty: '',
    When: { type: 'DateTime', value: '2026-03-04T05:06:07.1234567Z' },
    Bytes: new Uint8Array([0, 1, 127, 128, 254, 255]),
    Big: 2n ** 62n + 7n,
    Negative: -5,
    Half: 2.5,
    Huge: 5_000_000_000,
    NotANumber: { type: 'Double', value: 'NaN' },
    Flag: false,
    Yes: true,
    Id: { type: 'Guid', value: '6f9619ff-8b86-d011-b42d-00c04fc964ff' },
    Int64Small: { type: 'Int64', value: '12' },
    Text12: { type: 'String', value: '12' },
  });
  // One partition of 150 rows (two transactions), another of 3.
  for (let i = 0; i < 150; i += 50) {
    await typed.submitTransaction(
      Array.from({ length: 50 }, (_, j) => [
        'create',
        { partitionKey: 'many', rowKey: String(i + j).padStart(4, '0'), Count: i + j },
      ]),
    );
  }
  for (const rowKey of ['a', 'b', 'c'])
    await typed.createEntity({ partitionKey: 'few', rowKey, Data: `{"k":"${rowKey}"}` });
  await table(EMPTY).createTable();
}

afterAll(async () => {
  for (const name of tables) await table(name).deleteTable();
});

describe('table backups', () => {
  it('when typed entities are backed up as BackupTables does, wiped and restored, then every value and type comes back exactly', async () => {
    await seed();
    const before = await raw(TYPED);
    expect(before).toHaveLength(154);
    const container = `bk-exact-${suffix}`;
    const id = tick();
    // The app's identity writes the backup (through the roles' stand-in: Create Container, Put Block, Put Block List, Put Blob).
    const manifest = await backUp(storageOf(appConnection(), container), id);
    expect(manifest.tables.map((t) => [t.name, t.entities])).toEqual([
      [TYPED, 154],
      [EMPTY, 0],
      [MISSING, 0],
    ]);
    expect(await listBackups(operator(container).container)).toEqual([{ id, manifest }]);

    await table(TYPED).deleteTable();
    await table(EMPTY).deleteTable();
    expect(await raw(TYPED)).toEqual([]);

    const written = await restore(operator(container), id, { mode: 'refuse-non-empty', target: 'exact' });
    expect(written).toEqual({ [TYPED]: 154, [EMPTY]: 0, [MISSING]: 0 });
    expect(await raw(TYPED)).toEqual(before);
    const first = before.find((e) => e.rowKey === 'r-1')!;
    expect(first.When).toEqual({ type: 'DateTime', value: '2026-03-04T05:06:07.1234567Z' });
    expect(first.Big).toEqual({ type: 'Int64', value: (2n ** 62n + 7n).toString() });
    expect(first.Int64Small).toEqual({ type: 'Int64', value: '12' });
    expect(first.Bytes).toEqual({ type: 'Binary', value: 'AAF/gP7/' });
  });

  it('when a table of the backup holds entities, then the restore is refused and writes nothing, unless told to skip it or write over it', async () => {
    const container = `bk-refuse-${suffix}`;
    await wipe(TYPED);
    await table(TYPED).createEntity({ partitionKey: 'few', rowKey: 'a', Data: 'kept' });
    await table(TYPED).createEntity({ partitionKey: 'x', rowKey: 'y', Data: 'other' });
    const id = tick();
    await backUp(operator(container), id);
    await table(TYPED).updateEntity({ partitionKey: 'few', rowKey: 'a', Data: 'changed since' }, 'Replace');
    await table(EMPTY).deleteTable();
    const intruder = await raw(TYPED);

    await expect(restore(operator(container), id, { mode: 'refuse-non-empty', target: 'refuse' })).rejects.toEqual(
      new TablesNotEmptyError([TYPED]),
    );
    expect(await raw(TYPED)).toEqual(intruder);
    expect(await raw(EMPTY), 'an empty table is not written either').toEqual([]);

    const skipped = await restore(operator(container), id, { mode: 'into-empty-only', target: 'refuse' });
    expect(skipped).toEqual({ [EMPTY]: 0, [MISSING]: 0 });
    expect(await raw(TYPED)).toEqual(intruder);

    const overwritten = await restore(operator(container), id, {
      mode: 'overwrite',
      tables: [TYPED],
      target: 'refuse-overwrite',
    });
    expect(overwritten).toEqual({ [TYPED]: 2 });
    const rows = await raw(TYPED);
    expect(rows.find((e) => e.rowKey === 'a')?.Data).toEqual({ type: 'String', value: 'kept' });
    expect(rows).toHaveLength(2);
  });

  it('when a backup has no manifest, or a file differs from it, then it is listed as incomplete and never restored', async () => {
    const container = `bk-incomplete-${suffix}`;
    await wipe(TYPED);
    await table(TYPED).createEntity({ partitionKey: 'p', rowKey: 'r', Data: 'one' });
    const incomplete = tick();
    await backUp(operator(container), incomplete);
    const blobs = operator(container).container;
    await blobs.getBlobClient(`${incomplete}/manifest.json`).delete();
    const altered = tick();
    await backUp(operator(container), altered);
    const file = `${altered}/${TYPED}.jsonl`;
    const text = (await blobs.getBlobClient(file).downloadToBuffer()).toString('utf8').replace('one', 'two');
    await blobs.getBlockBlobClient(file).upload(text, Buffer.byteLength(text));
    await wipe(TYPED);

    const listed = await listBackups(blobs);
    expect(listed.map((b) => [b.id, Boolean(b.manifest)])).toEqual([
      [incomplete, false],
      [altered, true],
    ]);
    await expect(restore(operator(container), incomplete, { mode: 'refuse-non-empty', target: 't' })).rejects.toThrow(
      new BackupNotRestorableError(
        `Backup ${incomplete} has no manifest: it is incomplete (its run failed or is still going) and is never restored.`,
      ),
    );
    await expect(restore(operator(container), altered, { mode: 'refuse-non-empty', target: 't' })).rejects.toThrow(
      /differs from the manifest: its size or SHA-256/,
    );
    expect(await raw(TYPED), 'nothing written').toEqual([]);
  });

  it('when a restore stops part-way, then running it again finishes it from where it was, exactly', async () => {
    const container = `bk-resume-${suffix}`;
    await wipe(TYPED);
    await table(TYPED).submitTransaction(
      Array.from({ length: 100 }, (_, i) => ['create', { partitionKey: 'p', rowKey: `r${i}`, N: i }]),
    );
    await table(TYPED).createEntity({ partitionKey: 'q', rowKey: 'last', N: 100 });
    const before = await raw(TYPED);
    const id = tick();
    await backUp(operator(container), id);
    await wipe(TYPED);

    let transactions = 0;
    const failing: BackupStorage = {
      ...operator(container),
      table: (name) => {
        const client = table(name);
        const submit = client.submitTransaction.bind(client);
        client.submitTransaction = (async (actions) => {
          if (++transactions > 1) throw new Error('network gone');
          return submit(actions);
        }) as TableClient['submitTransaction'];
        return client;
      },
    };
    await expect(restore(failing, id, { mode: 'refuse-non-empty', target: 'resume' })).rejects.toThrow('network gone');
    expect(await raw(TYPED)).toHaveLength(100);

    const events: string[] = [];
    await restore(operator(container), id, {
      mode: 'refuse-non-empty',
      target: 'resume',
      progress: (e) => events.push(`${e.kind} ${e.table}`),
    });
    expect(await raw(TYPED)).toEqual(before);
    expect(events).toContain(`restored ${TYPED}`);
  });
});

describe('npm run tables and npm run queues', () => {
  const stackFile = stackFileCopy('table-backups');
  const tablesCommand = (...args: string[]) => runScript('tables', [...args, '--stack', stackFile()]);
  const queuesCommand = (...args: string[]) => runScript('queues', [...args, '--stack', stackFile()]);

  it("when ops back the app's tables up and list them, then the backup is complete; restoring it over the live tables is refused", async () => {
    const backup = await tablesCommand('backup');
    expect(backup.stderr).toBe('');
    expect(backup.code).toBe(0);
    const id = /^Backup (\S+) of the local stack .*: \d+ entities, complete\.$/m.exec(backup.stdout)?.[1];
    expect(id).toBeDefined();
    expect(backup.stdout).toMatch(/^ {2}Providers\s+\d+$/m);

    const list = await tablesCommand('list');
    expect(list.code).toBe(0);
    expect(list.stdout).toMatch(
      new RegExp(`^${id!.replace(/\./g, '\\.')}\\s+complete\\s+${APP_TABLES.length}\\s+\\d+\\s+\\S+Z$`, 'm'),
    );

    const refused = await tablesCommand('restore', id!);
    expect(refused.code).toBe(1);
    expect(refused.stderr).toMatch(
      /^Refused, nothing written: (.+, )?Providers(, .+)? already holds? entities in the local stack/m,
    );

    const unknown = await tablesCommand('restore', '2020-01-01T00-00-00.000Z');
    expect(unknown.code).toBe(1);
    expect(unknown.stderr).toContain('There is no backup 2020-01-01T00-00-00.000Z.');
  });

  it('when a poison queue is replayed, then its messages go back to their queue as they were, at most --max at a time', async () => {
    const queues = QueueServiceClient.fromConnectionString(operatorConnection());
    const name = `replay-${suffix}`;
    const poison = queues.getQueueClient(`${name}-poison`);
    await poison.createIfNotExists();
    const texts = ['eyJhIjoxfQ==', 'eyJiIjoyfQ==', 'eyJjIjozfQ=='];
    for (const text of texts) await poison.sendMessage(text);

    expect(await replayPoison(queues, name, `${name}-poison`, 2)).toBe(2);
    expect(await replayPoison(queues, name, `${name}-poison`)).toBe(1);
    const main = queues.getQueueClient(name);
    const received = await main.receiveMessages({ numberOfMessages: 32 });
    expect(received.receivedMessageItems.map((m) => m.messageText).sort()).toEqual([...texts].sort());
    expect((await poison.peekMessages({ numberOfMessages: 32 })).peekedMessageItems).toEqual([]);
    await Promise.all([main.delete(), poison.delete()]);

    const counts = await queuesCommand('counts');
    expect(counts.code).toBe(0);
    expect(counts.stdout).toMatch(/^outbox\s+\S+\s+\S+$/m);
    const wrong = await queuesCommand('replay', 'not-a-queue');
    expect(wrong.code).toBe(2);
    expect(wrong.stderr).toContain('"not-a-queue" is no queue of the app');
  });
});
