/** `ConsoleSignedOut`: registered here, its handler in functions/handlers/console-signed-out.ts (imported on the first call). */
import azf from '@azure/functions';
import { onFirstRequest } from '../shared/http/on-first-call.js';

azf.app.http('ConsoleSignedOut', {
  methods: ['GET'],
  authLevel: 'anonymous',
  route: 'console/signed-out',
  handler: onFirstRequest(() => import('./handlers/console-signed-out.js')),
});
