/** `OpenApi`: registered here, its handler in functions/handlers/open-api.ts (imported on the first call). */
import azf from '@azure/functions';
import { onFirstRequest } from '../shared/http/on-first-call.js';

azf.app.http('OpenApi', {
  methods: ['GET'],
  authLevel: 'anonymous',
  route: 'openapi.json',
  handler: onFirstRequest(() => import('./handlers/open-api.js')),
});
