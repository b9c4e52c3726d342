/** `ConsoleClientExport`: registered here, its handler in functions/handlers/console-client-export.ts (imported on the first call). */
import azf from '@azure/functions';
import { onFirstRequest } from '../shared/http/on-first-call.js';

azf.app.http('ConsoleClientExport', {
  methods: ['GET'],
  authLevel: 'anonymous',
  route: 'console/clients/{clientId}/export',
  handler: onFirstRequest(() => import('./handlers/console-client-export.js')),
});
