/** `Profile`: registered here, its handler in functions/handlers/profile.ts (imported on the first call). */
import azf from '@azure/functions';
import { onFirstRequest } from '../shared/http/on-first-call.js';

azf.app.http('Profile', {
  methods: ['GET'],
  authLevel: 'anonymous',
  route: 'Profile',
  handler: onFirstRequest(() => import('./handlers/profile.js')),
});
