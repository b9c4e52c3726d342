/**
 * `POST /api/console/sign-out` (same origin; the session's CSRF token when a session opens): ends the console session
 * for good — its id is recorded as ended, so a copy of the cookie is refused from now on — and clears the cookie.
 */
import { getDeps } from '../../shared/deps.js';
import { endConsoleSession } from '../../shared/domain/use-cases/console.js';
import { BrowserRefusal, pageLocale, readForm, requireSameOrigin } from '../../shared/http/browser.js';
import { consoleEdgeDeps, consoleEntry } from '../../shared/http/console-route.js';
import {
  consoleCsrfValid,
  consoleSessionRef,
  endedConsoleCookie,
  readConsoleCookie,
} from '../../shared/http/console-session.js';
import { edge } from '../../shared/http/handler.js';
import { page } from '../../shared/http/respond.js';
import { renderConsoleRefusedPage, renderConsoleSignedOutPage } from '../../shared/web/console-pages.js';

export const consoleSignOutHandler = consoleEntry(async (request, deps, log) => {
  const cookie = await readConsoleCookie(request, deps.consoleSessions);
  // An idle session is signed out all the same: its cookie still opens, and a copy of it must not outlive this.
  const session = cookie.state === 'none' ? undefined : cookie.claims;
  const locale = pageLocale(request, session?.locale);
  try {
    requireSameOrigin(request, deps.publicBaseUrl);
    const form = await readForm(request);
    if (session && !consoleCsrfValid(deps.consoleSessions, session, form.get('csrf'))) {
      throw new BrowserRefusal(403, 'csrf');
    }
  } catch (error) {
    if (!(error instanceof BrowserRefusal)) throw error;
    log.warn('security.csrf.refused', { reason: error.message, area: 'console' });
    return page(
      error.status,
      // The refusal offers no sign-out form: the one just refused is the way to sign out.
      renderConsoleRefusedPage({ locale, reason: 'untrusted-post' }),
    );
  }
  if (session) {
    await endConsoleSession(deps.console, consoleSessionRef(session));
    log.info('security.console.sign-out', { oid: session.oid });
  }
  return page(200, renderConsoleSignedOutPage({ locale }), [endedConsoleCookie()]);
});

/** `ConsoleSignOut` as the host calls it (registered by functions/console-sign-out.ts, which imports this module on the first call). */
export const handler = edge(consoleSignOutHandler, () => consoleEdgeDeps(getDeps()));
