/**
 * `GET /api/AcceptInvitation/callback` (Entra's redirect). The state must match the sign-in cookie (else nothing is
 * read or written), the code is redeemed with MSAL and the ID token verified with jose; the verified email must be
 * the invited one. Then the invitation is accepted exactly once, the client is created or linked by (tenant, object
 * id), a new session starts and the browser goes to Create Company. Every other outcome is a page that says what
 * happened: wrong account (offering to sign in as the invited address), cancelled, expired, revoked, replayed.
 */
import azf, { type HttpRequest, type HttpResponseInit, type InvocationContext } from '@azure/functions';
import { completeAcceptance } from '../shared/domain/use-cases/accept-invitation.js';
import { pageLocale } from '../shared/http/browser.js';
import { edge } from '../shared/http/handler.js';
import {
  clearedCookie,
  hostCookie,
  newSessionId,
  SESSION_COOKIE,
  SESSION_TTL_SECONDS,
  SIGN_IN_COOKIE,
  SIGN_IN_TTL_SECONDS,
} from '../shared/http/sealed-cookies.js';
import { newSessionExpiry, readTransaction, type SessionClaims, transactionExpiry } from '../shared/http/session.js';
import { type Logger, maskEmail } from '../shared/log.js';
import { renderSignInProblemPage } from '../shared/web/access-pages.js';
import { type BrowserDeps, browserDeps, page, redirect } from './onboarding-edge.js';

export async function acceptCallbackHandler(
  request: HttpRequest,
  _context: InvocationContext,
  deps: BrowserDeps,
  log: Logger,
): Promise<HttpResponseInit> {
  const pending = await readTransaction(request, deps.sessions);
  const transaction = pending?.purpose === 'accept' ? pending : undefined;
  const locale = transaction?.locale ?? pageLocale(request);
  const result = await completeAcceptance(
    deps.onboarding,
    transaction ? { attempt: transaction.attempt, invitationId: transaction.invitationId } : undefined,
    { state: request.query.get('state'), code: request.query.get('code'), error: request.query.get('error') },
  );
  // The transaction is spent whatever happened: a replayed callback finds no cookie.
  const spent = clearedCookie(SIGN_IN_COOKIE);
  switch (result.kind) {
    case 'refused': {
      log.warn('security.sign-in.refused', {
        flow: 'accept',
        problem: result.problem,
        invitationId: transaction?.invitationId,
      });
      const status =
        result.problem === 'state-mismatch'
          ? 400
          : result.problem === 'cancelled'
            ? 200
            : result.problem === 'sign-in-failed'
              ? 401
              : 410;
      return page(
        status,
        renderSignInProblemPage({
          locale,
          problem: result.problem === 'already-accepted' ? 'revoked' : result.problem,
        }),
        [spent],
      );
    }
    case 'wrong-account': {
      log.warn('security.sign-in.wrong-account', {
        invitationId: result.invitation.id,
        signedIn: result.signedInEmail,
      });
      const again = await deps.sessions.transaction.seal(
        { purpose: 'accept-again', invitationId: result.invitation.id, locale },
        transactionExpiry(deps.sessions),
      );
      return page(
        403,
        renderSignInProblemPage({
          locale,
          problem: 'wrong-account',
          invitedEmail: result.invitation.email,
          ...(result.signedInEmail ? { signedInEmail: result.signedInEmail } : {}),
          retryForm: { action: '/api/AcceptInvitation/again', fields: { lang: locale } },
        }),
        [hostCookie(SIGN_IN_COOKIE, again, SIGN_IN_TTL_SECONDS)],
      );
    }
    case 'accepted': {
      const invitation = result.invitation.value;
      const provider = await deps.onboarding.providers.get(invitation.providerId);
      const claims: SessionClaims = {
        sid: newSessionId(),
        clientKey: result.account.key,
        clientId: result.account.clientId,
        email: invitation.email,
        name: result.account.displayName,
        locale,
        current: { providerId: invitation.providerId },
        onboarding: {
          invitationId: invitation.id,
          invitationEtag: result.invitation.etag,
          providerId: invitation.providerId,
          providerName: provider?.name ?? '',
          platformName: provider?.platformName ?? '',
          supportEmail: provider?.supportEmail ?? '',
          firstName: invitation.firstName,
          lastName: invitation.lastName,
          ...(invitation.company ? { company: invitation.company } : {}),
        },
      };
      const session = await deps.sessions.session.seal(claims, newSessionExpiry(deps.sessions));
      log.info('security.sign-in.succeeded', {
        flow: 'accept',
        invitationId: invitation.id,
        clientId: result.account.clientId,
        email: maskEmail(invitation.email),
      });
      const next = invitation.status === 'completed' ? '/api/Welcome' : '/api/CreateCompany';
      return redirect(next, [spent, hostCookie(SESSION_COOKIE, session, SESSION_TTL_SECONDS)]);
    }
  }
}

azf.app.http('AcceptInvitationCallback', {
  methods: ['GET'],
  authLevel: 'anonymous',
  route: 'AcceptInvitation/callback',
  handler: edge(acceptCallbackHandler, browserDeps),
});
