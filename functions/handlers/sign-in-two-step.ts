/**
 * `GET|POST /api/SignIn/two-step`: the code step of sign-in when two-step verification is on (docs/two-step.md).
 * Entra's sign-in left the session waiting (`twoStepPending`); this page asks for the authenticator app's code or a
 * recovery code — a code works once, 5 wrong ones in 15 minutes lock the step for 15 minutes (429, Retry-After) —
 * and once it passes the session goes on to where sign-in was leading (`next`, pages of this app only).
 */
import { getDeps } from '../../shared/deps.js';
import { verifyCode } from '../../shared/domain/use-cases/two-step.js';
import { browserDeps, requireBrowserPost } from '../../shared/http/browser.js';
import { requireSession, twoStepNext, untrustedPostPage } from '../../shared/http/browser-session.js';
import { edge, type Handler } from '../../shared/http/handler.js';
import { page, redirect } from '../../shared/http/respond.js';
import { csrfFor, type OpenSession, updatedSessionCookie } from '../../shared/http/session.js';
import { lockedPage, type TwoStepPageDeps } from '../../shared/http/two-step-browser.js';
import { type CodeProblem, renderSignInCodePage } from '../../shared/web/two-step-pages.js';

export const signInTwoStepHandler: Handler<TwoStepPageDeps> = async (request, _context, deps, log) => {
  const session = await requireSession(request, deps, log, { twoStepPending: 'allowed' });
  if (!session.signedIn) return session.refusal;
  const { claims, locale } = session;
  const next = twoStepNext(request.query.get('next'));
  // Nothing to verify (already verified, or two-step off): on to the page.
  if (!claims.twoStepPending) return redirect(next);
  const form = (status: number, problem?: CodeProblem) =>
    page(
      status,
      renderSignInCodePage({
        locale,
        csrfToken: csrfFor(deps.sessions, claims),
        next,
        ...(problem ? { problem } : {}),
      }),
    );
  if (request.method !== 'POST') return form(200);
  const post = await requireBrowserPost(request, deps, {
    claims,
    log,
    refusal: (status) => untrustedPostPage(locale, status),
  });
  if (!post.accepted) return post.refusal;
  const code = (post.fields.get('code') ?? '').trim();
  if (code === '') return form(400, 'empty');
  const outcome = await verifyCode(deps.twoStep, claims.clientKey, code);
  if (outcome.kind === 'locked') {
    log.warn('security.two-step.locked', { clientId: claims.clientId, flow: 'sign-in' });
    return lockedPage(form(429, { locked: outcome.retryAfterSeconds }), outcome.retryAfterSeconds);
  }
  if (outcome.kind === 'wrong') {
    log.warn('security.two-step.refused', { clientId: claims.clientId, flow: 'sign-in', reason: outcome.reason });
    return form(400, outcome.reason);
  }
  // Passed (or two-step turned off meanwhile, by the client elsewhere or a professional): the session goes on.
  const { exp, twoStepPending: _passed, ...verified } = claims as OpenSession;
  log.info('security.two-step.passed', {
    clientId: claims.clientId,
    via: outcome.kind === 'accepted' ? outcome.via : 'off',
    ...(outcome.kind === 'accepted' && outcome.via === 'recovery' ? { recoveryLeft: outcome.recoveryLeft } : {}),
  });
  return redirect(next, [await updatedSessionCookie(deps.sessions, verified, exp)]);
};

/** `SignInTwoStep` as the host calls it (registered by functions/sign-in-two-step.ts, which imports this module on the first call). */
export const handler = edge(signInTwoStepHandler, () => {
  const deps = getDeps();
  return { ...browserDeps(deps), twoStep: deps.twoStep };
});
