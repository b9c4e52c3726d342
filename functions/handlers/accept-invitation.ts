/**
 * `POST /api/AcceptInvitation` (the landing page's button). A person clicked through: "opened" is recorded (never
 * on a GET, which scanners make). Graph says whether the invited email has an account in the client tenant: known
 * → Entra sign-in with `login_hint` (CAS 1); unknown → `prompt=create` (CAS 2: sign-up with a code, password,
 * consent). PKCE, `state` and `nonce` travel in the encrypted `__Host-signin` cookie, valid 15 minutes, with the
 * invitation as this click read it and its ETag (unless that would make the cookie too large). Clicks are
 * limited per invitation and per client address (`ACCEPT_LIMITS`): beyond, a 429 page with `Retry-After`.
 */
import { getDeps } from '../../shared/deps.js';
import { beginAcceptance } from '../../shared/domain/use-cases/accept-invitation.js';
import { type BrowserDeps, browserDeps } from '../../shared/http/browser.js';
import { signInRedirect } from '../../shared/http/browser-session.js';
import { clientAddress } from '../../shared/http/client-address.js';
import { edge, type Handler } from '../../shared/http/handler.js';
import { readLinkForm } from '../../shared/http/link-form.js';
import { page } from '../../shared/http/respond.js';
import { renderAcceptLimitedPage, renderLinkNotFoundPage } from '../../shared/web/invitation-pages.js';

export const acceptInvitationHandler: Handler<BrowserDeps> = async (request, _context, deps, log) => {
  const { form, locale, refusal } = await readLinkForm(request, deps.publicBaseUrl, log);
  if (refusal) return refusal;
  if (!form) return page(404, renderLinkNotFoundPage({ locale }));
  const started = await beginAcceptance(deps.onboarding, form, { locale, address: clientAddress(request) });
  if (started.kind === 'limited') {
    log.warn('security.limit.accept', { invitationId: started.invitation.id, limit: started.limit });
    const retryAfter = String(started.retryAfterSeconds);
    return page(429, renderAcceptLimitedPage({ locale, retryAfterSeconds: started.retryAfterSeconds }), [], {
      'Retry-After': retryAfter,
    });
  }
  if (started.kind !== 'redirect') return page(404, renderLinkNotFoundPage({ locale }));
  const { attempt, invitation, newAccount } = started;
  log.info('invitation.opened', { invitationId: invitation.id, newAccount });
  // The invitation as read travels with the sign-in: the callback accepts it If-Match, without reading it again.
  const transaction = { purpose: 'accept', attempt, invitationId: invitation.id, locale, read: started.read } as const;
  return signInRedirect(deps.sessions, started.authorizeUrl, transaction);
};

/** `AcceptInvitation` as the host calls it (registered by functions/accept-invitation.ts, which imports this module on the first call). */
export const handler = edge(acceptInvitationHandler, () => browserDeps(getDeps()));
