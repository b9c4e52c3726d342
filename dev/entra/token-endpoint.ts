/**
 * POST /{tenant}/oauth2/v2.0/token: authorization_code (+ PKCE S256), refresh_token, client_credentials
 * (`<resource>/.default`, roles from the app's application permissions) and password (ROPC, workforce only:
 * the dev professional user). Clients authenticate with a secret or a certificate's assertion (`client-auth.ts`).
 * Errors are Entra's JSON with AADSTS codes.
 */
import { createHash } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { type AuthenticatedClient, authenticateClient } from './client-auth.js';
import type { EntraContext } from './context.js';
import { maskEmail } from './context.js';
import type { TenantSpec } from './directory.js';
import { OAuthError, sendOAuthError } from './errors.js';
import { HttpProblem, readForm, sendJson } from './http.js';
import { clientInfo } from './sign-in-flow.js';
import { delegatedAccess, idTokenRoles, TOKEN_LIFETIME_S } from './tokens.js';
import type { DirectoryUser } from './users.js';

type Form = URLSearchParams;

function required(form: Form, name: string): string {
  const value = form.get(name);
  if (!value) {
    throw new OAuthError(
      'invalid_request',
      900144,
      `The request body must contain the following parameter: '${name}'.`,
    );
  }
  return value;
}

const invalidGrant = (code: number, description: string) => new OAuthError('invalid_grant', code, description);
const scopeList = (scope: string | null) => (scope ?? '').split(/\s+/).filter(Boolean);

export async function token(ctx: EntraContext, req: IncomingMessage, res: ServerResponse, tenant: TenantSpec) {
  try {
    let form: Form;
    try {
      form = await readForm(req);
    } catch (error) {
      if (error instanceof HttpProblem && error.status === 415) {
        throw new OAuthError(
          'invalid_request',
          900561,
          'The endpoint only accepts POST requests with form-urlencoded bodies.',
        );
      }
      throw error;
    }
    const grantType = required(form, 'grant_type');
    const client = authenticateClient(ctx.directory, tenant, req, form, {
      now: ctx.now(),
      // What the discovery document names (by tenant id), or the same by the tenant's domain.
      tokenEndpoints: [tenant.id, tenant.domain].map((t) => `${ctx.baseUrl()}/${t}/oauth2/v2.0/token`),
    });
    let body: Record<string, unknown>;
    switch (grantType) {
      case 'authorization_code':
        body = await authorizationCode(ctx, tenant, client, form);
        break;
      case 'refresh_token':
        body = await refreshToken(ctx, tenant, client, form);
        break;
      case 'client_credentials':
        body = await clientCredentials(ctx, tenant, client, form);
        break;
      case 'password':
        body = await password(ctx, tenant, client, form);
        break;
      default:
        throw new OAuthError(
          'unsupported_grant_type',
          70003,
          `The app requested an unsupported grant type '${grantType}'.`,
        );
    }
    ctx.log(`token issued: ${grantType} for app ${client.app.clientId} in tenant ${tenant.id}`);
    sendJson(res, 200, body, { pragma: 'no-cache' });
  } catch (error) {
    if (!(error instanceof OAuthError)) throw error;
    ctx.log(`token refused: ${error.error} AADSTS${error.code}`);
    sendOAuthError(res, error, new Date(ctx.now()));
  }
}

/** The answer for a user: access token for the scopes' resource, ID token for openid, refresh token, client_info. */
async function userTokens(
  ctx: EntraContext,
  tenant: TenantSpec,
  client: AuthenticatedClient,
  user: DirectoryUser,
  scopes: string[],
  options: { nonce?: string | undefined; authTime: number; alwaysRefresh?: boolean; maxAgeAsked?: boolean },
): Promise<Record<string, unknown>> {
  const access = delegatedAccess(ctx.directory, tenant, user, scopes);
  const lower = scopes.map((s) => s.toLowerCase());
  const body: Record<string, unknown> = {
    token_type: 'Bearer',
    scope: scopes.join(' '),
    expires_in: TOKEN_LIFETIME_S,
    ext_expires_in: TOKEN_LIFETIME_S,
    access_token: await ctx.tokens.delegatedAccessToken(user, client.app.clientId, access, client.confidential, scopes),
  };
  if (lower.includes('offline_access') || options.alwaysRefresh) {
    body.refresh_token = ctx.grants.issueRefreshToken({
      tenantId: tenant.id,
      clientId: client.app.clientId,
      userId: user.id,
      scopes,
      authTime: options.authTime,
    });
  }
  if (lower.includes('openid'))
    body.id_token = await ctx.tokens.idToken(
      user,
      client.app.clientId,
      options.nonce,
      scopes,
      idTokenRoles(ctx.directory, tenant, user, client.app.clientId),
      // Entra: `auth_time` is an optional claim the app registration asks for; OIDC: always with `max_age`.
      client.app.idTokenOptionalClaims?.includes('auth_time') || options.maxAgeAsked ? options.authTime : undefined,
    );
  body.client_info = clientInfo(user);
  return body;
}

function activeUser(ctx: EntraContext, tenant: TenantSpec, userId: string): DirectoryUser {
  const user = ctx.users.get(tenant.id, userId);
  if (!user) throw invalidGrant(50034, 'The user account does not exist in the directory.');
  if (!user.accountEnabled) throw invalidGrant(50057, 'The user account is disabled.');
  return user;
}

