/** `GetAppConfig`: registered here, its handler in functions/handlers/get-app-config.ts (imported on the first call). */
import azf from '@azure/functions';
import { onFirstRequest } from '../shared/http/on-first-call.js';

azf.app.http('GetAppConfig', {
  methods: ['GET'],
  authLevel: 'anonymous',
  route: 'app-config',
  handler: onFirstRequest(() => import('./handlers/get-app-config.js')),
});
