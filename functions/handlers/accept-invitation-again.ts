/**
 * `POST /api/AcceptInvitation/again` ("sign in as <invited address>", offered after someone signed in with another
 * account): a new Entra sign-in for the invited email with `prompt=login` (`prompt=create` when it has no account
 * yet), from the `accept-again` transaction the callback left in `__Host-signin`. Only where the post comes from is
 * checked: it carries nothing to read.
 */
import { getDeps } from '../../shared/deps.js';
import { beginAcceptanceAgain } from '../../shared/domain/use-cases/accept-invitation.js';
import { type BrowserDeps, browserDeps, pageLocale, requireBrowserPost } from '../../shared/http/browser.js';
import { signInRedirect, untrustedPostPage } from '../../shared/http/browser-session.js';
import { edge, type Handler } from '../../shared/http/handler.js';
import { page } from '../../shared/http/respond.js';
import { pendingTransaction } from '../../shared/http/session.js';
import { renderSignInProblemPage } from '../../shared/web/access-pages.js';
import { renderLinkNotFoundPage } from '../../shared/web/invitation-pages.js';

export const acceptAgainHandler: Handler<BrowserDeps> = async (request, _context, deps, log) => {
  const locale = pageLocale(request);
  const refusal = () => untrustedPostPage(locale);
  const post = await requireBrowserPost(request, deps, { log, refusal, readsForm: false });
  if (!post.accepted) return post.refusal;
  const pending = await pendingTransaction(request, deps.sessions, 'accept-again');
  if (!pending) return page(400, renderSignInProblemPage({ locale, problem: 'invitation-page-expired' }));
  const { invitationId } = pending;
  const started = await beginAcceptanceAgain(deps.onboarding, invitationId, { locale: pending.locale });
  if (started.kind === 'not-found') return page(404, renderLinkNotFoundPage({ locale: pending.locale }));
  log.info('invitation.sign-in.again', { invitationId });
  const { attempt, authorizeUrl } = started;
  return signInRedirect(deps.sessions, authorizeUrl, {
    purpose: 'accept',
    attempt,
    invitationId,
    locale: pending.locale,
  });
};

/** `AcceptInvitationAgain` as the host calls it (registered by functions/accept-invitation-again.ts, which imports this module on the first call). */
export const handler = edge(acceptAgainHandler, () => browserDeps(getDeps()));
