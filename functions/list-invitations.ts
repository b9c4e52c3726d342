/** `ListInvitations`: registered here, its handler in functions/handlers/list-invitations.ts (imported on the first call). */
import azf from '@azure/functions';
import { onFirstRequest } from '../shared/http/on-first-call.js';

azf.app.http('ListInvitations', {
  methods: ['GET'],
  authLevel: 'anonymous',
  route: 'invitations',
  handler: onFirstRequest(() => import('./handlers/list-invitations.js')),
});
