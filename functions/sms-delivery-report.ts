/** `SmsDeliveryReport`: registered here, its handler in functions/handlers/sms-delivery-report.ts (imported on the first call). */
import azf from '@azure/functions';
import { onFirstCall } from '../shared/http/on-first-call.js';

azf.app.eventGrid('SmsDeliveryReport', {
  handler: onFirstCall(() => import('./handlers/sms-delivery-report.js')),
});
