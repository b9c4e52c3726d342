/**
 * `npm run tenant -- setup` (scripts/tenant-setup.ts) against a fresh local Entra ID that holds nothing but an admin app
 * per tenant: the first run leaves both tenants as the product needs them (read back through Graph), the registered
 * app then signs in through the user flow (sign-up allowed, Google offered), a second run changes nothing, and Graph
 * refuses the set-up calls to a caller without their permissions, and bad bodies with Graph's error body.
 */
import { randomBytes, randomUUID } from 'node:crypto';
import path from 'node:path';
import { ConfidentialClientApplication } from '@azure/msal-node';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ensureDevCertificates } from '../../dev/certificates.js';
import type { DirectorySpec } from '../../dev/entra/directory.js';
import { type RunningLocalEntra, startLocalEntra } from '../../dev/entra/server.js';
import { CLIENT_APP_GRAPH_PERMISSIONS } from '../../dev/identities.js';
import {
  GraphCallError,
  setupTenants,
  type TenantSetupOptions,
  type TenantSetupResult,
} from '../../scripts/tenant-setup.js';
import { graphClientDirectory } from '../../shared/adapters/entra/graph-directory.js';
import { provesEmail } from '../../shared/domain/directory-account.js';
import { FormSession, formOf } from './entra-forms.js';

const GRAPH = 'https://graph.microsoft.com';
const BASE = 'https://func-api-test.azurewebsites.net';
const GOOGLE = {
  clientId: '1234567890-local.apps.googleusercontent.com',
  clientSecret: `GOCSPX-${randomBytes(12).toString('hex')}`,
};
const secret = () => randomBytes(24).toString('base64url');
const workforceId = randomUUID();
const externalId = randomUUID();
const workforceAdmin = { clientId: randomUUID(), clientSecret: secret() };
const externalAdmin = { clientId: randomUUID(), clientSecret: secret() };
/** Can register apps, nothing else: the other set-up calls must be refused to it. */
const appsOnly = { clientId: randomUUID(), clientSecret: secret() };
/** Reads and writes users, as the service (`User.Read.All`) and an administrator (`User.ReadWrite.All`) do. */
const usersAdmin = { clientId: randomUUID(), clientSecret: secret() };

const spec: DirectorySpec = {
  tenants: [
    {
      id: workforceId,
      kind: 'workforce',
      displayName: 'Fresh workforce',
      domain: 'fresh.example',
      apps: [
        {
          ...workforceAdmin,
          displayName: 'Tenant set-up (admin)',
          redirectUris: [],
          applicationPermissions: [{ resource: GRAPH, roles: ['Application.ReadWrite.All'] }],
        },
      ],
      users: [],
    },
    {
      id: externalId,
      kind: 'external',
      displayName: 'Fresh clients',
      domain: 'fresh-clients.example',
      apps: [
        {
          ...externalAdmin,
          displayName: 'Tenant set-up (admin)',
          redirectUris: [],
          applicationPermissions: [
            {
              resource: GRAPH,
              roles: [
                'Application.ReadWrite.All',
                'AppRoleAssignment.ReadWrite.All',
                'RoleManagement.ReadWrite.Directory',
                'EventListener.ReadWrite.All',
                'IdentityProvider.ReadWrite.All',
              ],
            },
          ],
        },
        {
          ...appsOnly,
          displayName: 'Can register apps only',
          redirectUris: [],
          applicationPermissions: [{ resource: GRAPH, roles: ['Application.ReadWrite.All'] }],
        },
        {
          ...usersAdmin,
          displayName: 'Users admin',
          redirectUris: [],
          applicationPermissions: [{ resource: GRAPH, roles: ['User.Read.All', 'User.ReadWrite.All'] }],
        },
      ],
      users: [],
    },
  ],
};

let entra: RunningLocalEntra;
const logs: string[] = [];
const printed: string[] = [];

