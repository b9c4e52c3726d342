/**
 * `GET /api/AcceptInvitation/callback` (Entra's redirect). The state must match the sign-in cookie (else nothing is
 * read or written), the code is redeemed with MSAL and the ID token verified with jose; the verified email must be
 * the invited one. Then the invitation is accepted exactly once — as the click read it (the cookie carries it),
 * If-Match its ETag: not read again unless it changed since — the client is created or linked by (tenant, object id),
 * a new session starts and the browser goes to Create Company. Every other outcome is a page that says what
 * happened: wrong account, or an account that does not prove it owns the invited address (both offering to sign in
 * as the invited address), cancelled, expired, revoked, replayed.
 */
import { type Deps, getDeps } from '../../shared/deps.js';
import type { Locale } from '../../shared/domain/locale.js';
import {
  completeAcceptanceForOnboarding,
  type OnboardingAcceptance,
} from '../../shared/domain/use-cases/accept-invitation.js';
import { twoStepIsOn } from '../../shared/domain/use-cases/two-step.js';
import { type BrowserDeps, browserDeps, pageLocale } from '../../shared/http/browser.js';
import { twoStepCodePath } from '../../shared/http/browser-session.js';
import { edge, type Handler } from '../../shared/http/handler.js';
import { page, redirect } from '../../shared/http/respond.js';
import {
  newSessionCookie,
  pendingTransaction,
  spentTransactionCookie,
  transactionCookie,
} from '../../shared/http/session.js';
import { newSessionClaims, onboardingState } from '../../shared/http/session-claims.js';
import { maskEmail } from '../../shared/log.js';
import { renderSignInProblemPage } from '../../shared/web/access-pages.js';

type Refusal = Extract<OnboardingAcceptance, { kind: 'refused' }>['problem'];

/** Signed in, but not (provably) as the invited address: the invitation stays waiting for the right account. */
const ANOTHER_ACCOUNT = 403;

/** The status of each refusal's page (an invitation accepted by someone else reads as revoked). */
const refusalStatus: Record<Refusal, number> = {
  'state-mismatch': 400,
  cancelled: 200,
  'sign-in-failed': 401,
  expired: 410,
  revoked: 410,
  'already-accepted': 410,
  'email-not-verified': ANOTHER_ACCOUNT,
};

type AcceptCallbackDeps = BrowserDeps & Pick<Deps, 'twoStep'>;

export const acceptCallbackHandler: Handler<AcceptCallbackDeps> = async (request, _context, deps, log) => {
  const transaction = await pendingTransaction(request, deps.sessions, 'accept');
  const locale = transaction?.locale ?? pageLocale(request);
  const result = await completeAcceptanceForOnboarding(
    deps.onboarding,
    transaction
      ? { attempt: transaction.attempt, invitationId: transaction.invitationId, read: transaction.read }
      : undefined,
    { state: request.query.get('state'), code: request.query.get('code'), error: request.query.get('error') },
  );
  const spent = spentTransactionCookie();
  switch (result.kind) {
    case 'refused': {
      const { problem } = result;
      log.warn('security.sign-in.refused', { flow: 'accept', problem, invitationId: transaction?.invitationId });
      if (result.problem === 'email-not-verified') {
        return anotherAccountPage(deps, locale, { problem: 'email-not-verified', invitation: result.invitation });
      }
      const shown = result.problem === 'already-accepted' ? 'revoked' : result.problem;
      return page(refusalStatus[problem], renderSignInProblemPage({ locale, problem: shown }), [spent]);
    }
    case 'wrong-account': {
      const { invitation, signedInEmail } = result;
      log.warn('security.sign-in.wrong-account', { invitationId: invitation.id, signedIn: signedInEmail });
      return anotherAccountPage(deps, locale, { problem: 'wrong-account', invitation, signedInEmail });
    }
    case 'accepted': {
      const invitation = result.invitation.value;
      const onboarding = onboardingState(result.invitation, result.provider);
      // A returning person with two-step on: the session waits for the code (one point read; docs/two-step.md). An
      // account this acceptance created has no two-step yet: nothing to read (the journey's storage budget, DESIGN.md §5).
      const twoStepOn = !result.accountCreated && (await twoStepIsOn(deps.twoStep, result.account.key));
      const claims = {
        ...newSessionClaims(result.account, locale, [{ providerId: invitation.providerId }], onboarding),
        ...(twoStepOn ? { twoStepPending: true as const } : {}),
      };
      const session = await newSessionCookie(deps.sessions, claims);
      log.info('security.sign-in.succeeded', {
        flow: 'accept',
        invitationId: invitation.id,
        clientId: result.account.clientId,
        email: maskEmail(invitation.email),
      });
      if (result.clientFile?.kind === 'failed') {
        // The acceptance stands; the person's next acceptance callback links the file again (docs/clients.md).
        log.error('client-file.link.failed', { invitationId: invitation.id, error: result.clientFile.error });
      }
      const next = invitation.status === 'completed' ? '/api/Welcome' : '/api/CreateCompany';
      return redirect(twoStepOn ? twoStepCodePath(locale, next) : next, [spent, session]);
    }
  }
};

/**
 * Someone signed in, but not (provably) as the invited address: the page says so and offers "Sign in as <invited
 * address>"; the sign-in cookie now allows only that (`/api/AcceptInvitation/again`).
 */
async function anotherAccountPage(
  deps: BrowserDeps,
  locale: Locale,
  refusal: {
    problem: 'wrong-account' | 'email-not-verified';
    invitation: { id: string; email: string };
    signedInEmail?: string | undefined;
  },
) {
  const { problem, invitation, signedInEmail } = refusal;
  const again = { purpose: 'accept-again', invitationId: invitation.id, locale } as const;
  return page(
    ANOTHER_ACCOUNT,
    renderSignInProblemPage({
      locale,
      problem,
      invitedEmail: invitation.email,
      ...(signedInEmail ? { signedInEmail } : {}),
      retryForm: { action: '/api/AcceptInvitation/again', fields: { lang: locale } },
    }),
    [await transactionCookie(deps.sessions, again)],
  );
}

/** `AcceptInvitationCallback` as the host calls it (registered by functions/accept-invitation-callback.ts, which imports this module on the first call). */
export const handler = edge(acceptCallbackHandler, () => {
  const deps = getDeps();
  return { ...browserDeps(deps), twoStep: deps.twoStep };
});
