/** `DispatchActivationSms`: registered here, its handler in functions/handlers/dispatch-activation-sms.ts (imported on the first call). */
import azf from '@azure/functions';
import { onFirstCall } from '../shared/http/on-first-call.js';

azf.app.storageQueue('DispatchActivationSms', {
  queueName: 'sms-outbox',
  connection: 'AzureWebJobsStorage',
  handler: onFirstCall(() => import('./handlers/dispatch-activation-sms.js')),
});
