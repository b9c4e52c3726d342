/** `ConsoleClientTwoStepDisable`: registered here, its handler in functions/handlers/console-client-two-step-disable.ts (imported on the first call). */
import azf from '@azure/functions';
import { onFirstRequest } from '../shared/http/on-first-call.js';

azf.app.http('ConsoleClientTwoStepDisable', {
  methods: ['GET', 'POST'],
  authLevel: 'anonymous',
  route: 'console/clients/{clientId}/two-step/disable',
  handler: onFirstRequest(() => import('./handlers/console-client-two-step-disable.js')),
});
