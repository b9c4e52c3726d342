/** `ResetPassword`: registered here, its handler in functions/handlers/reset-password.ts (imported on the first call). */
import azf from '@azure/functions';
import { onFirstRequest } from '../shared/http/on-first-call.js';

azf.app.http('ResetPassword', {
  methods: ['GET', 'POST'],
  authLevel: 'anonymous',
  route: 'ResetPassword',
  handler: onFirstRequest(() => import('./handlers/reset-password.js')),
});
