/**
 * Signing in again. `GET /api/SignIn?client=&societe=` (seed 003's link) → Entra; `GET /api/SignIn/callback` → the
 * access decision after authentication: home, the company picker, or why access is refused (seed 004);
 * `GET|POST /api/SignIn/choose` the picker; `POST /api/SignOut` ends the session.
 */
import azf, { type HttpRequest, type HttpResponseInit, type InvocationContext } from '@azure/functions';
import { z } from 'zod';
import type { AccessChoice } from '../shared/domain/client.js';
import { beginSignIn, completeSignIn } from '../shared/domain/use-cases/sign-in.js';
import { BrowserRefusal, languageSwitch, pageLocale, readForm, requireSameOrigin } from '../shared/http/browser.js';
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
import {
  csrfFor,
  csrfMatches,
  newSessionExpiry,
  readSession,
  readTransaction,
  type SessionClaims,
  secondsLeft,
  transactionExpiry,
} from '../shared/http/session.js';
import { type Logger, maskEmail } from '../shared/log.js';
import { renderAccessRefusedPage, renderSignInProblemPage, renderSignInStartPage } from '../shared/web/access-pages.js';
import { renderCompanyPickerPage } from '../shared/web/company-pages.js';
import { renderSignedOutPage } from '../shared/web/signed-out-page.js';
import { type BrowserDeps, browserDeps, page, redirect } from './onboarding-edge.js';

const codes = z.object({
  client: z
    .string()
    .trim()
    .max(64)
    .regex(/^[A-Za-z0-9_-]*$/)
    .optional(),
  societe: z
    .string()
    .trim()
    .max(64)
    .regex(/^[A-Za-z0-9_-]*$/)
    .optional(),
});

export async function signInHandler(
  request: HttpRequest,
  _context: InvocationContext,
  deps: BrowserDeps,
  log: Logger,
): Promise<HttpResponseInit> {
  const locale = pageLocale(request);
  // Seed 003: a bare sign-in address shows the start page (the agency's codes, optional, and "Sign in"); its form,
  // a link with codes, `?go=1` or `?prompt=login` go on to Entra.
  if (!['client', 'societe', 'go', 'prompt'].some((name) => request.query.has(name))) {
    return page(
      200,
      renderSignInStartPage({ locale, action: '/api/SignIn', languageSwitch: languageSwitch('/api/SignIn', {}) }),
    );
  }
  const parsed = codes.safeParse({
    client: request.query.get('client') ?? undefined,
    societe: request.query.get('societe') ?? undefined,
  });
  // Malformed codes are ignored like unknown ones: the sign-in goes on without a provider's context.
  const linkCodes = parsed.success ? { client: parsed.data.client, company: parsed.data.societe } : {};
  const { authorizeUrl, attempt, wanted } = await beginSignIn(deps.onboarding, {
    locale,
    codes: linkCodes,
    ...(request.query.get('prompt') === 'login' ? { prompt: 'login' as const } : {}),
  });
  log.info('sign-in.started', {
    wanted,
    codesGiven: Boolean(linkCodes.client),
    codesKnown: Boolean(wanted.providerId),
  });
  const cookie = await deps.sessions.transaction.seal(
    { purpose: 'sign-in', attempt, locale, wanted },
    transactionExpiry(deps.sessions),
  );
  return redirect(authorizeUrl, [hostCookie(SIGN_IN_COOKIE, cookie, SIGN_IN_TTL_SECONDS)]);
}

export async function signInCallbackHandler(
  request: HttpRequest,
  _context: InvocationContext,
  deps: BrowserDeps,
  log: Logger,
): Promise<HttpResponseInit> {
  const pending = await readTransaction(request, deps.sessions);
  const transaction = pending?.purpose === 'sign-in' ? pending : undefined;
  const locale = transaction?.locale ?? pageLocale(request);
  const spent = clearedCookie(SIGN_IN_COOKIE);
  const result = await completeSignIn(
    deps.onboarding,
    transaction
      ? { attempt: transaction.attempt, ...(transaction.wanted ? { wanted: transaction.wanted } : {}) }
      : undefined,
    { state: request.query.get('state'), code: request.query.get('code'), error: request.query.get('error') },
  );
  if (result.kind === 'refused') {
    log.warn('security.sign-in.refused', { flow: 'sign-in', problem: result.problem });
    return page(
      result.problem === 'cancelled' ? 200 : result.problem === 'state-mismatch' ? 400 : 401,
      renderSignInProblemPage({ locale, problem: result.problem }),
      [spent],
    );
  }
  const { decision, identity, profile } = result;
  if (decision.kind === 'refused') {
    const provider = decision.providerId ? result.providers.get(decision.providerId) : undefined;
    log.warn('security.sign-in.access-refused', {
      reason: decision.reason,
      providerId: decision.providerId,
      oid: identity.objectId,
    });
    return page(
      403,
      renderAccessRefusedPage({
        locale,
        reason: decision.reason,
        ...(provider ? { providerName: provider.name, supportEmail: provider.supportEmail } : {}),
        ...(decision.since ? { since: decision.since } : {}),
        ...(decision.mergedInto ? { mergedIntoEmail: maskEmail(decision.mergedInto) } : {}),
      }),
      [spent, clearedCookie(SESSION_COOKIE)],
    );
  }
  const account = profile!.account;
  const base: SessionClaims = {
    sid: newSessionId(),
    clientKey: account.key,
    clientId: account.clientId,
    email: account.email,
    name: account.displayName,
    locale,
  };
  const claims: SessionClaims =
    decision.choices.length === 1 ? { ...base, current: decision.choices[0]! } : { ...base, choices: decision.choices };
  const session = await deps.sessions.session.seal(claims, newSessionExpiry(deps.sessions));
  log.info('security.sign-in.succeeded', {
    flow: 'sign-in',
    clientId: account.clientId,
    choices: decision.choices.length,
  });
  return redirect(claims.current ? '/api/Welcome' : '/api/SignIn/choose', [
    spent,
    hostCookie(SESSION_COOKIE, session, SESSION_TTL_SECONDS),
  ]);
}

