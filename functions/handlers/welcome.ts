/**
 * `GET /api/Welcome`: the client's home (seed 002: "la fenêtre d'accueil … propose différents liens"). A place whose
 * onboarding stopped before its company is no home yet: back to Create Company (`unfinishedOnboarding`).
 */
import { getDeps } from '../../shared/deps.js';
import { welcomeView } from '../../shared/domain/use-cases/sign-in.js';
import { type BrowserDeps, browserDeps } from '../../shared/http/browser.js';
import { requireSession, unfinishedOnboarding } from '../../shared/http/browser-session.js';
import { edge, type Handler } from '../../shared/http/handler.js';
import { signedInShell } from '../../shared/http/portal-shell.js';
import { page, redirect } from '../../shared/http/respond.js';
import { csrfFor, updatedSessionCookie } from '../../shared/http/session.js';
import { defaultWelcomeLinks, renderWelcomePage } from '../../shared/web/company-pages.js';
import { profileMessages } from '../../shared/web/messages/profile.js';
import { PROFILE_PATH } from '../../shared/web/profile-pages.js';

export const welcomeHandler: Handler<BrowserDeps> = async (request, _context, deps, log) => {
  const session = await requireSession(request, deps, log);
  if (!session.signedIn) return session.refusal;
  const { claims, locale, profile } = session;
  if (!claims.current) return redirect('/api/SignIn/choose');
  const unfinished = await unfinishedOnboarding(deps, session);
  if (unfinished) {
    const { onboarding, resumed } = unfinished;
    log.info('onboarding.resumed', { invitationId: onboarding.invitationId, from: 'welcome' });
    const cookies = resumed ? [await updatedSessionCookie(deps.sessions, { ...claims, onboarding }, claims.exp)] : [];
    const lang = request.query.get('lang') ? `?lang=${locale}` : '';
    return redirect(`/api/CreateCompany${lang}`, cookies);
  }
  const { current, clientKey, name } = claims;
  const [{ provider, client, company }, signedIn] = await Promise.all([
    welcomeView(deps.onboarding, { clientKey, name, current, profile }),
    signedInShell(deps, session, { path: '/api/Welcome' }),
  ]);
  return page(
    200,
    renderWelcomePage({
      locale,
      provider: { name: provider.name, platformName: provider.platformName, supportEmail: provider.supportEmail },
      client,
      ...(company ? { company } : {}),
      links: [
        ...(provider.portalUrl ? defaultWelcomeLinks(locale, provider.portalUrl) : []),
        { href: PROFILE_PATH, label: profileMessages[locale].profileLink },
      ],
      csrfToken: csrfFor(deps.sessions, claims),
      signedIn,
    }),
  );
};

/** `Welcome` as the host calls it (registered by functions/welcome.ts, which imports this module on the first call). */
export const handler = edge(welcomeHandler, () => browserDeps(getDeps()));
