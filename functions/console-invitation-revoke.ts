/** `ConsoleInvitationRevoke`: registered here, its handler in functions/handlers/console-invitation-revoke.ts (imported on the first call). */
import azf from '@azure/functions';
import { onFirstRequest } from '../shared/http/on-first-call.js';

azf.app.http('ConsoleInvitationRevoke', {
  methods: ['GET', 'POST'],
  authLevel: 'anonymous',
  route: 'console/invitations/{invitationId}/revoke',
  handler: onFirstRequest(() => import('./handlers/console-invitation-revoke.js')),
});
