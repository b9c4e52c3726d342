/** `ConsoleClientBlock`: registered here, its handler in functions/handlers/console-client-block.ts (imported on the first call). */
import azf from '@azure/functions';
import { onFirstRequest } from '../shared/http/on-first-call.js';

azf.app.http('ConsoleClientBlock', {
  methods: ['GET', 'POST'],
  authLevel: 'anonymous',
  route: 'console/clients/{clientId}/block',
  handler: onFirstRequest(() => import('./handlers/console-client-block.js')),
});
