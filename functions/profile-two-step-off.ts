/** `ProfileTwoStepOff`: registered here, its handler in functions/handlers/profile-two-step-off.ts (imported on the first call). */
import azf from '@azure/functions';
import { onFirstRequest } from '../shared/http/on-first-call.js';

azf.app.http('ProfileTwoStepOff', {
  methods: ['GET', 'POST'],
  authLevel: 'anonymous',
  route: 'Profile/two-step/off',
  handler: onFirstRequest(() => import('./handlers/profile-two-step-off.js')),
});
