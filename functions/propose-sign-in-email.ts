/** `ProposeSignInEmail`: registered here, its handler in functions/handlers/propose-sign-in-email.ts (imported on the first call). */
import azf from '@azure/functions';
import { onFirstRequest } from '../shared/http/on-first-call.js';

azf.app.http('ProposeSignInEmail', {
  methods: ['POST'],
  authLevel: 'anonymous',
  route: 'clients/{id:guid}/sign-in-email',
  handler: onFirstRequest(() => import('./handlers/propose-sign-in-email.js')),
});
