/** `ConsoleClientMerge`: registered here, its handler in functions/handlers/console-client-merge.ts (imported on the first call). */
import azf from '@azure/functions';
import { onFirstRequest } from '../shared/http/on-first-call.js';

azf.app.http('ConsoleClientMerge', {
  methods: ['GET'],
  authLevel: 'anonymous',
  route: 'console/clients/{clientId}/merge',
  handler: onFirstRequest(() => import('./handlers/console-client-merge.js')),
});
