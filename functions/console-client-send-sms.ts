/** `ConsoleClientSendSms`: registered here, its handler in functions/handlers/console-client-send-sms.ts (imported on the first call). */
import azf from '@azure/functions';
import { onFirstRequest } from '../shared/http/on-first-call.js';

azf.app.http('ConsoleClientSendSms', {
  methods: ['POST'],
  authLevel: 'anonymous',
  route: 'console/clients/{clientId}/send-sms',
  handler: onFirstRequest(() => import('./handlers/console-client-send-sms.js')),
});
