/** `SearchClients`: registered here, its handler in functions/handlers/search-clients.ts (imported on the first call). */
import azf from '@azure/functions';
import { onFirstRequest } from '../shared/http/on-first-call.js';

azf.app.http('SearchClients', {
  methods: ['GET'],
  authLevel: 'anonymous',
  route: 'clients',
  handler: onFirstRequest(() => import('./handlers/search-clients.js')),
});
