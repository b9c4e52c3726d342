/** `GetInvitationBatch`: registered here, its handler in functions/handlers/get-invitation-batch.ts (imported on the first call). */
import azf from '@azure/functions';
import { onFirstRequest } from '../shared/http/on-first-call.js';

azf.app.http('GetInvitationBatch', {
  methods: ['GET'],
  authLevel: 'anonymous',
  route: 'invitations/batches/{batchId:guid}',
  handler: onFirstRequest(() => import('./handlers/get-invitation-batch.js')),
});
