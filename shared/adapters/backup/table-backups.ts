/**
 * Table backups in blob storage (docs/runbook.md, "Backing up and restoring the tables"). Container `table-backups`,
 * one folder per backup: `<id>/<table>.jsonl` (one entity a line, each property with its EDM type, so a restore
 * writes back exactly what was read: Int64, DateTime to the tick, Binary, Guid…) and `<id>/manifest.json`, written
 * last, with each table's count, size and SHA-256. Tables are read a page at a time and the files written as
 * streams (staged blocks), so neither is ever held whole in memory.
 *
 * A restore reads the manifest (none: the backup is incomplete, refused), checks every file against it before it
 * writes anything, refuses tables that already hold entities unless told (`into-empty-only` skips them, `overwrite`
 * writes over them), and writes each partition's entities in transactions of at most 100 (Insert Or Replace, so
 * writing a line twice changes nothing). Its progress is kept beside the backup (`<id>/restores/<target>.json`), so
 * a restore that stopped goes on from where it was.
 */
import { createHash } from 'node:crypto';
import { createInterface } from 'node:readline';
import { Readable } from 'node:stream';
import type { TableClient, TableEntity, TransactionAction } from '@azure/data-tables';
import type { ContainerClient } from '@azure/storage-blob';
import type { TableBackups } from '../../domain/ports.js';
import {
  BACKUP_FORMAT,
  type BackedUpTable,
  type BackupManifest,
  backupTime,
  isBackupId,
} from '../../domain/table-backup.js';
import { guardWrites, planTransactions } from '../table/entity-limits.js';
import { isNotFound, type TableName } from '../table/tables.js';

/** The blob container of the backups (declared in infra/modules/storage.bicep, with its retention rule). */
export const BACKUP_CONTAINER = 'table-backups';

/** Every table of the app: a `TableName` missing here fails to compile. */
const TABLES: Record<TableName, true> = {
  Invitations: true,
  ProviderIndex: true,
  Providers: true,
  Limits: true,
  Idempotency: true,
  Batches: true,
  ClientAccounts: true,
  EndedSessions: true,
  IdentificationCodes: true,
  AccountEmails: true,
  ResetTokens: true,
  Retention: true,
};
export const APP_TABLES = Object.keys(TABLES) as TableName[];

/** Entities read per page while backing up (Query Entities returns at most 1,000 a page). */
const PAGE_SIZE = 1000;
/** Staged block size and parallel uploads of a table file. */
const BLOCK_BYTES = 4 * 1024 * 1024;
/** Lines restored between two saves of the restore's progress. */
const PROGRESS_EVERY = 5000;

export type EdmType = 'String' | 'Int32' | 'Int64' | 'Double' | 'Boolean' | 'DateTime' | 'Guid' | 'Binary';
export interface TypedValue {
  type: EdmType;
  value: string | number | boolean;
}
/** One line of a table file. */
export interface BackupLine {
  PartitionKey: string;
  RowKey: string;
  properties: Record<string, TypedValue>;
}

const INT32_MIN = -(2 ** 31);
const INT32_MAX = 2 ** 31 - 1;
const SPECIAL_DOUBLES = new Set(['NaN', 'Infinity', '-Infinity']);
/** What the SDK maps the system properties to (`odata.etag`, `Timestamp`): not the entity's own. */
const SYSTEM = new Set(['partitionKey', 'rowKey', 'etag', 'timestamp']);

function typed(name: string, raw: unknown): TypedValue {
  if (typeof raw !== 'object' || raw === null || !('type' in raw) || !('value' in raw)) {
    throw new Error(`property ${name} came without its EDM type`);
  }
  const { type, value } = raw as { type: EdmType; value: unknown };
  switch (type) {
    case 'Boolean':
      return { type, value: value === true || value === 'true' };
    case 'Int32': {
      // Without a type annotation the SDK calls every whole number Int32: a Double outside Int32's range is a Double.
      const number = Number(value);
      return number >= INT32_MIN && number <= INT32_MAX ? { type, value: number } : { type: 'Double', value: number };
    }
    case 'Double':
      return { type, value: SPECIAL_DOUBLES.has(String(value)) ? String(value) : Number(value) };
    case 'String':
    case 'Int64':
    case 'DateTime':
    case 'Guid':
    case 'Binary':
      return { type, value: String(value) };
    default:
      throw new Error(`property ${name} has an EDM type I do not know: ${String(type)}`);
  }
}

