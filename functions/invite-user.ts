/** `InviteUser`: registered here, its handler in functions/handlers/invite-user.ts (imported on the first call). */
import azf from '@azure/functions';
import { onFirstRequest } from '../shared/http/on-first-call.js';

azf.app.http('InviteUser', {
  methods: ['GET', 'HEAD', 'POST'],
  authLevel: 'anonymous',
  route: 'InviteUser',
  handler: onFirstRequest(() => import('./handlers/invite-user.js')),
});
