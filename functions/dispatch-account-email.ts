/** `DispatchAccountEmail`: registered here, its handler in functions/handlers/dispatch-account-email.ts (imported on the first call). */
import azf from '@azure/functions';
import { onFirstCall } from '../shared/http/on-first-call.js';

azf.app.storageQueue('DispatchAccountEmail', {
  queueName: 'account-emails',
  connection: 'AzureWebJobsStorage',
  handler: onFirstCall(() => import('./handlers/dispatch-account-email.js')),
});
