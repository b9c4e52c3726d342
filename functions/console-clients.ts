/** `ConsoleClients`: registered here, its handler in functions/handlers/console-clients.ts (imported on the first call). */
import azf from '@azure/functions';
import { onFirstRequest } from '../shared/http/on-first-call.js';

azf.app.http('ConsoleClients', {
  methods: ['GET'],
  authLevel: 'anonymous',
  route: 'console/clients',
  handler: onFirstRequest(() => import('./handlers/console-clients.js')),
});