async function tokenFor(tenantId: string, client: { clientId: string; clientSecret: string }): Promise<string> {
  const response = await fetch(`${entra.authority(tenantId)}/oauth2/v2.0/token`, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams({
      grant_type: 'client_credentials',
      ...{ client_id: client.clientId, client_secret: client.clientSecret },
      scope: `${GRAPH}/.default`,
    }),
  });
  return ((await response.json()) as { access_token: string }).access_token;
}

function options(): TenantSetupOptions {
  return {
    workforceTenantId: workforceId,
    externalTenantId: externalId,
    publicBaseUrl: BASE,
    graphUrl: entra.url,
    token: (tenantId) => tokenFor(tenantId, tenantId === workforceId ? workforceAdmin : externalAdmin),
    google: GOOGLE,
    externalSubdomain: 'freshclients',
    log: (line) => printed.push(line),
  };
}

async function graph(
  tenantId: string,
  method: string,
  pathAndQuery: string,
  body?: unknown,
  client = tenantId === workforceId ? workforceAdmin : externalAdmin,
) {
  const response = await fetch(`${entra.url}/v1.0${pathAndQuery}`, {
    method,
    headers: {
      authorization: `Bearer ${await tokenFor(tenantId, client)}`,
      ...(body !== undefined && { 'content-type': 'application/json' }),
    },
    ...(body !== undefined && { body: JSON.stringify(body) }),
  });
  const text = await response.text();
  return { status: response.status, body: (text ? JSON.parse(text) : undefined) as Record<string, Json> };
}

// biome-ignore lint/suspicious/noExplicitAny: Graph's JSON, read by the assertions
type Json = any;
let first: TenantSetupResult;

beforeAll(async () => {
  const certificates = await ensureDevCertificates(path.resolve('.dev'));
  entra = await startLocalEntra({
    cert: certificates.cert,
    key: certificates.key,
    directory: spec,
    log: (l) => logs.push(l),
  });
  first = await setupTenants(options());
});

afterAll(async () => {
  await entra?.close();
});

