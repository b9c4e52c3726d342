/** `CloseSignedInNotice`: registered here, its handler in functions/handlers/close-signed-in-notice.ts (imported on the first call). */
import azf from '@azure/functions';
import { onFirstRequest } from '../shared/http/on-first-call.js';

azf.app.http('CloseSignedInNotice', {
  methods: ['POST'],
  authLevel: 'anonymous',
  route: 'SignIn/notice',
  handler: onFirstRequest(() => import('./handlers/close-signed-in-notice.js')),
});
