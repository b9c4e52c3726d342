/** `ConsoleInvitations`: registered here, its handler in functions/handlers/console-invitations.ts (imported on the first call). */
import azf from '@azure/functions';
import { onFirstRequest } from '../shared/http/on-first-call.js';

azf.app.http('ConsoleInvitations', {
  methods: ['GET'],
  authLevel: 'anonymous',
  route: 'console/invitations',
  handler: onFirstRequest(() => import('./handlers/console-invitations.js')),
});
