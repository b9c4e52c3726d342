/** `ProfileExport`: registered here, its handler in functions/handlers/profile-export.ts (imported on the first call). */
import azf from '@azure/functions';
import { onFirstRequest } from '../shared/http/on-first-call.js';

azf.app.http('ProfileExport', {
  methods: ['GET'],
  authLevel: 'anonymous',
  route: 'Profile/export',
  handler: onFirstRequest(() => import('./handlers/profile-export.js')),
});
