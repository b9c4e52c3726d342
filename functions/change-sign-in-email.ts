/** `ChangeSignInEmail`: registered here, its handler in functions/handlers/change-sign-in-email.ts (imported on the first call). */
import azf from '@azure/functions';
import { onFirstRequest } from '../shared/http/on-first-call.js';

azf.app.http('ChangeSignInEmail', {
  methods: ['GET', 'POST'],
  authLevel: 'anonymous',
  route: 'Profile/email',
  handler: onFirstRequest(() => import('./handlers/change-sign-in-email.js')),
});
