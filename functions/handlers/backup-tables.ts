/**
 * `BackupTables` (timer, daily at 02:15 UTC): exports every table of the app to the blob container `table-backups`,
 * one folder per run, the manifest last (docs/runbook.md, "Backing up and restoring the tables"). Table Storage has
 * no point-in-time restore. A run that fails leaves a folder without a manifest, which is never restored; the
 * container's lifecycle rule deletes backups after 35 days.
 */
import type { InvocationContext } from '@azure/functions';
import { getDeps } from '../../shared/deps.js';
import { totalEntities } from '../../shared/domain/table-backup.js';
import { type BackUpTablesDeps, backUpTables } from '../../shared/domain/use-cases/back-up-tables.js';
import { invocationLogger } from '../../shared/http/handler.js';

export async function backupTablesHandler(
  _timer: unknown,
  context: InvocationContext,
  deps: BackUpTablesDeps,
): Promise<void> {
  const log = invocationLogger(context);
  const started = deps.clock.now().getTime();
  const manifest = await backUpTables(deps);
  log.info('tables.backed-up', {
    backupId: manifest.id,
    entities: totalEntities(manifest),
    tables: Object.fromEntries(manifest.tables.map((t) => [t.name, t.entities])),
    seconds: Math.round((deps.clock.now().getTime() - started) / 1000),
  });
}

/** `BackupTables` as the host calls it (registered by functions/backup-tables.ts, which imports this module on the first call). */
export const handler = (timer: unknown, context: InvocationContext) =>
  backupTablesHandler(timer, context, getDeps().tableBackups);
