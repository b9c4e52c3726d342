/** `MergeClient`: registered here, its handler in functions/handlers/merge-client.ts (imported on the first call). */
import azf from '@azure/functions';
import { onFirstRequest } from '../shared/http/on-first-call.js';

azf.app.http('MergeClient', {
  methods: ['POST'],
  authLevel: 'anonymous',
  route: 'clients/{id:guid}/merge',
  handler: onFirstRequest(() => import('./handlers/merge-client.js')),
});
