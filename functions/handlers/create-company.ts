/**
 * `GET /api/CreateCompany`: the company data the provider entered, prefilled in the form of seed 002 (the button is
 * grey until every field is valid, orange when it is). `POST` (session + CSRF token, same origin): the same rules
 * again on the server — a problem re-renders the form with each field's message, or is a 400 problem+json for
 * `Accept: application/json` — then the company is created with the client as owner and the invitation completed,
 * once however often it is posted; then the welcome page. A session without the onboarding (a later sign-in) gets it
 * back when its place awaits the company of an invitation this client accepted (`unfinishedOnboarding`); any other
 * goes to the welcome page.
 */
import type { HttpResponseInit } from '@azure/functions';
import { getDeps } from '../../shared/deps.js';
import {
  type CompanyFieldName,
  type CompanyInput,
  type CompanyProblem,
  companyInputFrom,
  fillProblemMessage,
  validateCompany,
} from '../../shared/domain/company-form.js';
import type { Locale } from '../../shared/domain/locale.js';
import { createCompany } from '../../shared/domain/use-cases/create-company.js';
import { type BrowserDeps, browserDeps, languageSwitch, requireBrowserPost } from '../../shared/http/browser.js';
import {
  goToWelcome,
  requireSession,
  unfinishedOnboarding,
  untrustedPostPage,
} from '../../shared/http/browser-session.js';
import { edge, type Handler } from '../../shared/http/handler.js';
import { signedInShell } from '../../shared/http/portal-shell.js';
import { problemResponse } from '../../shared/http/problem.js';
import { page, redirect } from '../../shared/http/respond.js';
import { csrfFor, type OnboardingState, type OpenSession, updatedSessionCookie } from '../../shared/http/session.js';
import { COMPANY_FORM_SCRIPT_SRC, renderCreateCompanyPage } from '../../shared/web/company-pages.js';
import { companyMessages } from '../../shared/web/messages/company.js';
import type { SignedInShell } from '../../shared/web/portal-shell.js';

type Problems = Partial<Record<CompanyFieldName, CompanyProblem>>;

function formPage(
  status: number,
  form: {
    claims: OpenSession;
    onboarding: OnboardingState;
    locale: Locale;
    deps: BrowserDeps;
    signedIn: SignedInShell;
  },
  values: CompanyInput,
  problems?: Problems,
): HttpResponseInit {
  const { claims, onboarding, locale, deps, signedIn } = form;
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
      signedIn,
    }),
  );
}

/** The form's problems as problem+json: one entry per field, in the words the page shows next to it. */
function problemsAsJson(locale: Locale, problems: Problems, input: Record<string, string>): HttpResponseInit {
  const t = companyMessages[locale];
  return problemResponse({
    status: 400,
    code: 'validation-failed',
    title: 'The company has invalid fields',
    errors: Object.entries(problems).map(([field, problem]) => ({
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

export const createCompanyHandler: Handler<BrowserDeps> = async (request, _context, deps, log) => {
  const session = await requireSession(request, deps, log);
  if (!session.signedIn) return session.refusal;
  const { claims, locale } = session;
  // A later sign-in's session: back to its place's unfinished onboarding, if there is one (docs/sign-in.md).
  const unfinished = claims.onboarding ? undefined : await unfinishedOnboarding(deps, session);
  const onboarding = claims.onboarding ?? unfinished?.onboarding;
  if (!onboarding) return redirect('/api/Welcome');
  if (unfinished?.resumed) {
    log.info('onboarding.resumed', { invitationId: onboarding.invitationId, from: 'create-company' });
  }
  if (onboarding.companyId && request.method === 'GET') return redirect('/api/Welcome');
  // The notice, but not "Switch account": the invitation is not completed until the company is created.
  const signedIn = await signedInShell(deps, session, { path: '/api/CreateCompany', switchAccount: false });
  const form = { claims, onboarding, locale, deps, signedIn };
  if (request.method === 'GET') {
    const shown = formPage(200, form, companyInputFrom(onboarding.company));
    if (!unfinished?.resumed) return shown;
    // The session now carries it: the form's post finds it there without reading the invitation again.
    const resumed = await updatedSessionCookie(deps.sessions, { ...claims, onboarding }, claims.exp);
    return { ...shown, cookies: [...(shown.cookies ?? []), resumed] };
  }

  const refusal = (status: number) => untrustedPostPage(locale, status);
  const post = await requireBrowserPost(request, deps, { claims, log, refusal });
  if (!post.accepted) return post.refusal;
  const input = Object.fromEntries(post.fields.entries());
  const checked = validateCompany(input);
  if (!checked.ok) {
    if (/application\/json/i.test(request.headers.get('accept') ?? '')) {
      return problemsAsJson(locale, checked.problems, input);
    }
    return formPage(400, form, { ...companyInputFrom(undefined), ...input } as CompanyInput, checked.problems);
  }
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
  return goToWelcome(deps.sessions, claims, {
    current: { providerId: onboarding.providerId, companyId },
    onboarding: { ...onboarding, companyId },
  });
};

/** `CreateCompany` as the host calls it (registered by functions/create-company.ts, which imports this module on the first call). */
export const handler = edge(createCompanyHandler, () => browserDeps(getDeps()));
