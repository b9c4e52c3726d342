/** `ConsoleInvitationResend`: registered here, its handler in functions/handlers/console-invitation-resend.ts (imported on the first call). */
import azf from '@azure/functions';
import { onFirstRequest } from '../shared/http/on-first-call.js';

azf.app.http('ConsoleInvitationResend', {
  methods: ['POST'],
  authLevel: 'anonymous',
  route: 'console/invitations/{invitationId}/resend',
  handler: onFirstRequest(() => import('./handlers/console-invitation-resend.js')),
});
