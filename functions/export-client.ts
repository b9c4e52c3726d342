/** `ExportClient`: registered here, its handler in functions/handlers/export-client.ts (imported on the first call). */
import azf from '@azure/functions';
import { onFirstRequest } from '../shared/http/on-first-call.js';

azf.app.http('ExportClient', {
  methods: ['GET'],
  authLevel: 'anonymous',
  route: 'clients/{id:guid}/export',
  handler: onFirstRequest(() => import('./handlers/export-client.js')),
});