/** An entity as read with `disableTypeConversion` → its line. */
export function lineOf(entity: Record<string, unknown>): BackupLine {
  const properties: Record<string, TypedValue> = {};
  for (const [name, raw] of Object.entries(entity)) {
    if (SYSTEM.has(name) || raw === undefined || raw === null) continue;
    properties[name] = typed(name, raw);
  }
  return { PartitionKey: String(entity.partitionKey), RowKey: String(entity.rowKey), properties };
}

/** A line → the entity to write, each property with its EDM type. */
export function entityOf(line: BackupLine): TableEntity {
  return { partitionKey: line.PartitionKey, rowKey: line.RowKey, ...line.properties };
}

/** A backup that cannot be restored: no manifest, a file that differs from it, an unknown format. */
export class BackupNotRestorableError extends Error {
  override name = 'BackupNotRestorableError';
}

/** Tables that already hold entities, refused: the restore wrote nothing. */
export class TablesNotEmptyError extends Error {
  override name = 'TablesNotEmptyError';
  constructor(readonly tables: string[]) {
    super(`${tables.join(', ')} already ${tables.length === 1 ? 'holds' : 'hold'} entities`);
  }
}

export interface BackupStorage {
  /** A client of one table (raw: the restore creates the table and checks its writes itself). */
  table(name: string): TableClient;
  container: ContainerClient;
  /** The tables to back up (default: every table of the app). */
  tables?: readonly string[];
}

const manifestFile = (id: string) => `${id}/manifest.json`;

async function exportTable(storage: BackupStorage, id: string, name: string): Promise<BackedUpTable> {
  const file = `${id}/${name}.jsonl`;
  const hash = createHash('sha256');
  let entities = 0;
  let bytes = 0;
  async function* lines(): AsyncGenerator<Buffer> {
    const pages = storage.table(name).listEntities({ disableTypeConversion: true }).byPage({ maxPageSize: PAGE_SIZE });
    try {
      for await (const page of pages) {
        if (page.length === 0) continue;
        const chunk = Buffer.from(page.map((e) => `${JSON.stringify(lineOf(e))}\n`).join(''), 'utf8');
        entities += page.length;
        bytes += chunk.byteLength;
        hash.update(chunk);
        yield chunk;
      }
    } catch (error) {
      if (!isNotFound(error)) throw error; // a table the app has not created yet: empty
    }
  }
  await storage.container.getBlockBlobClient(file).uploadStream(Readable.from(lines()), BLOCK_BYTES, 2, {
    blobHTTPHeaders: { blobContentType: 'application/x-ndjson; charset=utf-8' },
  });
  return { name, file, entities, bytes, sha256: hash.digest('hex') };
}

/** Backs every table up under `id`, the manifest last. */
export async function backUp(
  storage: BackupStorage,
  id: string,
  now: () => Date = () => new Date(),
): Promise<BackupManifest> {
  if (!isBackupId(id)) throw new Error(`"${id}" is not a backup id`);
  const startedAt = backupTime(id).toISOString();
  await storage.container.createIfNotExists();
  const tables: BackedUpTable[] = [];
  for (const name of storage.tables ?? APP_TABLES) tables.push(await exportTable(storage, id, name));
  const manifest: BackupManifest = {
    format: BACKUP_FORMAT,
    id,
    startedAt,
    completedAt: now().toISOString(),
    tables,
  };
  const text = `${JSON.stringify(manifest, null, 2)}\n`;
  await storage.container.getBlockBlobClient(manifestFile(id)).upload(text, Buffer.byteLength(text), {
    blobHTTPHeaders: { blobContentType: 'application/json; charset=utf-8' },
  });
  return manifest;
}

/** The port of the timer function. */
export function blobTableBackups(storage: () => Promise<BackupStorage>): TableBackups {
  return { backUp: async (id) => backUp(await storage(), id) };
}

export interface ListedBackup {
  id: string;
  /** Undefined: no manifest, the backup is incomplete (its run failed or is still going). */
  manifest?: BackupManifest;
}