describe('npm run tenant -- setup, first run on fresh tenants', () => {
  it('creates every step and prints the values azd needs', () => {
    expect(first.changed).toBe(true);
    expect(first.steps.every((s) => s.result === 'created')).toBe(true);
    expect(first.values).toMatchObject({
      WORKFORCE_TENANT_ID: workforceId,
      CLIENT_TENANT_ID: externalId,
      CLIENT_AUTHORITY: `https://freshclients.ciamlogin.com/${externalId}`,
    });
    expect(first.values.API_APP_ID).toMatch(/^[0-9a-f-]{36}$/);
  });

  it('leaves the workforce API and console registered: roles, v2.0 tokens, identifier URI, redirect URIs', async () => {
    const apps = (await graph(workforceId, 'GET', '/applications')).body.value as Array<Record<string, Json>>;
    const api = apps.find((a) => a.appId === first.values.API_APP_ID);
    expect(api?.identifierUris).toEqual([`api://${first.values.API_APP_ID}`]);
    expect(api?.api.requestedAccessTokenVersion).toBe(2);
    expect(
      api?.appRoles.map((r: { value: string; allowedMemberTypes: string[] }) => [r.value, r.allowedMemberTypes]),
    ).toEqual([
      ['Invitations.Send', ['User', 'Application']],
      ['Clients.Manage', ['User', 'Application']],
    ]);
    const consoleApp = apps.find((a) => a.appId === first.values.CONSOLE_APP_ID);
    // The callback, and the signed-out page Entra's sign-out comes back to (only to a registered URI).
    expect(consoleApp?.web.redirectUris).toEqual([`${BASE}/api/console/callback`, `${BASE}/api/console/signed-out`]);
    expect(consoleApp?.appRoles.map((r: { value: string }) => r.value)).toEqual(['Invitations.Send', 'Clients.Manage']);
    const sps = (await graph(workforceId, 'GET', `/servicePrincipals?$filter=appId eq '${api?.appId}'`)).body.value;
    expect(sps).toHaveLength(1);
  });

  it('leaves the client app with its callbacks, Graph permissions granted, User Administrator, user flow and Google', async () => {
    const clientAppId = first.values.CLIENT_APP_ID as string;
    const [app] = (await graph(externalId, 'GET', `/applications?$filter=appId eq '${clientAppId}'`)).body.value;
    expect(app.web.redirectUris).toEqual([
      `${BASE}/api/AcceptInvitation/callback`,
      `${BASE}/api/SignIn/callback`,
      `${BASE}/api/SignedOut`,
    ]);
    expect(app.optionalClaims.idToken.map((c: { name: string }) => c.name)).toEqual(['auth_time']);
    const [sp] = (await graph(externalId, 'GET', `/servicePrincipals?$filter=appId eq '${clientAppId}'`)).body.value;
    const [graphSp] = (
      await graph(externalId, 'GET', `/servicePrincipals?$filter=appId eq '00000003-0000-0000-c000-000000000000'`)
    ).body.value;
    const granted = (await graph(externalId, 'GET', `/servicePrincipals/${sp.id}/appRoleAssignments`)).body.value;
    const names = granted.map(
      (g: { appRoleId: string }) => graphSp.appRoles.find((r: { id: string }) => r.id === g.appRoleId)?.value,
    );
    expect(names.sort()).toEqual([...CLIENT_APP_GRAPH_PERMISSIONS].sort());
    const roles = (
      await graph(externalId, 'GET', `/roleManagement/directory/roleAssignments?$filter=principalId eq '${sp.id}'`)
    ).body.value;
    expect(roles.map((r: { roleDefinitionId: string }) => r.roleDefinitionId)).toEqual([
      'fe930be7-5e62-47db-91af-98c3a49a38b1',
    ]);

    const flows = (await graph(externalId, 'GET', '/identity/authenticationEventsFlows')).body.value;
    expect(flows).toHaveLength(1);
    expect(flows[0].onInteractiveAuthFlowStart.isSignUpAllowed).toBe(true);
    const linked = (
      await graph(
        externalId,
        'GET',
        `/identity/authenticationEventsFlows/${flows[0].id}/conditions/applications/includeApplications`,
      )
    ).body.value;
    expect(linked.map((a: { appId: string }) => a.appId)).toEqual([clientAppId]);
    const providers = (
      await graph(
        externalId,
        'GET',
        `/identity/authenticationEventsFlows/${flows[0].id}/microsoft.graph.externalUsersSelfServiceSignUpEventsFlow/onAuthenticationMethodLoadStart/microsoft.graph.onAuthenticationMethodLoadStartExternalUsersSelfServiceSignUp/identityProviders`,
      )
    ).body.value;
    expect(providers.map((p: { id: string }) => p.id)).toEqual(['EmailPassword-OAUTH', 'Google-OAUTH']);
    const google = (await graph(externalId, 'GET', '/identity/identityProviders/Google-OAUTH')).body;
    expect(google).toMatchObject({ identityProviderType: 'Google', clientId: GOOGLE.clientId, clientSecret: '******' });
  });

  it('never prints or logs the Google secret', () => {
    expect([...printed, ...logs].join('\n')).not.toContain(GOOGLE.clientSecret);
  });

  it('registers the signed-out pages: each tenant’s sign-out comes back to them (with `state`), and to no other address', async () => {
    const logout = (tenantId: string, back: string) => {
      const url = new URL(`${entra.authority(tenantId)}/oauth2/v2.0/logout`);
      url.search = new URLSearchParams({ post_logout_redirect_uri: back, state: 'en', ui_locales: 'en' }).toString();
      return fetch(url, { redirect: 'manual' });
    };
    for (const [tenantId, back] of [
      [workforceId, `${BASE}/api/console/signed-out`],
      [externalId, `${BASE}/api/SignedOut`],
    ] as const) {
      const answer = await logout(tenantId, back);
      expect(answer.status, back).toBe(302);
      expect(answer.headers.get('location')).toBe(`${back}?state=en`);
      // The same page with its language in the address is another URI: Entra keeps the browser on its own page.
      const unregistered = await logout(tenantId, `${back}?lang=en`);
      expect(unregistered.status).toBe(200);
      expect(unregistered.headers.get('location')).toBeNull();
    }
  });

  it('registers an app that signs in: sign-up through the user flow, with Google offered', async () => {
    const url = new URL(`${entra.authority(externalId)}/oauth2/v2.0/authorize`);
    url.search = new URLSearchParams({
      client_id: first.values.CLIENT_APP_ID as string,
      redirect_uri: `${BASE}/api/SignIn/callback`,
      response_type: 'code',
      scope: 'openid profile email',
      code_challenge: 'E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM',
      code_challenge_method: 'S256',
      prompt: 'create',
    }).toString();
    const response = await fetch(url);
    expect(response.status).toBe(200);
    const page = await response.text();
    expect(page).toContain('Create account');
    expect(page).toContain('Sign in with Google');
  });
});

