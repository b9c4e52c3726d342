/** `ConsoleClientReleaseEmail`: registered here, its handler in functions/handlers/console-client-release-email.ts (imported on the first call). */
import azf from '@azure/functions';
import { onFirstRequest } from '../shared/http/on-first-call.js';

azf.app.http('ConsoleClientReleaseEmail', {
  methods: ['GET', 'POST'],
  authLevel: 'anonymous',
  route: 'console/clients/{clientId}/release-email',
  handler: onFirstRequest(() => import('./handlers/console-client-release-email.js')),
});
