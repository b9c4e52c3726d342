/**
 * `POST /api/SignIn/notice` (session + CSRF token, same origin): the "Fermer" / "Close" button of the signed-in
 * notice (seed 001: closed "jusqu'à votre prochaine connexion"). The session itself remembers it (same id, same
 * expiry), so the next sign-in — a new session — shows the notice again; then back to the page it was closed on
 * (one of the portal's pages, else the welcome page).
 */
import { getDeps } from '../../shared/deps.js';
import { type BrowserDeps, browserDeps, requireBrowserPost } from '../../shared/http/browser.js';
import { requireSession, untrustedPostPage } from '../../shared/http/browser-session.js';
import { edge, type Handler } from '../../shared/http/handler.js';
import { redirect } from '../../shared/http/respond.js';
import { updatedSessionCookie } from '../../shared/http/session.js';
import { closeNoticeTarget } from '../../shared/web/portal-shell.js';

export const closeSignedInNoticeHandler: Handler<BrowserDeps> = async (request, _context, deps, log) => {
  const session = await requireSession(request, deps, log);
  if (!session.signedIn) return session.refusal;
  const { claims, locale } = session;
  const post = await requireBrowserPost(request, deps, {
    claims,
    log,
    refusal: (status) => untrustedPostPage(locale, status),
  });
  if (!post.accepted) return post.refusal;
  const { exp, ...kept } = claims;
  const cookie = await updatedSessionCookie(deps.sessions, { ...kept, noticeClosed: true }, exp);
  return redirect(closeNoticeTarget(post.fields.get('back')), [cookie]);
};

/** `CloseSignedInNotice` as the host calls it (registered by functions/close-signed-in-notice.ts, which imports this module on the first call). */
export const handler = edge(closeSignedInNoticeHandler, () => browserDeps(getDeps()));
