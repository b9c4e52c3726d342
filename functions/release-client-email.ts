/** `ReleaseClientEmail`: registered here, its handler in functions/handlers/release-client-email.ts (imported on the first call). */
import azf from '@azure/functions';
import { onFirstRequest } from '../shared/http/on-first-call.js';

azf.app.http('ReleaseClientEmail', {
  methods: ['POST'],
  authLevel: 'anonymous',
  route: 'clients/{id:guid}/release-email',
  handler: onFirstRequest(() => import('./handlers/release-client-email.js')),
});
