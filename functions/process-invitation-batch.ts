/** `ProcessInvitationBatch`: registered here, its handler in functions/handlers/process-invitation-batch.ts (imported on the first call). */
import azf from '@azure/functions';
import { onFirstCall } from '../shared/http/on-first-call.js';

azf.app.storageQueue('ProcessInvitationBatch', {
  queueName: 'invitation-batches',
  connection: 'AzureWebJobsStorage',
  handler: onFirstCall(() => import('./handlers/process-invitation-batch.js')),
});
