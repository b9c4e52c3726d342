/** `DispatchOutbox`: registered here, its handler in functions/handlers/dispatch-outbox.ts (imported on the first call). */
import azf from '@azure/functions';
import { onFirstCall } from '../shared/http/on-first-call.js';

azf.app.storageQueue('DispatchOutbox', {
  queueName: 'outbox',
  connection: 'AzureWebJobsStorage',
  handler: onFirstCall(() => import('./handlers/dispatch-outbox.js')),
});
