/**
 * A local Entra ID for the dev tests: a workforce tenant (API, professional app, dev professional user) and
 * an external tenant (client portal app, a Graph reader without roles), on a free port, with the sign-up
 * emails captured in memory and a tiny http server standing in for the app's redirect URI.
 */
import { randomBytes, randomUUID } from 'node:crypto';
import { createServer, type Server } from 'node:http';
import path from 'node:path';
import { ConfidentialClientApplication } from '@azure/msal-node';
import { ensureDevCertificates } from '../../dev/certificates.js';
import type { DirectorySpec } from '../../dev/entra/directory.js';
import { type RunningLocalEntra, startLocalEntra, type VerificationEmail } from '../../dev/entra/server.js';

export interface EntraFixture {
  entra: RunningLocalEntra;
  spec: DirectorySpec;
  redirectUri: string;
  emails: VerificationEmail[];
  logs: string[];
  workforce: {
    tenantId: string;
    /** The API's client id: the `aud` of v2.0 access tokens for it. */
    apiClientId: string;
    apiAudience: string;
    /** Another API, which asked for the optional `idtyp` claim in its access tokens. */
    idtypApi: { clientId: string; audience: string };
    professionalClient: { clientId: string; clientSecret: string };
    professionalUser: { id: string; username: string; password: string };
  };
  external: {
    tenantId: string;
    /** Linked to a sign-up user flow; holds Graph write permissions and the User Administrator role. */
    portalClient: { clientId: string; clientSecret: string };
    /** No Graph role, not linked to a sign-up user flow (its redirect URI is the fixture's too). */
    readerClient: { clientId: string; clientSecret: string };
    /** Graph `User.ReadWrite.All` alone, no directory role. */
    writerClient: { clientId: string; clientSecret: string };
    /** Graph `User.Read.All` alone, as the service's own registration. */
    lookupClient: { clientId: string; clientSecret: string };
  };
  /** An MSAL app exactly as the service builds it (authority + knownAuthorities). */
  msal(
    tenant: 'workforce' | 'external',
    client?: { clientId: string; clientSecret: string },
  ): ConfidentialClientApplication;
  /** The 6-digit code of the latest verification email to `to`. */
  lastCode(to: string): string | undefined;
  /** Restarts the local Entra ID on the same port and data folder (persistence tests). */
  restart(): Promise<void>;
  close(): Promise<void>;
}

const secret = () => randomBytes(24).toString('base64url');

export async function startEntraFixture(options: { dataDir?: string; now?: () => number } = {}): Promise<EntraFixture> {
  const certificates = await ensureDevCertificates(path.resolve('.dev'));
  const callback = await startCallbackServer();
  const redirectUri = `http://localhost:${callback.port}/callback`;
  const apiClientId = randomUUID();
  const apiAudience = `api://${apiClientId}`;
  const idtypApiId = randomUUID();
  const idtypApi = { clientId: idtypApiId, audience: `api://${idtypApiId}` };
  const professionalClient = { clientId: randomUUID(), clientSecret: secret() };
  const professionalUser = { id: randomUUID(), username: 'fse@contoso.example', password: 'Dev-Professional-1' };
  const portalClient = { clientId: randomUUID(), clientSecret: secret() };
  const readerClient = { clientId: randomUUID(), clientSecret: secret() };
  const writerClient = { clientId: randomUUID(), clientSecret: secret() };
  const lookupClient = { clientId: randomUUID(), clientSecret: secret() };
  const workforceId = randomUUID();
  const externalId = randomUUID();
  const graph = 'https://graph.microsoft.com';
  const spec: DirectorySpec = {
    tenants: [
      {
        id: workforceId,
        kind: 'workforce',
        displayName: 'Contoso Field Services',
        domain: 'contoso.example',
        apps: [
          {
            clientId: apiClientId,
            displayName: 'Client onboarding API',
            redirectUris: [],
            identifierUri: apiAudience,
            appRoles: ['Invitations.Send', 'Clients.Manage'],
          },
          {
            clientId: idtypApi.clientId,
            displayName: 'API with the idtyp optional claim',
            redirectUris: [],
            identifierUri: idtypApi.audience,
            appRoles: ['Reports.Read'],
            accessTokenOptionalClaims: ['idtyp'],
          },
          {
            ...professionalClient,
            displayName: 'Field service app',
            redirectUris: [redirectUri],
            applicationPermissions: [
              { resource: apiAudience, roles: ['Invitations.Send', 'Clients.Manage'] },
              { resource: idtypApi.audience, roles: ['Reports.Read'] },
              { resource: graph, roles: ['User.ReadWrite.All', 'User.RevokeSessions.All'] },
            ],
          },
        ],
        users: [
          {
            id: professionalUser.id,
            email: professionalUser.username,
            displayName: 'Fanny Service-Engineer',
            givenName: 'Fanny',
            surname: 'Service-Engineer',
            password: professionalUser.password,
            appRoleAssignments: [{ resource: apiAudience, roles: ['Invitations.Send', 'Clients.Manage'] }],
          },
        ],
      },
      {
        id: externalId,
        kind: 'external',
        displayName: 'Contoso Clients',
        domain: 'clients.example',
        apps: [
          {
            ...portalClient,
            displayName: 'Client portal',
            redirectUris: [redirectUri],
            applicationPermissions: [
              {
                resource: graph,
                roles: [
                  'User.ReadWrite.All',
                  'User-PasswordProfile.ReadWrite.All',
                  'User.ManageIdentities.All',
                  'User.RevokeSessions.All',
                ],
              },
            ],
            directoryRoles: ['User Administrator'],
            signUpUserFlow: true,
          },
          { ...readerClient, displayName: 'App without Graph roles or user flow', redirectUris: [redirectUri] },
          {
            ...writerClient,
            displayName: 'App with User.ReadWrite.All only',
            redirectUris: [],
            applicationPermissions: [{ resource: graph, roles: ['User.ReadWrite.All'] }],
          },
          {
            ...lookupClient,
            displayName: 'App with User.Read.All only',
            redirectUris: [],
            applicationPermissions: [{ resource: graph, roles: ['User.Read.All'] }],
          },
        ],
        users: [],
      },
    ],
  };
  const emails: VerificationEmail[] = [];
  const logs: string[] = [];
  const start = (port?: number) =>
    startLocalEntra({
      ...(port !== undefined && { port }),
      cert: certificates.cert,
      key: certificates.key,
      directory: spec,
      ...(options.dataDir && { dataDir: options.dataDir }),
      ...(options.now && { now: options.now }),
      sendVerificationEmail: async (message) => {
        emails.push(message);
      },
      log: (line) => logs.push(line),
    });
  let entra = await start();
  const fixture: EntraFixture = {
    get entra() {
      return entra;
    },
    spec,
    redirectUri,
    emails,
    logs,
    workforce: { tenantId: workforceId, apiClientId, apiAudience, idtypApi, professionalClient, professionalUser },
    external: { tenantId: externalId, portalClient, readerClient, writerClient, lookupClient },
    msal(tenant, client) {
      const tenantId = tenant === 'workforce' ? workforceId : externalId;
      const credentials = client ?? (tenant === 'workforce' ? professionalClient : portalClient);
      return new ConfidentialClientApplication({
        auth: {
          ...credentials,
          authority: entra.authority(tenantId),
          knownAuthorities: [new URL(entra.url).host],
        },
      });
    },
    lastCode(to) {
      const message = emails.filter((e) => e.to.toLowerCase() === to.toLowerCase()).at(-1);
      return message ? /\b(\d{6})\b/.exec(message.text)?.[1] : undefined;
    },
    async restart() {
      const port = entra.port;
      await entra.close();
      entra = await start(port);
    },
    async close() {
      await entra.close();
      await callback.close();
    },
  };
  return fixture;
}

