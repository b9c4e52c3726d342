/** `ConsoleSignInCallback`: registered here, its handler in functions/handlers/console-sign-in-callback.ts (imported on the first call). */
import azf from '@azure/functions';
import { onFirstRequest } from '../shared/http/on-first-call.js';

azf.app.http('ConsoleSignInCallback', {
  methods: ['GET'],
  authLevel: 'anonymous',
  route: 'console/callback',
  handler: onFirstRequest(() => import('./handlers/console-sign-in-callback.js')),
});
