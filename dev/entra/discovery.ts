/**
 * OpenID discovery in Entra's v2.0 shape. MSAL reads it from `<authority>/v2.0/.well-known/…` (or
 * `<authority>/.well-known/…` in OIDC protocol mode); the app's jose verifier reads `issuer` and `jwks_uri`.
 * The endpoints are this server's; the issuer is the one Azure publishes for the tenant (see `tenantIssuer`).
 */
import type { TenantSpec } from './directory.js';

export function openIdConfiguration(baseUrl: string, tenant: TenantSpec, issuer: string): Record<string, unknown> {
  const root = `${baseUrl}/${tenant.id}`;
  const host = new URL(baseUrl).host;
  return {
    token_endpoint: `${root}/oauth2/v2.0/token`,
    token_endpoint_auth_methods_supported: ['client_secret_post', 'private_key_jwt', 'client_secret_basic'],
    jwks_uri: `${root}/discovery/v2.0/keys`,
    response_modes_supported: ['query', 'fragment', 'form_post'],
    subject_types_supported: ['pairwise'],
    id_token_signing_alg_values_supported: ['RS256'],
    response_types_supported: ['code'],
    scopes_supported: ['openid', 'profile', 'email', 'offline_access'],
    // Azure's issuer, not this host's: MSAL accepts it (login.microsoftonline.com, or the CIAM pattern
    // `<tid>.ciamlogin.com/<tid>/v2.0` for an authority whose first path segment is the tenant id).
    issuer,
    request_uri_parameter_supported: false,
    authorization_endpoint: `${root}/oauth2/v2.0/authorize`,
    end_session_endpoint: `${root}/oauth2/v2.0/logout`,
    http_logout_supported: true,
    frontchannel_logout_supported: true,
    code_challenge_methods_supported: ['S256'],
    grant_types_supported: ['authorization_code', 'refresh_token', 'client_credentials', 'password'],
    prompt_values_supported: ['login', 'create', 'consent', 'none', 'select_account'],
    ui_locales_supported: ['en', 'fr'],
    claims_supported: [
      'sub',
      'iss',
      'aud',
      'exp',
      'iat',
      'nbf',
      'nonce',
      'preferred_username',
      'name',
      'tid',
      'oid',
      'ver',
      'email',
      'roles',
      'scp',
    ],
    tenant_region_scope: tenant.kind === 'external' ? 'EU' : 'WW',
    tenant_kind: tenant.kind,
    cloud_instance_name: host,
    cloud_graph_host_name: host,
    msgraph_host: host,
  };
}
