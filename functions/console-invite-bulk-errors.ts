/** `ConsoleInviteBulkErrors`: registered here, its handler in functions/handlers/console-invite-bulk-errors.ts (imported on the first call). */
import azf from '@azure/functions';
import { onFirstRequest } from '../shared/http/on-first-call.js';

azf.app.http('ConsoleInviteBulkErrors', {
  methods: ['GET'],
  authLevel: 'anonymous',
  route: 'console/invite/bulk/{batchId}/errors.csv',
  handler: onFirstRequest(() => import('./handlers/console-invite-bulk-errors.js')),
});
