/** `ConsoleInviteBulkBatch`: registered here, its handler in functions/handlers/console-invite-bulk-batch.ts (imported on the first call). */
import azf from '@azure/functions';
import { onFirstRequest } from '../shared/http/on-first-call.js';

azf.app.http('ConsoleInviteBulkBatch', {
  methods: ['GET'],
  authLevel: 'anonymous',
  route: 'console/invite/bulk/{batchId}',
  handler: onFirstRequest(() => import('./handlers/console-invite-bulk-batch.js')),
});
