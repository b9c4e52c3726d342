/**
 * `GET|POST /api/Profile/erasure`: the client asks every provider whose client they are to erase their data
 * (`askForErasure`, docs/privacy.md "Erasure asked by the client"). It needs a fresh sign-in, as the other changes of
 * the profile do (a session left open must not be enough to end someone's account). GET is the confirmation — or,
 * once asked, when and until when; POST (same origin, the session's CSRF token) writes the request on each
 * provider's file and shows that page.
 */
import { type Deps, getDeps } from '../../shared/deps.js';
import { askForErasure, erasureRequestedAt } from '../../shared/domain/use-cases/ask-for-erasure.js';
import { profileView } from '../../shared/domain/use-cases/client-profile.js';
import { type BrowserDeps, browserDeps } from '../../shared/http/browser.js';
import { freshSignInRedirect, requireSignedInForm } from '../../shared/http/browser-session.js';
import { edge, type Handler } from '../../shared/http/handler.js';
import { signedInShell } from '../../shared/http/portal-shell.js';
import { page } from '../../shared/http/respond.js';
import { csrfFor } from '../../shared/http/session.js';
import {
  PROFILE_ERASURE_PATH,
  renderErasureRequestedPage,
  renderErasureRequestPage,
} from '../../shared/web/erasure-request-pages.js';

type ProfileErasureDeps = BrowserDeps & Pick<Deps, 'erasureRequest'>;

export const profileErasureHandler: Handler<ProfileErasureDeps> = async (request, _context, deps, log) => {
  const guarded = await requireSignedInForm(request, deps, log);
  if (!guarded.accepted) return guarded.refusal;
  const { session, post } = guarded;
  const { claims, locale, profile } = session;

  const now = deps.erasureRequest.clock.now();
  const fresh = await freshSignInRedirect(deps, session, { now, page: 'erasure', method: request.method }, log);
  if (fresh) return fresh;

  const signedIn = await signedInShell(deps, session, { path: PROFILE_ERASURE_PATH });
  if (post) {
    const asked = await askForErasure(deps.erasureRequest, profile);
    log.info('privacy.erasure.requested', { clientId: claims.clientId, providers: asked.providers });
    const requestedAt = (await erasureRequestedAt(deps.erasureRequest, profile)) ?? asked.requestedAt;
    return page(200, renderErasureRequestedPage({ locale, requestedAt, signedIn }));
  }
  const [view, requestedAt] = await Promise.all([
    profileView(deps.onboarding, profile),
    erasureRequestedAt(deps.erasureRequest, profile),
  ]);
  return page(
    200,
    renderErasureRequestPage({
      locale,
      csrfToken: csrfFor(deps.sessions, claims),
      providers: view.providers.map((p) => p.name),
      ...(requestedAt ? { requestedAt } : {}),
      signedIn,
    }),
  );
};

/** `ProfileErasure` as the host calls it (registered by functions/profile-erasure.ts, which imports this module on the first call). */
export const handler = edge(profileErasureHandler, () => {
  const deps = getDeps();
  return { ...browserDeps(deps), erasureRequest: deps.erasureRequest };
});
