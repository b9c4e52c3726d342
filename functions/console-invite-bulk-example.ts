/** `ConsoleInviteBulkExample`: registered here, its handler in functions/handlers/console-invite-bulk-example.ts (imported on the first call). */
import azf from '@azure/functions';
import { onFirstRequest } from '../shared/http/on-first-call.js';

azf.app.http('ConsoleInviteBulkExample', {
  methods: ['GET'],
  authLevel: 'anonymous',
  route: 'console/invite/bulk/example.csv',
  handler: onFirstRequest(() => import('./handlers/console-invite-bulk-example.js')),
});
