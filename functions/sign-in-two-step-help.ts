/** `SignInTwoStepHelp`: registered here, its handler in functions/handlers/sign-in-two-step-help.ts (imported on the first call). */
import azf from '@azure/functions';
import { onFirstRequest } from '../shared/http/on-first-call.js';

azf.app.http('SignInTwoStepHelp', {
  methods: ['GET', 'POST'],
  authLevel: 'anonymous',
  route: 'SignIn/two-step/help',
  handler: onFirstRequest(() => import('./handlers/sign-in-two-step-help.js')),
});
