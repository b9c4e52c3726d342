/** `ResetPasswordConfirm`: registered here, its handler in functions/handlers/reset-password-confirm.ts (imported on the first call). */
import azf from '@azure/functions';
import { onFirstRequest } from '../shared/http/on-first-call.js';

azf.app.http('ResetPasswordConfirm', {
  methods: ['POST'],
  authLevel: 'anonymous',
  route: 'ResetPassword/confirm',
  handler: onFirstRequest(() => import('./handlers/reset-password-confirm.js')),
});
