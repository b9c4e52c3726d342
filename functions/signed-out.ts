/** `SignedOut`: registered here, its handler in functions/handlers/signed-out.ts (imported on the first call). */
import azf from '@azure/functions';
import { onFirstRequest } from '../shared/http/on-first-call.js';

azf.app.http('SignedOut', {
  methods: ['GET'],
  authLevel: 'anonymous',
  route: 'SignedOut',
  handler: onFirstRequest(() => import('./handlers/signed-out.js')),
});
