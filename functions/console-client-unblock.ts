/** `ConsoleClientUnblock`: registered here, its handler in functions/handlers/console-client-unblock.ts (imported on the first call). */
import azf from '@azure/functions';
import { onFirstRequest } from '../shared/http/on-first-call.js';

azf.app.http('ConsoleClientUnblock', {
  methods: ['GET', 'POST'],
  authLevel: 'anonymous',
  route: 'console/clients/{clientId}/unblock',
  handler: onFirstRequest(() => import('./handlers/console-client-unblock.js')),
});