async function readJson<T>(container: ContainerClient, file: string): Promise<T | undefined> {
  try {
    return JSON.parse((await container.getBlobClient(file).downloadToBuffer()).toString('utf8')) as T;
  } catch (error) {
    if (isNotFound(error)) return undefined;
    throw error;
  }
}

/** Every backup of the container, oldest first, with its manifest when it is complete. */
export async function listBackups(container: ContainerClient): Promise<ListedBackup[]> {
  if (!(await container.exists())) return [];
  const ids: string[] = [];
  for await (const item of container.listBlobsByHierarchy('/')) {
    if (item.kind === 'prefix' && isBackupId(item.name.replace(/\/$/, ''))) ids.push(item.name.replace(/\/$/, ''));
  }
  ids.sort();
  const listed: ListedBackup[] = [];
  for (const id of ids) {
    const manifest = await readJson<BackupManifest>(container, manifestFile(id));
    listed.push(manifest ? { id, manifest } : { id });
  }
  return listed;
}

/** The manifest of a complete backup; refuses an unknown, incomplete or foreign one. */
export async function completeManifest(container: ContainerClient, id: string): Promise<BackupManifest> {
  if (!isBackupId(id))
    throw new BackupNotRestorableError(`"${id}" is not a backup id (e.g. 2026-12-01T02-15-00.000Z).`);
  const manifest = await readJson<BackupManifest>(container, manifestFile(id));
  if (!manifest) {
    const any = container.listBlobsFlat({ prefix: `${id}/` }).byPage({ maxPageSize: 1 });
    const first = (await any.next()).value as { segment?: { blobItems?: unknown[] } } | undefined;
    throw new BackupNotRestorableError(
      first?.segment?.blobItems?.length
        ? `Backup ${id} has no manifest: it is incomplete (its run failed or is still going) and is never restored.`
        : `There is no backup ${id}.`,
    );
  }
  if (manifest.format !== BACKUP_FORMAT || manifest.id !== id) {
    throw new BackupNotRestorableError(`Backup ${id}'s manifest is not a ${BACKUP_FORMAT} manifest of this backup.`);
  }
  return manifest;
}

/** The lines of a table file, as they stream in; its SHA-256 and size once read. */
async function* fileLines(
  container: ContainerClient,
  table: BackedUpTable,
  check: (sha256: string, bytes: number) => void,
): AsyncGenerator<string> {
  const download = await container.getBlobClient(table.file).download();
  const body = download.readableStreamBody;
  if (!body) throw new BackupNotRestorableError(`${table.file} has no content.`);
  const hash = createHash('sha256');
  let bytes = 0;
  body.on('data', (chunk: Buffer) => {
    hash.update(chunk);
    bytes += chunk.byteLength;
  });
  for await (const line of createInterface({ input: body, crlfDelay: Number.POSITIVE_INFINITY })) {
    if (line !== '') yield line;
  }
  check(hash.digest('hex'), bytes);
}

/** Reads a file through and compares it with its manifest entry (count, size, SHA-256). */
async function verifyFile(container: ContainerClient, table: BackedUpTable): Promise<void> {
  let lines = 0;
  let differs = '';
  for await (const _ of fileLines(container, table, (sha256, bytes) => {
    if (sha256 !== table.sha256 || bytes !== table.bytes) differs = 'its size or SHA-256';
  }))
    lines++;
  if (!differs && lines !== table.entities) differs = `its count (${lines} lines, ${table.entities} in the manifest)`;
  if (differs) throw new BackupNotRestorableError(`${table.file} differs from the manifest: ${differs}.`);
}

export type RestoreMode = 'refuse-non-empty' | 'into-empty-only' | 'overwrite';

export interface RestoreOptions {
  mode: RestoreMode;
  /** Only these tables of the backup (default: all of them). */
  tables?: readonly string[];
  /** Names the target storage: the progress of restores into different accounts is kept apart. */
  target: string;
  /** Told as each table starts, skips or ends. */
  progress?: (event: RestoreEvent) => void;
}

export type RestoreEvent =
  | { kind: 'skipped'; table: string; reason: 'not-empty' | 'already-restored' }
  | { kind: 'restoring'; table: string; from: number; of: number }
  | { kind: 'restored'; table: string; entities: number };

