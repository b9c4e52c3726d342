/**
 * `GET /api/console/callback` (the workforce tenant's redirect): the state must be the browser's own transaction's,
 * the code is redeemed and the ID token verified, then a new console session (a new id) starts and the browser goes
 * back to the console page it asked for. Any refusal writes nothing, starts no session, and says what happened.
 */
import { getDeps } from '../../shared/deps.js';
import { completeConsoleSignIn } from '../../shared/domain/use-cases/console.js';
import { recordConsoleProfessional } from '../../shared/domain/use-cases/two-step-help.js';
import { pageLocale } from '../../shared/http/browser.js';
import { consoleEdgeDeps, consoleEntry } from '../../shared/http/console-route.js';
import {
  newConsoleSession,
  readConsoleTransaction,
  safeConsolePath,
  spentConsoleTransactionCookie,
} from '../../shared/http/console-session.js';
import { edge } from '../../shared/http/handler.js';
import { page, redirect } from '../../shared/http/respond.js';
import { consoleHref, renderConsoleSignInProblemPage } from '../../shared/web/console-pages.js';

export const consoleSignInCallbackHandler = consoleEntry(async (request, deps, log) => {
  const transaction = await readConsoleTransaction(request, deps.consoleSessions);
  const spent = spentConsoleTransactionCookie();
  const locale = transaction?.locale ?? pageLocale(request);
  const result = await completeConsoleSignIn(deps.console, transaction?.attempt, {
    state: request.query.get('state'),
    code: request.query.get('code'),
    error: request.query.get('error'),
  });
  if (result.kind === 'refused') {
    log.warn('security.console.sign-in.refused', { problem: result.problem });
    const status = result.problem === 'cancelled' ? 200 : result.problem === 'state-mismatch' ? 400 : 401;
    return page(status, renderConsoleSignInProblemPage({ locale, problem: result.problem }), [spent]);
  }
  const { professional } = result;
  const session = await newConsoleSession(deps.consoleSessions, professional, locale);
  const roster = deps.console?.roster;
  if (roster) {
    // Who manages clients at the provider, for the clients' requests for help: a failure never stops the sign-in.
    try {
      await recordConsoleProfessional({ ...deps.console!, roster }, professional, locale);
    } catch (error) {
      log.warn('console.professional.not-recorded', { oid: professional.oid, error: String(error) });
    }
  }
  log.info('security.console.sign-in.succeeded', { oid: professional.oid, roles: professional.roles.join(' ') });
  return redirect(consoleHref(safeConsolePath(transaction?.back), locale), [spent, session.cookie]);
});

/** `ConsoleSignInCallback` as the host calls it (registered by functions/console-sign-in-callback.ts, which imports this module on the first call). */
export const handler = edge(consoleSignInCallbackHandler, () => consoleEdgeDeps(getDeps()));
