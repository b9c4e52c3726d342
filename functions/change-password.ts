/** `ChangePassword`: registered here, its handler in functions/handlers/change-password.ts (imported on the first call). */
import azf from '@azure/functions';
import { onFirstRequest } from '../shared/http/on-first-call.js';

azf.app.http('ChangePassword', {
  methods: ['GET', 'POST'],
  authLevel: 'anonymous',
  route: 'Profile/password',
  handler: onFirstRequest(() => import('./handlers/change-password.js')),
});
