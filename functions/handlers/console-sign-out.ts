/**
 * `POST /api/console/sign-out` (same origin; the session's CSRF token when a session opens): ends the console session
 * for good — its id is recorded as ended, so a copy of the cookie is refused from now on — clears the cookie, and
 * sends the browser (303) to the workforce tenant's sign-out, which ends Entra's own session and comes back to
 * `GET /api/console/signed-out` (the signed-out page, in the language carried by `state`). Without that, Entra's
 * single sign-on session would sign the professional in again without a password at the next console page.
 */
import { getDeps } from '../../shared/deps.js';
import { consoleSignOutAtEntra, endConsoleSession } from '../../shared/domain/use-cases/console.js';
import { BrowserRefusal, pageLocale, readForm, requireSameOrigin } from '../../shared/http/browser.js';
import { consoleEdgeDeps, consoleEntry } from '../../shared/http/console-route.js';
import {
  consoleCsrfValid,
  consoleSessionRef,
  endedConsoleCookie,
  readConsoleCookie,
} from '../../shared/http/console-session.js';
import { edge } from '../../shared/http/handler.js';
import { page, redirect } from '../../shared/http/respond.js';
import { renderConsoleRefusedPage } from '../../shared/web/console-pages.js';

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
  // Even without a session here: Entra's may outlive ours (an idle or expired cookie), and it is the one that signs in.
  return redirect(consoleSignOutAtEntra(deps.console, locale), [endedConsoleCookie()]);
});

/** `ConsoleSignOut` as the host calls it (registered by functions/console-sign-out.ts, which imports this module on the first call). */
export const handler = edge(consoleSignOutHandler, () => consoleEdgeDeps(getDeps()));
