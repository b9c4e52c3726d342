/**
 * `GET|POST /api/Profile/email`: the client changes the address they sign in with (docs/profile.md "Sign-in email").
 * Like changing the password it needs a fresh sign-in (Entra asked for the password within 5 minutes; otherwise
 * through Entra again, then back here). GET shows the code form while a change waits for its code, else the address
 * form (`?again=1`: the address form whatever waits). A post is the session's own (same origin, CSRF): `step=address`
 * sends a code to the new address; `step=code` makes the change and shows the page that says so.
 */
import { type Deps, getDeps } from '../../shared/deps.js';
import { pendingChangeState } from '../../shared/domain/sign-in-email.js';
import {
  confirmSignInEmailChange,
  requestSignInEmailChange,
} from '../../shared/domain/use-cases/change-sign-in-email.js';
import { type BrowserDeps, browserDeps } from '../../shared/http/browser.js';
import { freshSignInRedirect, requireSignedInForm } from '../../shared/http/browser-session.js';
import { edge, type Handler } from '../../shared/http/handler.js';
import { signedInShell } from '../../shared/http/portal-shell.js';
import { page } from '../../shared/http/respond.js';
import { csrfFor, updatedSessionCookie } from '../../shared/http/session.js';
import {
  CHANGE_EMAIL_PATH,
  type ChangeEmailView,
  renderChangeEmailPage,
  renderEmailChangedPage,
} from '../../shared/web/sign-in-email-pages.js';

type ChangeSignInEmailDeps = BrowserDeps & Pick<Deps, 'signInEmail'>;

export const changeSignInEmailHandler: Handler<ChangeSignInEmailDeps> = async (request, _context, deps, log) => {
  const guarded = await requireSignedInForm(request, deps, log);
  if (!guarded.accepted) return guarded.refusal;
  const { session, post } = guarded;
  const { claims, locale, profile } = session;
  const now = deps.signInEmail.clock.now();

  const fresh = await freshSignInRedirect(deps, session, { now, page: 'change-email', method: request.method }, log);
  if (fresh) return fresh;

  const signedIn = await signedInShell(deps, session, { path: CHANGE_EMAIL_PATH });
  const who = { profile, locale };
  const form = (status: number, view: Pick<ChangeEmailView, 'step'> & Partial<ChangeEmailView>) =>
    page(
      status,
      renderChangeEmailPage({
        locale,
        csrfToken: csrfFor(deps.sessions, claims),
        current: profile.account.email,
        signedIn,
        ...view,
      }),
    );

  if (!post) {
    const again = new URL(request.url).searchParams.has('again');
    const pending = again ? undefined : await deps.signInEmail.clients.emailChange(profile.account.key);
    return pending && pendingChangeState(pending.value, now) === 'open'
      ? form(200, { step: 'code', pending: pending.value.email })
      : form(200, { step: 'address' });
  }

  if (post.fields.get('step') === 'code') {
    const result = await confirmSignInEmailChange(deps.signInEmail, who, post.fields.get('code') ?? '');
    if (result.kind === 'changed') {
      log.info('security.sign-in-email.changed', { clientId: claims.clientId, filesUpdated: result.filesUpdated });
      // The session names the new address from now on (the signed-in notice, the next fresh sign-in's hint).
      const { exp, ...kept } = claims;
      const renamed = { ...kept, email: result.email };
      const shown = await signedInShell(deps, { ...session, claims: { ...renamed, exp } }, { path: CHANGE_EMAIL_PATH });
      return page(200, renderEmailChangedPage({ locale, email: result.email, signedIn: shown }), [
        await updatedSessionCookie(deps.sessions, renamed, exp),
      ]);
    }
    log.info('sign-in-email.code-refused', { clientId: claims.clientId, problem: result.problem });
    if (result.problem === 'wrong') {
      const pending = await deps.signInEmail.clients.emailChange(profile.account.key);
      return form(400, {
        step: 'code',
        pending: pending?.value.email ?? '',
        problem: { wrongTriesLeft: result.triesLeft ?? 0 },
      });
    }
    return form(result.problem === 'taken' ? 409 : 400, { step: 'address', problem: result.problem });
  }

  const typed = (post.fields.get('email') ?? '').slice(0, 320);
  const result = await requestSignInEmailChange(deps.signInEmail, who, typed);
  if (result.kind === 'code-sent') {
    log.info('sign-in-email.code-sent', { clientId: claims.clientId });
    return form(200, { step: 'code', pending: result.email });
  }
  if (result.kind === 'rate-limited') {
    log.warn('security.sign-in-email.rate-limited', { clientId: claims.clientId });
    return form(429, { step: 'address', typed, problem: { rateLimitedSeconds: result.retryAfterSeconds } });
  }
  return form(result.problem === 'taken' ? 409 : 400, { step: 'address', typed, problem: result.problem });
};

/** `ChangeSignInEmail` as the host calls it (registered by functions/change-sign-in-email.ts, which imports this module on the first call). */
export const handler = edge(changeSignInEmailHandler, () => {
  const deps = getDeps();
  return { ...browserDeps(deps), signInEmail: deps.signInEmail };
});
