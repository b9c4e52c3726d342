/** `SignOut`: registered here, its handler in functions/handlers/sign-out.ts (imported on the first call). */
import azf from '@azure/functions';
import { onFirstRequest } from '../shared/http/on-first-call.js';

azf.app.http('SignOut', {
  methods: ['POST'],
  authLevel: 'anonymous',
  route: 'SignOut',
  handler: onFirstRequest(() => import('./handlers/sign-out.js')),
});
