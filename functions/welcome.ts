/** `GET /api/Welcome`: the client's home (seed 002: "la fenêtre d'accueil … propose différents liens"). */
import azf, { type HttpRequest, type HttpResponseInit, type InvocationContext } from '@azure/functions';
import { pageLocale } from '../shared/http/browser.js';
import { edge } from '../shared/http/handler.js';
import { csrfFor, readSession } from '../shared/http/session.js';
import { renderSignInProblemPage } from '../shared/web/access-pages.js';
import { defaultWelcomeLinks, renderWelcomePage } from '../shared/web/company-pages.js';
import { type BrowserDeps, browserDeps, page, redirect } from './onboarding-edge.js';

export async function welcomeHandler(
  request: HttpRequest,
  _context: InvocationContext,
  deps: BrowserDeps,
): Promise<HttpResponseInit> {
  const claims = await readSession(request, deps.sessions);
  const locale = pageLocale(request, claims?.locale);
  if (!claims) return page(401, renderSignInProblemPage({ locale, problem: 'session-expired' }));
  if (!claims.current) return redirect('/api/SignIn/choose');
  const [provider, profile] = await Promise.all([
    deps.onboarding.providers.get(claims.current.providerId),
    deps.onboarding.clients.profile(claims.clientKey),
  ]);
  const company = profile?.companies.find((c) => c.id === claims.current?.companyId);
  const record = profile?.records.find((r) => r.providerId === claims.current?.providerId);
  return page(
    200,
    renderWelcomePage({
      locale,
      provider: {
        name: provider?.name ?? '',
        platformName: provider?.platformName ?? '',
        supportEmail: provider?.supportEmail ?? '',
      },
      client: { firstName: record?.firstName ?? claims.name, lastName: record?.lastName ?? '' },
      ...(company ? { company: { name: company.company.name } } : {}),
      links: provider?.portalUrl ? defaultWelcomeLinks(locale, provider.portalUrl) : [],
      csrfToken: csrfFor(deps.sessions, claims),
    }),
  );
}

azf.app.http('Welcome', {
  methods: ['GET'],
  authLevel: 'anonymous',
  route: 'Welcome',
  handler: edge(welcomeHandler, browserDeps),
});