describe('npm run tenant -- setup, again', () => {
  it('changes nothing and says so', async () => {
    const before = (await graph(externalId, 'GET', '/applications')).body.value;
    const again = await setupTenants(options());
    expect(again.changed).toBe(false);
    expect(again.steps.map((s) => s.result)).toEqual(first.steps.map(() => 'unchanged'));
    expect(again.values).toEqual(first.values);
    expect((await graph(externalId, 'GET', '/applications')).body.value).toEqual(before);
  });
  it('when run without a public base URL, then nothing changes; with a new host, only its redirect URIs are added', async () => {
    const { publicBaseUrl: _, ...withoutHost } = options();
    expect((await setupTenants(withoutHost)).changed).toBe(false);
    const custom = await setupTenants({ ...options(), publicBaseUrl: 'https://onboarding.example.com' });
    expect(custom.steps.filter((s) => s.result !== 'unchanged').map((s) => s.step)).toEqual([
      `app registration "Professional console" (${first.values.CONSOLE_APP_ID})`,
      `app registration "Client onboarding" (${first.values.CLIENT_APP_ID})`,
    ]);
    const [app] = (await graph(externalId, 'GET', `/applications?$filter=appId eq '${first.values.CLIENT_APP_ID}'`))
      .body.value;
    expect(app.web.redirectUris).toEqual([
      `${BASE}/api/AcceptInvitation/callback`,
      `${BASE}/api/SignIn/callback`,
      `${BASE}/api/SignedOut`,
      'https://onboarding.example.com/api/AcceptInvitation/callback',
      'https://onboarding.example.com/api/SignIn/callback',
      'https://onboarding.example.com/api/SignedOut',
    ]);
  });
});

