/** `GetClient`: registered here, its handler in functions/handlers/get-client.ts (imported on the first call). */
import azf from '@azure/functions';
import { onFirstRequest } from '../shared/http/on-first-call.js';

azf.app.http('GetClient', {
  methods: ['GET'],
  authLevel: 'anonymous',
  route: 'clients/{id:guid}',
  handler: onFirstRequest(() => import('./handlers/get-client.js')),
});
