/**
 * `GET /api/SignedOut?state=<fr|en>`: where the client tenant's sign-out sends the browser back to once Entra's own
 * session is ended (`POST /api/SignOut` ended ours first). The signed-out page, in the language `state` carries (then
 * `?lang=`, the browser's, French). It reads and changes nothing: anyone may open it, and it names no one.
 */
import { signedOutLocale } from '../../shared/http/browser.js';
import { edge, type Handler } from '../../shared/http/handler.js';
import { pageResponse } from '../../shared/http/respond.js';
import { renderSignedOutPage } from '../../shared/web/signed-out-page.js';

export const signedOutHandler: Handler<unknown> = async (request) =>
  pageResponse(200, renderSignedOutPage({ locale: signedOutLocale(request), signInUrl: '/api/SignIn?go=1' }));

/** `SignedOut` as the host calls it (registered by functions/signed-out.ts, which imports this module on the first call). */
export const handler = edge(signedOutHandler, () => undefined);
