/**
 * The client sign-in adapter's own checks (`msalClientSignIn`), in the fast suite: MSAL is a stand-in that checks
 * nothing and hands back the ID token the test built with jose, and the tenant's keys are a JWKS served by a local
 * http server. So each refusal below is the adapter's, not MSAL's: the `state` compare, the nonce, and the ID
 * token's signature, algorithm, issuer, tenant, audience and lifetime (≤ 5 min skew). The callback's `state` check
 * (`verifyCallback`) runs here with the adapter's compare. The integration suite does the same against the local
 * Entra ID and real MSAL (`onboarding-id-token.test.ts`).
 */
import { createHash, randomBytes, randomUUID } from 'node:crypto';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { ConfidentialClientApplication } from '@azure/msal-node';
import { exportJWK, generateKeyPair, type JWTPayload, SignJWT } from 'jose';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { msalClientSignIn } from '../../shared/adapters/entra/client-sign-in.js';
import { DomainError } from '../../shared/domain/errors.js';
import type { ClientSignIn, SignInAttempt } from '../../shared/domain/ports.js';
import { ACCEPT_CALLBACK_PATH, verifyCallback } from '../../shared/domain/use-cases/accept-invitation.js';

const tenantId = randomUUID();
const clientId = randomUUID();
const issuer = `https://${tenantId}.ciamlogin.example/${tenantId}/v2.0`;
const KID = 'tenant-key-1';
const NOW = new Date('2026-05-04T10:00:00Z');
const seconds = (d: Date) => Math.floor(d.getTime() / 1000);

let server: Server;
let authority: string;
let tenantKey: CryptoKey;
let foreignKey: CryptoKey;
/** The ID token the MSAL stand-in returns next, and what the adapter asked of it. */
let nextIdToken: string | (() => never);
let redeemed: Array<Record<string, unknown>>;
let authorizeRequests: Array<Record<string, unknown>>;

/** MSAL, checking nothing: whatever `nextIdToken` holds is "the" ID token. */
const msalStandIn = {
  async acquireTokenByCode(request: Record<string, unknown>) {
    redeemed.push(request);
    const token = typeof nextIdToken === 'function' ? nextIdToken() : nextIdToken;
    return { idToken: token, account: null };
  },
  async getAuthCodeUrl(request: Record<string, unknown>) {
    authorizeRequests.push(request);
    return `${authority}/oauth2/v2.0/authorize?state=${String(request.state)}`;
  },
  getTokenCache: () => ({ removeAccount: async () => undefined }),
} as unknown as ConfidentialClientApplication;

const adapter = (): ClientSignIn =>
  msalClientSignIn({
    app: msalStandIn,
    clientId,
    tenantId,
    authority,
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
  authority = `http://127.0.0.1:${(server.address() as AddressInfo).port}/${tenantId}`;
});

afterAll(async () => {
  await new Promise((resolve) => server.close(resolve));
});

beforeEach(() => {
  redeemed = [];
  authorizeRequests = [];
});

/** The claims of a genuine ID token for `attempt`, issued a minute ago for an hour. */
const genuineClaims = (attempt: SignInAttempt): JWTPayload => ({
  iss: issuer,
  aud: clientId,
  tid: tenantId,
  oid: randomUUID(),
  sub: randomUUID(),
  nonce: attempt.nonce,
  email: 'willy.urs@example.com',
  name: 'Willy Urs',
  iat: seconds(NOW) - 60,
  nbf: seconds(NOW) - 60,
  exp: seconds(NOW) + 3600,
});

/** Signs `claims` (undefined removes a claim) as the tenant would, or with another key or algorithm. */
async function idToken(
  claims: Record<string, unknown>,
  options: { key?: CryptoKey | Uint8Array; alg?: string; kid?: string } = {},
): Promise<string> {
  const payload = Object.fromEntries(Object.entries(claims).filter(([, v]) => v !== undefined));
  return new SignJWT(payload)
    .setProtectedHeader({ alg: options.alg ?? 'RS256', kid: options.kid ?? KID, typ: 'JWT' })
    .sign(options.key ?? tenantKey);
}

