/**
 * `ForgetRememberedAnswers` (timer, every hour): deletes the `Idempotency-Key` answers older than their 24 h window.
 */
import azf, { type InvocationContext } from '@azure/functions';
import { getDeps } from '../shared/deps.js';
import {
  forgetExpiredAnswers,
  type RememberedAnswersDeps,
} from '../shared/domain/use-cases/forget-remembered-answers.js';
import { invocationLogger } from '../shared/http/handler.js';

export async function forgetRememberedAnswersHandler(
  _timer: unknown,
  context: InvocationContext,
  deps: RememberedAnswersDeps,
): Promise<void> {
  const { before, deleted } = await forgetExpiredAnswers(deps);
  invocationLogger(context).info('idempotency.answers.forgotten', { before: before.toISOString(), deleted });
}

azf.app.timer('ForgetRememberedAnswers', {
  schedule: '0 17 * * * *',
  handler: (timer, context) => {
    const deps = getDeps();
    return forgetRememberedAnswersHandler(timer, context, {
      clock: deps.invitations.clock,
      idempotency: deps.idempotency,
    });
  },
});
