/**
 * What Graph's tenant set-up calls write, in Graph's own shapes: app registrations (`applications`), their service
 * principals, app role assignments (application permissions granted with admin consent), directory role
 * assignments, External ID's sign-up user flows (`authenticationEventsFlows`) and identity providers. Persisted in
 * the data folder (`registrations.json`); after every write the tenant's `apps` are rebuilt from it, so an app the
 * set-up script registers signs in exactly as the seeded ones of `dev/identities.ts` (which stay as they are, and are
 * not Graph objects here).
 */
import { randomUUID } from 'node:crypto';
import type { AppRegistration, DirectorySpec } from './directory.js';
import type { JsonFile } from './json-file.js';
import { GRAPH_RESOURCE, stableGuid } from './tenants.js';
import { servicePrincipalId } from './tokens.js';

/** Microsoft Graph's application id: its service principal exists in every tenant. */
export const GRAPH_APP_ID = '00000003-0000-0000-c000-000000000000';

/** The application permissions Graph's service principal offers here: those the product and its tools use. */
export const GRAPH_APPLICATION_PERMISSIONS = [
  'Application.Read.All',
  'Application.ReadWrite.All',
  'AppRoleAssignment.ReadWrite.All',
  'Directory.Read.All',
  'Directory.ReadWrite.All',
  'EventListener.Read.All',
  'EventListener.ReadWrite.All',
  'IdentityProvider.Read.All',
  'IdentityProvider.ReadWrite.All',
  'RoleManagement.Read.Directory',
  'RoleManagement.ReadWrite.Directory',
  'User.DeleteRestore.All',
  'User.EnableDisableAccount.All',
  'User.ManageIdentities.All',
  'User-PasswordProfile.ReadWrite.All',
  'User.Read.All',
  'User.ReadWrite.All',
  'User.RevokeSessions.All',
];

/** Built-in directory roles, by their template ids (Graph's `unifiedRoleDefinition`, the same in every tenant). */
export const DIRECTORY_ROLES: Record<string, string> = {
  'User Administrator': 'fe930be7-5e62-47db-91af-98c3a49a38b1',
  'Privileged Authentication Administrator': '7be44c8a-adaf-4e2a-84d6-ab2649e08a13',
  'Global Administrator': '62e90394-69f5-4237-9190-012177145e10',
};

/** The identity providers every external tenant has (`builtInIdentityProvider`); Google is added by its admin. */
export const BUILT_IN_PROVIDERS = [
  { id: 'EmailPassword-OAUTH', displayName: 'Email with password', identityProviderType: 'EmailPassword' },
  { id: 'EmailOtpSignup-OAUTH', displayName: 'Email one-time passcode', identityProviderType: 'EmailOTP' },
];
export const GOOGLE_PROVIDER_ID = 'Google-OAUTH';

export interface AppRole {
  id: string;
  value: string;
  displayName: string;
  description: string;
  allowedMemberTypes: string[];
  isEnabled: boolean;
  origin: 'Application';
}

export interface GraphApplication {
  id: string;
  appId: string;
  displayName: string;
  signInAudience: string;
  identifierUris: string[];
  appRoles: AppRole[];
  web: {
    redirectUris: string[];
    implicitGrantSettings: { enableIdTokenIssuance: boolean; enableAccessTokenIssuance: boolean };
  };
  api: { requestedAccessTokenVersion: number | null };
  optionalClaims: { idToken: OptionalClaim[]; accessToken: OptionalClaim[]; saml2Token: OptionalClaim[] } | null;
  requiredResourceAccess: Array<{ resourceAppId: string; resourceAccess: Array<{ id: string; type: string }> }>;
  createdDateTime: string;
}

export interface OptionalClaim {
  name: string;
  source: string | null;
  essential: boolean;
  additionalProperties: string[];
}

export interface GraphServicePrincipal {
  id: string;
  appId: string;
  displayName: string;
  servicePrincipalType: 'Application';
  appRoles: AppRole[];
}

export interface AppRoleAssignment {
  id: string;
  principalId: string;
  principalType: 'ServicePrincipal';
  principalDisplayName: string;
  resourceId: string;
  resourceDisplayName: string;
  appRoleId: string;
  createdDateTime: string;
}

export interface RoleAssignment {
  id: string;
  principalId: string;
  roleDefinitionId: string;
  directoryScopeId: string;
}

export interface EventsFlow {
  id: string;
  displayName: string;
  description: string | null;
  priority: number;
  includeApplications: string[];
  isSignUpAllowed: boolean;
  identityProviders: string[];
  /** `onAttributeCollection` as given (the attributes collected at sign-up), echoed back. */
  onAttributeCollection: unknown;
}

export interface IdentityProviderRecord {
  id: string;
  displayName: string;
  identityProviderType: string;
  clientId: string;
  /** The secret is write-only in Graph; the local Entra keeps only that one was given. */
}

interface TenantRegistrations {
  applications: GraphApplication[];
  servicePrincipals: GraphServicePrincipal[];
  appRoleAssignments: AppRoleAssignment[];
  roleAssignments: RoleAssignment[];
  flows: EventsFlow[];
  identityProviders: IdentityProviderRecord[];
}

export interface RegistrationFile {
  tenants: Record<string, TenantRegistrations>;
}

