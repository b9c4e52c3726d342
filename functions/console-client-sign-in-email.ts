/** `ConsoleClientSignInEmail`: registered here, its handler in functions/handlers/console-client-sign-in-email.ts (imported on the first call). */
import azf from '@azure/functions';
import { onFirstRequest } from '../shared/http/on-first-call.js';

azf.app.http('ConsoleClientSignInEmail', {
  methods: ['GET', 'POST'],
  authLevel: 'anonymous',
  route: 'console/clients/{clientId}/sign-in-email',
  handler: onFirstRequest(() => import('./handlers/console-client-sign-in-email.js')),
});
