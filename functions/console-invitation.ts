/** `ConsoleInvitation`: registered here, its handler in functions/handlers/console-invitation.ts (imported on the first call). */
import azf from '@azure/functions';
import { onFirstRequest } from '../shared/http/on-first-call.js';

azf.app.http('ConsoleInvitation', {
  methods: ['GET'],
  authLevel: 'anonymous',
  route: 'console/invitations/{invitationId}',
  handler: onFirstRequest(() => import('./handlers/console-invitation.js')),
});