interface RestoreProgress {
  tables: Record<string, { lines: number; done: boolean }>;
}

const progressFile = (id: string, target: string) =>
  `${id}/restores/${createHash('sha256').update(target).digest('hex').slice(0, 16)}.json`;

/** True when the table holds no entity (or does not exist yet). */
async function isEmpty(table: TableClient): Promise<boolean> {
  try {
    // A page may come back empty with a continuation: read on until an entity or the end.
    const pages = table.listEntities({ queryOptions: { select: ['PartitionKey'] } }).byPage({ maxPageSize: 1 });
    for await (const page of pages) if (page.length > 0) return false;
    return true;
  } catch (error) {
    if (isNotFound(error)) return true;
    throw error;
  }
}

/** Restores a complete backup; resolves to the entities written per table. */
export async function restore(
  storage: BackupStorage,
  id: string,
  options: RestoreOptions,
): Promise<Record<string, number>> {
  const { container } = storage;
  const manifest = await completeManifest(container, id);
  const unknown = (options.tables ?? []).filter((name) => !manifest.tables.some((t) => t.name === name));
  if (unknown.length) throw new BackupNotRestorableError(`Backup ${id} has no table ${unknown.join(', ')}.`);
  const chosen = manifest.tables.filter((t) => !options.tables || options.tables.includes(t.name));
  const progressBlob = container.getBlockBlobClient(progressFile(id, options.target));
  const progress: RestoreProgress = (await readJson<RestoreProgress>(container, progressBlob.name)) ?? { tables: {} };
  const save = async () => {
    const text = JSON.stringify(progress);
    await progressBlob.upload(text, Buffer.byteLength(text));
  };

  // Before anything is written: every file matches its manifest, and no table is refused.
  const plan: BackedUpTable[] = [];
  const notEmpty: string[] = [];
  for (const table of chosen) {
    const state = progress.tables[table.name];
    if (state?.done) {
      options.progress?.({ kind: 'skipped', table: table.name, reason: 'already-restored' });
      continue;
    }
    await verifyFile(container, table);
    const client = storage.table(table.name);
    // A table this restore began is not empty, and goes on where it stopped.
    if (!state) {
      if (!(await isEmpty(client)) && options.mode !== 'overwrite') {
        notEmpty.push(table.name);
        continue;
      }
    }
    plan.push(table);
  }
  if (notEmpty.length && options.mode === 'refuse-non-empty') throw new TablesNotEmptyError(notEmpty);
  for (const name of notEmpty) options.progress?.({ kind: 'skipped', table: name, reason: 'not-empty' });

  const written: Record<string, number> = {};
  for (const table of plan) {
    const client = guardWrites(storage.table(table.name));
    await client.createTable(); // a table the app had not created yet, or one dropped since
    if (!progress.tables[table.name]) {
      // Recorded before the first write: a restore that stops now finds the table its own, not someone else's.
      progress.tables[table.name] = { lines: 0, done: false };
      await save();
    }
    const state = progress.tables[table.name]!;
    options.progress?.({ kind: 'restoring', table: table.name, from: state.lines, of: table.entities });
    let line = 0;
    let sinceSave = 0;
    let partition: string | undefined;
    let pending: TransactionAction[] = [];
    const flush = async () => {
      for (const group of planTransactions(pending)) await client.submitTransaction(group);
      state.lines += pending.length;
      sinceSave += pending.length;
      pending = [];
      if (sinceSave >= PROGRESS_EVERY) {
        sinceSave = 0;
        await save();
      }
    };
    for await (const text of fileLines(container, table, () => {})) {
      line++;
      if (line <= state.lines) continue; // written by the restore that stopped
      const entity = entityOf(JSON.parse(text) as BackupLine);
      if (entity.partitionKey !== partition || pending.length === 100) {
        if (pending.length) await flush();
        partition = entity.partitionKey;
      }
      pending.push(['upsert', entity, 'Replace']);
    }
    if (pending.length) await flush();
    state.done = true;
    await save();
    written[table.name] = table.entities;
    options.progress?.({ kind: 'restored', table: table.name, entities: table.entities });
  }
  return written;
}
