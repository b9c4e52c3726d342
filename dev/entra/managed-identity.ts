/**
 * The managed-identity endpoint of App Service and Azure Functions, served by the local Entra ID:
 * `GET <IDENTITY_ENDPOINT>?api-version=2019-08-01&resource=<uri>&client_id=<id>` with the header
 * `X-IDENTITY-HEADER: <IDENTITY_HEADER>` — what `ManagedIdentityCredential` (through `@azure/msal-node`'s App Service
 * source) calls when both variables are set, as the platform sets them. The stack passes them to the Functions host;
 * the app's code is unchanged (docs/decisions.md, "ACS through Entra tokens, and the local managed identity").
 *
 * Checked as the platform does: the header (it stands against server-side request forgery), the api-version, the
 * resource, and a user-assigned identity named by exactly one of `client_id`, `principal_id`/`object_id` or
 * `mi_res_id` that the tenant knows (the stack's identities have no system-assigned one). The token is the one Entra
 * issues to a managed identity for an Azure resource: a v1.0 app-only token (`iss` `https://sts.windows.net/<tid>/`,
 * `aud` the resource as asked, `appid` the identity's client id, `oid`/`sub` its object id, `idtyp: app`,
 * `xms_mirid` its resource id), signed with the local Entra's keys, valid 24 hours.
 */
import { randomBytes, randomUUID, timingSafeEqual } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { EntraContext } from './context.js';
import type { ManagedIdentitySpec, TenantSpec } from './directory.js';
import { sendJson } from './http.js';

/** The only api-version of the App Service protocol that `@azure/msal-node` speaks (and the one documented). */
export const MANAGED_IDENTITY_API_VERSION = '2019-08-01';
/** The path the local Entra serves it on (App Service: `http://localhost:<port>/msi/token`). */
export const MANAGED_IDENTITY_PATH = '/msi/token';
/** Managed identities' tokens live 24 hours (Microsoft caches them for that long). */
export const MANAGED_IDENTITY_TOKEN_LIFETIME_S = 24 * 3600;

/**
 * The Azure resources a managed identity may ask tokens for here (Entra knows them as first-party resources): the
 * ones the app and the platform use. Another resource is unknown to the local Entra (AADSTS500011, as Entra answers).
 */
const AZURE_RESOURCES = new Set([
  'https://communication.azure.com',
  'https://storage.azure.com',
  'https://vault.azure.net',
  'https://monitor.azure.com',
  'https://management.azure.com',
]);

/** The v1.0 issuer of a tenant, which app-only tokens for Azure resources carry. */
export const v1Issuer = (tenantId: string) => `https://sts.windows.net/${tenantId}/`;

/** A fresh value for `IDENTITY_HEADER` (the platform's is a GUID-like secret, rotated with the process). */
export const newIdentityHeader = () => randomBytes(16).toString('hex');

function refuse(res: ServerResponse, status: number, message: string): void {
  // App Service's own refusals: `{ statusCode, message, correlationId }` (MSAL reads `message`).
  sendJson(res, status, { statusCode: status, message, correlationId: randomUUID() });
}

function sameSecret(given: string, expected: string): boolean {
  const a = Buffer.from(given);
  const b = Buffer.from(expected);
  return a.length === b.length && timingSafeEqual(a, b);
}

/** The identity one of the id parameters names, or why none. */
function identityFor(
  tenants: TenantSpec[],
  url: URL,
): { identity: ManagedIdentitySpec; tenant: TenantSpec } | { refused: string } {
  const ids = (['client_id', 'principal_id', 'object_id', 'mi_res_id'] as const).filter((name) =>
    url.searchParams.has(name),
  );
  if (ids.length === 0) {
    return { refused: 'No system-assigned identity on this app: name a user-assigned identity (client_id).' };
  }
  if (ids.length > 1) return { refused: `Only one of ${ids.join(', ')} may be given.` };
  const name = ids[0]!;
  const value = (url.searchParams.get(name) ?? '').toLowerCase();
  for (const tenant of tenants) {
    const identity = (tenant.managedIdentities ?? []).find((candidate) =>
      name === 'client_id'
        ? candidate.clientId.toLowerCase() === value
        : name === 'mi_res_id'
          ? candidate.resourceId.toLowerCase() === value
          : candidate.objectId.toLowerCase() === value,
    );
    if (identity) return { identity, tenant };
  }
  return { refused: 'Unable to load the proper Managed Identity.' };
}

/** `GET /msi/token`: the App Service managed-identity protocol, api-version 2019-08-01. */
export async function managedIdentityToken(
  ctx: EntraContext,
  req: IncomingMessage,
  res: ServerResponse,
  url: URL,
  identityHeader: string | undefined,
): Promise<void> {
  if (req.method !== 'GET') return refuse(res, 405, 'Use GET.');
  const header = req.headers['x-identity-header'];
  if (!identityHeader || typeof header !== 'string' || !sameSecret(header, identityHeader)) {
    ctx.log('managed identity token refused: missing or wrong X-IDENTITY-HEADER');
    return refuse(res, 401, 'The X-IDENTITY-HEADER header is missing or does not match IDENTITY_HEADER.');
  }
  if (url.searchParams.get('api-version') !== MANAGED_IDENTITY_API_VERSION) {
    return refuse(res, 400, `The api-version must be ${MANAGED_IDENTITY_API_VERSION}.`);
  }
  const resource = url.searchParams.get('resource');
  if (!resource) return refuse(res, 400, 'The resource parameter is required.');
  const found = identityFor(ctx.directory.tenants, url);
  if ('refused' in found) {
    ctx.log(`managed identity token refused: ${found.refused}`);
    return refuse(res, 400, found.refused);
  }
  if (!AZURE_RESOURCES.has(resource.replace(/\/+$/, '').toLowerCase())) {
    return sendJson(res, 400, {
      error: 'invalid_resource',
      error_description: `AADSTS500011: The resource principal named ${resource} was not found in the tenant named ${found.tenant.displayName}.`,
      error_codes: [500011],
      correlation_id: randomUUID(),
    });
  }
  const { identity, tenant } = found;
  const iat = Math.floor(ctx.now() / 1000);
  const exp = iat + MANAGED_IDENTITY_TOKEN_LIFETIME_S;
  const issuer = v1Issuer(tenant.id);
  const accessToken = await ctx.keys.sign({
    // v1.0 tokens carry the resource as it was asked for (with or without its trailing slash).
    aud: resource,
    iss: issuer,
    iat,
    nbf: iat,
    exp,
    appid: identity.clientId,
    // 2: the client authenticated with a certificate (the platform's, for a managed identity).
    appidacr: '2',
    idp: issuer,
    idtyp: 'app',
    oid: identity.objectId,
    sub: identity.objectId,
    tid: tenant.id,
    uti: randomBytes(16).toString('base64url'),
    ver: '1.0',
    xms_mirid: identity.resourceId,
  });
  ctx.log(`managed identity token issued: ${identity.clientId} for ${resource}`);
  sendJson(res, 200, {
    access_token: accessToken,
    expires_on: String(exp),
    resource,
    token_type: 'Bearer',
    client_id: identity.clientId,
  });
}
