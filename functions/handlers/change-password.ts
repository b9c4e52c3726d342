/**
 * `GET|POST /api/Profile/password`: changing the password from the profile (docs/profile.md). It needs a fresh
 * sign-in: when Entra last asked for the password more than 5 minutes ago (or the session cannot say), the browser
 * goes through Entra again with `prompt=login` and `max_age`, and the sign-in callback brings it back here. The
 * post is the session's (same origin, CSRF); the rule is checked here as on the page. Once changed: Entra's sessions
 * revoked, the account's other portal sessions ended, this one re-issued (a new id, so it outlives the ending), the
 * client emailed, the confirmation page. Graph refusing the password is the form again, with the reason.
 */
import type { Cookie } from '@azure/functions';
import { type Deps, getDeps } from '../../shared/deps.js';
import { changePassword, passwordOwner } from '../../shared/domain/use-cases/client-profile.js';
import { type BrowserDeps, browserDeps } from '../../shared/http/browser.js';
import { freshSignInRedirect, requireSignedInForm } from '../../shared/http/browser-session.js';
import { edge, type Handler } from '../../shared/http/handler.js';
import { signedInShell } from '../../shared/http/portal-shell.js';
import { page, redirect } from '../../shared/http/respond.js';
import { newSessionId } from '../../shared/http/sealed-cookies.js';
import { csrfFor, newSessionCookie, type OpenSession } from '../../shared/http/session.js';
import {
  CHANGE_PASSWORD_PATH,
  type ChangePasswordView,
  PROFILE_PATH,
  renderChangePasswordPage,
  renderPasswordChangedPage,
} from '../../shared/web/profile-pages.js';

type ChangePasswordDeps = BrowserDeps & Pick<Deps, 'passwords'>;

const authTimeOf = (claims: OpenSession) =>
  claims.authTime === undefined ? undefined : new Date(claims.authTime * 1000);

export const changePasswordHandler: Handler<ChangePasswordDeps> = async (request, _context, deps, log) => {
  const guarded = await requireSignedInForm(request, deps, log);
  if (!guarded.accepted) return guarded.refusal;
  const { session, post } = guarded;
  const { claims, locale, profile } = session;
  const now = deps.passwords.change.clock.now();

  // Through Entra again, password asked whatever its SSO session, then back here (SignInCallback).
  const fresh = await freshSignInRedirect(deps, session, { now, page: 'change-password', method: request.method }, log);
  if (fresh) return fresh;

  const signedIn = await signedInShell(deps, session, { path: CHANGE_PASSWORD_PATH });
  const form = (status: number, extra: Partial<ChangePasswordView> = {}, cookies: Cookie[] = []) =>
    page(
      status,
      renderChangePasswordPage({
        locale,
        csrfToken: csrfFor(deps.sessions, claims),
        owner: passwordOwner(profile),
        signedIn,
        ...extra,
      }),
      cookies,
    );
  if (!post) return form(200);
  const password = post.fields.get('password') ?? '';
  const confirmation = post.fields.get('confirmation') ?? '';
  if (password === '') return form(400, { problem: 'empty' });

  const result = await changePassword(
    deps.passwords.change,
    { profile, locale, authTime: authTimeOf(claims) },
    { password, confirmation },
  );
  if (result.kind === 'sign-in-again') return redirect(`${CHANGE_PASSWORD_PATH}?lang=${locale}`);
  if (result.kind === 'refused') {
    log.info('password-change.refused', { clientId: claims.clientId, problem: result.problem });
    return form(400, { problem: result.problem, unmet: result.check.unmet });
  }
  log.info('security.password-change.done', { clientId: claims.clientId, via: 'profile' });
  // Every session of the account opened before now has ended, this one too: it goes on under a new id.
  const { exp, ...kept } = claims;
  const renewed = { ...kept, sid: newSessionId() };
  const reissued = await newSessionCookie(deps.sessions, renewed);
  // The page's forms (the notice, "Switch account") carry the new session's CSRF token.
  const shown = await signedInShell(deps, { ...session, claims: { ...renewed, exp } }, { path: PROFILE_PATH });
  return page(200, renderPasswordChangedPage({ locale, signedIn: shown }), [reissued]);
};

/** `ChangePassword` as the host calls it (registered by functions/change-password.ts, which imports this module on the first call). */
export const handler = edge(changePasswordHandler, () => {
  const deps = getDeps();
  return { ...browserDeps(deps), passwords: deps.passwords };
});
