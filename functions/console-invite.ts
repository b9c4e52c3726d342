/** `ConsoleInvite`: registered here, its handler in functions/handlers/console-invite.ts (imported on the first call). */
import azf from '@azure/functions';
import { onFirstRequest } from '../shared/http/on-first-call.js';

azf.app.http('ConsoleInvite', {
  methods: ['GET', 'POST'],
  authLevel: 'anonymous',
  route: 'console/invite',
  handler: onFirstRequest(() => import('./handlers/console-invite.js')),
});
