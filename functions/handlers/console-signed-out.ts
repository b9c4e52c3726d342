/**
 * `GET /api/console/signed-out?state=<fr|en>`: where the workforce tenant's sign-out sends the browser back to once
 * Entra's own session is ended (`POST /api/console/sign-out` ended ours first). The console's signed-out page, in the
 * language `state` carries (then `?lang=`, the browser's, French). It reads and changes nothing: anyone may open it.
 */
import { getDeps } from '../../shared/deps.js';
import { signedOutLocale } from '../../shared/http/browser.js';
import { consoleEdgeDeps, consoleEntry } from '../../shared/http/console-route.js';
import { edge } from '../../shared/http/handler.js';
import { page } from '../../shared/http/respond.js';
import { renderConsoleSignedOutPage } from '../../shared/web/console-pages.js';

export const consoleSignedOutHandler = consoleEntry(async (request) =>
  page(200, renderConsoleSignedOutPage({ locale: signedOutLocale(request) })),
);

/** `ConsoleSignedOut` as the host calls it (registered by functions/console-signed-out.ts, which imports this module on the first call). */
export const handler = edge(consoleSignedOutHandler, () => consoleEdgeDeps(getDeps()));
