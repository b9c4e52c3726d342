/** `BlockClient`: registered here, its handler in functions/handlers/block-client.ts (imported on the first call). */
import azf from '@azure/functions';
import { onFirstRequest } from '../shared/http/on-first-call.js';

azf.app.http('BlockClient', {
  methods: ['POST'],
  authLevel: 'anonymous',
  route: 'clients/{id:guid}/block',
  handler: onFirstRequest(() => import('./handlers/block-client.js')),
});
