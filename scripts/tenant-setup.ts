/**
 * What `npm run tenant -- setup` does, as Microsoft Graph calls (v1.0), each one found first and then created or
 * patched only if it differs, so a second run changes nothing and says so:
 *
 * workforce tenant
 *   1. the API registration: app roles `Invitations.Send` and `Clients.Manage` (users and applications), v2.0 access
 *      tokens, identifier URI `api://<appId>`; its service principal (where roles are assigned to people and apps);
 *   2. the console registration: web redirect URIs `<base>/api/console/callback` and `<base>/api/console/signed-out`
 *      (where Entra's sign-out comes back to: it does only to a registered URI), the same roles for users (Entra puts
 *      the roles a person holds on the app itself in its ID tokens); its service principal;
 * External ID tenant
 *   3. the client-facing registration: web redirect URIs of the `/api/...` callbacks and of `/api/SignedOut` (where
 *      Entra's sign-out comes back to), the ID token's `auth_time`, the Graph application permissions it calls with
 *      (declared in `requiredResourceAccess`, and granted with admin consent: one app role assignment each to its
 *      service principal), the User Administrator directory role;
 *   4. the sign-up and sign-in user flow (email with password), the app linked to it;
 *   5. Google as an identity provider (its OAuth client id and secret) added to that flow, when a Google client is
 *      given. The secret goes to Graph only: never printed, logged or kept.
 */
import { randomUUID } from 'node:crypto';
import {
  CLIENT_APP_DIRECTORY_ROLES,
  CLIENT_APP_GRAPH_PERMISSIONS,
  CLIENT_SIGNED_OUT_PATH,
  CONSOLE_CALLBACK_PATH,
  CONSOLE_SIGNED_OUT_PATH,
  PROFESSIONAL_ROLES,
} from '../dev/identities.js';

export const GRAPH_APP_ID = '00000003-0000-0000-c000-000000000000';
export const NAMES = {
  api: 'Client onboarding API',
  console: 'Professional console',
  clientApp: 'Client onboarding',
  userFlow: 'Sign up and sign in',
  google: 'Google',
};
const ROLE_DESCRIPTIONS: Record<string, string> = {
  'Invitations.Send': 'Send and follow invitations',
  'Clients.Manage': 'Manage clients: client records, SMS activation, blocking',
};
const FLOW_PROVIDERS =
  'microsoft.graph.externalUsersSelfServiceSignUpEventsFlow/onAuthenticationMethodLoadStart/microsoft.graph.onAuthenticationMethodLoadStartExternalUsersSelfServiceSignUp/identityProviders';

export interface TenantSetupOptions {
  workforceTenantId: string;
  externalTenantId: string;
  /** `https://<host>` of the Functions app: the redirect URIs are built from it (none are set without it). */
  publicBaseUrl?: string;
  /** Graph's base URL, without `/v1.0` (`https://graph.microsoft.com`, or the local Entra's URL). */
  graphUrl: string;
  /** A bearer token for Graph in the tenant (the operator's, or the local Entra's admin app). */
  token(tenantId: string): Promise<string>;
  /** Google's OAuth client; without it, Google is not set up (and what exists is left alone). */
  google?: { clientId: string; clientSecret: string };
  /** `<subdomain>` of `<subdomain>.ciamlogin.com`, for the printed `CLIENT_AUTHORITY`. */
  externalSubdomain?: string;
  log(line: string): void;
}

export type StepResult = 'created' | 'updated' | 'unchanged';

export interface TenantSetupResult {
  steps: Array<{ step: string; result: StepResult }>;
  values: Record<string, string>;
  changed: boolean;
}

/** A Graph answer other than the one expected: its status and Graph's error code and message. */
export class GraphCallError extends Error {
  constructor(
    readonly method: string,
    readonly path: string,
    readonly status: number,
    readonly code: string,
  ) {
    super(`${method} ${path}: Graph answered ${status} ${code}`);
  }
}

interface Application {
  id: string;
  appId: string;
  displayName: string;
  identifierUris: string[];
  appRoles: Array<{ id: string; value: string; isEnabled: boolean; allowedMemberTypes: string[] }>;
  web: { redirectUris: string[] };
  api: { requestedAccessTokenVersion: number | null };
  optionalClaims: { idToken?: Array<{ name: string }> } | null;
  requiredResourceAccess: Array<{ resourceAppId: string; resourceAccess: Array<{ id: string; type: string }> }>;
}

const odata = (value: string) => `'${value.replace(/'/g, "''")}'`;

class Graph {
  constructor(
    private readonly options: TenantSetupOptions,
    private readonly tenantId: string,
  ) {}

