/** `ForgetEndedSessions`: registered here, its handler in functions/handlers/forget-ended-sessions.ts (imported on the first call). */
import azf from '@azure/functions';
import { onFirstCall } from '../shared/http/on-first-call.js';

azf.app.timer('ForgetEndedSessions', {
  schedule: '0 47 * * * *',
  handler: onFirstCall(() => import('./handlers/forget-ended-sessions.js')),
});