describe('Graph refuses the set-up calls it does not allow', () => {
  it('when the caller may only register apps, then granting, roles, flows and providers are 403 and write nothing', async () => {
    const [graphSp] = (
      await graph(
        externalId,
        'GET',
        `/servicePrincipals?$filter=appId eq '00000003-0000-0000-c000-000000000000'`,
        undefined,
        appsOnly,
      )
    ).body.value;
    const [sp] = (
      await graph(
        externalId,
        'GET',
        `/servicePrincipals?$filter=appId eq '${first.values.CLIENT_APP_ID}'`,
        undefined,
        appsOnly,
      )
    ).body.value;
    const refused = [
      await graph(
        externalId,
        'POST',
        `/servicePrincipals/${graphSp.id}/appRoleAssignedTo`,
        { principalId: sp.id, resourceId: graphSp.id, appRoleId: graphSp.appRoles[0].id },
        appsOnly,
      ),
      await graph(
        externalId,
        'POST',
        '/roleManagement/directory/roleAssignments',
        { principalId: sp.id, roleDefinitionId: '62e90394-69f5-4237-9190-012177145e10', directoryScopeId: '/' },
        appsOnly,
      ),
      await graph(
        externalId,
        'POST',
        '/identity/authenticationEventsFlows',
        { '@odata.type': '#microsoft.graph.externalUsersSelfServiceSignUpEventsFlow', displayName: 'Other flow' },
        appsOnly,
      ),
      await graph(externalId, 'GET', '/identity/identityProviders', undefined, appsOnly),
    ];
    for (const answer of refused) {
      expect(answer.status).toBe(403);
      expect(answer.body.error.code).toBe('Authorization_RequestDenied');
    }
    expect((await graph(externalId, 'GET', '/identity/authenticationEventsFlows')).body.value).toHaveLength(1);
    const roles = (
      await graph(externalId, 'GET', `/roleManagement/directory/roleAssignments?$filter=principalId eq '${sp.id}'`)
    ).body.value;
    expect(roles).toHaveLength(1);
  });

  it('when the whole set-up runs with that caller, then it stops at the first refused call with Graph’s code', async () => {
    const weak = {
      ...options(),
      externalTenantId: externalId,
      token: (tenantId: string) => tokenFor(tenantId, tenantId === workforceId ? workforceAdmin : appsOnly),
    };
    const failure = await setupTenants({
      ...weak,
      google: { ...GOOGLE, clientId: 'another-client.apps.googleusercontent.com' },
    }).catch((e: unknown) => e);
    expect(failure).toBeInstanceOf(GraphCallError);
    expect((failure as GraphCallError).status).toBe(403);
    expect((failure as GraphCallError).code).toBe('Authorization_RequestDenied');
    expect((failure as GraphCallError).message).not.toContain(GOOGLE.clientSecret);
  });

  it('when a body is wrong, then 400 with Graph’s error body; an unknown object is 404', async () => {
    const noName = await graph(externalId, 'POST', '/applications', { signInAudience: 'AzureADMyOrg' });
    expect(noName.status).toBe(400);
    expect(noName.body.error).toMatchObject({ code: 'Request_BadRequest' });
    expect(noName.body.error.innerError['request-id']).toBeTruthy();
    const unknownProperty = await graph(externalId, 'POST', '/applications', { displayName: 'x', colour: 'blue' });
    expect(unknownProperty.status).toBe(400);
    const badFlow = await graph(externalId, 'POST', '/identity/authenticationEventsFlows', { displayName: 'No type' });
    expect(badFlow.status).toBe(400);
    const badProvider = await graph(externalId, 'POST', '/identity/identityProviders', {
      '@odata.type': '#microsoft.graph.socialIdentityProvider',
      displayName: 'G',
      identityProviderType: 'Myspace',
      clientId: 'a',
      clientSecret: 'b',
    });
    expect(badProvider.status).toBe(400);
    const [app] = (await graph(externalId, 'GET', `/applications?$filter=appId eq '${first.values.CLIENT_APP_ID}'`))
      .body.value;
    const removeRole = await graph(externalId, 'PATCH', `/applications/${app.id}`, {
      web: { redirectUris: ['ftp://nope'] },
    });
    expect(removeRole.status).toBe(400);
    expect((await graph(externalId, 'GET', `/applications/${randomUUID()}`)).status).toBe(404);
    expect((await graph(externalId, 'GET', `/identity/authenticationEventsFlows/${randomUUID()}`)).status).toBe(404);
    expect((await graph(externalId, 'GET', '/applications')).body.value).toHaveLength(1);
  });
});

