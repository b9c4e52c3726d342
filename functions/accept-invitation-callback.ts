/** `AcceptInvitationCallback`: registered here, its handler in functions/handlers/accept-invitation-callback.ts (imported on the first call). */
import azf from '@azure/functions';
import { onFirstRequest } from '../shared/http/on-first-call.js';

azf.app.http('AcceptInvitationCallback', {
  methods: ['GET'],
  authLevel: 'anonymous',
  route: 'AcceptInvitation/callback',
  handler: onFirstRequest(() => import('./handlers/accept-invitation-callback.js')),
});
