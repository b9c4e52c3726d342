/** `ApplyRetention`: registered here, its handler in functions/handlers/apply-retention.ts (imported on the first call). */
import azf from '@azure/functions';
import { onFirstCall } from '../shared/http/on-first-call.js';

azf.app.timer('ApplyRetention', {
  schedule: '0 40 3 * * *',
  handler: onFirstCall(() => import('./handlers/apply-retention.js')),
});
