/** `EraseClient`: registered here, its handler in functions/handlers/erase-client.ts (imported on the first call). */
import azf from '@azure/functions';
import { onFirstRequest } from '../shared/http/on-first-call.js';

azf.app.http('EraseClient', {
  methods: ['DELETE'],
  authLevel: 'anonymous',
  route: 'clients/{id:guid}',
  handler: onFirstRequest(() => import('./handlers/erase-client.js')),
});
