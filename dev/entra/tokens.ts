/**
 * The tokens the local Entra ID signs, with Entra's v2.0 claims: ID tokens for the app (pairwise `sub`,
 * `oid`, `tid`, `nonce`; `name` and `preferred_username` only with the `profile` scope, `email` only with the
 * `email` scope and a verified address; `roles` the user was assigned on the app itself), delegated access tokens (`scp`, user `roles`) and app-only tokens
 * (`roles`, the service principal's `oid`; `idtyp: app` only where the API configured that optional claim).
 * Access tokens for an API carry its client id in `aud`, as v2.0 tokens do. All RS256 with a `kid`.
 */
import { randomBytes } from 'node:crypto';
import type { TenantSpec } from './directory.js';
import { OAuthError } from './errors.js';
import type { SigningKeys } from './keys.js';
import { type Directory, GRAPH_RESOURCE, OIDC_SCOPES, pairwiseSubject, stableGuid } from './tenants.js';
import type { DirectoryUser } from './users.js';

export const TOKEN_LIFETIME_S = 3600;

/** What a delegated token is for: the resource, its `scp`, and the user's roles on it. */
export interface DelegatedAccess {
  audience: string;
  scp: string;
  roles: string[];
}

/** The service principal of an app in a tenant: Entra gives it its own object id, used as `oid` in app tokens. */
export function servicePrincipalId(tenantId: string, clientId: string): string {
  return stableGuid('service-principal', tenantId, clientId.toLowerCase());
}

/** The name a person signs in with, as `preferred_username` shows it. */
export function signInName(user: DirectoryUser): string {
  return (
    user.identities.find((i) => i.signInType === 'emailAddress')?.issuerAssignedId ??
    user.mail ??
    user.userPrincipalName
  );
}

/** The address `email` carries: `mail`, else the email sign-in identity (External ID's local accounts). */
function verifiedEmail(user: DirectoryUser): string | undefined {
  return user.mail ?? user.identities.find((i) => i.signInType === 'emailAddress')?.issuerAssignedId;
}

/** Works out the resource of a delegated request; one resource per token, as Entra insists. */
export function delegatedAccess(
  directory: Directory,
  tenant: TenantSpec,
  user: DirectoryUser,
  scopes: string[],
): DelegatedAccess {
  const resourceScopes = scopes.filter((s) => !OIDC_SCOPES.has(s.toLowerCase()));
  if (resourceScopes.length === 0)
    return { audience: GRAPH_RESOURCE, scp: 'openid profile User.Read email', roles: [] };
  let audience: string | undefined;
  const names: string[] = [];
  for (const scope of resourceScopes) {
    const split = directory.splitScope(tenant, scope);
    if (!split) {
      const resource = scope.slice(0, scope.lastIndexOf('/'));
      throw new OAuthError(
        'invalid_resource',
        500011,
        `The resource principal named ${resource} was not found in the tenant named ${tenant.displayName}.`,
      );
    }
    if (audience !== undefined && audience !== split.resource.audience) {
      throw new OAuthError(
        'invalid_request',
        28000,
        'Provided value for the input parameter scope is not valid because it contains more than one resource.',
      );
    }
    audience = split.resource.audience;
    if (split.name === '.default') names.push(audience === GRAPH_RESOURCE ? 'User.Read' : 'user_impersonation');
    else names.push(split.name);
  }
  const resolved = audience ?? GRAPH_RESOURCE;
  const roles = user.appRoleAssignments
    .filter((a) => directory.resource(tenant, a.resource)?.audience === resolved)
    .flatMap((a) => a.roles);
  return { audience: resolved, scp: [...new Set(names)].join(' '), roles: [...new Set(roles)] };
}

/**
 * The `roles` of an ID token, as Entra emits them: the app roles the signing-in app itself defines and the user was
 * assigned on that app (not the roles the user holds on APIs the app calls: those are in access tokens for the API).
 */
export function idTokenRoles(
  directory: Directory,
  tenant: TenantSpec,
  user: DirectoryUser,
  clientId: string,
): string[] {
  const app = directory.app(tenant, clientId);
  const defined = new Set(app?.appRoles ?? []);
  const roles = user.appRoleAssignments
    .filter((a) => directory.resource(tenant, a.resource)?.app?.clientId.toLowerCase() === clientId.toLowerCase())
    .flatMap((a) => a.roles)
    .filter((role) => defined.has(role));
  return [...new Set(roles)];
}

export class TokenIssuer {
  constructor(
    private readonly keys: SigningKeys,
    private readonly issuer: (tenantId: string) => string,
    private readonly now: () => number,
  ) {}

  private times(): { iat: number; nbf: number; exp: number } {
    const iat = Math.floor(this.now() / 1000);
    return { iat, nbf: iat, exp: iat + TOKEN_LIFETIME_S };
  }

  idToken(
    user: DirectoryUser,
    clientId: string,
    nonce: string | undefined,
    scopes: string[],
    roles: string[] = [],
    /** `auth_time` (ms), only when the app asked for the optional claim or the request carried `max_age`. */
    authTime?: number,
  ): Promise<string> {
    const asked = new Set(scopes.map((s) => s.toLowerCase()));
    const email = verifiedEmail(user);
    return this.keys.sign({
      aud: clientId,
      iss: this.issuer(user.tenantId),
      ...this.times(),
      ...(authTime !== undefined && { auth_time: Math.floor(authTime / 1000) }),
      ...(asked.has('profile') && { name: user.displayName }),
      ...(nonce !== undefined && { nonce }),
      oid: user.id,
      ...(asked.has('profile') && { preferred_username: signInName(user) }),
      ...(roles.length > 0 && { roles }),
      // Entra sends `email` only when the `email` scope was asked and the address is verified; the app binds
      // invitations on it, so never guess.
      ...(asked.has('email') && user.emailVerified && email && { email }),
      sub: pairwiseSubject(user.tenantId, user.id, clientId),
      tid: user.tenantId,
      uti: randomBytes(16).toString('base64url'),
      ver: '2.0',
    });
  }

  delegatedAccessToken(
    user: DirectoryUser,
    clientId: string,
    access: DelegatedAccess,
    confidential: boolean,
    scopes: string[],
  ): Promise<string> {
    const profile = scopes.some((s) => s.toLowerCase() === 'profile');
    return this.keys.sign({
      aud: access.audience,
      iss: this.issuer(user.tenantId),
      ...this.times(),
      azp: clientId,
      azpacr: confidential ? '1' : '0',
      ...(profile && { name: user.displayName }),
      oid: user.id,
      ...(profile && { preferred_username: signInName(user) }),
      ...(access.roles.length > 0 && { roles: access.roles }),
      scp: access.scp,
      sub: pairwiseSubject(user.tenantId, user.id, access.audience),
      tid: user.tenantId,
      uti: randomBytes(16).toString('base64url'),
      ver: '2.0',
    });
  }

  /** `idtyp` is emitted only when the resource configured it as an optional claim (Entra's default: absent). */
  appAccessToken(
    tenantId: string,
    clientId: string,
    audience: string,
    roles: string[],
    options: { idtyp?: boolean } = {},
  ): Promise<string> {
    const oid = servicePrincipalId(tenantId, clientId);
    return this.keys.sign({
      aud: audience,
      iss: this.issuer(tenantId),
      ...this.times(),
      azp: clientId,
      azpacr: '1',
      ...(options.idtyp && { idtyp: 'app' }),
      oid,
      ...(roles.length > 0 && { roles }),
      sub: oid,
      tid: tenantId,
      uti: randomBytes(16).toString('base64url'),
      ver: '2.0',
    });
  }
}
