/**
 * `GET /api/SignIn/callback` (Entra's redirect after signing in again): the same verification as accepting, then
 * the access decision on the client's records (seed 004) — the welcome page at their one (provider, company), the
 * company picker when there are several, or a page that says why access is refused. A client whose one place still
 * awaits the company of the invitation they accepted there goes back to Create Company, prefilled, as the acceptance did.
 */
import { getDeps } from '../../shared/deps.js';
import { completeSignIn } from '../../shared/domain/use-cases/sign-in.js';
import { type BrowserDeps, browserDeps, pageLocale } from '../../shared/http/browser.js';
import { accessRefusedPage, twoStepCodePath } from '../../shared/http/browser-session.js';
import { edge, type Handler } from '../../shared/http/handler.js';
import { page, redirect } from '../../shared/http/respond.js';
import {
  endedSessionCookie,
  newSessionCookie,
  pendingTransaction,
  spentTransactionCookie,
} from '../../shared/http/session.js';
import { newSessionClaims, onboardingState } from '../../shared/http/session-claims.js';
import { renderSignInProblemPage } from '../../shared/web/access-pages.js';
import { PROFILE_ERASURE_PATH } from '../../shared/web/erasure-request-pages.js';
import { CHANGE_PASSWORD_PATH } from '../../shared/web/profile-pages.js';
import { CHANGE_EMAIL_PATH } from '../../shared/web/sign-in-email-pages.js';
import { TWO_STEP_ENROLL_PATH } from '../../shared/web/two-step-pages.js';

export const signInCallbackHandler: Handler<BrowserDeps> = async (request, _context, deps, log) => {
  const transaction = await pendingTransaction(request, deps.sessions, 'sign-in');
  const spent = spentTransactionCookie();
  const result = await completeSignIn(
    deps.onboarding,
    transaction
      ? { attempt: transaction.attempt, ...(transaction.wanted ? { wanted: transaction.wanted } : {}) }
      : undefined,
    { state: request.query.get('state'), code: request.query.get('code'), error: request.query.get('error') },
  );
  const locale = transaction?.locale ?? pageLocale(request);
  if (result.kind === 'refused') {
    log.warn('security.sign-in.refused', { flow: 'sign-in', problem: result.problem });
    return page(
      result.problem === 'cancelled' ? 200 : result.problem === 'state-mismatch' ? 400 : 401,
      renderSignInProblemPage({ locale, problem: result.problem }),
      [spent],
    );
  }
  const { decision, identity, profile } = result;
  for (const link of result.clientFiles ?? []) {
    // The sign-in goes on; the next one tries again (docs/clients.md).
    if (link.kind === 'failed') log.error('client-file.link.failed', { flow: 'sign-in', error: link.error });
  }
  for (const repair of result.accessRepairs ?? []) {
    // A block or unblock cut short between the file and the record (docs/access.md).
    log.warn('security.client.access.repaired', {
      providerId: repair.providerId,
      status: repair.access.status,
      written: repair.written,
      clientId: profile?.account.clientId,
    });
  }
  if (decision.kind === 'refused') {
    log.warn('security.sign-in.access-refused', {
      reason: decision.reason,
      providerId: decision.providerId,
      oid: identity.objectId,
    });
    const provider = decision.providerId ? result.providers.get(decision.providerId) : undefined;
    return accessRefusedPage(locale, decision, provider, [spent, endedSessionCookie()]);
  }
  const account = profile!.account;
  const onboarding = result.onboarding && onboardingState(result.onboarding.invitation, result.onboarding.provider);
  const claims = {
    ...newSessionClaims(account, locale, decision.choices, onboarding),
    ...(identity.authTime ? { authTime: Math.floor(identity.authTime.getTime() / 1000) } : {}),
    // Two-step on (the same read of the partition says so): the session waits for the code (docs/two-step.md).
    ...(profile!.twoStepOn ? { twoStepPending: true as const } : {}),
  };
  const session = await newSessionCookie(deps.sessions, claims);
  log.info('security.sign-in.succeeded', {
    flow: 'sign-in',
    clientId: account.clientId,
    choices: decision.choices.length,
    twoStep: claims.twoStepPending ? 'pending' : 'off',
  });
  if (onboarding) log.info('onboarding.resumed', { invitationId: onboarding.invitationId, from: 'sign-in' });
  const returnTo =
    transaction?.returnTo === 'change-password'
      ? CHANGE_PASSWORD_PATH
      : transaction?.returnTo === 'change-email'
        ? CHANGE_EMAIL_PATH
        : transaction?.returnTo === 'erasure'
          ? PROFILE_ERASURE_PATH
          : transaction?.returnTo === 'two-step'
            ? TWO_STEP_ENROLL_PATH
            : undefined;
  const home = onboarding ? '/api/CreateCompany' : claims.current ? '/api/Welcome' : '/api/SignIn/choose';
  const next = returnTo ?? home;
  return redirect(claims.twoStepPending ? twoStepCodePath(locale, next) : next, [spent, session]);
};

/** `SignInCallback` as the host calls it (registered by functions/sign-in-callback.ts, which imports this module on the first call). */
export const handler = edge(signInCallbackHandler, () => browserDeps(getDeps()));