async function authorizationCode(ctx: EntraContext, tenant: TenantSpec, client: AuthenticatedClient, form: Form) {
  const code = required(form, 'code');
  const grant = ctx.grants.redeemCode(code);
  if (!grant || grant.tenantId !== tenant.id || grant.clientId !== client.app.clientId) {
    throw invalidGrant(70000, "The provided value for the 'code' parameter is not valid.");
  }
  if (grant.redeemedAt !== undefined) {
    throw invalidGrant(
      54005,
      'OAuth2 Authorization code was already redeemed, please retry with a new valid code or use an existing refresh token.',
    );
  }
  if (grant.expiresAt < ctx.now()) {
    throw invalidGrant(
      70008,
      'The provided authorization code or refresh token has expired due to inactivity. Send a new interactive authorization request for this user and resource.',
    );
  }
  if (form.get('redirect_uri') !== grant.redirectUri) {
    throw invalidGrant(
      50011,
      'The redirect URI does not match the redirect URI used to request the authorization code.',
    );
  }
  const verifier = form.get('code_verifier') ?? '';
  if (createHash('sha256').update(verifier).digest('base64url') !== grant.codeChallenge) {
    throw invalidGrant(
      501481,
      'The Code_Verifier does not match the code_challenge supplied in the authorization request.',
    );
  }
  const user = activeUser(ctx, tenant, grant.userId);
  const requested = scopeList(form.get('scope'));
  const scopes = requested.length > 0 ? requested : grant.scopes;
  return userTokens(ctx, tenant, client, user, scopes, {
    nonce: grant.nonce,
    authTime: grant.authTime,
    ...(grant.maxAgeAsked && { maxAgeAsked: true }),
  });
}

async function refreshToken(ctx: EntraContext, tenant: TenantSpec, client: AuthenticatedClient, form: Form) {
  const grant = ctx.grants.findRefreshToken(required(form, 'refresh_token'));
  if (!grant || grant.tenantId !== tenant.id)
    throw invalidGrant(9002313, 'Invalid request. Request is malformed or invalid.');
  if (grant.clientId !== client.app.clientId) {
    throw invalidGrant(700005, 'The refresh token was issued to a different client.');
  }
  if (grant.expiresAt < ctx.now()) {
    throw invalidGrant(70008, 'The provided authorization code or refresh token has expired due to inactivity.');
  }
  const user = activeUser(ctx, tenant, grant.userId);
  if (!ctx.users.stillValid(user, grant.issuedAt)) {
    throw invalidGrant(
      50173,
      'The provided grant has expired due to it being revoked, a fresh auth token is needed. The user might have changed or reset their password.',
    );
  }
  const requested = scopeList(form.get('scope'));
  const scopes = requested.length > 0 ? requested : grant.scopes;
  return userTokens(ctx, tenant, client, user, scopes, { authTime: grant.authTime, alwaysRefresh: true });
}

async function clientCredentials(ctx: EntraContext, tenant: TenantSpec, client: AuthenticatedClient, form: Form) {
  const scopes = scopeList(required(form, 'scope'));
  const scope = scopes[0];
  if (scopes.length !== 1 || !scope?.endsWith('/.default')) {
    throw new OAuthError(
      'invalid_scope',
      1002012,
      `The provided value for scope ${scopes.join(' ')} is not valid. Client credential flows must have a scope value with /.default suffixed to the resource identifier (application ID URI).`,
    );
  }
  if (!client.confidential) {
    throw new OAuthError(
      'invalid_client',
      7000218,
      "The request body must contain the following parameter: 'client_assertion' or 'client_secret'.",
      401,
    );
  }
  const identifier = scope.slice(0, -'/.default'.length);
  const resource = ctx.directory.resource(tenant, identifier);
  if (!resource) {
    throw new OAuthError(
      'invalid_resource',
      500011,
      `The resource principal named ${identifier} was not found in the tenant named ${tenant.displayName}.`,
    );
  }
  const roles = (client.app.applicationPermissions ?? [])
    .filter((p) => ctx.directory.resource(tenant, p.resource)?.audience === resource.audience)
    .flatMap((p) => p.roles);
  return {
    token_type: 'Bearer',
    expires_in: TOKEN_LIFETIME_S,
    ext_expires_in: TOKEN_LIFETIME_S,
    access_token: await ctx.tokens.appAccessToken(
      tenant.id,
      client.app.clientId,
      resource.audience,
      [...new Set(roles)],
      { idtyp: resource.app?.accessTokenOptionalClaims?.includes('idtyp') ?? false },
    ),
  };
}

async function password(ctx: EntraContext, tenant: TenantSpec, client: AuthenticatedClient, form: Form) {
  if (tenant.kind !== 'workforce') {
    throw new OAuthError(
      'unsupported_grant_type',
      70003,
      "The app requested an unsupported grant type 'password': the local Entra ID allows it only in the workforce tenant.",
    );
  }
  const username = required(form, 'username');
  const secret = required(form, 'password');
  const scopes = scopeList(required(form, 'scope'));
  const user = ctx.users.findBySignInName(tenant.id, username);
  const locked = () =>
    invalidGrant(
      50053,
      'Your account is locked because you tried to sign in too many times with an incorrect user ID or password.',
    );
  if (user && ctx.lockout.lockedFor(user.id) > 0) throw locked();
  if (!user || !(await ctx.users.checkPassword(user, secret))) {
    ctx.log(`password grant failed for ${maskEmail(username)}`);
    if (user && ctx.lockout.recordFailure(user.id) > 0) throw locked();
    throw invalidGrant(50126, 'Error validating credentials due to invalid username or password.');
  }
  ctx.lockout.recordSuccess(user.id);
  if (!user.accountEnabled) throw invalidGrant(50057, 'The user account is disabled.');
  if (user.forceChangePasswordNextSignIn) throw invalidGrant(50055, 'The password is expired.');
  return userTokens(ctx, tenant, client, user, scopes, { authTime: ctx.now() });
}
