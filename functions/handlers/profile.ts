/** `GET /api/Profile`: the signed-in client's profile (API.md "Client profile"; docs/profile.md). */
import { getDeps } from '../../shared/deps.js';
import { profileView } from '../../shared/domain/use-cases/client-profile.js';
import { type BrowserDeps, browserDeps } from '../../shared/http/browser.js';
import { requireSession } from '../../shared/http/browser-session.js';
import { edge, type Handler } from '../../shared/http/handler.js';
import { signedInShell } from '../../shared/http/portal-shell.js';
import { page } from '../../shared/http/respond.js';
import { csrfFor } from '../../shared/http/session.js';
import { renderProfilePage } from '../../shared/web/profile-pages.js';

export const profileHandler: Handler<BrowserDeps> = async (request, _context, deps, log) => {
  const session = await requireSession(request, deps, log);
  if (!session.signedIn) return session.refusal;
  const [view, signedIn] = await Promise.all([
    profileView(deps.onboarding, session.profile),
    signedInShell(deps, session, { path: '/api/Profile' }),
  ]);
  return page(
    200,
    renderProfilePage({
      locale: session.locale,
      profile: view,
      csrfToken: csrfFor(deps.sessions, session.claims),
      twoStepOn: session.profile.twoStepOn ?? false,
      signedIn,
    }),
  );
};

/** `Profile` as the host calls it (registered by functions/profile.ts, which imports this module on the first call). */
export const handler = edge(profileHandler, () => browserDeps(getDeps()));
