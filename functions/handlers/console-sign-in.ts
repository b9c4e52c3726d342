/**
 * `GET /api/console/sign-in?back=<console path>&lang=`: a professional's sign-in to the console, straight to the
 * workforce tenant's page (authorization code + PKCE); the transaction — state, nonce, verifier, the page to come
 * back to (a console path on this site only) — waits in its own sealed cookie. `?prompt=login` asks for the password
 * again.
 */
import { getDeps } from '../../shared/deps.js';
import { beginConsoleSignIn } from '../../shared/domain/use-cases/console.js';
import { pageLocale } from '../../shared/http/browser.js';
import { consoleEdgeDeps, consoleEntry } from '../../shared/http/console-route.js';
import { consoleTransactionCookie, safeConsolePath } from '../../shared/http/console-session.js';
import { edge } from '../../shared/http/handler.js';
import { redirect } from '../../shared/http/respond.js';

export const consoleSignInHandler = consoleEntry(async (request, deps, log) => {
  const locale = pageLocale(request);
  const back = safeConsolePath(request.query.get('back'));
  const { authorizeUrl, attempt } = await beginConsoleSignIn(deps.console, {
    locale,
    ...(request.query.get('prompt') === 'login' ? { prompt: 'login' as const } : {}),
  });
  log.info('console.sign-in.started', { backToHome: back === '/api/console' });
  return redirect(authorizeUrl, [await consoleTransactionCookie(deps.consoleSessions, { attempt, locale, back })]);
});

/** `ConsoleSignIn` as the host calls it (registered by functions/console-sign-in.ts, which imports this module on the first call). */
export const handler = edge(consoleSignInHandler, () => consoleEdgeDeps(getDeps()));
