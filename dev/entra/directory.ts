/**
 * What the local Entra ID knows at start: its tenants, app registrations and seeded users. The stack builds
 * this from `.dev/identities.json` (ids and secrets generated once per machine) and the ports in use.
 * Users created later through Graph are kept by the local Entra itself (its data folder).
 */

export type TenantKind = 'workforce' | 'external';

/**
 * A certificate registered on an app (Graph's `keyCredential` resource): token requests may authenticate with a
 * client assertion signed by its key (private_key_jwt). Graph's `PATCH /applications/{id}` writes the same shape.
 */
export interface KeyCredential {
  /** A GUID naming the credential on the registration. */
  keyId: string;
  /** `AsymmetricX509Cert`: the only type modelled. */
  type: 'AsymmetricX509Cert';
  /** `Verify`: the certificate verifies the app's client assertions. */
  usage: 'Verify';
  /** The certificate, base64 of its DER encoding (what `az ad app credential reset --cert` uploads). */
  key: string;
  displayName?: string;
  /** ISO 8601; default: the certificate's own validity. Entra refuses assertions outside it. */
  startDateTime?: string;
  endDateTime?: string;
}

export interface AppRegistration {
  clientId: string;
  /**
   * Confidential clients have a secret or a certificate (`keyCredentials`); token requests must present one: the
   * secret (client_secret_post or basic), or a client assertion signed by a registered certificate.
   */
  clientSecret?: string;
  keyCredentials?: KeyCredential[];
  displayName: string;
  /** Exact redirect URIs accepted at authorize and token (authorization code flow). */
  redirectUris: string[];
  /** Application ID URI when this app is an API (e.g. `api://<clientId>`): the `aud` of tokens for it. */
  identifierUri?: string;
  /** App roles this API exposes (e.g. `Invitations.Send`, `Clients.Manage`). */
  appRoles?: string[];
  /** Optional claims this API asked for in its access tokens (only `idtyp` is modelled); default none, as in Entra. */
  accessTokenOptionalClaims?: Array<'idtyp'>;
  /** Optional claims this app asked for in its ID tokens (only `auth_time` is modelled); default none, as in Entra. */
  idTokenOptionalClaims?: Array<'auth_time'>;
  /**
   * Application permissions granted to this app (client credentials): per resource, the roles its tokens
   * carry. `resource` is an API's identifierUri, or `https://graph.microsoft.com` for Graph
   * (e.g. `User.ReadWrite.All`).
   */
  applicationPermissions?: Array<{ resource: string; roles: string[] }>;
  /** Directory roles held by the app's service principal (e.g. `User Administrator`), which some Graph writes need. */
  directoryRoles?: string[];
  /** Linked to a sign-up-and-sign-in user flow (External ID): only then may people create accounts through it. */
  signUpUserFlow?: boolean;
  /** Its user flow offers Google (External ID's federation): the sign-in page shows "Sign in with Google". */
  googleSignIn?: boolean;
}

export interface SeedUser {
  /** Object id (`oid`), a GUID. */
  id: string;
  /** Sign-in name and `mail`. */
  email: string;
  displayName: string;
  givenName?: string;
  surname?: string;
  password: string;
  /** App roles assigned to this user, per API identifierUri (delegated tokens carry them in `roles`). */
  appRoleAssignments?: Array<{ resource: string; roles: string[] }>;
}

/**
 * A user-assigned managed identity of the tenant (a service principal Azure manages): its tokens come from the host's
 * managed-identity endpoint (`dev/entra/managed-identity.ts`), never from a secret.
 */
export interface ManagedIdentitySpec {
  /** The identity's client (application) id: what `ManagedIdentityCredential({ clientId })` names. */
  clientId: string;
  /** Its object (principal) id: `oid` and `sub` of its tokens, and the principal of its Azure role assignments. */
  objectId: string;
  /** Its Azure resource id (`/subscriptions/…/userAssignedIdentities/<name>`): `xms_mirid` of its tokens. */
  resourceId: string;
}

export interface TenantSpec {
  id: string;
  kind: TenantKind;
  /** Display name, e.g. "Contoso Field Services (workforce)". */
  displayName: string;
  /** Primary domain, e.g. `contoso.example` (workforce) or `clients.example` (external). */
  domain: string;
  apps: AppRegistration[];
  users: SeedUser[];
  /** User-assigned managed identities living in this tenant (the subscription's tenant in Azure). */
  managedIdentities?: ManagedIdentitySpec[];
}

export interface DirectorySpec {
  tenants: TenantSpec[];
}
