/**
 * `GET|POST /api/Profile/two-step/off`: turning two-step verification off from the profile (docs/two-step.md), with
 * a code of the authenticator app or a recovery code (the same limits as at sign-in). Once off, the account's device
 * credentials end (`two-step-changed`).
 */
import { getDeps } from '../../shared/deps.js';
import { turnOff } from '../../shared/domain/use-cases/two-step.js';
import { browserDeps } from '../../shared/http/browser.js';
import { requireSignedInForm } from '../../shared/http/browser-session.js';
import { edge, type Handler } from '../../shared/http/handler.js';
import { signedInShell } from '../../shared/http/portal-shell.js';
import { page, redirect } from '../../shared/http/respond.js';
import { csrfFor } from '../../shared/http/session.js';
import { lockedPage, type TwoStepPageDeps } from '../../shared/http/two-step-browser.js';
import {
  type CodeProblem,
  renderTurnedOffPage,
  renderTurnOffPage,
  TWO_STEP_OFF_PATH,
} from '../../shared/web/two-step-pages.js';

export const profileTwoStepOffHandler: Handler<TwoStepPageDeps> = async (request, _context, deps, log) => {
  const guarded = await requireSignedInForm(request, deps, log);
  if (!guarded.accepted) return guarded.refusal;
  const { session, post } = guarded;
  const { claims, locale, profile } = session;
  if (!post && !profile.twoStepOn) return redirect(`/api/Profile?lang=${locale}`);
  const signedIn = await signedInShell(deps, session, { path: TWO_STEP_OFF_PATH });
  const form = (status: number, problem?: CodeProblem) =>
    page(
      status,
      renderTurnOffPage({
        locale,
        csrfToken: csrfFor(deps.sessions, claims),
        signedIn,
        ...(problem ? { problem } : {}),
      }),
    );
  if (!post) return form(200);
  const code = (post.fields.get('code') ?? '').trim();
  if (code === '') return form(400, 'empty');
  const outcome = await turnOff(deps.twoStep, claims.clientKey, code);
  switch (outcome.kind) {
    case 'not-on':
      return redirect(`/api/Profile?lang=${locale}`);
    case 'locked':
      log.warn('security.two-step.locked', { clientId: claims.clientId, flow: 'turn-off' });
      return lockedPage(form(429, { locked: outcome.retryAfterSeconds }), outcome.retryAfterSeconds);
    case 'wrong':
      log.warn('security.two-step.refused', { clientId: claims.clientId, flow: 'turn-off', reason: outcome.reason });
      return form(400, outcome.reason);
    case 'turned-off':
      log.info('security.two-step.turned-off', { clientId: claims.clientId, by: 'client' });
      return page(200, renderTurnedOffPage({ locale, signedIn }));
  }
};

/** `ProfileTwoStepOff` as the host calls it (registered by functions/profile-two-step-off.ts, which imports this module on the first call). */
export const handler = edge(profileTwoStepOffHandler, () => {
  const deps = getDeps();
  return { ...browserDeps(deps), twoStep: deps.twoStep };
});
