/** `SignInCallback`: registered here, its handler in functions/handlers/sign-in-callback.ts (imported on the first call). */
import azf from '@azure/functions';
import { onFirstRequest } from '../shared/http/on-first-call.js';

azf.app.http('SignInCallback', {
  methods: ['GET'],
  authLevel: 'anonymous',
  route: 'SignIn/callback',
  handler: onFirstRequest(() => import('./handlers/sign-in-callback.js')),
});
