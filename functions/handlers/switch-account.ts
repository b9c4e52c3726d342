/**
 * `POST /api/SignIn/switch` (session + CSRF token, same origin): "Changer de compte" / "Switch account" (seed 001).
 * When the account reaches several places, the session goes back to the company picker — no new sign-in; otherwise
 * the session ends as signing out ends it (recorded, so a copy of its cookie is refused) and the browser goes to
 * Entra with `prompt=select_account`, which shows its account choice instead of reusing its single sign-on session.
 */
import { getDeps } from '../../shared/deps.js';
import { beginSignIn } from '../../shared/domain/use-cases/sign-in.js';
import { switchAccount } from '../../shared/domain/use-cases/switch-account.js';
import { type BrowserDeps, browserDeps, requireBrowserPost } from '../../shared/http/browser.js';
import { requireSession, sessionRef, untrustedPostPage } from '../../shared/http/browser-session.js';
import { edge, type Handler } from '../../shared/http/handler.js';
import { redirect } from '../../shared/http/respond.js';
import { endedSessionCookie, transactionCookie, updatedSessionCookie } from '../../shared/http/session.js';
import { COMPANY_PICKER_PATH } from '../../shared/web/company-pages.js';

export const switchAccountHandler: Handler<BrowserDeps> = async (request, _context, deps, log) => {
  const session = await requireSession(request, deps, log);
  if (!session.signedIn) return session.refusal;
  const { claims, locale, profile } = session;
  const post = await requireBrowserPost(request, deps, {
    claims,
    log,
    refusal: (status) => untrustedPostPage(locale, status),
  });
  if (!post.accepted) return post.refusal;
  const outcome = await switchAccount(deps.onboarding, {
    profile,
    session: { ...sessionRef(claims), clientKey: claims.clientKey },
  });
  if (outcome.kind === 'pick') {
    log.info('sign-in.switch.picker', { clientId: claims.clientId, choices: outcome.choices.length });
    // The same session (id, expiry, notice), no place until one is picked.
    const { current: _left, exp, ...kept } = claims;
    const cookie = await updatedSessionCookie(deps.sessions, { ...kept, choices: outcome.choices }, exp);
    return redirect(`${COMPANY_PICKER_PATH}?lang=${locale}`, [cookie]);
  }
  log.info('security.sign-out', { clientId: claims.clientId, via: 'switch-account' });
  const { authorizeUrl, attempt } = await beginSignIn(deps.onboarding, { locale, prompt: 'select_account' });
  return redirect(authorizeUrl, [
    endedSessionCookie(),
    await transactionCookie(deps.sessions, { purpose: 'sign-in', attempt, locale }),
  ]);
};

/** `SwitchAccount` as the host calls it (registered by functions/switch-account.ts, which imports this module on the first call). */
export const handler = edge(switchAccountHandler, () => browserDeps(getDeps()));
