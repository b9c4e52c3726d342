/** `RevokeDevice`: registered here, its handler in functions/handlers/revoke-device.ts (imported on the first call). */
import azf from '@azure/functions';
import { onFirstRequest } from '../shared/http/on-first-call.js';

azf.app.http('RevokeDevice', {
  methods: ['POST'],
  authLevel: 'anonymous',
  route: 'clients/{id:guid}/devices/{deviceId:guid}/revoke',
  handler: onFirstRequest(() => import('./handlers/revoke-device.js')),
});