async function redeemWith(
  change: Record<string, unknown>,
  options?: Parameters<typeof idToken>[1],
): Promise<{ identity?: unknown; error?: unknown }> {
  const signIn = adapter();
  const attempt = signIn.newAttempt();
  nextIdToken = await idToken({ ...genuineClaims(attempt), ...change }, options);
  try {
    return { identity: await signIn.redeem({ code: 'code-1', attempt, redirectPath: ACCEPT_CALLBACK_PATH }) };
  } catch (error) {
    return { error };
  }
}

const refusedAs = (code: string) => expect.objectContaining({ name: 'DomainError', code });

describe('the client sign-in adapter: a sign-in attempt', () => {
  it('when an attempt starts, then its state, nonce and PKCE verifier are fresh 32-byte values and the challenge is the verifier’s S256', () => {
    const signIn = adapter();
    const a = signIn.newAttempt();
    const b = signIn.newAttempt();
    for (const value of [a.state, a.nonce, a.codeVerifier]) expect(value).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(a.codeChallenge).toBe(createHash('sha256').update(a.codeVerifier).digest('base64url'));
    expect(new Set([a.state, a.nonce, a.codeVerifier, b.state, b.nonce, b.codeVerifier]).size).toBe(6);
  });

  it('when the authorize URL is asked, then MSAL is given the attempt’s state, nonce and S256 challenge, with the code in the query', async () => {
    const signIn = adapter();
    const attempt = signIn.newAttempt();
    await signIn.authorizeUrl({ attempt, redirectPath: ACCEPT_CALLBACK_PATH, locale: 'fr' });
    expect(authorizeRequests).toEqual([
      expect.objectContaining({
        state: attempt.state,
        nonce: attempt.nonce,
        codeChallenge: attempt.codeChallenge,
        codeChallengeMethod: 'S256',
        redirectUri: `https://onboarding.example${ACCEPT_CALLBACK_PATH}`,
        // The callback is a top-level GET (the Lax sign-in cookie goes with it); a form_post would not carry it.
        responseMode: 'query',
      }),
    ]);
  });

  it('when the sign-out URL is built, then it is the client tenant’s logout under its authority, back to the registered signed-out page with the language in state', () => {
    const url = new URL(adapter().signOutUrl({ postLogoutRedirectPath: '/api/SignedOut', state: 'fr', locale: 'fr' }));
    expect(`${url.origin}${url.pathname}`).toBe(`${authority}/oauth2/v2.0/logout`);
    expect(Object.fromEntries(url.searchParams)).toEqual({
      post_logout_redirect_uri: 'https://onboarding.example/api/SignedOut',
      state: 'fr',
      ui_locales: 'fr',
    });
  });

  it('when two states are compared, then only the same state matches: not another, not a prefix, not a longer one', () => {
    const signIn = adapter();
    const { state } = signIn.newAttempt();
    expect(signIn.sameState(state, `${state}`)).toBe(true);
    expect(signIn.sameState(state, signIn.newAttempt().state)).toBe(false);
    expect(signIn.sameState(state, `${state.slice(0, -1)}${state.endsWith('A') ? 'B' : 'A'}`)).toBe(false);
    expect(signIn.sameState(state, state.slice(0, 42))).toBe(false);
    expect(signIn.sameState(state, `${state}A`)).toBe(false);
    expect(signIn.sameState(state, '')).toBe(false);
  });

  it('when the callback’s state is missing or another attempt’s, then it is refused before any code is redeemed', async () => {
    const deps = { signIn: adapter() };
    const attempt = deps.signIn.newAttempt();
    for (const state of [null, '', deps.signIn.newAttempt().state, `${attempt.state}x`]) {
      const callback = { code: 'code-1', error: null, state: state ?? null };
      expect(await verifyCallback(deps, attempt, callback, ACCEPT_CALLBACK_PATH), String(state)).toEqual({
        problem: 'state-mismatch',
      });
    }
    expect(
      await verifyCallback(
        deps,
        undefined,
        { code: 'code-1', state: attempt.state, error: null },
        ACCEPT_CALLBACK_PATH,
      ),
    ).toEqual({ problem: 'state-mismatch' });
    expect(redeemed).toEqual([]);
  });

  it('when the callback’s state is the attempt’s and the token is genuine, then the person is verified (the control case)', async () => {
    const signIn = adapter();
    const attempt = signIn.newAttempt();
    const claims = genuineClaims(attempt);
    nextIdToken = await idToken(claims);
    const verified = await verifyCallback(
      { signIn },
      attempt,
      { code: 'code-1', state: attempt.state, error: null },
      ACCEPT_CALLBACK_PATH,
    );
    expect(verified).toEqual({
      identity: { tenantId, objectId: claims.oid, email: 'willy.urs@example.com', name: 'Willy Urs' },
    });
    expect(redeemed).toEqual([
      expect.objectContaining({
        code: 'code-1',
        codeVerifier: attempt.codeVerifier,
        state: attempt.state,
        nonce: attempt.nonce,
        redirectUri: `https://onboarding.example${ACCEPT_CALLBACK_PATH}`,
      }),
    ]);
  });
});

