/** `EmailDeliveryReport`: registered here, its handler in functions/handlers/email-delivery-report.ts (imported on the first call). */
import azf from '@azure/functions';
import { onFirstCall } from '../shared/http/on-first-call.js';

azf.app.eventGrid('EmailDeliveryReport', {
  handler: onFirstCall(() => import('./handlers/email-delivery-report.js')),
});
