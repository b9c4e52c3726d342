/** `ProfileErasure`: registered here, its handler in functions/handlers/profile-erasure.ts (imported on the first call). */
import azf from '@azure/functions';
import { onFirstRequest } from '../shared/http/on-first-call.js';

azf.app.http('ProfileErasure', {
  methods: ['GET', 'POST'],
  authLevel: 'anonymous',
  route: 'Profile/erasure',
  handler: onFirstRequest(() => import('./handlers/profile-erasure.js')),
});
