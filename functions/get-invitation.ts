/** `GetInvitation`: registered here, its handler in functions/handlers/get-invitation.ts (imported on the first call). */
import azf from '@azure/functions';
import { onFirstRequest } from '../shared/http/on-first-call.js';

azf.app.http('GetInvitation', {
  methods: ['GET'],
  authLevel: 'anonymous',
  route: 'invitations/{id:guid}',
  handler: onFirstRequest(() => import('./handlers/get-invitation.js')),
});
