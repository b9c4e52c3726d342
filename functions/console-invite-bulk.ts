/** `ConsoleInviteBulk`: registered here, its handler in functions/handlers/console-invite-bulk.ts (imported on the first call). */
import azf from '@azure/functions';
import { onFirstRequest } from '../shared/http/on-first-call.js';

azf.app.http('ConsoleInviteBulk', {
  methods: ['GET', 'POST'],
  authLevel: 'anonymous',
  route: 'console/invite/bulk',
  handler: onFirstRequest(() => import('./handlers/console-invite-bulk.js')),
});
