/**
 * Table backups (docs/runbook.md, "Backing up and restoring the tables"): Table Storage has no point-in-time restore,
 * so every table of the app is exported each day to blob storage, one folder per run named after the moment it
 * started. A backup is complete only once its manifest is written, last, with each table's count and checksum.
 */

/** The format a manifest declares; a restore refuses any other. */
export const BACKUP_FORMAT = 'table-backup/1';

/** One table of a backup: its file, how many entities it holds, its size and SHA-256 (hex). */
export interface BackedUpTable {
  name: string;
  file: string;
  entities: number;
  bytes: number;
  sha256: string;
}

/** The last file of a backup: without it the backup is incomplete and never restored. */
export interface BackupManifest {
  format: typeof BACKUP_FORMAT;
  id: string;
  startedAt: string;
  completedAt: string;
  tables: BackedUpTable[];
}

/** A backup's id: the UTC moment its run started, `2026-12-01T02-15-00.000Z` (sorts by time, safe in a path). */
export function backupIdAt(at: Date): string {
  return at.toISOString().replace(/:/g, '-');
}

const BACKUP_ID = /^\d{4}-\d{2}-\d{2}T\d{2}-\d{2}-\d{2}\.\d{3}Z$/;

export const isBackupId = (text: string): boolean => BACKUP_ID.test(text);

/** The moment a backup id names. */
export function backupTime(id: string): Date {
  return new Date(id.replace(/T(\d{2})-(\d{2})-(\d{2})/, 'T$1:$2:$3'));
}

export const totalEntities = (manifest: BackupManifest): number =>
  manifest.tables.reduce((sum, table) => sum + table.entities, 0);
