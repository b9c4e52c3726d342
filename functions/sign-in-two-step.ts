/** `SignInTwoStep`: registered here, its handler in functions/handlers/sign-in-two-step.ts (imported on the first call). */
import azf from '@azure/functions';
import { onFirstRequest } from '../shared/http/on-first-call.js';

azf.app.http('SignInTwoStep', {
  methods: ['GET', 'POST'],
  authLevel: 'anonymous',
  route: 'SignIn/two-step',
  handler: onFirstRequest(() => import('./handlers/sign-in-two-step.js')),
});
