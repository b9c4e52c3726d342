/** `CreateClient`: registered here, its handler in functions/handlers/create-client.ts (imported on the first call). */
import azf from '@azure/functions';
import { onFirstRequest } from '../shared/http/on-first-call.js';

azf.app.http('CreateClient', {
  methods: ['POST'],
  authLevel: 'anonymous',
  route: 'clients',
  handler: onFirstRequest(() => import('./handlers/create-client.js')),
});
