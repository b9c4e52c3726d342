/** `WatchPoisonQueues`: registered here, its handler in functions/handlers/watch-poison-queues.ts (imported on the first call). */
import azf from '@azure/functions';
import { onFirstCall } from '../shared/http/on-first-call.js';

azf.app.timer('WatchPoisonQueues', {
  schedule: '0 */5 * * * *',
  handler: onFirstCall(() => import('./handlers/watch-poison-queues.js')),
});
