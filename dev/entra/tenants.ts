/**
 * Read-only view of the directory spec: tenants (by id, or by domain as Entra also accepts), their app
 * registrations, and how a scope string names a resource (an API of the tenant, or Microsoft Graph).
 */
import { createHash } from 'node:crypto';
import type { AppRegistration, DirectorySpec, TenantSpec } from './directory.js';

export const GRAPH_RESOURCE = 'https://graph.microsoft.com';
const GRAPH_ALIASES = new Set([GRAPH_RESOURCE, '00000003-0000-0000-c000-000000000000']);

/** Scopes that ask for the ID token and refresh token, not for a resource. */
export const OIDC_SCOPES = new Set(['openid', 'profile', 'email', 'offline_access']);

export interface Resource {
  /** The `aud` of tokens for this resource: Graph's URI, or an API's client id (v2.0 tokens). */
  audience: string;
  /** The API's app registration, when the resource is one of the tenant's APIs. */
  app?: AppRegistration;
}

function trimSlash(value: string): string {
  return value.replace(/\/+$/, '');
}

export class Directory {
  constructor(readonly spec: DirectorySpec) {}

  get tenants(): TenantSpec[] {
    return this.spec.tenants;
  }

  tenant(idOrDomain: string): TenantSpec | undefined {
    const key = idOrDomain.toLowerCase();
    return this.spec.tenants.find((t) => t.id.toLowerCase() === key || t.domain.toLowerCase() === key);
  }

  app(tenant: TenantSpec, clientId: string): AppRegistration | undefined {
    return tenant.apps.find((a) => a.clientId.toLowerCase() === clientId.toLowerCase());
  }

  /** Finds the resource an identifier names: Graph, or an API by identifierUri, `api://<clientId>` or clientId. */
  resource(tenant: TenantSpec, identifier: string): Resource | undefined {
    const id = trimSlash(identifier);
    if (GRAPH_ALIASES.has(id.toLowerCase())) return { audience: GRAPH_RESOURCE };
    const app = tenant.apps.find(
      (a) =>
        (a.identifierUri && trimSlash(a.identifierUri).toLowerCase() === id.toLowerCase()) ||
        a.clientId.toLowerCase() === id.toLowerCase() ||
        `api://${a.clientId}`.toLowerCase() === id.toLowerCase(),
    );
    if (!app) return undefined;
    // v2.0 access tokens carry the API's client id in `aud`, also when asked for with its Application ID URI.
    return { audience: app.clientId, app };
  }

  /**
   * Splits a resource scope into resource and scope name: `api://x/Invitations.Send` → (`api://x`, name);
   * a bare name such as `User.Read` is a Graph scope, as in Entra.
   */
  splitScope(tenant: TenantSpec, scope: string): { resource: Resource; name: string } | undefined {
    const slash = scope.lastIndexOf('/');
    if (slash < 0 || scope.endsWith('//')) return { resource: { audience: GRAPH_RESOURCE }, name: scope };
    const resource = this.resource(tenant, scope.slice(0, slash));
    return resource ? { resource, name: scope.slice(slash + 1) } : undefined;
  }
}

/**
 * The `iss` of a tenant's v2.0 tokens and discovery document, as Azure issues it whatever host serves the
 * endpoints: External ID `https://<tid>.ciamlogin.com/<tid>/v2.0` (the tenant GUID as subdomain, while
 * authorize and token live on `<name>.ciamlogin.com`), a workforce tenant `https://login.microsoftonline.com/<tid>/v2.0`.
 * The local Entra serves its endpoints on localhost but signs this issuer, so the app's default settings
 * (issuers derived from the tenant ids) are what every test runs.
 */
export function tenantIssuer(tenant: Pick<TenantSpec, 'id' | 'kind'>): string {
  return tenant.kind === 'external'
    ? `https://${tenant.id}.ciamlogin.com/${tenant.id}/v2.0`
    : `https://login.microsoftonline.com/${tenant.id}/v2.0`;
}

/** A stable GUID-shaped id derived from the inputs (service principal ids). */
export function stableGuid(...parts: string[]): string {
  const hex = createHash('sha256').update(parts.join('|')).digest('hex');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-4${hex.slice(13, 16)}-8${hex.slice(17, 20)}-${hex.slice(20, 32)}`;
}

/** Entra's `sub` is pairwise: the same user has a different, stable `sub` in each app. */
export function pairwiseSubject(tenantId: string, oid: string, clientId: string): string {
  return createHash('sha256').update(`${tenantId}|${oid}|${clientId.toLowerCase()}`).digest('base64url').slice(0, 43);
}
