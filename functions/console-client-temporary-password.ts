/** `ConsoleClientTemporaryPassword`: registered here, its handler in functions/handlers/console-client-temporary-password.ts (imported on the first call). */
import azf from '@azure/functions';
import { onFirstRequest } from '../shared/http/on-first-call.js';

azf.app.http('ConsoleClientTemporaryPassword', {
  methods: ['GET', 'POST'],
  authLevel: 'anonymous',
  route: 'console/clients/{clientId}/temporary-password',
  handler: onFirstRequest(() => import('./handlers/console-client-temporary-password.js')),
});