  async call<T>(method: string, path: string, body?: unknown): Promise<T> {
    const token = await this.options.token(this.tenantId);
    const response = await fetch(`${this.options.graphUrl.replace(/\/+$/, '')}/v1.0${path}`, {
      method,
      headers: {
        authorization: `Bearer ${token}`,
        ...(body !== undefined && { 'content-type': 'application/json' }),
      },
      ...(body !== undefined && { body: JSON.stringify(body) }),
    });
    if (!response.ok) {
      const error = (await response.json().catch(() => ({}))) as { error?: { code?: string; message?: string } };
      // Graph's message, never the request body (it may hold a secret).
      const failure = new GraphCallError(method, path, response.status, error.error?.code ?? 'unknown');
      failure.message += error.error?.message ? `: ${error.error.message}` : '';
      throw failure;
    }
    return (response.status === 204 ? undefined : await response.json()) as T;
  }

  async list<T>(path: string): Promise<T[]> {
    return (await this.call<{ value: T[] }>('GET', path)).value;
  }
}

function newRoles(
  app: Pick<Application, 'appRoles'> | undefined,
  names: string[],
  members: string[],
): Application['appRoles'] | undefined {
  const existing = app?.appRoles ?? [];
  const missing = names.filter((name) => !existing.some((r) => r.value === name && r.isEnabled));
  if (missing.length === 0) return undefined;
  return [
    ...existing,
    ...missing.map((value) => ({
      id: randomUUID(),
      value,
      displayName: value,
      description: ROLE_DESCRIPTIONS[value] ?? value,
      allowedMemberTypes: members,
      isEnabled: true,
    })),
  ];
}

