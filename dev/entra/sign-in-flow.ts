/**
 * The steps every sign-in shares once the person is known — forced password change, SSO session, consent —
 * and the hand-back to the app: the authorization code (or an error) delivered by query, fragment or
 * form_post, with `client_info` and `session_state` as Entra adds them.
 */
import { randomBytes } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { EntraContext } from './context.js';
import type { AppRegistration, TenantSpec } from './directory.js';
import { appendSetCookie, hostCookie, parseCookies, redirect, sendHtml } from './http.js';
import { messages } from './messages.js';
import { changePasswordPage, consentPage, errorPage, formPostPage, type PageContext } from './pages.js';
import type { AuthorizeRequest, Transaction } from './transactions.js';
import { SESSION_LIFETIME_MS } from './transactions.js';
import type { DirectoryUser } from './users.js';

export const BROWSER_COOKIE = 'lentra-browser';
export const sessionCookieName = (tenantId: string) => `lentra-sso-${tenantId}`;

/** The account of the browser's SSO session in this tenant, while it is still good, with the name it signs in with. */
export function ssoAccount(ctx: EntraContext, req: IncomingMessage, tenant: TenantSpec) {
  const session = ctx.interactions.session(parseCookies(req).get(`__Host-${sessionCookieName(tenant.id)}`), tenant.id);
  const user = session ? ctx.users.get(tenant.id, session.userId) : undefined;
  if (!session || !user || !ctx.users.stillValid(user, session.createdAt)) return undefined;
  const name = user.mail ?? user.identities[0]?.issuerAssignedId ?? user.userPrincipalName;
  return { session, user, name };
}

export function cspNonce(): string {
  return randomBytes(16).toString('base64');
}

export function pageContext(ctx: EntraContext, tenant: TenantSpec, tx: Transaction, nonce = cspNonce()): PageContext {
  const app = ctx.directory.app(tenant, tx.request.clientId);
  return {
    locale: tx.request.locale,
    m: messages(tx.request.locale),
    nonce,
    tenantName: tenant.displayName,
    appName: app?.displayName ?? tx.request.clientId,
    basePath: `/${tenant.id}/login`,
    tx: { id: tx.id, csrf: tx.csrf },
    allowSignUp: canSignUp(tenant, app),
    allowGoogle: tenant.kind === 'external' && app?.googleSignIn === true,
  };
}

/** People may create accounts only in an external tenant, through an app linked to a sign-up user flow. */
export function canSignUp(tenant: TenantSpec, app: AppRegistration | undefined): boolean {
  return tenant.kind === 'external' && app?.signUpUserFlow === true;
}

export function clientInfo(user: DirectoryUser): string {
  return Buffer.from(JSON.stringify({ uid: user.id, utid: user.tenantId })).toString('base64url');
}

/** Hands the result to the app at its (already validated) redirect URI, in the response mode it asked for. */
export function deliver(
  res: ServerResponse,
  tenant: TenantSpec,
  request: Pick<AuthorizeRequest, 'redirectUri' | 'responseMode' | 'state' | 'locale'>,
  params: Record<string, string>,
): void {
  const all = { ...params, ...(request.state !== undefined && { state: request.state }) };
  if (request.responseMode === 'form_post') {
    const nonce = cspNonce();
    const pageCtx = { locale: request.locale, m: messages(request.locale), nonce, tenantName: tenant.displayName };
    sendHtml(res, 200, formPostPage(pageCtx, request.redirectUri, all), nonce);
    return;
  }
  const target = new URL(request.redirectUri);
  if (request.responseMode === 'fragment') target.hash = new URLSearchParams(all).toString();
  else for (const [name, value] of Object.entries(all)) target.searchParams.set(name, value);
  redirect(res, target.toString());
}

export function deliverError(
  ctx: EntraContext,
  res: ServerResponse,
  tenant: TenantSpec,
  request: Pick<AuthorizeRequest, 'redirectUri' | 'responseMode' | 'state' | 'locale'>,
  error: string,
  code: number,
  description: string,
): void {
  ctx.log(`authorize error ${error} AADSTS${code} for ${request.redirectUri}`);
  deliver(res, tenant, request, { error, error_description: `AADSTS${code}: ${description}` });
}

export function renderError(
  ctx: EntraContext,
  res: ServerResponse,
  tenant: TenantSpec,
  tx: Transaction,
  message: string,
) {
  const page = pageContext(ctx, tenant, tx);
  sendHtml(res, 400, errorPage(page, message), page.nonce);
}

/**
 * Continues a sign-in once `user` has proven who they are (password, sign-up, or an SSO session): a forced
 * password change comes first, then the session cookie, then consent if this app has none, then the code.
 * With prompt=none, any step that needs the person becomes an error for the app instead of a page.
 */
export async function afterAuthentication(
  ctx: EntraContext,
  res: ServerResponse,
  tenant: TenantSpec,
  tx: Transaction,
  user: DirectoryUser,
): Promise<void> {
  const silent = tx.request.prompt === 'none';
  tx.userId = user.id;
  tx.authTime ??= ctx.now();
  if (user.forceChangePasswordNextSignIn) {
    if (silent)
      return deliverError(ctx, res, tenant, tx.request, 'interaction_required', 50055, 'The password is expired.');
    tx.stage = 'password';
    const page = pageContext(ctx, tenant, tx);
    return sendHtml(res, 200, changePasswordPage(page, {}), page.nonce);
  }
  if (!tx.sessionState) {
    const session = ctx.interactions.startSession(tenant.id, user.id, tx.authTime);
    tx.sessionState = session.sessionState;
    appendSetCookie(res, hostCookie(sessionCookieName(tenant.id), session.id, SESSION_LIFETIME_MS / 1000));
  }
  const consented = user.consentedClientIds.includes(tx.request.clientId);
  if (!consented || (tx.request.prompt === 'consent' && !tx.consentGiven)) {
    if (silent) {
      return deliverError(ctx, res, tenant, tx.request, 'consent_required', 65001, 'The user has not consented.');
    }
    tx.stage = 'consent';
    const page = pageContext(ctx, tenant, tx);
    return sendHtml(res, 200, consentPage(page, { userName: user.displayName, scopes: tx.request.scopes }), page.nonce);
  }
  finish(ctx, res, tenant, tx, user);
}

export function finish(
  ctx: EntraContext,
  res: ServerResponse,
  tenant: TenantSpec,
  tx: Transaction,
  user: DirectoryUser,
) {
  const { request } = tx;
  const sessionState = tx.sessionState ?? '';
  const code = ctx.grants.issueCode({
    tenantId: tenant.id,
    clientId: request.clientId,
    redirectUri: request.redirectUri,
    codeChallenge: request.codeChallenge,
    nonce: request.nonce,
    scopes: request.scopes,
    userId: user.id,
    authTime: tx.authTime ?? ctx.now(),
    ...(request.maxAge !== undefined && { maxAgeAsked: true }),
    sessionState,
  });
  ctx.interactions.end(tx);
  ctx.log(`sign-in complete for user ${user.id} in tenant ${tenant.id} to app ${request.clientId}`);
  deliver(res, tenant, request, { code, client_info: clientInfo(user), session_state: sessionState });
}
