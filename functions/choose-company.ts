/** `ChooseCompany`: registered here, its handler in functions/handlers/choose-company.ts (imported on the first call). */
import azf from '@azure/functions';
import { onFirstRequest } from '../shared/http/on-first-call.js';

azf.app.http('ChooseCompany', {
  methods: ['GET', 'POST'],
  authLevel: 'anonymous',
  route: 'SignIn/choose',
  handler: onFirstRequest(() => import('./handlers/choose-company.js')),
});
