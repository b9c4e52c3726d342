/**
 * `ForgetRememberedAnswers` (timer, every hour): deletes the `Idempotency-Key` answers older than their 24 h window.
 */
import type { InvocationContext } from '@azure/functions';
import { getDeps } from '../../shared/deps.js';
import {
  forgetExpiredAnswers,
  type RememberedAnswersDeps,
} from '../../shared/domain/use-cases/forget-remembered-answers.js';
import { invocationLogger } from '../../shared/http/handler.js';

export async function forgetRememberedAnswersHandler(
  _timer: unknown,
  context: InvocationContext,
  deps: RememberedAnswersDeps,
): Promise<void> {
  const { before, deleted } = await forgetExpiredAnswers(deps);
  invocationLogger(context).info('idempotency.answers.forgotten', { before: before.toISOString(), deleted });
}

/** `ForgetRememberedAnswers` as the host calls it (registered by functions/forget-remembered-answers.ts, which imports this module on the first call). */
export const handler = (timer: unknown, context: InvocationContext) => {
  const deps = getDeps();
  return forgetRememberedAnswersHandler(timer, context, {
    clock: deps.invitations.clock,
    idempotency: deps.idempotency,
  });
};
