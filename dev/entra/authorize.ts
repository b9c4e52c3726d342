/**
 * GET /{tenant}/oauth2/v2.0/authorize and /logout. An unknown client or a redirect URI that is not
 * registered exactly gets an error page and never a redirect (an open redirector would hand codes to anyone);
 * every later problem goes back to the app as `error=…&state=…`, as Entra does.
 */
import { randomBytes } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { EntraContext } from './context.js';
import type { TenantSpec } from './directory.js';
import { appendSetCookie, hostCookie, parseCookies, redirect, sendHtml } from './http.js';
import { messages, pickLocale } from './messages.js';
import { errorPage, pickAccountPage, signedOutPage, signInPage, signUpPage } from './pages.js';
import {
  afterAuthentication,
  BROWSER_COOKIE,
  canSignUp,
  cspNonce,
  deliverError,
  pageContext,
  sessionCookieName,
  ssoAccount,
} from './sign-in-flow.js';
import type { AuthorizeRequest, Prompt, ResponseMode } from './transactions.js';

const PROMPTS = new Set<string>(['login', 'create', 'consent', 'none', 'select_account']);
const RESPONSE_MODES = new Set<string>(['query', 'fragment', 'form_post']);

/** The browser-binding cookie, created on the first authorize request of a browser. */
function browserId(req: IncomingMessage, res: ServerResponse): string {
  const existing = parseCookies(req).get(`__Host-${BROWSER_COOKIE}`);
  if (existing) return existing;
  const id = randomBytes(24).toString('base64url');
  appendSetCookie(res, hostCookie(BROWSER_COOKIE, id));
  return id;
}

function matchesHint(hint: string | undefined, names: Array<string | null>): boolean {
  if (!hint) return true;
  return names.some((n) => n !== null && n.toLowerCase() === hint.trim().toLowerCase());
}

