/** `RevokeInvitation`: registered here, its handler in functions/handlers/revoke-invitation.ts (imported on the first call). */
import azf from '@azure/functions';
import { onFirstRequest } from '../shared/http/on-first-call.js';

azf.app.http('RevokeInvitation', {
  methods: ['POST'],
  authLevel: 'anonymous',
  route: 'invitations/{id:guid}/revoke',
  handler: onFirstRequest(() => import('./handlers/revoke-invitation.js')),
});
