/** `Health`: registered here, its handler in functions/handlers/health.ts (imported on the first call). */
import azf from '@azure/functions';
import { onFirstRequest } from '../shared/http/on-first-call.js';

azf.app.http('Health', {
  methods: ['GET'],
  authLevel: 'anonymous',
  route: 'health',
  handler: onFirstRequest(() => import('./handlers/health.js')),
});