const choiceValue = (c: AccessChoice) => `${c.providerId}|${c.companyId ?? ''}`;

export async function chooseHandler(
  request: HttpRequest,
  _context: InvocationContext,
  deps: BrowserDeps,
  log: Logger,
): Promise<HttpResponseInit> {
  const claims = await readSession(request, deps.sessions);
  const locale = pageLocale(request, claims?.locale);
  if (!claims) return page(401, renderSignInProblemPage({ locale, problem: 'session-expired' }));
  const choices = claims.choices ?? (claims.current ? [claims.current] : []);
  if (request.method === 'GET') {
    const [profile, providers] = await Promise.all([
      deps.onboarding.clients.profile(claims.clientKey),
      Promise.all([...new Set(choices.map((c) => c.providerId))].map((id) => deps.onboarding.providers.get(id))),
    ]);
    const names = new Map(providers.filter(Boolean).map((p) => [p!.id, p!.name]));
    return page(
      200,
      renderCompanyPickerPage({
        locale,
        choices: choices.map((c) => ({
          value: choiceValue(c),
          providerName: names.get(c.providerId) ?? c.providerId,
          companyName: profile?.companies.find((x) => x.id === c.companyId)?.company.name ?? '',
        })),
        csrfToken: csrfFor(deps.sessions, claims),
        action: '/api/SignIn/choose',
      }),
    );
  }
  try {
    requireSameOrigin(request, deps.publicBaseUrl);
    const fields = await readForm(request);
    if (!csrfMatches(deps.sessions, claims, fields.get('csrf'))) throw new BrowserRefusal(403, 'csrf');
    const chosen = choices.find((c) => choiceValue(c) === fields.get('choice'));
    if (!chosen) return redirect('/api/SignIn/choose');
    const next: SessionClaims = { ...claims, current: chosen };
    delete next.choices;
    log.info('sign-in.company.chosen', { providerId: chosen.providerId });
    return redirect('/api/Welcome', [
      hostCookie(
        SESSION_COOKIE,
        await deps.sessions.session.seal(next, claims.exp),
        secondsLeft(deps.sessions, claims.exp),
      ),
    ]);
  } catch (error) {
    if (!(error instanceof BrowserRefusal)) throw error;
    log.warn('security.csrf.refused', { reason: error.message });
    return page(403, renderSignInProblemPage({ locale, problem: 'state-mismatch' }));
  }
}

export async function signOutHandler(
  request: HttpRequest,
  _context: InvocationContext,
  deps: BrowserDeps,
  log: Logger,
): Promise<HttpResponseInit> {
  const claims = await readSession(request, deps.sessions);
  const locale = pageLocale(request, claims?.locale);
  try {
    requireSameOrigin(request, deps.publicBaseUrl);
    const fields = await readForm(request);
    if (claims && !csrfMatches(deps.sessions, claims, fields.get('csrf'))) throw new BrowserRefusal(403, 'csrf');
  } catch (error) {
    if (!(error instanceof BrowserRefusal)) throw error;
    log.warn('security.csrf.refused', { reason: error.message });
    return page(403, renderSignInProblemPage({ locale, problem: 'state-mismatch' }));
  }
  if (claims) log.info('security.sign-out', { clientId: claims.clientId });
  return page(200, renderSignedOutPage({ locale, signInUrl: '/api/SignIn?go=1' }), [clearedCookie(SESSION_COOKIE)]);
}

azf.app.http('SignIn', {
  methods: ['GET'],
  authLevel: 'anonymous',
  route: 'SignIn',
  handler: edge(signInHandler, browserDeps),
});
azf.app.http('SignInCallback', {
  methods: ['GET'],
  authLevel: 'anonymous',
  route: 'SignIn/callback',
  handler: edge(signInCallbackHandler, browserDeps),
});
azf.app.http('ChooseCompany', {
  methods: ['GET', 'POST'],
  authLevel: 'anonymous',
  route: 'SignIn/choose',
  handler: edge(chooseHandler, browserDeps),
});
azf.app.http('SignOut', {
  methods: ['POST'],
  authLevel: 'anonymous',
  route: 'SignOut',
  handler: edge(signOutHandler, browserDeps),
});
