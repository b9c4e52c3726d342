/**
 * `ForgetEndedSessions` (timer, every hour): deletes the records of signed-out sessions that would have ended on
 * their own by now (their cookie no longer opens, so the record guards nothing), and their markers in the clients'
 * partitions. Table Storage has no time-to-live.
 */
import type { InvocationContext } from '@azure/functions';
import { getDeps } from '../../shared/deps.js';
import type { ClientStore, Clock, EndedSessions } from '../../shared/domain/ports.js';
import { forgetEndedSessions } from '../../shared/domain/use-cases/client-session.js';
import { invocationLogger } from '../../shared/http/handler.js';

export async function forgetEndedSessionsHandler(
  _timer: unknown,
  context: InvocationContext,
  deps: { clock: Clock; endedSessions: EndedSessions; clients: Pick<ClientStore, 'forgetEnded'> },
): Promise<void> {
  const { before, deleted, markers } = await forgetEndedSessions(deps);
  invocationLogger(context).info('sessions.ended.forgotten', { before: before.toISOString(), deleted, markers });
}

/** `ForgetEndedSessions` as the host calls it (registered by functions/forget-ended-sessions.ts, which imports this module on the first call). */
export const handler = (timer: unknown, context: InvocationContext) => {
  const deps = getDeps();
  return forgetEndedSessionsHandler(timer, context, {
    clock: deps.onboarding.clock,
    endedSessions: deps.onboarding.endedSessions,
    clients: deps.onboarding.clients,
  });
};
