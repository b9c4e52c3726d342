/** `ProcessResetRequest`: registered here, its handler in functions/handlers/process-reset-request.ts (imported on the first call). */
import azf from '@azure/functions';
import { onFirstCall } from '../shared/http/on-first-call.js';

azf.app.storageQueue('ProcessResetRequest', {
  queueName: 'reset-requests',
  connection: 'AzureWebJobsStorage',
  handler: onFirstCall(() => import('./handlers/process-reset-request.js')),
});
