/** `ActivateDevice`: registered here, its handler in functions/handlers/activate-device.ts (imported on the first call). */
import azf from '@azure/functions';
import { onFirstRequest } from '../shared/http/on-first-call.js';

azf.app.http('ActivateDevice', {
  methods: ['POST'],
  authLevel: 'anonymous',
  route: 'ActivateDevice',
  handler: onFirstRequest(() => import('./handlers/activate-device.js')),
});
