/** `Welcome`: registered here, its handler in functions/handlers/welcome.ts (imported on the first call). */
import azf from '@azure/functions';
import { onFirstRequest } from '../shared/http/on-first-call.js';

azf.app.http('Welcome', {
  methods: ['GET'],
  authLevel: 'anonymous',
  route: 'Welcome',
  handler: onFirstRequest(() => import('./handlers/welcome.js')),
});
