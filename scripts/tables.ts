/**
 * `npm run tables -- backup | list | restore <backup id>`: the tables' backups in blob storage (docs/runbook.md,
 * "Backing up and restoring the tables"), through the same code as the daily `BackupTables` timer
 * (shared/adapters/backup/table-backups.ts), against the local stack or, with `--azure`, the deployed account.
 */

import { pathToFileURL } from 'node:url';
import { parseArgs } from 'node:util';
import type { TokenCredential } from '@azure/core-auth';
import {
  APP_TABLES,
  BACKUP_CONTAINER,
  BackupNotRestorableError,
  backUp,
  listBackups,
  type RestoreMode,
  restore,
  TablesNotEmptyError,
} from '../shared/adapters/backup/table-backups.js';
import { backupIdAt, totalEntities } from '../shared/domain/table-backup.js';
import { WHERE_OPTIONS } from './provider-options.js';
import { processSurroundings, type Surroundings } from './provider-storage.js';
import { type Output, runStorageCommand, type StorageCommand, UsageError, whereOf } from './storage-target.js';

export const USAGE = `Usage:
  npm run tables -- backup
  npm run tables -- list
  npm run tables -- restore <backup id> [--into-empty-only | --overwrite] [--table <name>]...

Backs the app's tables up to the blob container "${BACKUP_CONTAINER}" (one folder per backup, named after the UTC
moment it started, its manifest written last), lists the backups, and restores one, against the local stack
(npm start) by default, or against the deployed storage account with --azure and your own Entra sign-in.

restore:
  <backup id>            a complete backup of list (e.g. 2026-12-01T02-15-00.000Z); one without its manifest
                         is incomplete and refused
  (default)              refuses, writing nothing, when a table of the backup already holds entities
  --into-empty-only      restores the tables that are empty (or missing), skips the others
  --overwrite            also writes into tables that hold entities: the backup's entities replace those with
                         the same keys, the others stay
  --table <name>         only this table of the backup (repeatable)
  A restore that stopped (network, Ctrl-C) goes on where it was when run again with the same arguments.

Where:
  --stack <file>         the local stack's file (default: .dev/stack.json)
  --azure                the deployed storage account, with your Entra identity (roles: Storage Blob Data
                         Contributor and Storage Table Data Contributor on the account)
  --account <name>       the storage account (default: AZURE_STORAGE_ACCOUNT_NAME, then the azd environment)
  --env <name>           the azd environment (default: AZURE_ENV_NAME, then azd's default environment)
  -h, --help             this help

Exit codes: 0 done, 1 refused or failed (incomplete backup, non-empty tables, storage), 2 bad usage.`;

export type TablesCommand =
  | { action: 'help' }
  | { action: 'backup'; where: ReturnType<typeof whereOf> }
  | { action: 'list'; where: ReturnType<typeof whereOf> }
  | { action: 'restore'; where: ReturnType<typeof whereOf>; id: string; mode: RestoreMode; tables?: string[] };

const OPTIONS = {
  'into-empty-only': { type: 'boolean', default: false },
  overwrite: { type: 'boolean', default: false },
  table: { type: 'string', multiple: true },
  ...WHERE_OPTIONS,
} as const;

/** Reads the command line (without `node` and the script). */
export function parseTablesCommand(argv: string[]): TablesCommand {
  let parsed: ReturnType<typeof parseArgs<{ args: string[]; options: typeof OPTIONS; allowPositionals: true }>>;
  try {
    parsed = parseArgs({ args: argv, options: OPTIONS, allowPositionals: true, strict: true });
  } catch (error) {
    throw new UsageError((error as Error).message);
  }
  const { values, positionals } = parsed;
  const [action, ...rest] = positionals;
  if (values.help || action === 'help') return { action: 'help' };
  if (!action) throw new UsageError('Say what to do: backup, list or restore.');
  const where = whereOf(values);
  if (action === 'backup' || action === 'list') {
    if (rest.length) throw new UsageError(`${action} takes no arguments (unexpected: ${rest.join(' ')}).`);
    const stray = (['into-empty-only', 'overwrite', 'table'] as const).find((n) => Boolean(values[n]));
    if (stray) throw new UsageError(`--${stray} goes with restore.`);
    return { action, where };
  }
  if (action === 'restore') {
    if (rest.length !== 1) throw new UsageError('restore takes one backup id (see: npm run tables -- list).');
    if (values['into-empty-only'] && values.overwrite) {
      throw new UsageError('--into-empty-only skips the tables --overwrite writes into: give one of them.');
    }
    const mode: RestoreMode = values.overwrite
      ? 'overwrite'
      : values['into-empty-only']
        ? 'into-empty-only'
        : 'refuse-non-empty';
    return { action, where, id: rest[0]!, mode, ...(values.table ? { tables: values.table } : {}) };
  }
  throw new UsageError(`Unknown command "${action}": backup, list or restore.`);
}

