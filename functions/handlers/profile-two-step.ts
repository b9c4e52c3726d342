/**
 * `GET|POST /api/Profile/two-step`: turning two-step verification on from the profile (docs/two-step.md). As
 * changing the password, it needs a fresh sign-in (Entra again with `prompt=login` when the last one is more than 5
 * minutes old, then back here). The page shows a pending secret — as a QR code and as text — until a first code of
 * the app confirms it; then two-step is on, the account's device credentials end, and the ten recovery codes are
 * shown, once.
 */
import { getDeps } from '../../shared/deps.js';
import { otpauthUri } from '../../shared/domain/two-step.js';
import { confirmEnrollment, enrollment } from '../../shared/domain/use-cases/two-step.js';
import { browserDeps } from '../../shared/http/browser.js';
import { freshSignInRedirect, requireSignedInForm } from '../../shared/http/browser-session.js';
import { edge, type Handler } from '../../shared/http/handler.js';
import { signedInShell } from '../../shared/http/portal-shell.js';
import { page, redirect } from '../../shared/http/respond.js';
import { csrfFor } from '../../shared/http/session.js';
import { lockedPage, type TwoStepPageDeps } from '../../shared/http/two-step-browser.js';
import { twoStepMessages } from '../../shared/web/messages/two-step.js';
import {
  type CodeProblem,
  renderEnrollPage,
  renderRecoveryCodesPage,
  TWO_STEP_ENROLL_PATH,
} from '../../shared/web/two-step-pages.js';

export const profileTwoStepHandler: Handler<TwoStepPageDeps> = async (request, _context, deps, log) => {
  const guarded = await requireSignedInForm(request, deps, log);
  if (!guarded.accepted) return guarded.refusal;
  const { session, post } = guarded;
  const { claims, locale } = session;
  const now = deps.twoStep.clock.now();

  const fresh = await freshSignInRedirect(deps, session, { now, page: 'two-step', method: request.method }, log);
  if (fresh) return fresh;

  const signedIn = await signedInShell(deps, session, { path: TWO_STEP_ENROLL_PATH });
  const shown = await enrollment(deps.twoStep, claims.clientKey);
  if (shown.kind === 'on') return redirect(`/api/Profile?lang=${locale}`);
  const form = async (status: number, problem?: CodeProblem) =>
    page(
      status,
      await renderEnrollPage({
        locale,
        csrfToken: csrfFor(deps.sessions, claims),
        secret: shown.secret,
        uri: otpauthUri(shown.secret, claims.email, twoStepMessages[locale].issuer),
        signedIn,
        ...(problem ? { problem } : {}),
      }),
    );
  if (!post) return form(200);
  const code = (post.fields.get('code') ?? '').trim();
  if (code === '') return form(400, 'empty');
  const confirmed = await confirmEnrollment(deps.twoStep, claims.clientKey, code);
  switch (confirmed.kind) {
    case 'not-pending':
      return redirect(`/api/Profile?lang=${locale}`);
    case 'locked':
      log.warn('security.two-step.locked', { clientId: claims.clientId, flow: 'enroll' });
      return lockedPage(await form(429, { locked: confirmed.retryAfterSeconds }), confirmed.retryAfterSeconds);
    case 'wrong':
      log.info('two-step.enroll.refused', { clientId: claims.clientId, reason: confirmed.reason });
      return form(400, confirmed.reason);
    case 'confirmed':
      log.info('security.two-step.turned-on', { clientId: claims.clientId });
      return page(200, renderRecoveryCodesPage({ locale, recoveryCodes: confirmed.recoveryCodes, signedIn }), []);
  }
};

/** `ProfileTwoStep` as the host calls it (registered by functions/profile-two-step.ts, which imports this module on the first call). */
export const handler = edge(profileTwoStepHandler, () => {
  const deps = getDeps();
  return { ...browserDeps(deps), twoStep: deps.twoStep };
});