export async function authorize(
  ctx: EntraContext,
  req: IncomingMessage,
  res: ServerResponse,
  tenant: TenantSpec,
  url: URL,
): Promise<void> {
  const p = url.searchParams;
  const locale = pickLocale(p.get('ui_locales'));
  const nonce = cspNonce();
  const page = { locale, m: messages(locale), nonce, tenantName: tenant.displayName };
  const fail = (message: string, code: number) => {
    ctx.log(`authorize refused: AADSTS${code}`);
    sendHtml(res, 400, errorPage(page, message, code), nonce);
  };

  const clientId = p.get('client_id');
  if (!clientId) return fail("The request must contain the parameter 'client_id'.", 900144);
  const app = ctx.directory.app(tenant, clientId);
  if (!app) {
    return fail(
      `Application with identifier '${clientId}' was not found in the directory '${tenant.displayName}'.`,
      700016,
    );
  }
  const redirectUri = p.get('redirect_uri') ?? (app.redirectUris.length === 1 ? app.redirectUris[0] : undefined);
  if (!redirectUri || !app.redirectUris.includes(redirectUri)) {
    return fail(
      `The redirect URI '${redirectUri ?? ''}' specified in the request does not match the redirect URIs configured for the application '${clientId}'.`,
      50011,
    );
  }

  const modeParam = p.get('response_mode') ?? 'query';
  const back = {
    redirectUri,
    responseMode: (RESPONSE_MODES.has(modeParam) ? modeParam : 'query') as ResponseMode,
    state: p.get('state') ?? undefined,
    locale,
  };
  const refuse = (error: string, code: number, description: string) =>
    deliverError(ctx, res, tenant, back, error, code, description);
  if (!RESPONSE_MODES.has(modeParam))
    return refuse('invalid_request', 900144, `Unsupported response_mode '${modeParam}'.`);
  if (p.get('response_type') !== 'code') {
    return refuse(
      'unsupported_response_type',
      700054,
      `response_type '${p.get('response_type') ?? ''}' is not enabled for the application.`,
    );
  }
  const scope = p.get('scope')?.trim();
  if (!scope)
    return refuse('invalid_request', 900144, "The request body must contain the following parameter: 'scope'.");
  const codeChallenge = p.get('code_challenge');
  if (!codeChallenge) return refuse('invalid_request', 9002325, 'Proof Key for Code Exchange is required.');
  if (p.get('code_challenge_method') !== 'S256') {
    return refuse('invalid_request', 9002325, 'code_challenge_method must be S256; plain is not accepted.');
  }
  if (!/^[A-Za-z0-9_-]{43}$/.test(codeChallenge)) {
    return refuse('invalid_request', 501491, 'Invalid size of Code_Challenge parameter.');
  }
  const prompt = p.get('prompt') ?? undefined;
  if (prompt !== undefined && !PROMPTS.has(prompt)) {
    return refuse('invalid_request', 90023, `Unsupported 'prompt' value '${prompt}'.`);
  }
  if (prompt === 'create' && tenant.kind !== 'external') {
    return refuse('invalid_request', 90023, 'prompt=create is only supported by external (customer) tenants.');
  }
  if (prompt === 'create' && !canSignUp(tenant, app)) {
    return refuse(
      'invalid_request',
      90023,
      `Sign-up is not enabled for the application '${app.clientId}': it is not linked to a sign-up and sign-in user flow.`,
    );
  }

  const maxAgeParam = p.get('max_age');
  if (maxAgeParam !== null && !/^\d{1,9}$/.test(maxAgeParam)) {
    return refuse('invalid_request', 90023, `Invalid 'max_age' value '${maxAgeParam}'.`);
  }
  const maxAge = maxAgeParam === null ? undefined : Number(maxAgeParam);

  const request: AuthorizeRequest = {
    tenantId: tenant.id,
    clientId: app.clientId,
    redirectUri,
    responseMode: back.responseMode,
    scopes: [...new Set(scope.split(/\s+/))],
    state: back.state,
    nonce: p.get('nonce') ?? undefined,
    codeChallenge,
    loginHint: p.get('login_hint')?.trim() || undefined,
    prompt: prompt as Prompt | undefined,
    ...(maxAge !== undefined && { maxAge }),
    locale,
  };
  const tx = ctx.interactions.begin(request, browserId(req, res));

  if (prompt === 'create') {
    tx.stage = 'signup';
    const signUp = pageContext(ctx, tenant, tx, nonce);
    return sendHtml(res, 200, signUpPage(signUp, { email: request.loginHint ?? '' }), nonce);
  }
  if (prompt === 'select_account') {
    // Entra interrupts single sign-on with its account choice: the account of this browser's session (if any), or
    // "Use another account" (the sign-in page). Nothing is reused until the person picks.
    const signedIn = ssoAccount(ctx, req, tenant);
    if (signedIn) {
      tx.stage = 'account';
      const choice = pageContext(ctx, tenant, tx, nonce);
      return sendHtml(res, 200, pickAccountPage(choice, { account: signedIn.name }), nonce);
    }
  }
  if (prompt !== 'login' && prompt !== 'select_account') {
    const session = ctx.interactions.session(
      parseCookies(req).get(`__Host-${sessionCookieName(tenant.id)}`),
      tenant.id,
    );
    const user = session ? ctx.users.get(tenant.id, session.userId) : undefined;
    const names = user ? [user.mail, user.userPrincipalName, ...user.identities.map((i) => i.issuerAssignedId)] : [];
    // max_age: the session's authentication is too old, so the person proves who they are again (OIDC Core 3.1.2.1).
    const recentEnough = !session || maxAge === undefined || ctx.now() - session.authTime <= maxAge * 1000;
    if (
      session &&
      user &&
      recentEnough &&
      ctx.users.stillValid(user, session.createdAt) &&
      matchesHint(request.loginHint, names)
    ) {
      tx.sessionState = session.sessionState;
      tx.authTime = session.authTime;
      return afterAuthentication(ctx, res, tenant, tx, user);
    }
    if (prompt === 'none') {
      ctx.interactions.end(tx);
      return refuse('login_required', 50058, 'A silent sign-in request was sent but no user is signed in.');
    }
  }
  const signIn = pageContext(ctx, tenant, tx, nonce);
  sendHtml(res, 200, signInPage(signIn, { email: request.loginHint ?? '' }), nonce);
}

/** Ends the browser's SSO session; returns to post_logout_redirect_uri only if some app registered it. */
export function logout(ctx: EntraContext, req: IncomingMessage, res: ServerResponse, tenant: TenantSpec, url: URL) {
  const name = sessionCookieName(tenant.id);
  ctx.interactions.endSession(parseCookies(req).get(`__Host-${name}`));
  appendSetCookie(res, hostCookie(name, '', 0));
  const target = url.searchParams.get('post_logout_redirect_uri');
  if (target && tenant.apps.some((a) => a.redirectUris.includes(target))) {
    const back = new URL(target);
    const state = url.searchParams.get('state');
    if (state) back.searchParams.set('state', state);
    return redirect(res, back.toString());
  }
  const locale = pickLocale(url.searchParams.get('ui_locales'));
  const nonce = cspNonce();
  sendHtml(res, 200, signedOutPage({ locale, m: messages(locale), nonce, tenantName: tenant.displayName }), nonce);
}