describe('the client sign-in adapter: the ID token, checked by the adapter itself (MSAL here checks nothing)', () => {
  it('when the token is genuine, then the identity it names is returned; within the 5 min skew too', async () => {
    const { identity } = await redeemWith({});
    expect(identity).toMatchObject({ tenantId, email: 'willy.urs@example.com' });
    expect((await redeemWith({ exp: seconds(NOW) - 240 })).identity).toBeDefined();
    expect((await redeemWith({ nbf: seconds(NOW) + 240 })).identity).toBeDefined();
  });

  type Signer = () => Parameters<typeof idToken>[1];
  const REFUSED: Array<[string, Record<string, unknown>, Signer?]> = [
    ['its nonce is another attempt’s', { nonce: randomBytes(32).toString('base64url') }],
    ['it has no nonce', { nonce: undefined }],
    ['its issuer is another tenant’s', { iss: `https://${randomUUID()}.ciamlogin.example/${randomUUID()}/v2.0` }],
    ['it has no issuer', { iss: undefined }],
    ['its audience is another app', { aud: randomUUID() }],
    ['it has no audience', { aud: undefined }],
    ['its tenant (tid) is another', { tid: randomUUID() }],
    ['it has no tenant (tid)', { tid: undefined }],
    ['it expired 6 minutes ago (beyond the 5 min skew)', { exp: seconds(NOW) - 360 }],
    ['it has no expiry', { exp: undefined }],
    ['it is not valid before 6 minutes from now', { nbf: seconds(NOW) + 360 }],
    ['it names nobody (no oid)', { oid: undefined }],
    ['its oid is empty (a client would be keyed by its tenant alone)', { oid: '' }],
    ['its oid is not a string', { oid: 42 }],
    ['it is signed with a foreign key under the tenant’s kid', {}, () => ({ key: foreignKey })],
    ['it is signed with a key the tenant does not list', {}, () => ({ key: foreignKey, kid: 'unknown' })],
    ['it is signed with HS256', {}, () => ({ alg: 'HS256', key: randomBytes(32) })],
  ];

  for (const [what, change, signer] of REFUSED) {
    it(`when ${what}, then the sign-in is refused (sign-in-failed)`, async () => {
      // The keys are made in beforeAll: the signer reads them when the test runs.
      const { identity, error } = await redeemWith(change, signer?.());
      expect(identity).toBeUndefined();
      expect(error).toBeInstanceOf(DomainError);
      expect(error).toEqual(refusedAs('sign-in-failed'));
    });
  }

  it('when the token’s signature is changed, then the sign-in is refused', async () => {
    const signIn = adapter();
    const attempt = signIn.newAttempt();
    const [header, payload, signature] = (await idToken(genuineClaims(attempt))).split('.') as [string, string, string];
    nextIdToken = `${header}.${payload}.${signature.startsWith('A') ? 'B' : 'A'}${signature.slice(1)}`;
    await expect(signIn.redeem({ code: 'c', attempt, redirectPath: ACCEPT_CALLBACK_PATH })).rejects.toEqual(
      refusedAs('sign-in-failed'),
    );
  });

  it('when MSAL does not redeem the code, or returns no ID token, then the sign-in is refused', async () => {
    const signIn = adapter();
    const attempt = signIn.newAttempt();
    nextIdToken = () => {
      throw new Error('invalid_grant: AADSTS70008');
    };
    await expect(signIn.redeem({ code: 'c', attempt, redirectPath: ACCEPT_CALLBACK_PATH })).rejects.toEqual(
      refusedAs('sign-in-failed'),
    );
    nextIdToken = '';
    await expect(signIn.redeem({ code: 'c', attempt, redirectPath: ACCEPT_CALLBACK_PATH })).rejects.toEqual(
      refusedAs('sign-in-failed'),
    );
  });
});
