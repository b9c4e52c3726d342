/** `AcceptInvitationAgain`: registered here, its handler in functions/handlers/accept-invitation-again.ts (imported on the first call). */
import azf from '@azure/functions';
import { onFirstRequest } from '../shared/http/on-first-call.js';

azf.app.http('AcceptInvitationAgain', {
  methods: ['POST'],
  authLevel: 'anonymous',
  route: 'AcceptInvitation/again',
  handler: onFirstRequest(() => import('./handlers/accept-invitation-again.js')),
});
