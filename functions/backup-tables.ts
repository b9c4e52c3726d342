/** `BackupTables`: registered here, its handler in functions/handlers/backup-tables.ts (imported on the first call). */
import azf from '@azure/functions';
import { onFirstCall } from '../shared/http/on-first-call.js';

azf.app.timer('BackupTables', {
  schedule: '0 15 2 * * *',
  handler: onFirstCall(() => import('./handlers/backup-tables.js')),
});
