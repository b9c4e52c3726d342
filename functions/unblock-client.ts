/** `UnblockClient`: registered here, its handler in functions/handlers/unblock-client.ts (imported on the first call). */
import azf from '@azure/functions';
import { onFirstRequest } from '../shared/http/on-first-call.js';

azf.app.http('UnblockClient', {
  methods: ['POST'],
  authLevel: 'anonymous',
  route: 'clients/{id:guid}/unblock',
  handler: onFirstRequest(() => import('./handlers/unblock-client.js')),
});
