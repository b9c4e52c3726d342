/** `EditClient`: registered here, its handler in functions/handlers/edit-client.ts (imported on the first call). */
import azf from '@azure/functions';
import { onFirstRequest } from '../shared/http/on-first-call.js';

azf.app.http('EditClient', {
  methods: ['PATCH'],
  authLevel: 'anonymous',
  route: 'clients/{id:guid}',
  handler: onFirstRequest(() => import('./handlers/edit-client.js')),
});
