/**
 * Table backups without storage: a line keeps each property's EDM type (and corrects what the SDK cannot know), the
 * backup ids, the BackupTables function's log line, the command lines of `npm run tables` and `npm run queues`, and
 * the blob operations the backups use — named by the roles' stand-in, granted by the app identity's roles, listed
 * in infra/storage-data-plane.json.
 */
import { readdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import azf from '@azure/functions';
import { describe, expect, it } from 'vitest';
import { decide, grantsOperation, loadDataPlanePolicy } from '../../dev/storage-permissions.js';
import { backupTablesHandler } from '../../functions/handlers/backup-tables.js';
import { parseQueuesCommand } from '../../scripts/queues.js';
import { UsageError } from '../../scripts/storage-target.js';
import { parseTablesCommand } from '../../scripts/tables.js';
import { APP_TABLES, entityOf, lineOf } from '../../shared/adapters/backup/table-backups.js';
import type { TableBackups } from '../../shared/domain/ports.js';
import {
  BACKUP_FORMAT,
  type BackupManifest,
  backupIdAt,
  backupTime,
  isBackupId,
} from '../../shared/domain/table-backup.js';

const root = path.resolve(import.meta.dirname, '../..');

describe('a backed-up entity', () => {
  it('when an entity is read without type conversion, then its line keeps every EDM type and drops the system properties', () => {
    const line = lineOf({
      partitionKey: 'p',
      rowKey: 'r',
      etag: 'W/"x"',
      timestamp: { type: 'DateTime', value: '2026-01-01T00:00:00.0000000Z' },
      Name: { type: 'String', value: 'Zoë 🚀' },
      Count: { type: 'Int32', value: '-5' },
      // The service sends a whole Double without a type: the SDK calls it Int32 whatever its size.
      Huge: { type: 'Int32', value: '5000000000' },
      Half: { type: 'Double', value: '2.5' },
      Nan: { type: 'Double', value: 'NaN' },
      Flag: { type: 'Boolean', value: 'false' },
      Big: { type: 'Int64', value: '4611686018427387911' },
      When: { type: 'DateTime', value: '2026-03-04T05:06:07.1234567Z' },
      Id: { type: 'Guid', value: '6f9619ff-8b86-d011-b42d-00c04fc964ff' },
      Bytes: { type: 'Binary', value: 'AAF/gP7/' },
    });
    expect(line).toEqual({
      PartitionKey: 'p',
      RowKey: 'r',
      properties: {
        Name: { type: 'String', value: 'Zoë 🚀' },
        Count: { type: 'Int32', value: -5 },
        Huge: { type: 'Double', value: 5_000_000_000 },
        Half: { type: 'Double', value: 2.5 },
        Nan: { type: 'Double', value: 'NaN' },
        Flag: { type: 'Boolean', value: false },
        Big: { type: 'Int64', value: '4611686018427387911' },
        When: { type: 'DateTime', value: '2026-03-04T05:06:07.1234567Z' },
        Id: { type: 'Guid', value: '6f9619ff-8b86-d011-b42d-00c04fc964ff' },
        Bytes: { type: 'Binary', value: 'AAF/gP7/' },
      },
    });
    expect(entityOf(JSON.parse(JSON.stringify(line)))).toEqual({
      partitionKey: 'p',
      rowKey: 'r',
      ...line.properties,
    });
  });

  it('when a property comes without its type, then the backup stops rather than guess', () => {
    expect(() => lineOf({ partitionKey: 'p', rowKey: 'r', Count: 5 })).toThrow(
      'property Count came without its EDM type',
    );
  });

  it('when ids are made, then they name the UTC moment, sort by time and are refused otherwise', () => {
    const at = new Date('2026-12-01T02:15:00.042Z');
    const id = backupIdAt(at);
    expect(id).toBe('2026-12-01T02-15-00.042Z');
    expect(isBackupId(id)).toBe(true);
    expect(backupTime(id)).toEqual(at);
    expect(isBackupId('2026-12-01T02:15:00.042Z')).toBe(false);
    expect(isBackupId('../x')).toBe(false);
    expect(backupIdAt(new Date('2026-12-02T00:00:00Z')) > id).toBe(true);
  });

  it("when the app's tables are listed, then every table the adapters use is backed up", async () => {
    const used = new Set<string>();
    const dir = path.join(root, 'shared/adapters/table');
    for (const file of await readdir(dir)) {
      const text = await readFile(path.join(dir, file), 'utf8');
      for (const m of text.matchAll(/tables?\(\s*'([A-Z][A-Za-z]+)'\s*\)/g)) used.add(m[1]!);
    }
    expect(used.size).toBeGreaterThan(5);
    expect([...used].filter((name) => !(APP_TABLES as string[]).includes(name))).toEqual([]);
  });
});

describe('BackupTables', () => {
  it('when the timer fires, then the tables are backed up under the moment it started and the counts are logged', async () => {
    const ids: string[] = [];
    const manifest = (id: string): BackupManifest => ({
      format: BACKUP_FORMAT,
      id,
      startedAt: backupTime(id).toISOString(),
      completedAt: '2026-12-01T02:15:09.000Z',
      tables: [
        { name: 'Invitations', file: `${id}/Invitations.jsonl`, entities: 7, bytes: 900, sha256: 'a' },
        { name: 'Providers', file: `${id}/Providers.jsonl`, entities: 2, bytes: 200, sha256: 'b' },
      ],
    });
    const backups: TableBackups = {
      backUp: async (id) => {
        ids.push(id);
        return manifest(id);
      },
    };
    const lines: string[] = [];
    const context = new azf.InvocationContext({
      invocationId: 'backup-test',
      functionName: 'BackupTables',
      logHandler: (_level, ...args) => lines.push(args.map(String).join(' ')),
    });
    const clock = { now: () => new Date('2026-12-01T02:15:00.000Z') };

    await backupTablesHandler({}, context, { clock, backups });

    expect(ids).toEqual(['2026-12-01T02-15-00.000Z']);
    expect(lines.map((line) => JSON.parse(line))).toEqual([
      expect.objectContaining({
        event: 'tables.backed-up',
        level: 'info',
        backupId: '2026-12-01T02-15-00.000Z',
        entities: 9,
        tables: { Invitations: 7, Providers: 2 },
      }),
    ]);
  });

  it('when the backup fails, then the function fails (the host logs it and the next day runs a new one)', async () => {
    const context = new azf.InvocationContext({
      invocationId: 'x',
      functionName: 'BackupTables',
      logHandler: () => {},
    });
    const backups: TableBackups = {
      backUp: async () => {
        throw new Error('storage gone');
      },
    };
    await expect(backupTablesHandler({}, context, { clock: { now: () => new Date() }, backups })).rejects.toThrow(
      'storage gone',
    );
  });
});

describe('the command lines', () => {
  it('when restore is asked for, then its mode, tables and target are read; contradictions are refused', () => {
    expect(parseTablesCommand(['restore', '2026-12-01T02-15-00.000Z', '--azure', '--into-empty-only'])).toEqual({
      action: 'restore',
      where: { kind: 'azure' },
      id: '2026-12-01T02-15-00.000Z',
      mode: 'into-empty-only',
    });
    expect(parseTablesCommand(['restore', 'x', '--table', 'Providers', '--table', 'Limits'])).toMatchObject({
      mode: 'refuse-non-empty',
      tables: ['Providers', 'Limits'],
      where: { kind: 'local', stackFile: '.dev/stack.json' },
    });
    expect(() => parseTablesCommand(['restore', 'x', '--overwrite', '--into-empty-only'])).toThrow(UsageError);
    expect(() => parseTablesCommand(['restore'])).toThrow('restore takes one backup id');
    expect(() => parseTablesCommand(['backup', '--overwrite'])).toThrow('--overwrite goes with restore.');
    expect(() => parseTablesCommand(['list', '--account', 'x'])).toThrow('--account goes with --azure.');
    expect(() => parseTablesCommand(['drop'])).toThrow('Unknown command "drop"');
  });

  it('when a replay is asked for, then only the queues of the app are replayed, from their poison queue', () => {
    expect(parseQueuesCommand(['replay', 'outbox-poison', '--max', '10'])).toEqual({
      action: 'replay',
      where: { kind: 'local', stackFile: '.dev/stack.json' },
      queue: 'outbox',
      max: 10,
    });
    expect(() => parseQueuesCommand(['replay', 'azure-webjobs-blobtrigger-poison'])).toThrow('is no queue of the app');
    expect(() => parseQueuesCommand(['replay', 'outbox', '--max', '0'])).toThrow('--max must be a whole number');
    expect(() => parseQueuesCommand(['replay'])).toThrow('replay takes one queue');
  });
});

describe('the blob operations of the backups', () => {
  const request = (method: string, url: string) => ({ method, url: `/devstoreaccount1${url}`, headers: {}, body: '' });

  it('when the requests of a backup and a restore are named, then each is the operation of Microsoft’s table, granted by the roles', async () => {
    const { policy, roles } = await loadDataPlanePolicy(root);
    const named = (method: string, url: string) => decide('blob', policy, roles, request(method, url));
    expect(named('PUT', '/table-backups?restype=container')).toEqual({
      allowed: true,
      operations: ['Create Container'],
    });
    expect(named('HEAD', '/table-backups?restype=container').operations).toEqual(['Get Container Properties']);
    expect(named('GET', '/table-backups?restype=container&comp=list&delimiter=%2F').operations).toEqual(['List Blobs']);
    expect(named('PUT', '/table-backups/id/Invitations.jsonl?comp=block&blockid=AAAA').operations).toEqual([
      'Put Block',
    ]);
    expect(named('PUT', '/table-backups/id/Invitations.jsonl?comp=blocklist').operations).toEqual(['Put Block List']);
    expect(named('PUT', '/table-backups/id/manifest.json').operations).toEqual(['Put Blob']);
    expect(named('GET', '/table-backups/id/manifest.json').operations).toEqual(['Get Blob']);
    expect(named('HEAD', '/table-backups/id/manifest.json').operations).toEqual(['Get Blob Properties']);
    for (const call of [
      named('PUT', '/table-backups?restype=container'),
      named('PUT', '/table-backups/id/x?comp=block&blockid=A'),
      named('PUT', '/table-backups/id/x?comp=blocklist'),
    ])
      expect(call.allowed).toBe(true);
    // Never used by the app: refused, as Azure would refuse an operation its roles do not list here.
    expect(named('GET', '/?comp=list').allowed).toBe(false);
    expect(named('DELETE', '/table-backups/id/manifest.json')).toMatchObject({
      allowed: false,
      reason: 'Delete Blob is not in storage-data-plane.json',
    });
    const blobOps = policy.operations.filter((o) => o.service === 'blob' && o.usedBy.includes('app'));
    expect(blobOps.filter((o) => !grantsOperation(roles, o))).toEqual([]);
  });

  it('when the adapters are scanned, then every blob SDK call they make is a listed operation of the app', async () => {
    const { policy } = await loadDataPlanePolicy(root);
    const listed = new Set(
      policy.operations.filter((o) => o.service === 'blob' && o.usedBy.includes('app')).flatMap((o) => o.sdk ?? []),
    );
    const text = await readFile(path.join(root, 'shared/adapters/backup/table-backups.ts'), 'utf8');
    const calls = {
      'BlockBlobClient.uploadStream': /\.uploadStream\(/,
      'BlockBlobClient.upload': /\.upload\(/,
      'BlobClient.download': /\.download\(/,
      'BlobClient.downloadToBuffer': /\.downloadToBuffer\(/,
      'ContainerClient.createIfNotExists': /container\.createIfNotExists\(/,
      'ContainerClient.exists': /container\.exists\(/,
      'ContainerClient.listBlobsByHierarchy': /\.listBlobsByHierarchy\(/,
      'ContainerClient.listBlobsFlat': /\.listBlobsFlat\(/,
    };
    const made = Object.entries(calls)
      .filter(([, pattern]) => pattern.test(text))
      .map(([call]) => call);
    expect(made).toHaveLength(Object.keys(calls).length);
    expect(made.filter((call) => !listed.has(call))).toEqual([]);
  });
});
