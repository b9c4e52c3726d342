/**
 * `npm run retention -- [--dry-run]`: applies the retention periods of docs/privacy.md now, through the same use case
 * as the daily `ApplyRetention` timer (shared/domain/use-cases/apply-retention.ts), against the local stack or, with
 * `--azure`, the deployed account. Prints per kind the rows examined, anonymized and deleted.
 */

import { pathToFileURL } from 'node:url';
import { parseArgs } from 'node:util';
import type { TokenCredential } from '@azure/core-auth';
import { tableClientFileStore } from '../shared/adapters/table/client-file-store.js';
import { tableInvitationStore } from '../shared/adapters/table/invitation-store.js';
import { tableRetentionStore } from '../shared/adapters/table/retention-store.js';
import { tableFactory } from '../shared/adapters/table/tables.js';
import { RETENTION_KINDS } from '../shared/domain/retention.js';
import { applyRetention } from '../shared/domain/use-cases/apply-retention.js';
import { WHERE_OPTIONS } from './provider-options.js';
import { processSurroundings, type Surroundings } from './provider-storage.js';
import { type Output, runStorageCommand, type StorageCommand, UsageError, whereOf } from './storage-target.js';

export const USAGE = `Usage:
  npm run retention -- [--dry-run]

Applies the retention periods of docs/privacy.md now, as the daily ApplyRetention timer does: prospects (files never
signed in) erased 12 months after their last change or invitation, with their invitations; expired or revoked
invitations anonymized 90 days after their end, limit counters deleted after 48 hours, reset links 7 days after
they expired, account emails 30 days after they were sent, bulk batches 90 days after they were created, pending
changes of sign-in address a day after their code stopped working. Each kind
goes on from where its last run stopped. Files whose person asked for erasure 30 days ago are counted by a dry run
but erased only by the timer (their Entra account may have to go, which needs the app's Graph access).
Against the local stack (npm start) by default, or the deployed storage account with --azure and your own Entra
sign-in.

  --dry-run              count what would be anonymized or deleted; change nothing

Where:
  --stack <file>         the local stack's file (default: .dev/stack.json)
  --azure                the deployed storage account, with your Entra identity (role: Storage Table Data
                         Contributor on the account)
  --account <name>       the storage account (default: AZURE_STORAGE_ACCOUNT_NAME, then the azd environment)
  --env <name>           the azd environment (default: AZURE_ENV_NAME, then azd's default environment)
  -h, --help             this help

Exit codes: 0 done, 1 failed (storage), 2 bad usage.`;

export type RetentionCommand =
  | { action: 'help' }
  | { action: 'apply'; where: ReturnType<typeof whereOf>; dryRun: boolean };

const OPTIONS = { 'dry-run': { type: 'boolean', default: false }, ...WHERE_OPTIONS } as const;

/** Reads the command line (without `node` and the script). */
export function parseRetentionCommand(argv: string[]): RetentionCommand {
  let parsed: ReturnType<typeof parseArgs<{ args: string[]; options: typeof OPTIONS; allowPositionals: true }>>;
  try {
    parsed = parseArgs({ args: argv, options: OPTIONS, allowPositionals: true, strict: true });
  } catch (error) {
    throw new UsageError((error as Error).message);
  }
  const { values, positionals } = parsed;
  if (values.help) return { action: 'help' };
  if (positionals.length) throw new UsageError(`retention takes no arguments (unexpected: ${positionals.join(' ')}).`);
  return { action: 'apply', where: whereOf(values), dryRun: values['dry-run'] };
}

/** The kinds a real run of the command applies: all but the one that may delete an Entra account. */
const OPS_KINDS = RETENTION_KINDS.filter((kind) => kind !== 'erasure-requests');

const RETENTION_COMMAND: StorageCommand<Exclude<RetentionCommand, { action: 'help' }>> = {
  name: 'retention',
  usage: USAGE,
  roles: 'Storage Table Data Contributor',
  parse: parseRetentionCommand,
  async run(command, target, io) {
    const tables = tableFactory((name) => target.table(name));
    const report = await applyRetention(
      {
        clock: { now: () => new Date() },
        retention: tableRetentionStore(tables),
        files: tableClientFileStore(tables),
        invitations: tableInvitationStore(tables),
      },
      // Erasing a requested file may delete an Entra account: the timer, with the app's Graph access, does it.
      { dryRun: command.dryRun, kinds: command.dryRun ? RETENTION_KINDS : OPS_KINDS },
    );
    io.out(`Retention ${command.dryRun ? 'dry run (nothing changed)' : 'applied'} on ${target.description}:`);
    io.out(`  ${'KIND'.padEnd(16)} ${'EXAMINED'.padStart(9)} ${'ANONYMIZED'.padStart(11)} ${'DELETED'.padStart(9)}`);
    for (const kind of RETENTION_KINDS) {
      const c = report.kinds[kind];
      if (!c) {
        io.out(`  ${kind.padEnd(16)} left to the ApplyRetention timer (it needs Graph)`);
        continue;
      }
      io.out(
        `  ${kind.padEnd(16)} ${String(c.examined).padStart(9)} ${String(c.anonymized).padStart(11)} ${String(c.deleted).padStart(9)}`,
      );
    }
    return 0;
  },
};

/** Runs one command line; returns the exit code. */
export function runRetentionCommand(
  argv: string[],
  io: Output,
  around: Surroundings = processSurroundings(),
  credential?: TokenCredential,
): Promise<number> {
  return runStorageCommand(RETENTION_COMMAND, argv, io, around, credential);
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  process.exitCode = await runRetentionCommand(process.argv.slice(2), {
    out: (line) => process.stdout.write(`${line}\n`),
    err: (line) => process.stderr.write(`${line}\n`),
  });
}
