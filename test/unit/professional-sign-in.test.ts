/**
 * The console sign-in adapter's own checks (`msalProfessionalSignIn`), in the fast suite: MSAL is a stand-in that
 * checks nothing and hands back the ID token the test built with jose, and the workforce tenant's keys are a JWKS
 * served by a local http server. So each refusal below is the adapter's: the ID token's signature, issuer, tenant,
 * audience (the console's app), lifetime and nonce; and what it makes of an accepted token is the `Professional` the
 * bearer path builds, with the app roles of the ID token (unknown ones dropped).
 */
import { randomUUID } from 'node:crypto';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { ConfidentialClientApplication } from '@azure/msal-node';
import { exportJWK, generateKeyPair, type JWTPayload, SignJWT } from 'jose';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { msalProfessionalSignIn } from '../../shared/adapters/entra/professional-sign-in.js';
import { DomainError } from '../../shared/domain/errors.js';
import type { SignInAttempt } from '../../shared/domain/ports.js';

const tenantId = randomUUID();
const clientId = randomUUID();
const issuer = `https://login.microsoftonline.com/${tenantId}/v2.0`;
const KID = 'workforce-key-1';
const NOW = new Date('2026-11-30T10:00:00Z');
const seconds = (d: Date) => Math.floor(d.getTime() / 1000);

let server: Server;
let host: string;
let tenantKey: CryptoKey;
let foreignKey: CryptoKey;
let nextIdToken = '';
const authorizeRequests: Array<Record<string, unknown>> = [];

const msalStandIn = {
  async acquireTokenByCode() {
    return { idToken: nextIdToken, account: null };
  },
  async getAuthCodeUrl(request: Record<string, unknown>) {
    authorizeRequests.push(request);
    return `${host}/${tenantId}/oauth2/v2.0/authorize`;
  },
  getTokenCache: () => ({ removeAccount: async () => undefined }),
} as unknown as ConfidentialClientApplication;

const adapter = () =>
  msalProfessionalSignIn({
    app: msalStandIn,
    clientId,
    tenantId,
    authorityHost: host,
    issuer,
    publicBaseUrl: 'https://onboarding.example',
    now: () => NOW,
  });

beforeAll(async () => {
  const pair = await generateKeyPair('RS256', { extractable: true });
  tenantKey = pair.privateKey;
  foreignKey = (await generateKeyPair('RS256')).privateKey;
  const jwks = { keys: [{ ...(await exportJWK(pair.publicKey)), kid: KID, alg: 'RS256', use: 'sig' }] };
  server = createServer((request, response) => {
    if (request.url === `/${tenantId}/discovery/v2.0/keys`) {
      response.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify(jwks));
    } else response.writeHead(404).end();
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  host = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});

afterAll(async () => {
  await new Promise((resolve) => server.close(resolve));
});

const attempt: SignInAttempt = { state: 'state-1', nonce: 'nonce-1', codeVerifier: 'v', codeChallenge: 'c' };

async function idToken(claims: JWTPayload = {}, key: CryptoKey = tenantKey): Promise<string> {
  return new SignJWT({
    tid: tenantId,
    oid: 'oid-tamer',
    nonce: 'nonce-1',
    name: 'Tamer Mohamed-Nour',
    preferred_username: 'fse@gfms.example',
    roles: ['Invitations.Send', 'Clients.Manage'],
    ver: '2.0',
    ...claims,
  })
    .setProtectedHeader({ alg: 'RS256', kid: KID })
    .setIssuer(typeof claims.iss === 'string' ? claims.iss : issuer)
    .setAudience(typeof claims.aud === 'string' ? claims.aud : clientId)
    .setIssuedAt(seconds(NOW) - 60)
    .setExpirationTime(typeof claims.exp === 'number' ? claims.exp : seconds(NOW) + 3600)
    .sign(key);
}

async function redeemWith(token: string) {
  nextIdToken = token;
  return adapter().redeem({ code: 'code-1', attempt, redirectPath: '/api/console/callback' });
}

async function refusedWith(token: string): Promise<string | undefined> {
  try {
    await redeemWith(token);
    return undefined;
  } catch (error) {
    return error instanceof DomainError ? error.code : String(error);
  }
}

describe('the console sign-in adapter', () => {
  it('when the authorize URL is built, then it asks for the code with PKCE S256, state, nonce and the console callback', async () => {
    await adapter().authorizeUrl({ attempt, redirectPath: '/api/console/callback', locale: 'en' });
    expect(authorizeRequests.at(-1)).toMatchObject({
      redirectUri: 'https://onboarding.example/api/console/callback',
      responseMode: 'query',
      codeChallenge: 'c',
      codeChallengeMethod: 'S256',
      state: 'state-1',
      nonce: 'nonce-1',
      extraQueryParameters: { ui_locales: 'en' },
    });
  });

  it('when the sign-out URL is built, then it is the workforce tenant’s logout, back to the registered signed-out page with the language in state', () => {
    const url = new URL(
      adapter().signOutUrl({ postLogoutRedirectPath: '/api/console/signed-out', state: 'en', locale: 'en' }),
    );
    expect(`${url.origin}${url.pathname}`).toBe(`${host}/${tenantId}/oauth2/v2.0/logout`);
    expect(Object.fromEntries(url.searchParams)).toEqual({
      post_logout_redirect_uri: 'https://onboarding.example/api/console/signed-out',
      state: 'en',
      ui_locales: 'en',
    });
  });

  it('when the ID token holds, then the professional is the one the bearer path builds, with the console app and its roles', async () => {
    expect(await redeemWith(await idToken({ roles: ['Invitations.Send', 'Reports.Read'] }))).toEqual({
      tenantId,
      oid: 'oid-tamer',
      appId: clientId,
      name: 'Tamer Mohamed-Nour',
      kind: 'user',
      roles: ['Invitations.Send'],
      username: 'fse@gfms.example',
    });
    expect((await redeemWith(await idToken({ roles: undefined }))).roles).toEqual([]);
    expect((await redeemWith(await idToken({ name: undefined }))).name).toBe('fse@gfms.example');
  });

  it.each([
    ['another audience (an ID token of another app)', { aud: randomUUID() }],
    ['another issuer', { iss: `https://login.microsoftonline.com/${randomUUID()}/v2.0` }],
    ['another tenant', { tid: randomUUID() }],
    ['another nonce (a replayed token)', { nonce: 'nonce-2' }],
    ['no object id', { oid: undefined }],
    ['expired beyond the 5 minutes of skew', { exp: seconds(NOW) - 301 }],
  ])('when the ID token has %s, then the sign-in is refused', async (_what, claims) => {
    expect(await refusedWith(await idToken(claims as JWTPayload))).toBe('sign-in-failed');
  });

  it('when the ID token is signed by a key that is not the tenant’s, then the sign-in is refused', async () => {
    expect(await refusedWith(await idToken({}, foreignKey))).toBe('sign-in-failed');
  });
});
