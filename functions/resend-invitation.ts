/** `ResendInvitation`: registered here, its handler in functions/handlers/resend-invitation.ts (imported on the first call). */
import azf from '@azure/functions';
import { onFirstRequest } from '../shared/http/on-first-call.js';

azf.app.http('ResendInvitation', {
  methods: ['POST'],
  authLevel: 'anonymous',
  route: 'invitations/{id:guid}/resend',
  handler: onFirstRequest(() => import('./handlers/resend-invitation.js')),
});
