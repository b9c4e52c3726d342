/**
 * The local Entra ID: an https OpenID provider in Entra's URL shapes for the tenants of a DirectorySpec
 * (discovery, JWKS with rotation, authorize pages, token endpoint) plus the Microsoft Graph users subset.
 * MSAL, jose and the app's Graph adapter talk to it exactly as they talk to Azure; only URLs differ.
 *
 * @example
 * const entra = await startLocalEntra({ cert, key, directory, dataDir: '.dev/entra' });
 * new ConfidentialClientApplication({ auth: { clientId, clientSecret, authority: entra.authority(tenantId),
 *   knownAuthorities: [new URL(entra.url).host] } });
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import { createServer } from 'node:https';
import path from 'node:path';
import { authorize, logout } from './authorize.js';
import type { EntraContext, VerificationMailer } from './context.js';
import type { DirectorySpec } from './directory.js';
import { openIdConfiguration } from './discovery.js';
import { entraErrorBody, GraphError, OAuthError, sendGraphError } from './errors.js';
import { GrantStore } from './grants.js';
import { graph } from './graph.js';
import { graphSetup, isSetupCollection } from './graph-setup.js';
import { HttpProblem, sendHtml, sendJson } from './http.js';
import { indexPage } from './index-page.js';
import { loginAction } from './interaction.js';
import { JsonFile } from './json-file.js';
import { type KeyFile, SigningKeys } from './keys.js';
import { SignInLockout } from './lockout.js';
import { MANAGED_IDENTITY_PATH, managedIdentityToken } from './managed-identity.js';
import { type RegistrationFile, Registrations } from './registrations.js';
import { cspNonce } from './sign-in-flow.js';
import { Directory, tenantIssuer } from './tenants.js';
import { token } from './token-endpoint.js';
import { TokenIssuer } from './tokens.js';
import { InteractionStore } from './transactions.js';
import { type UserFile, UserStore } from './users.js';

export type { VerificationEmail, VerificationMailer } from './context.js';

export interface LocalEntraOptions {
  /** 0 (the default) picks a free port. */
  port?: number;
  /** Interface to listen on; default 127.0.0.1. */
  hostname?: string;
  /** Host name in URLs and issuers; default `localhost` (the dev certificate's name). */
  publicHost?: string;
  cert: string;
  key: string;
  directory: DirectorySpec;
  /** Folder for keys and users; omit to keep everything in memory. */
  dataDir?: string;
  /** Sends the sign-up verification code; without it the code is written to the log. */
  sendVerificationEmail?: VerificationMailer;
  log?: (line: string) => void;
  /** Clock in epoch ms, for tests of expiry; default Date.now. */
  now?: () => number;
  /**
   * The `IDENTITY_HEADER` of the host's managed-identity endpoint (`/msi/token`, `managed-identity.ts`); without it the
   * endpoint refuses every request.
   */
  managedIdentityHeader?: string;
}

export interface RunningLocalEntra {
  /** `https://localhost:PORT` */
  url: string;
  port: number;
  /** `https://localhost:PORT/<tenantId>`: MSAL's authority (with knownAuthorities: [`localhost:PORT`]). */
  authority(tenantId: string): string;
  /**
   * The `iss` of every token of the tenant, as Azure issues it: `https://<tid>.ciamlogin.com/<tid>/v2.0` for an
   * external tenant, `https://login.microsoftonline.com/<tid>/v2.0` for a workforce one (endpoints stay local).
   */
  issuer(tenantId: string): string;
  /** New signing key; the previous one stays in the JWKS so tokens it signed still verify. */
  rotateSigningKeys(): Promise<void>;
  /** `https://localhost:PORT/msi/token`: the host's `IDENTITY_ENDPOINT` (App Service's managed-identity endpoint). */
  managedIdentityEndpoint: string;
  close(): Promise<void>;
}

const LOGIN_ACTIONS = new Set(['signin', 'signup', 'verify', 'password', 'consent', 'google', 'account']);