export async function setupTenants(options: TenantSetupOptions): Promise<TenantSetupResult> {
  const steps: TenantSetupResult['steps'] = [];
  const record = (step: string, result: StepResult) => {
    steps.push({ step, result });
    options.log(`${result === 'unchanged' ? '=' : result === 'created' ? '+' : '~'} ${step}: ${result}`);
  };
  const base = options.publicBaseUrl?.replace(/\/+$/, '');
  const workforce = new Graph(options, options.workforceTenantId);
  const external = new Graph(options, options.externalTenantId);

  /** Finds the registration by its display name, creates it, then patches what differs from `wanted(app)`. */
  async function application(
    graph: Graph,
    name: string,
    create: Record<string, unknown>,
    wanted: (app: Application) => Record<string, unknown>,
  ): Promise<Application> {
    const found = await graph.list<Application>(`/applications?$filter=displayName eq ${odata(name)}`);
    if (found.length > 1)
      throw new Error(`More than one app registration is named "${name}": keep one, or rename the others.`);
    let app = found[0];
    let result: StepResult = 'unchanged';
    if (!app) {
      app = await graph.call<Application>('POST', '/applications', {
        displayName: name,
        signInAudience: 'AzureADMyOrg',
        ...create,
      });
      result = 'created';
    }
    const patch = wanted(app);
    if (Object.keys(patch).length > 0) {
      await graph.call('PATCH', `/applications/${app.id}`, patch);
      app = await graph.call<Application>('GET', `/applications/${app.id}`);
      if (result === 'unchanged') result = 'updated';
    }
    record(`app registration "${name}" (${app.appId})`, result);
    return app;
  }

  async function servicePrincipal(graph: Graph, app: Application): Promise<string> {
    const found = await graph.list<{ id: string }>(`/servicePrincipals?$filter=appId eq ${odata(app.appId)}`);
    if (found[0]) {
      record(`service principal of "${app.displayName}"`, 'unchanged');
      return found[0].id;
    }
    const created = await graph.call<{ id: string }>('POST', '/servicePrincipals', { appId: app.appId });
    record(`service principal of "${app.displayName}"`, 'created');
    return created.id;
  }

  const missingUris = (app: Application, paths: string[]) => {
    if (base === undefined) return {};
    const all = [...new Set([...app.web.redirectUris, ...paths.map((p) => `${base}${p}`)])];
    return all.length === app.web.redirectUris.length ? {} : { web: { redirectUris: all } };
  };

  // 1. Workforce: the API.
  const api = await application(workforce, NAMES.api, { api: { requestedAccessTokenVersion: 2 } }, (app) => {
    const patch: Record<string, unknown> = {};
    const roles = newRoles(app, PROFESSIONAL_ROLES, ['User', 'Application']);
    if (roles) patch.appRoles = roles;
    if (app.api.requestedAccessTokenVersion !== 2) patch.api = { requestedAccessTokenVersion: 2 };
    const uri = `api://${app.appId}`;
    if (!app.identifierUris.includes(uri)) patch.identifierUris = [...app.identifierUris, uri];
    return patch;
  });
  await servicePrincipal(workforce, api);

  // 2. Workforce: the console.
  const consoleApp = await application(workforce, NAMES.console, {}, (app) => {
    const patch: Record<string, unknown> = missingUris(app, [CONSOLE_CALLBACK_PATH, CONSOLE_SIGNED_OUT_PATH]);
    const roles = newRoles(app, PROFESSIONAL_ROLES, ['User']);
    if (roles) patch.appRoles = roles;
    return patch;
  });
  await servicePrincipal(workforce, consoleApp);

  // 3. External ID: the client-facing app, its Graph permissions and directory role.
  const graphSp = (
    await external.list<{ id: string; appRoles: Array<{ id: string; value: string }> }>(
      `/servicePrincipals?$filter=appId eq ${odata(GRAPH_APP_ID)}`,
    )
  )[0];
  if (!graphSp) throw new Error("Microsoft Graph's service principal was not found in the External ID tenant.");
  const permissionIds = CLIENT_APP_GRAPH_PERMISSIONS.map((value) => {
    const role = graphSp.appRoles.find((r) => r.value === value);
    if (!role) throw new Error(`Microsoft Graph offers no application permission ${value}.`);
    return role.id;
  });
  const clientApp = await application(external, NAMES.clientApp, {}, (app) => {
    const patch: Record<string, unknown> = missingUris(app, [
      '/api/AcceptInvitation/callback',
      '/api/SignIn/callback',
      CLIENT_SIGNED_OUT_PATH,
    ]);
    const idClaims = app.optionalClaims?.idToken ?? [];
    if (!idClaims.some((c) => c.name === 'auth_time')) {
      patch.optionalClaims = {
        ...(app.optionalClaims ?? {}),
        idToken: [...idClaims, { name: 'auth_time', essential: false }],
      };
    }
    const declared = app.requiredResourceAccess.find((r) => r.resourceAppId === GRAPH_APP_ID)?.resourceAccess ?? [];
    if (!permissionIds.every((id) => declared.some((a) => a.id === id && a.type === 'Role'))) {
      patch.requiredResourceAccess = [
        ...app.requiredResourceAccess.filter((r) => r.resourceAppId !== GRAPH_APP_ID),
        {
          resourceAppId: GRAPH_APP_ID,
          resourceAccess: [
            ...declared.filter((a) => !permissionIds.includes(a.id)),
            ...permissionIds.map((id) => ({ id, type: 'Role' })),
          ],
        },
      ];
    }
    return patch;
  });
  const clientSp = await servicePrincipal(external, clientApp);
  const granted = await external.list<{ appRoleId: string; resourceId: string }>(
    `/servicePrincipals/${clientSp}/appRoleAssignments`,
  );
  for (const [index, appRoleId] of permissionIds.entries()) {
    const name = `Graph application permission ${CLIENT_APP_GRAPH_PERMISSIONS[index]} (admin consent)`;
    if (granted.some((g) => g.appRoleId === appRoleId && g.resourceId === graphSp.id)) {
      record(name, 'unchanged');
      continue;
    }
    await external.call('POST', `/servicePrincipals/${graphSp.id}/appRoleAssignedTo`, {
      principalId: clientSp,
      resourceId: graphSp.id,
      appRoleId,
    });
    record(name, 'created');
  }
  const assignments = await external.list<{ roleDefinitionId: string; directoryScopeId: string }>(
    `/roleManagement/directory/roleAssignments?$filter=principalId eq ${odata(clientSp)}`,
  );
  for (const roleName of CLIENT_APP_DIRECTORY_ROLES) {
    const definition = (
      await external.list<{ id: string }>(
        `/roleManagement/directory/roleDefinitions?$filter=displayName eq ${odata(roleName)}`,
      )
    )[0];
    if (!definition) throw new Error(`The directory role ${roleName} was not found.`);
    const name = `directory role ${roleName} of "${NAMES.clientApp}"`;
    if (assignments.some((a) => a.roleDefinitionId === definition.id && a.directoryScopeId === '/')) {
      record(name, 'unchanged');
      continue;
    }
    await external.call('POST', '/roleManagement/directory/roleAssignments', {
      principalId: clientSp,
      roleDefinitionId: definition.id,
      directoryScopeId: '/',
    });
    record(name, 'created');
  }

  // 4. External ID: the sign-up and sign-in user flow, and the app linked to it.
  const flows = await external.list<{ id: string; displayName: string }>('/identity/authenticationEventsFlows');
  let flow = flows.find((f) => f.displayName === NAMES.userFlow);
  if (flow) record(`user flow "${NAMES.userFlow}"`, 'unchanged');
  else {
    flow = await external.call<{ id: string; displayName: string }>('POST', '/identity/authenticationEventsFlows', {
      '@odata.type': '#microsoft.graph.externalUsersSelfServiceSignUpEventsFlow',
      displayName: NAMES.userFlow,
      onAuthenticationMethodLoadStart: {
        '@odata.type': '#microsoft.graph.onAuthenticationMethodLoadStartExternalUsersSelfServiceSignUp',
        identityProviders: [{ id: 'EmailPassword-OAUTH' }],
      },
      onInteractiveAuthFlowStart: {
        '@odata.type': '#microsoft.graph.onInteractiveAuthFlowStartExternalUsersSelfServiceSignUp',
        isSignUpAllowed: true,
      },
      onAttributeCollection: {
        '@odata.type': '#microsoft.graph.onAttributeCollectionExternalUsersSelfServiceSignUp',
        attributes: [
          { id: 'email', displayName: 'Email Address', userFlowAttributeType: 'builtIn', dataType: 'string' },
          { id: 'displayName', displayName: 'Display Name', userFlowAttributeType: 'builtIn', dataType: 'string' },
        ],
        attributeCollectionPage: {
          views: [
            {
              inputs: [
                {
                  attribute: 'email',
                  label: 'Email Address',
                  inputType: 'text',
                  hidden: true,
                  editable: false,
                  writeToDirectory: true,
                  required: true,
                },
                {
                  attribute: 'displayName',
                  label: 'Display Name',
                  inputType: 'text',
                  hidden: false,
                  editable: true,
                  writeToDirectory: true,
                  required: true,
                },
              ],
            },
          ],
        },
      },
    });
    record(`user flow "${NAMES.userFlow}"`, 'created');
  }
  const linked = await external.list<{ appId: string }>(
    `/identity/authenticationEventsFlows/${flow.id}/conditions/applications/includeApplications`,
  );
  if (linked.some((a) => a.appId.toLowerCase() === clientApp.appId.toLowerCase())) {
    record(`"${NAMES.clientApp}" linked to the user flow`, 'unchanged');
  } else {
    await external.call(
      'POST',
      `/identity/authenticationEventsFlows/${flow.id}/conditions/applications/includeApplications`,
      {
        '@odata.type': '#microsoft.graph.authenticationConditionApplication',
        appId: clientApp.appId,
      },
    );
    record(`"${NAMES.clientApp}" linked to the user flow`, 'created');
  }

  // 5. External ID: Google, and Google in the user flow.
  if (options.google) {
    const providers = await external.list<{ id: string; identityProviderType?: string; clientId?: string }>(
      '/identity/identityProviders',
    );
    const google = providers.find((p) => p.identityProviderType === 'Google');
    let googleId = google?.id;
    if (!google) {
      const created = await external.call<{ id: string }>('POST', '/identity/identityProviders', {
        '@odata.type': '#microsoft.graph.socialIdentityProvider',
        displayName: NAMES.google,
        identityProviderType: 'Google',
        clientId: options.google.clientId,
        clientSecret: options.google.clientSecret,
      });
      googleId = created.id;
      record('identity provider Google', 'created');
    } else if (google.clientId !== options.google.clientId) {
      await external.call('PATCH', `/identity/identityProviders/${encodeURIComponent(google.id)}`, {
        clientId: options.google.clientId,
        clientSecret: options.google.clientSecret,
      });
      record('identity provider Google (another OAuth client)', 'updated');
    } else {
      // Graph never shows a secret back: the same client id is taken as the same set-up.
      record('identity provider Google', 'unchanged');
    }
    const inFlow = await external.list<{ id: string }>(
      `/identity/authenticationEventsFlows/${flow.id}/${FLOW_PROVIDERS}`,
    );
    if (inFlow.some((p) => p.id === googleId)) record('Google in the user flow', 'unchanged');
    else {
      await external.call('POST', `/identity/authenticationEventsFlows/${flow.id}/${FLOW_PROVIDERS}/$ref`, {
        '@odata.id': `${options.graphUrl.replace(/\/+$/, '')}/v1.0/identityProviders/${googleId}`,
      });
      record('Google in the user flow', 'created');
    }
  }

  if (base === undefined) {
    options.log('- redirect URIs: not set (no public base URL yet); run again with it once the host is known');
  }
  const values: Record<string, string> = {
    WORKFORCE_TENANT_ID: options.workforceTenantId,
    API_APP_ID: api.appId,
    CONSOLE_APP_ID: consoleApp.appId,
    CLIENT_TENANT_ID: options.externalTenantId,
    CLIENT_APP_ID: clientApp.appId,
    CLIENT_AUTHORITY: `https://${options.externalSubdomain ?? '<subdomain>'}.ciamlogin.com/${options.externalTenantId}`,
  };
  return { steps, values, changed: steps.some((s) => s.result !== 'unchanged') };
}
