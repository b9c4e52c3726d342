/** `ConsoleInviteSent`: registered here, its handler in functions/handlers/console-invite-sent.ts (imported on the first call). */
import azf from '@azure/functions';
import { onFirstRequest } from '../shared/http/on-first-call.js';

azf.app.http('ConsoleInviteSent', {
  methods: ['GET'],
  authLevel: 'anonymous',
  route: 'console/invite/sent/{invitationId}',
  handler: onFirstRequest(() => import('./handlers/console-invite-sent.js')),
});
