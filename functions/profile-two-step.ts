/** `ProfileTwoStep`: registered here, its handler in functions/handlers/profile-two-step.ts (imported on the first call). */
import azf from '@azure/functions';
import { onFirstRequest } from '../shared/http/on-first-call.js';

azf.app.http('ProfileTwoStep', {
  methods: ['GET', 'POST'],
  authLevel: 'anonymous',
  route: 'Profile/two-step',
  handler: onFirstRequest(() => import('./handlers/profile-two-step.js')),
});
