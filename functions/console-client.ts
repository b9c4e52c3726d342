/** `ConsoleClient`: registered here, its handler in functions/handlers/console-client.ts (imported on the first call). */
import azf from '@azure/functions';
import { onFirstRequest } from '../shared/http/on-first-call.js';

azf.app.http('ConsoleClient', {
  methods: ['GET'],
  authLevel: 'anonymous',
  route: 'console/clients/{clientId}',
  handler: onFirstRequest(() => import('./handlers/console-client.js')),
});
