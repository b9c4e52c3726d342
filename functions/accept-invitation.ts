/** `AcceptInvitation`: registered here, its handler in functions/handlers/accept-invitation.ts (imported on the first call). */
import azf from '@azure/functions';
import { onFirstRequest } from '../shared/http/on-first-call.js';

azf.app.http('AcceptInvitation', {
  methods: ['POST'],
  authLevel: 'anonymous',
  route: 'AcceptInvitation',
  handler: onFirstRequest(() => import('./handlers/accept-invitation.js')),
});
