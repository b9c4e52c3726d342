/** `Assets`: registered here, its handler in functions/handlers/assets.ts (imported on the first call). */
import azf from '@azure/functions';
import { onFirstRequest } from '../shared/http/on-first-call.js';

azf.app.http('Assets', {
  methods: ['GET'],
  authLevel: 'anonymous',
  route: 'assets/{*path}',
  handler: onFirstRequest(() => import('./handlers/assets.js')),
});
