/** `ConsoleClientEdit`: registered here, its handler in functions/handlers/console-client-edit.ts (imported on the first call). */
import azf from '@azure/functions';
import { onFirstRequest } from '../shared/http/on-first-call.js';

azf.app.http('ConsoleClientEdit', {
  methods: ['GET', 'POST'],
  authLevel: 'anonymous',
  route: 'console/clients/{clientId}/edit',
  handler: onFirstRequest(() => import('./handlers/console-client-edit.js')),
});
