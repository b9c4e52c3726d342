/** `SwitchAccount`: registered here, its handler in functions/handlers/switch-account.ts (imported on the first call). */
import azf from '@azure/functions';
import { onFirstRequest } from '../shared/http/on-first-call.js';

azf.app.http('SwitchAccount', {
  methods: ['POST'],
  authLevel: 'anonymous',
  route: 'SignIn/switch',
  handler: onFirstRequest(() => import('./handlers/switch-account.js')),
});