/** Through the client app's sign-in page to the Google stand-in, as `email` (verified or not); the new account's id. */
async function signInWithGoogle(email: string, verified: boolean, locale = 'en'): Promise<string> {
  const browser = new FormSession();
  const url = new URL(`${entra.authority(externalId)}/oauth2/v2.0/authorize`);
  url.search = new URLSearchParams({
    client_id: first.values.CLIENT_APP_ID as string,
    redirect_uri: `${BASE}/api/SignIn/callback`,
    response_type: 'code',
    scope: 'openid profile email',
    code_challenge: 'E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM',
    code_challenge_method: 'S256',
    ui_locales: locale,
  }).toString();
  const signIn = await (await browser.request(url.toString())).text();
  const label = locale === 'fr' ? 'Se connecter avec Google' : 'Sign in with Google';
  const link = new RegExp(`<a href="([^"]+/login/google\\?tx=[^"]+)">${label}</a>`).exec(signIn)?.[1];
  expect(link, signIn).toBeTruthy();
  const standIn = await (await browser.request(new URL(link!, entra.url).toString())).text();
  expect(standIn).toContain(locale === 'fr' ? 'simulation locale' : 'local stand-in');
  expect(standIn).toMatch(/<label for="emailVerified">/);
  const form = formOf(standIn);
  let done = await browser.request(new URL(form.action, entra.url).toString(), {
    form: { tx: form.tx, csrf: form.csrf, email, ...(verified && { emailVerified: 'yes' }) },
  });
  if (done.status === 200) {
    // A first sign-in to the app: its consent page.
    const consentForm = formOf(await done.text());
    done = await browser.request(new URL(consentForm.action, entra.url).toString(), {
      form: { tx: consentForm.tx, csrf: consentForm.csrf, decision: 'yes' },
    });
  }
  expect(done.status).toBe(302);
  expect(done.headers.get('location')).toMatch(new RegExp(`^${BASE}/api/SignIn/callback\\?code=`));
  const clientInfo = new URL(done.headers.get('location')!).searchParams.get('client_info')!;
  return (JSON.parse(Buffer.from(clientInfo, 'base64url').toString()) as { uid: string }).uid;
}

describe('Google sign-in through the user flow the set-up made (local stand-in of Google)', () => {
  const directory = () =>
    graphClientDirectory({
      app: new ConfidentialClientApplication({
        auth: { ...usersAdmin, authority: entra.authority(externalId), knownAuthorities: [new URL(entra.url).host] },
      }),
      graphBaseUrl: entra.url,
      identityIssuer: 'fresh-clients.example',
    });

  it('when Google verified the email, then a federated account is signed up with it, and it proves the address', async () => {
    const email = `claire.${randomUUID().slice(0, 8)}@gmail.com`;
    const oid = await signInWithGoogle(email, true);
    const user = (
      await graph(
        externalId,
        'GET',
        `/users/${oid}?$select=id,mail,otherMails,identities,creationType`,
        undefined,
        usersAdmin,
      )
    ).body;
    expect(user.identities).toEqual([
      { signInType: 'federated', issuer: 'google.com', issuerAssignedId: expect.stringMatching(/^\d{21}$/) },
    ]);
    expect(user).toMatchObject({ mail: email, otherMails: [email] });
    const account = await directory().account(oid);
    expect(provesEmail(account!, email)).toBe(true);
    // The same Google account signs in again to the same directory account.
    expect(await signInWithGoogle(email, true, 'fr')).toBe(oid);
  });

  it('when Google did not verify the email, then the account records none, and proves nothing', async () => {
    const email = `unverified.${randomUUID().slice(0, 8)}@example.com`;
    const oid = await signInWithGoogle(email, false);
    const account = await directory().account(oid);
    expect(account).toMatchObject({ mail: null });
    expect(provesEmail(account!, email)).toBe(false);
  });

  it('when an administrator sets mail to another address through Graph, then Google’s email still decides', async () => {
    const email = `paul.${randomUUID().slice(0, 8)}@gmail.com`;
    const invited = `invited.${randomUUID().slice(0, 8)}@contoso.example`;
    const oid = await signInWithGoogle(email, true);
    expect((await graph(externalId, 'PATCH', `/users/${oid}`, { mail: invited }, usersAdmin)).status).toBe(204);
    const account = await directory().account(oid);
    expect(account?.mail).toBe(invited);
    expect(provesEmail(account!, invited)).toBe(false);
  });
});
