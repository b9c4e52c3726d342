/** `TemporaryPassword`: registered here, its handler in functions/handlers/temporary-password.ts (imported on the first call). */
import azf from '@azure/functions';
import { onFirstRequest } from '../shared/http/on-first-call.js';

azf.app.http('TemporaryPassword', {
  methods: ['POST'],
  authLevel: 'anonymous',
  route: 'ResetPassword/temporary',
  handler: onFirstRequest(() => import('./handlers/temporary-password.js')),
});
