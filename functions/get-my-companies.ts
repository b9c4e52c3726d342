/** `GetMyCompanies`: registered here, its handler in functions/handlers/get-my-companies.ts (imported on the first call). */
import azf from '@azure/functions';
import { onFirstRequest } from '../shared/http/on-first-call.js';

azf.app.http('GetMyCompanies', {
  methods: ['GET'],
  authLevel: 'anonymous',
  route: 'me/companies',
  handler: onFirstRequest(() => import('./handlers/get-my-companies.js')),
});
