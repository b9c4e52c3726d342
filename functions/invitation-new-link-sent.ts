/** `InvitationNewLinkSent`: registered here, its handler in functions/handlers/invitation-new-link-sent.ts (imported on the first call). */
import azf from '@azure/functions';
import { onFirstRequest } from '../shared/http/on-first-call.js';

azf.app.http('InvitationNewLinkSent', {
  methods: ['GET'],
  authLevel: 'anonymous',
  route: 'InviteUser/new-link',
  handler: onFirstRequest(() => import('./handlers/invitation-new-link-sent.js')),
});
