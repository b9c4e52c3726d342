/** `ConsoleHome`: registered here, its handler in functions/handlers/console-home.ts (imported on the first call). */
import azf from '@azure/functions';
import { onFirstRequest } from '../shared/http/on-first-call.js';

azf.app.http('ConsoleHome', {
  methods: ['GET'],
  authLevel: 'anonymous',
  route: 'console',
  handler: onFirstRequest(() => import('./handlers/console-home.js')),
});
