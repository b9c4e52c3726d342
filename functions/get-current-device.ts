/** `GetCurrentDevice`: registered here, its handler in functions/handlers/get-current-device.ts (imported on the first call). */
import azf from '@azure/functions';
import { onFirstRequest } from '../shared/http/on-first-call.js';

azf.app.http('GetCurrentDevice', {
  methods: ['GET'],
  authLevel: 'anonymous',
  route: 'devices/current',
  handler: onFirstRequest(() => import('./handlers/get-current-device.js')),
});
