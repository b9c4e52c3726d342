/** `ConsoleClientMergeInto`: registered here, its handler in functions/handlers/console-client-merge-into.ts (imported on the first call). */
import azf from '@azure/functions';
import { onFirstRequest } from '../shared/http/on-first-call.js';

azf.app.http('ConsoleClientMergeInto', {
  methods: ['GET', 'POST'],
  authLevel: 'anonymous',
  route: 'console/clients/{clientId}/merge/{intoId}',
  handler: onFirstRequest(() => import('./handlers/console-client-merge-into.js')),
});
