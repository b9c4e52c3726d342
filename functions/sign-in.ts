/** `SignIn`: registered here, its handler in functions/handlers/sign-in.ts (imported on the first call). */
import azf from '@azure/functions';
import { onFirstRequest } from '../shared/http/on-first-call.js';

azf.app.http('SignIn', {
  methods: ['GET'],
  authLevel: 'anonymous',
  route: 'SignIn',
  handler: onFirstRequest(() => import('./handlers/sign-in.js')),
});