export type { Output } from './storage-target.js';

const TABLES_COMMAND: StorageCommand<Exclude<TablesCommand, { action: 'help' }>> = {
  name: 'tables',
  usage: USAGE,
  roles: 'Storage Blob Data Contributor and Storage Table Data Contributor',
  parse: parseTablesCommand,
  async run(command, target, io) {
    const storage = { table: target.table, container: target.container(BACKUP_CONTAINER) };
    if (command.action === 'backup') {
      const manifest = await backUp(storage, backupIdAt(new Date()));
      io.out(`Backup ${manifest.id} of ${target.description}: ${totalEntities(manifest)} entities, complete.`);
      for (const t of manifest.tables) io.out(`  ${t.name.padEnd(20)} ${String(t.entities).padStart(9)}`);
      return 0;
    }
    if (command.action === 'list') {
      const backups = await listBackups(storage.container);
      if (backups.length === 0) {
        io.out(`No backup in ${target.description} (container ${BACKUP_CONTAINER}).`);
        return 0;
      }
      io.out('ID                        STATUS      TABLES  ENTITIES  COMPLETED');
      for (const b of backups) {
        io.out(
          b.manifest
            ? `${b.id}  complete    ${String(b.manifest.tables.length).padStart(6)}  ${String(totalEntities(b.manifest)).padStart(8)}  ${b.manifest.completedAt}`
            : `${b.id}  incomplete       -         -  (no manifest: never restored)`,
        );
      }
      return 0;
    }
    const unknown = (command.tables ?? []).filter((name) => !(APP_TABLES as string[]).includes(name));
    if (unknown.length) io.err(`Note: ${unknown.join(', ')} is no table of the app today.`);
    const written = await restore(storage, command.id, {
      mode: command.mode,
      ...(command.tables ? { tables: command.tables } : {}),
      target: target.tableEndpoint,
      progress: (event) => {
        if (event.kind === 'skipped')
          io.out(
            `  ${event.table}: skipped (${event.reason === 'not-empty' ? 'it holds entities' : 'restored by an earlier run'})`,
          );
        else if (event.kind === 'restoring')
          io.out(
            `  ${event.table}: restoring ${event.of} entities${event.from ? ` from line ${event.from + 1}` : ''}…`,
          );
        else io.out(`  ${event.table}: ${event.entities} entities restored`);
      },
    });
    io.out(`Backup ${command.id} restored into ${target.description}: ${Object.keys(written).length} tables.`);
    return 0;
  },
  refusal(error, where) {
    if (error instanceof BackupNotRestorableError) return [error.message];
    if (error instanceof TablesNotEmptyError) {
      return [
        `Refused, nothing written: ${error.message} in ${where}.`,
        '  Restore into an empty account, or give --into-empty-only (skip them) or --overwrite (write over them).',
      ];
    }
    return undefined;
  },
};

/** Runs one command line; returns the exit code. */
export function runTablesCommand(
  argv: string[],
  io: Output,
  around: Surroundings = processSurroundings(),
  credential?: TokenCredential,
): Promise<number> {
  return runStorageCommand(TABLES_COMMAND, argv, io, around, credential);
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  process.exitCode = await runTablesCommand(process.argv.slice(2), {
    out: (line) => process.stdout.write(`${line}\n`),
    err: (line) => process.stderr.write(`${line}\n`),
  });
}
