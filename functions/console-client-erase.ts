/** `ConsoleClientErase`: registered here, its handler in functions/handlers/console-client-erase.ts (imported on the first call). */
import azf from '@azure/functions';
import { onFirstRequest } from '../shared/http/on-first-call.js';

azf.app.http('ConsoleClientErase', {
  methods: ['GET', 'POST'],
  authLevel: 'anonymous',
  route: 'console/clients/{clientId}/erase',
  handler: onFirstRequest(() => import('./handlers/console-client-erase.js')),
});
