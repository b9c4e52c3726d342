/** `SendActivationSms`: registered here, its handler in functions/handlers/send-activation-sms.ts (imported on the first call). */
import azf from '@azure/functions';
import { onFirstRequest } from '../shared/http/on-first-call.js';

azf.app.http('SendActivationSms', {
  methods: ['POST'],
  authLevel: 'anonymous',
  route: 'SendActivationSms',
  handler: onFirstRequest(() => import('./handlers/send-activation-sms.js')),
});
