/**
 * `GET|POST /api/SignIn/two-step/help` ("Pas d'accès à l'application" / "No access to the app", docs/two-step-help.md):
 * served only to a client session at the two-step code step (`twoStepPending`); else 401 (no session) or 403. The
 * GET explains and offers the button; the POST (same origin, the session's CSRF token) asks the provider's
 * professionals who manage clients (or its support address) by email, then says who was asked — names, addresses
 * masked. At most 3 requests per account per 24 h: then the 429 page.
 */
import { getDeps } from '../../shared/deps.js';
import { askTwoStepHelp, type TwoStepHelpDeps } from '../../shared/domain/use-cases/two-step-help.js';
import { type BrowserDeps, browserDeps, requireBrowserPost } from '../../shared/http/browser.js';
import { requireSession, untrustedPostPage } from '../../shared/http/browser-session.js';
import { edge, type Handler } from '../../shared/http/handler.js';
import { page } from '../../shared/http/respond.js';
import { csrfFor } from '../../shared/http/session.js';
import { maskEmail } from '../../shared/log.js';
import {
  renderTwoStepHelpLimitedPage,
  renderTwoStepHelpNobodyPage,
  renderTwoStepHelpNotPendingPage,
  renderTwoStepHelpPage,
  renderTwoStepHelpSentPage,
} from '../../shared/web/two-step-help-pages.js';

export type TwoStepHelpRouteDeps = BrowserDeps & { twoStepHelp: TwoStepHelpDeps };

export const signInTwoStepHelpHandler: Handler<TwoStepHelpRouteDeps> = async (request, _context, deps, log) => {
  const session = await requireSession(request, deps, log, { twoStepPending: 'allowed' });
  if (!session.signedIn) return session.refusal;
  const { claims, locale } = session;
  if (claims.twoStepPending !== true) {
    log.warn('security.two-step-help.refused', { reason: 'not-pending', clientId: claims.clientId });
    return page(403, renderTwoStepHelpNotPendingPage({ locale }));
  }
  if (request.method !== 'POST') {
    return page(200, renderTwoStepHelpPage({ locale, csrfToken: csrfFor(deps.sessions, claims) }));
  }
  const post = await requireBrowserPost(request, deps, {
    claims,
    log,
    refusal: (status) => untrustedPostPage(locale, status),
  });
  if (!post.accepted) return post.refusal;
  const providerIds = claims.current
    ? [claims.current.providerId]
    : (claims.choices ?? []).map((choice) => choice.providerId);
  const result = await askTwoStepHelp(deps.twoStepHelp, {
    clientKey: claims.clientKey,
    name: claims.name,
    email: claims.email,
    locale,
    providerIds,
  });
  switch (result.kind) {
    case 'limited':
      log.warn('security.two-step-help.limited', { clientId: claims.clientId });
      return page(429, renderTwoStepHelpLimitedPage({ locale, retryAfterSeconds: result.retryAfterSeconds }), [], {
        'Retry-After': String(result.retryAfterSeconds),
      });
    case 'nobody':
      log.warn('two-step-help.nobody', { clientId: claims.clientId, providers: providerIds.join(' ') });
      return page(200, renderTwoStepHelpNobodyPage({ locale }));
    case 'asked':
      log.info('two-step-help.asked', { clientId: claims.clientId, providers: providerIds.join(' ') });
      return page(200, renderTwoStepHelpSentPage({ locale, asked: result.asked, mask: maskEmail }));
  }
};

/** `SignInTwoStepHelp` as the host calls it (registered by functions/sign-in-two-step-help.ts, which imports this module on the first call). */
export const handler = edge(signInTwoStepHelpHandler, () => {
  const deps = getDeps();
  return { ...browserDeps(deps), twoStepHelp: deps.twoStepHelp.ask };
});