export async function startLocalEntra(options: LocalEntraOptions): Promise<RunningLocalEntra> {
  const now = options.now ?? Date.now;
  const log = options.log ?? (() => undefined);
  const file = <T>(name: string) => new JsonFile<T>(options.dataDir ? path.join(options.dataDir, name) : undefined);
  const directory = new Directory(options.directory);
  const keys = await SigningKeys.open(file<KeyFile>('keys.json'), now);
  const users = await UserStore.open(options.directory, file<UserFile>('users.json'), now);
  const registrations = await Registrations.open(options.directory, file<RegistrationFile>('registrations.json'), now);
  let baseUrl = '';
  const issuer = (tenantId: string) => {
    const tenant = directory.tenant(tenantId);
    if (!tenant) throw new Error(`unknown tenant ${tenantId}`);
    return tenantIssuer(tenant);
  };
  const ctx: EntraContext = {
    baseUrl: () => baseUrl,
    issuer,
    directory,
    users,
    registrations,
    keys,
    tokens: new TokenIssuer(keys, issuer, now),
    grants: new GrantStore(now),
    interactions: new InteractionStore(now),
    lockout: new SignInLockout(now),
    sendVerificationEmail: options.sendVerificationEmail,
    log,
    now,
  };

  const server = createServer({ cert: options.cert, key: options.key }, (req, res) => {
    const path = (req.url ?? '').split('?')[0];
    const answer =
      path === MANAGED_IDENTITY_PATH
        ? managedIdentityToken(ctx, req, res, new URL(req.url ?? '/', baseUrl), options.managedIdentityHeader)
        : route(ctx, req, res);
    answer.catch((error: unknown) => fail(ctx, req, res, error));
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, options.hostname ?? '127.0.0.1', () => {
      server.off('error', reject);
      resolve();
    });
  });
  const address = server.address();
  const port = typeof address === 'object' && address ? address.port : 0;
  baseUrl = `https://${options.publicHost ?? 'localhost'}:${port}`;
  log(
    `local Entra ID listening at ${baseUrl} (${options.directory.tenants.map((t) => `${t.kind} ${t.id}`).join(', ')})`,
  );

  return {
    url: baseUrl,
    port,
    authority: (tenantId) => `${baseUrl}/${tenantId}`,
    issuer,
    managedIdentityEndpoint: `${baseUrl}${MANAGED_IDENTITY_PATH}`,
    rotateSigningKeys: async () => {
      await keys.rotate();
      log(`signing keys rotated: new kid ${keys.activeKid}`);
    },
    close: async () => {
      await new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      });
      await users.flush();
      await registrations.flush();
    },
  };
}

function allow(req: IncomingMessage, methods: string[]): void {
  if (!methods.includes(req.method ?? 'GET')) throw new HttpProblem(405, `Use ${methods.join(' or ')}`);
}

async function route(ctx: EntraContext, req: IncomingMessage, res: ServerResponse): Promise<void> {
  const url = new URL(req.url ?? '/', ctx.baseUrl() || 'https://localhost');
  const parts = url.pathname.split('/').filter(Boolean);
  if (parts.length === 0) {
    allow(req, ['GET']);
    const nonce = cspNonce();
    return sendHtml(res, 200, indexPage(ctx.baseUrl(), ctx.directory.tenants, nonce), nonce);
  }
  if (parts[0] === 'v1.0' && isSetupCollection(parts[1])) return graphSetup(ctx, req, res, url);
  if (parts[0] === 'v1.0') return graph(ctx, req, res, url);
  const tenant = ctx.directory.tenant(decodeURIComponent(parts[0] ?? ''));
  if (!tenant) {
    throw new OAuthError(
      'invalid_tenant',
      90002,
      `Tenant '${parts[0]}' not found. Check to make sure you have the correct tenant ID.`,
    );
  }
  const rest = parts.slice(1).join('/');
  switch (rest) {
    case 'v2.0/.well-known/openid-configuration':
    case '.well-known/openid-configuration':
      allow(req, ['GET']);
      return sendJson(res, 200, openIdConfiguration(ctx.baseUrl(), tenant, ctx.issuer(tenant.id)), {
        'access-control-allow-origin': '*',
      });
    case 'discovery/v2.0/keys':
    case 'discovery/keys':
      allow(req, ['GET']);
      return sendJson(res, 200, ctx.keys.jwks(ctx.issuer(tenant.id)), { 'access-control-allow-origin': '*' });
    case 'oauth2/v2.0/authorize':
      allow(req, ['GET']);
      return authorize(ctx, req, res, tenant, url);
    case 'oauth2/v2.0/token':
      allow(req, ['POST']);
      return token(ctx, req, res, tenant);
    case 'oauth2/v2.0/logout':
      allow(req, ['GET']);
      return logout(ctx, req, res, tenant, url);
  }
  const action = parts[2];
  if (parts[1] === 'login' && parts.length === 3 && action && LOGIN_ACTIONS.has(action)) {
    allow(req, action === 'signin' || action === 'signup' || action === 'google' ? ['GET', 'POST'] : ['POST']);
    return loginAction(ctx, req, res, tenant, action, url);
  }
  throw new HttpProblem(404, 'Not found');
}

/** Last-resort answers: Graph errors in Graph's shape, OAuth ones in Entra's, the rest as plain JSON. */
function fail(ctx: EntraContext, req: IncomingMessage, res: ServerResponse, error: unknown): void {
  if (res.headersSent) {
    res.destroy();
    return;
  }
  const stamp = new Date(ctx.now());
  const isGraph = (req.url ?? '').startsWith('/v1.0');
  if (error instanceof GraphError) {
    sendGraphError(res, error, stamp);
  } else if (error instanceof HttpProblem && isGraph) {
    sendGraphError(res, new GraphError(error.status, 'BadRequest', error.message), stamp);
  } else if (error instanceof HttpProblem) {
    const code = error.status === 404 ? 'not_found' : 'invalid_request';
    sendJson(res, error.status, { error: code, error_description: error.message });
  } else if (error instanceof OAuthError) {
    sendJson(res, error.status, entraErrorBody(error, stamp));
  } else {
    const where = `${req.method} ${(req.url ?? '').split('?')[0]}`;
    ctx.log(`internal error on ${where}: ${(error as Error).stack ?? String(error)}`);
    sendJson(res, 500, { error: 'server_error', error_description: 'Internal error in the local Entra ID.' });
  }
}
