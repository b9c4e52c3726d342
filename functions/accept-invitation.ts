/**
 * `POST /api/AcceptInvitation` (the landing page's button). A person clicked through: "opened" is recorded (never
 * on a GET, which scanners make). Graph says whether the invited email has an account in the client tenant: known
 * → Entra sign-in with `login_hint` (CAS 1); unknown → `prompt=create` (CAS 2: sign-up with a code, password,
 * consent). PKCE, `state` and `nonce` travel in the encrypted `__Host-signin` cookie, valid 15 minutes.
 * `POST /api/AcceptInvitation/again` ("sign in as <invited address>" after a wrong account) starts over with
 * `prompt=login`, from that cookie.
 */
import azf, { type HttpRequest, type HttpResponseInit, type InvocationContext } from '@azure/functions';
import { beginAcceptance } from '../shared/domain/use-cases/accept-invitation.js';
import { BrowserRefusal, pageLocale, requireSameOrigin } from '../shared/http/browser.js';
import { edge } from '../shared/http/handler.js';
import { hostCookie, SIGN_IN_COOKIE, SIGN_IN_TTL_SECONDS } from '../shared/http/sealed-cookies.js';
import { readTransaction, transactionExpiry } from '../shared/http/session.js';
import type { Logger } from '../shared/log.js';
import { renderSignInProblemPage } from '../shared/web/access-pages.js';
import { renderLinkNotFoundPage } from '../shared/web/invitation-pages.js';
import { readLinkForm } from './invitation-form.js';
import { type BrowserDeps, browserDeps, page, redirect } from './onboarding-edge.js';

export async function acceptInvitationHandler(
  request: HttpRequest,
  _context: InvocationContext,
  deps: BrowserDeps,
  log: Logger,
): Promise<HttpResponseInit> {
  const { form, locale, refusal } = await readLinkForm(request, deps.publicBaseUrl);
  if (refusal) return refusal;
  if (!form) return page(404, renderLinkNotFoundPage({ locale }));
  const started = await beginAcceptance(deps.onboarding, form, { locale });
  if (started.kind !== 'redirect') return page(404, renderLinkNotFoundPage({ locale }));
  log.info('invitation.opened', { invitationId: started.invitation.id, newAccount: started.newAccount });
  const cookie = await deps.sessions.transaction.seal(
    { purpose: 'accept', attempt: started.attempt, invitationId: started.invitation.id, locale },
    transactionExpiry(deps.sessions),
  );
  return redirect(started.authorizeUrl, [hostCookie(SIGN_IN_COOKIE, cookie, SIGN_IN_TTL_SECONDS)]);
}

export async function acceptAgainHandler(
  request: HttpRequest,
  _context: InvocationContext,
  deps: BrowserDeps,
  log: Logger,
): Promise<HttpResponseInit> {
  const locale = pageLocale(request);
  try {
    requireSameOrigin(request, deps.publicBaseUrl);
  } catch (error) {
    if (error instanceof BrowserRefusal)
      return page(403, renderSignInProblemPage({ locale, problem: 'state-mismatch' }));
    throw error;
  }
  const pending = await readTransaction(request, deps.sessions);
  if (pending?.purpose !== 'accept-again')
    return page(400, renderSignInProblemPage({ locale, problem: 'session-expired' }));
  const current = await deps.onboarding.invitations.get(pending.invitationId);
  if (!current) return page(404, renderLinkNotFoundPage({ locale: pending.locale }));
  const attempt = deps.onboarding.signIn.newAttempt();
  const authorizeUrl = await deps.onboarding.signIn.authorizeUrl({
    attempt,
    redirectPath: '/api/AcceptInvitation/callback',
    loginHint: current.value.email,
    prompt: 'login',
    locale: pending.locale,
  });
  log.info('invitation.sign-in.again', { invitationId: pending.invitationId });
  const cookie = await deps.sessions.transaction.seal(
    { purpose: 'accept', attempt, invitationId: pending.invitationId, locale: pending.locale },
    transactionExpiry(deps.sessions),
  );
  return redirect(authorizeUrl, [hostCookie(SIGN_IN_COOKIE, cookie, SIGN_IN_TTL_SECONDS)]);
}

azf.app.http('AcceptInvitation', {
  methods: ['POST'],
  authLevel: 'anonymous',
  route: 'AcceptInvitation',
  handler: edge(acceptInvitationHandler, browserDeps),
});

azf.app.http('AcceptInvitationAgain', {
  methods: ['POST'],
  authLevel: 'anonymous',
  route: 'AcceptInvitation/again',
  handler: edge(acceptAgainHandler, browserDeps),
});
