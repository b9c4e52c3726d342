/**
 * `POST /api/SignOut` (same origin; the CSRF token when someone is signed in): ends the session — in storage, so a
 * copy of its cookie is refused afterwards — clears the cookie, and sends the browser (303) to the client tenant's
 * sign-out, which ends Entra's own session and comes back to `GET /api/SignedOut` (the signed-out page, in the
 * language carried by `state`). Without that, Entra's single sign-on session would sign the client in again without
 * a password at the next sign-in.
 */
import { getDeps } from '../../shared/deps.js';
import { signOut, signOutAtEntra } from '../../shared/domain/use-cases/client-session.js';
import { type BrowserDeps, browserDeps, requireBrowserPost } from '../../shared/http/browser.js';
import { browserSession, sessionRef, untrustedPostPage } from '../../shared/http/browser-session.js';
import { edge, type Handler } from '../../shared/http/handler.js';
import { redirect } from '../../shared/http/respond.js';
import { endedSessionCookie } from '../../shared/http/session.js';

export const signOutHandler: Handler<BrowserDeps> = async (request, _context, deps, log) => {
  const { claims, locale } = await browserSession(request, deps);
  const post = await requireBrowserPost(request, deps, { claims, log, refusal: () => untrustedPostPage(locale) });
  if (!post.accepted) return post.refusal;
  if (claims) {
    // Ended here, not only in this browser: a copy of the cookie is refused from now on.
    await signOut(deps.onboarding, { ...sessionRef(claims), clientKey: claims.clientKey });
    log.info('security.sign-out', { clientId: claims.clientId });
  }
  // Even without a session here: Entra's may outlive ours, and it is the one that signs in.
  return redirect(signOutAtEntra(deps.onboarding, locale), [endedSessionCookie()]);
};

/** `SignOut` as the host calls it (registered by functions/sign-out.ts, which imports this module on the first call). */
export const handler = edge(signOutHandler, () => browserDeps(getDeps()));