const empty = (): TenantRegistrations => ({
  applications: [],
  servicePrincipals: [],
  appRoleAssignments: [],
  roleAssignments: [],
  flows: [],
  identityProviders: [],
});

/** Graph's application permissions as its service principal's app roles (the same ids in every tenant). */
export function graphPermissionRoles(): AppRole[] {
  return GRAPH_APPLICATION_PERMISSIONS.map((value) => ({
    id: stableGuid('graph-app-role', value),
    value,
    displayName: value,
    description: value,
    allowedMemberTypes: ['Application'],
    isEnabled: true,
    origin: 'Application' as const,
  }));
}

export class Registrations {
  private readonly staticApps = new Map<string, AppRegistration[]>();

  private constructor(
    private data: RegistrationFile,
    private readonly spec: DirectorySpec,
    private readonly file: JsonFile<RegistrationFile>,
    readonly now: () => number,
  ) {
    for (const tenant of spec.tenants) this.staticApps.set(tenant.id, [...tenant.apps]);
  }

  static async open(spec: DirectorySpec, file: JsonFile<RegistrationFile>, now: () => number): Promise<Registrations> {
    const store = new Registrations((await file.read()) ?? { tenants: {} }, spec, file, now);
    store.apply();
    return store;
  }

  of(tenantId: string): TenantRegistrations {
    this.data.tenants[tenantId] ??= empty();
    return this.data.tenants[tenantId] as TenantRegistrations;
  }

  stamp(): string {
    return new Date(this.now()).toISOString().replace(/\.\d+Z$/, 'Z');
  }

  newId(): string {
    return randomUUID();
  }

  /** Microsoft Graph's service principal in the tenant, with the permissions it offers as app roles. */
  graphServicePrincipal(tenantId: string): GraphServicePrincipal {
    return {
      id: servicePrincipalId(tenantId, GRAPH_APP_ID),
      appId: GRAPH_APP_ID,
      displayName: 'Microsoft Graph',
      servicePrincipalType: 'Application',
      appRoles: graphPermissionRoles(),
    };
  }

  servicePrincipals(tenantId: string): GraphServicePrincipal[] {
    return [this.graphServicePrincipal(tenantId), ...this.of(tenantId).servicePrincipals];
  }

  /** Saves, then rebuilds every tenant's app registrations from the static ones and the Graph objects. */
  async save(): Promise<void> {
    this.apply();
    await this.file.write(this.data);
  }

  flush(): Promise<void> {
    return this.file.flush();
  }

  private apply(): void {
    for (const tenant of this.spec.tenants) {
      const derived = this.of(tenant.id).applications.map((app) => this.registration(tenant.id, app));
      tenant.apps.splice(0, tenant.apps.length, ...(this.staticApps.get(tenant.id) ?? []), ...derived);
    }
  }

  /** The sign-in model of a Graph application: what authorize, token and Graph's permission checks read. */
  private registration(tenantId: string, app: GraphApplication): AppRegistration {
    const data = this.of(tenantId);
    const sp = data.servicePrincipals.find((s) => s.appId === app.appId);
    const permissions = new Map<string, string[]>();
    for (const assignment of data.appRoleAssignments.filter((a) => sp && a.principalId === sp.id)) {
      const resource = this.servicePrincipals(tenantId).find((s) => s.id === assignment.resourceId);
      const role = resource?.appRoles.find((r) => r.id === assignment.appRoleId);
      if (!resource || !role) continue;
      const resourceApp = data.applications.find((a) => a.appId === resource.appId);
      const key = resource.appId === GRAPH_APP_ID ? GRAPH_RESOURCE : (resourceApp?.identifierUris[0] ?? resource.appId);
      permissions.set(key, [...(permissions.get(key) ?? []), role.value]);
    }
    const roleNames = Object.entries(DIRECTORY_ROLES);
    const directoryRoles = data.roleAssignments
      .filter((r) => sp && r.principalId === sp.id && r.directoryScopeId === '/')
      .map((r) => roleNames.find(([, id]) => id === r.roleDefinitionId)?.[0])
      .filter((name): name is string => name !== undefined);
    const flows = data.flows.filter((f) => f.includeApplications.includes(app.appId));
    const idTokenClaims = (app.optionalClaims?.idToken ?? []).map((c) => c.name).filter((n) => n === 'auth_time');
    return {
      clientId: app.appId,
      displayName: app.displayName,
      redirectUris: [...app.web.redirectUris],
      ...(app.identifierUris[0] && { identifierUri: app.identifierUris[0] }),
      ...(app.appRoles.length > 0 && { appRoles: app.appRoles.filter((r) => r.isEnabled).map((r) => r.value) }),
      ...(idTokenClaims.length > 0 && { idTokenOptionalClaims: idTokenClaims as Array<'auth_time'> }),
      ...(permissions.size > 0 && {
        applicationPermissions: [...permissions].map(([resource, roles]) => ({ resource, roles })),
      }),
      ...(directoryRoles.length > 0 && { directoryRoles }),
      ...(flows.some((f) => f.isSignUpAllowed) && { signUpUserFlow: true }),
      ...(flows.some((f) => f.identityProviders.includes(GOOGLE_PROVIDER_ID)) &&
        data.identityProviders.some((p) => p.id === GOOGLE_PROVIDER_ID) && { googleSignIn: true }),
    };
  }
}
