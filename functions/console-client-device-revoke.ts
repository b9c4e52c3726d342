/** `ConsoleClientDeviceRevoke`: registered here, its handler in functions/handlers/console-client-device-revoke.ts (imported on the first call). */
import azf from '@azure/functions';
import { onFirstRequest } from '../shared/http/on-first-call.js';

azf.app.http('ConsoleClientDeviceRevoke', {
  methods: ['GET', 'POST'],
  authLevel: 'anonymous',
  route: 'console/clients/{clientId}/devices/{deviceId}/revoke',
  handler: onFirstRequest(() => import('./handlers/console-client-device-revoke.js')),
});
