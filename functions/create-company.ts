/** `CreateCompany`: registered here, its handler in functions/handlers/create-company.ts (imported on the first call). */
import azf from '@azure/functions';
import { onFirstRequest } from '../shared/http/on-first-call.js';

azf.app.http('CreateCompany', {
  methods: ['GET', 'POST'],
  authLevel: 'anonymous',
  route: 'CreateCompany',
  handler: onFirstRequest(() => import('./handlers/create-company.js')),
});
