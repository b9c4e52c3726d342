/** `ConsoleSignIn`: registered here, its handler in functions/handlers/console-sign-in.ts (imported on the first call). */
import azf from '@azure/functions';
import { onFirstRequest } from '../shared/http/on-first-call.js';

azf.app.http('ConsoleSignIn', {
  methods: ['GET'],
  authLevel: 'anonymous',
  route: 'console/sign-in',
  handler: onFirstRequest(() => import('./handlers/console-sign-in.js')),
});
