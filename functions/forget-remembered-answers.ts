/** `ForgetRememberedAnswers`: registered here, its handler in functions/handlers/forget-remembered-answers.ts (imported on the first call). */
import azf from '@azure/functions';
import { onFirstCall } from '../shared/http/on-first-call.js';

azf.app.timer('ForgetRememberedAnswers', {
  schedule: '0 17 * * * *',
  handler: onFirstCall(() => import('./handlers/forget-remembered-answers.js')),
});
