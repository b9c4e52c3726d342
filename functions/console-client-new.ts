/** `ConsoleClientNew`: registered here, its handler in functions/handlers/console-client-new.ts (imported on the first call). */
import azf from '@azure/functions';
import { onFirstRequest } from '../shared/http/on-first-call.js';

azf.app.http('ConsoleClientNew', {
  methods: ['GET', 'POST'],
  authLevel: 'anonymous',
  route: 'console/clients/new',
  handler: onFirstRequest(() => import('./handlers/console-client-new.js')),
});
