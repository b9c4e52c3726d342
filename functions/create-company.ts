/**
 * `GET /api/CreateCompany`: the company data the provider entered, prefilled in the form of seed 002 (the button is
 * grey until every field is valid, orange when it is). `POST` (session + CSRF token, same origin): the same rules
 * again on the server — a problem re-renders the form with each field's message, or is a 400 problem+json for
 * `Accept: application/json` — then the company is created with the client as owner and the invitation completed,
 * once however often it is posted; then the welcome page.
 */
import azf, { type HttpRequest, type HttpResponseInit, type InvocationContext } from '@azure/functions';
import {
  type CompanyFieldName,
  type CompanyInput,
  type CompanyProblem,
  companyInputFrom,
  fillProblemMessage,
  validateCompany,
} from '../shared/domain/company-form.js';
import { createCompany } from '../shared/domain/use-cases/create-company.js';
import { BrowserRefusal, languageSwitch, pageLocale, readForm, requireSameOrigin } from '../shared/http/browser.js';
import { edge } from '../shared/http/handler.js';
import { problemResponse } from '../shared/http/problem.js';
import { hostCookie, SESSION_COOKIE } from '../shared/http/sealed-cookies.js';
import { csrfFor, csrfMatches, readSession, type SessionClaims, secondsLeft } from '../shared/http/session.js';
import type { Logger } from '../shared/log.js';
import { renderSignInProblemPage } from '../shared/web/access-pages.js';
import { COMPANY_FORM_SCRIPT_SRC, renderCreateCompanyPage } from '../shared/web/company-pages.js';
import { companyMessages } from '../shared/web/messages/company.js';
import { type BrowserDeps, browserDeps, page, redirect } from './onboarding-edge.js';

function formPage(
  status: number,
  claims: SessionClaims & { exp: number },
  deps: BrowserDeps,
  request: HttpRequest,
  values: CompanyInput,
  problems?: Partial<Record<CompanyFieldName, CompanyProblem>>,
): HttpResponseInit {
  const onboarding = claims.onboarding!;
  const locale = pageLocale(request, claims.locale);
  return page(
    status,
    renderCreateCompanyPage({
      locale,
      provider: {
        name: onboarding.providerName,
        platformName: onboarding.platformName,
        supportEmail: onboarding.supportEmail,
      },
      client: { firstName: onboarding.firstName, lastName: onboarding.lastName, email: claims.email },
      values,
      ...(problems ? { problems } : {}),
      csrfToken: csrfFor(deps.sessions, claims),
      action: '/api/CreateCompany',
      scriptSrc: COMPANY_FORM_SCRIPT_SRC,
      languageSwitch: languageSwitch('/api/CreateCompany', {}),
    }),
  );
}

export async function createCompanyHandler(
  request: HttpRequest,
  _context: InvocationContext,
  deps: BrowserDeps,
  log: Logger,
): Promise<HttpResponseInit> {
  const claims = await readSession(request, deps.sessions);
  const locale = pageLocale(request, claims?.locale);
  if (!claims) return page(401, renderSignInProblemPage({ locale, problem: 'session-expired' }));
  if (!claims.onboarding) return redirect('/api/Welcome');
  if (claims.onboarding.companyId && request.method === 'GET') return redirect('/api/Welcome');
  const wantsJson = /application\/json/i.test(request.headers.get('accept') ?? '');

  if (request.method === 'GET') {
    return formPage(200, claims, deps, request, companyInputFrom(claims.onboarding.company));
  }

  let fields: URLSearchParams;
  try {
    requireSameOrigin(request, deps.publicBaseUrl);
    fields = await readForm(request);
  } catch (error) {
    if (!(error instanceof BrowserRefusal)) throw error;
    log.warn('security.csrf.refused', { reason: error.message });
    return page(error.status, renderSignInProblemPage({ locale, problem: 'state-mismatch' }));
  }
  if (!csrfMatches(deps.sessions, claims, fields.get('csrf'))) {
    log.warn('security.csrf.refused', { reason: 'token' });
    return page(403, renderSignInProblemPage({ locale, problem: 'state-mismatch' }));
  }
  const input = Object.fromEntries(fields.entries());
  const checked = validateCompany(input);
  if (!checked.ok) {
    if (wantsJson) {
      const t = companyMessages[locale];
      return problemResponse({
        status: 400,
        code: 'validation-failed',
        title: 'The company has invalid fields',
        errors: Object.entries(checked.problems).map(([field, problem]) => ({
          pointer: `#/${field}`,
          // The same words the page shows next to the field, slots filled in.
          detail: fillProblemMessage(
            t.problems[problem as CompanyProblem],
            field as CompanyFieldName,
            String(input.country ?? ''),
          ),
        })),
      });
    }
    return formPage(
      400,
      claims,
      deps,
      request,
      { ...companyInputFrom(undefined), ...input } as CompanyInput,
      checked.problems,
    );
  }
  const onboarding = claims.onboarding;
  const { companyId, created } = await createCompany(
    deps.onboarding,
    {
      clientKey: claims.clientKey,
      clientId: claims.clientId,
      invitationId: onboarding.invitationId,
      providerId: onboarding.providerId,
      invitationEtag: onboarding.invitationEtag,
    },
    checked.company,
  );
  log.info('company.created', { companyId, invitationId: onboarding.invitationId, created });
  const next: SessionClaims = {
    ...claims,
    current: { providerId: onboarding.providerId, companyId },
    onboarding: { ...onboarding, companyId },
  };
  const session = await deps.sessions.session.seal(next, claims.exp);
  return redirect('/api/Welcome', [hostCookie(SESSION_COOKIE, session, secondsLeft(deps.sessions, claims.exp))]);
}

azf.app.http('CreateCompany', {
  methods: ['GET', 'POST'],
  authLevel: 'anonymous',
  route: 'CreateCompany',
  handler: edge(createCompanyHandler, browserDeps),
});
