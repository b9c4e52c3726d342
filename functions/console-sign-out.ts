/** `ConsoleSignOut`: registered here, its handler in functions/handlers/console-sign-out.ts (imported on the first call). */
import azf from '@azure/functions';
import { onFirstRequest } from '../shared/http/on-first-call.js';

azf.app.http('ConsoleSignOut', {
  methods: ['POST'],
  authLevel: 'anonymous',
  route: 'console/sign-out',
  handler: onFirstRequest(() => import('./handlers/console-sign-out.js')),
});