/** The app's redirect URI: answers every request with a small page so the browser's navigation succeeds. */
async function startCallbackServer(): Promise<{ port: number; close(): Promise<void> }> {
  const server: Server = createServer((_req, res) => {
    res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' });
    res.end('<!doctype html><html lang="en"><title>Callback</title><main><h1>Signed in</h1></main></html>');
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  const port = typeof address === 'object' && address ? address.port : 0;
  return {
    port,
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}

export function uniqueEmail(prefix: string): string {
  return `${prefix}.${randomBytes(4).toString('hex')}@example.test`;
}

export async function graphToken(
  fixture: EntraFixture,
  tenant: 'workforce' | 'external' = 'external',
): Promise<string> {
  const result = await fixture
    .msal(tenant)
    .acquireTokenByClientCredential({ scopes: ['https://graph.microsoft.com/.default'] });
  if (!result?.accessToken) throw new Error('no Graph token');
  return result.accessToken;
}

/** The parts of Graph's answers the tests read. */
export interface GraphBody {
  id?: string;
  value?: Array<{ id: string } & Record<string, unknown>>;
  '@odata.nextLink'?: string;
  error?: { code: string; message: string; innerError: Record<string, string> };
  [property: string]: unknown;
}

/** The parts of the token endpoint's answers the tests read. */
export interface TokenBody {
  access_token?: string;
  refresh_token?: string;
  id_token?: string;
  error?: string;
  error_codes?: number[];
  [property: string]: unknown;
}

/** Calls the local Graph with a bearer token; returns status and parsed body. */
export async function graphCall(
  fixture: EntraFixture,
  token: string,
  method: string,
  pathAndQuery: string,
  body?: unknown,
  headers: Record<string, string> = {},
): Promise<{ status: number; body: GraphBody }> {
  const response = await fetch(`${fixture.entra.url}/v1.0${pathAndQuery}`, {
    method,
    headers: {
      ...headers,
      authorization: `Bearer ${token}`,
      ...(body !== undefined && { 'content-type': 'application/json' }),
    },
    ...(body !== undefined && { body: JSON.stringify(body) }),
  });
  const text = await response.text();
  return { status: response.status, body: text ? (JSON.parse(text) as GraphBody) : {} };
}

export async function createGraphUser(
  fixture: EntraFixture,
  token: string,
  email: string,
  password: string,
  extra: Record<string, unknown> = {},
): Promise<string> {
  const { status, body } = await graphCall(fixture, token, 'POST', '/users', {
    displayName: 'Camille Client',
    mail: email,
    accountEnabled: true,
    identities: [{ signInType: 'emailAddress', issuer: 'clients.example', issuerAssignedId: email }],
    passwordProfile: { password, forceChangePasswordNextSignIn: false },
    ...extra,
  });
  if (status !== 201) throw new Error(`Graph create answered ${status}: ${JSON.stringify(body)}`);
  return body.id as string;
}
