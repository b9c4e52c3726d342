/**
 * The daily backup of the tables (timer `BackupTables`): Table Storage has no point-in-time restore, so each run
 * exports every table to a new folder named after the moment it started (docs/runbook.md).
 */
import type { Clock, TableBackups } from '../ports.js';
import { type BackupManifest, backupIdAt } from '../table-backup.js';

export interface BackUpTablesDeps {
  clock: Clock;
  backups: TableBackups;
}

/** Backs every table up under a new id; resolves to the manifest once it is written. */
export function backUpTables(deps: BackUpTablesDeps): Promise<BackupManifest> {
  return deps.backups.backUp(backupIdAt(deps.clock.now()));
}
