/** `DisableClientTwoStep`: registered here, its handler in functions/handlers/disable-client-two-step.ts (imported on the first call). */
import azf from '@azure/functions';
import { onFirstRequest } from '../shared/http/on-first-call.js';

azf.app.http('DisableClientTwoStep', {
  methods: ['POST'],
  authLevel: 'anonymous',
  route: 'clients/{id:guid}/two-step/disable',
  handler: onFirstRequest(() => import('./handlers/disable-client-two-step.js')),
});
