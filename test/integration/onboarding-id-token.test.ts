/**
 * SECURITY.md, "Sign-in": the ID token is verified with jose — signature against the tenant's JWKS, `iss`, `tid`,
 * `aud`, `exp`/`nbf` (≤ 5 min skew), `nonce` — MSAL's own checks are not relied on, and a failure writes nothing
 * and starts no session; a missing, foreign or replayed `state` is refused before anything is read or written.
 *
 * A local Entra ID of this file's own runs in this process (its signing key is read from its data folder), behind a
 * small https proxy that rewrites the `id_token` of the token endpoint's answers: tampered, re-signed with a foreign
 * key, or re-signed with the REAL key but with a claim changed. Real codes come from its sign-in pages driven without
 * a browser; the real adapter (`msalClientSignIn`, real MSAL) redeems them. The same cases also go through an MSAL
 * stand-in that checks nothing, so each of the adapter's own checks is what refuses them. Then the whole callback
 * (`acceptCallbackHandler`) runs on the integration stack's storage with that adapter: nothing is written.
 */
import { randomBytes, randomUUID } from 'node:crypto';
import { mkdir, readFile, rm } from 'node:fs/promises';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { createServer, type Server } from 'node:https';
import path from 'node:path';
import { ConfidentialClientApplication } from '@azure/msal-node';
import { decodeJwt, decodeProtectedHeader, generateKeyPair, importJWK, type JWK, type JWTPayload, SignJWT } from 'jose';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ensureDevCertificates } from '../../dev/certificates.js';
import type { DirectorySpec } from '../../dev/entra/directory.js';
import { type RunningLocalEntra, startLocalEntra } from '../../dev/entra/server.js';
import { acceptCallbackHandler } from '../../functions/handlers/accept-invitation-callback.js';
import { msalClientSignIn } from '../../shared/adapters/entra/client-sign-in.js';
import { DomainError } from '../../shared/domain/errors.js';
import type { ClientSignIn, SignInAttempt } from '../../shared/domain/ports.js';
import { ACCEPT_CALLBACK_PATH } from '../../shared/domain/use-cases/accept-invitation.js';
import { SESSION_COOKIE, SIGN_IN_COOKIE } from '../../shared/http/sealed-cookies.js';
import { invitationFor, invite } from '../support/invitations.js';
import { throughEntra, Visitor } from '../support/onboarding-http.js';
import {
  bodyOf,
  browserDepsWith,
  callbackRequest,
  clientRows,
  cookiesOf,
  directoryProving,
  eventsOf,
  invocation,
  sealTransaction,
  sessionStarted,
  silentLog,
  stackDeps,
  storedInvitation,
} from '../support/onboarding-store.js';
import { uniqueEmail } from '../support/stack.js';

type Mutation = (idToken: string) => Promise<string>;

const tenantId = randomUUID();
const person = { oid: randomUUID(), email: uniqueEmail('idtoken'), password: 'Id-Token-Pass-1234' };
const app = { clientId: randomUUID(), clientSecret: randomBytes(24).toString('base64url') };
const dataDir = path.resolve('.dev', 'test-idtoken', randomUUID());

let entra: RunningLocalEntra;
let proxy: { url: string; server: Server };
let realKey: { kid: string; key: CryptoKey | Uint8Array };
let foreignKey: CryptoKey;
/** What the proxy does to the next token answers' `id_token`. */
let mutate: Mutation | undefined;
/** The Entra browser: its SSO cookie lets every sign-in after the first come straight back with a code. */
const browser = new Visitor();
let publicBaseUrl: string;

// --- The dedicated local Entra ID and the proxy in front of it ---------------------------------------------------

async function startProxy(target: string, cert: string, key: string) {
  const server = createServer({ cert, key }, (req, res) => {
    forward(req, res).catch((error: unknown) => {
      res.writeHead(502, { 'content-type': 'text/plain' });
      res.end(String(error));
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  const url = `https://localhost:${typeof address === 'object' && address ? address.port : 0}`;

  async function forward(req: IncomingMessage, res: ServerResponse) {
    const chunks: Buffer[] = [];
    for await (const chunk of req) chunks.push(chunk as Buffer);
    const headers: Record<string, string> = {};
    for (const name of ['content-type', 'authorization', 'cookie', 'accept']) {
      const value = req.headers[name];
      if (typeof value === 'string') headers[name] = value;
    }
    const upstream = await fetch(`${target}${req.url}`, {
      method: req.method ?? 'GET',
      headers,
      redirect: 'manual',
      ...(chunks.length ? { body: Buffer.concat(chunks) } : {}),
    });
    let body = await upstream.text();
    const pathname = new URL(req.url ?? '/', url).pathname;
    // MSAL must send its token requests to the proxy: the discovery document names it instead of the local Entra.
    if (pathname.endsWith('/.well-known/openid-configuration')) body = body.replaceAll(target, url);
    if (pathname.endsWith('/oauth2/v2.0/token') && upstream.ok && mutate) {
      const answer = JSON.parse(body) as { id_token?: string };
      if (answer.id_token) answer.id_token = await mutate(answer.id_token);
      body = JSON.stringify(answer);
    }
    const out: Record<string, string | string[]> = {
      'content-type': upstream.headers.get('content-type') ?? 'application/json',
    };
    const location = upstream.headers.get('location');
    if (location) out.location = location;
    const cookies = upstream.headers.getSetCookie();
    if (cookies.length) out['set-cookie'] = cookies;
    res.writeHead(upstream.status, out);
    res.end(body);
  }
  return { url, server };
}

beforeAll(async () => {
  publicBaseUrl = stackDeps().settings.PUBLIC_BASE_URL;
  const certificates = await ensureDevCertificates(path.resolve('.dev'));
  await mkdir(dataDir, { recursive: true });
  const directory: DirectorySpec = {
    tenants: [
      {
        id: tenantId,
        kind: 'external',
        displayName: 'ID token test clients',
        domain: 'idtoken.example',
        apps: [
          {
            ...app,
            displayName: 'Client portal (ID token tests)',
            redirectUris: [`${publicBaseUrl}${ACCEPT_CALLBACK_PATH}`],
          },
        ],
        users: [{ id: person.oid, email: person.email, displayName: 'Ida Token', password: person.password }],
      },
    ],
  };
  entra = await startLocalEntra({ cert: certificates.cert, key: certificates.key, directory, dataDir });
  proxy = await startProxy(entra.url, certificates.cert, certificates.key);
  const stored = JSON.parse(await readFile(path.join(dataDir, 'keys.json'), 'utf8')) as {
    keys: Array<{ kid: string; privateJwk: JWK; retiredAt?: number }>;
  };
  const active = stored.keys.filter((k) => k.retiredAt === undefined).at(-1)!;
  realKey = { kid: active.kid, key: await importJWK(active.privateJwk, 'RS256') };
  foreignKey = (await generateKeyPair('RS256', { extractable: true })).privateKey;
});

afterAll(async () => {
  await new Promise<void>((resolve) => {
    if (!proxy) return resolve();
    proxy.server.close(() => resolve());
    proxy.server.closeAllConnections();
  });
  await entra?.close();
  await rm(dataDir, { recursive: true, force: true });
});

// --- Tokens ----------------------------------------------------------------------------------------------------

const b64 = (value: unknown) => Buffer.from(JSON.stringify(value)).toString('base64url');
const now = () => Math.floor(Date.now() / 1000);

/** The token's claims, changed (`undefined` removes a claim), signed again with the real key (or another). */
function resign(changes: Record<string, unknown>, options: { key?: CryptoKey; kid?: string } = {}): Mutation {
  return async (token) => {
    const payload: Record<string, unknown> = { ...decodeJwt(token), ...changes };
    for (const [claim, value] of Object.entries(changes)) if (value === undefined) delete payload[claim];
    const { kid: realKid } = decodeProtectedHeader(token);
    return new SignJWT(payload as JWTPayload)
      .setProtectedHeader({ typ: 'JWT', alg: 'RS256', kid: options.kid ?? realKid ?? realKey.kid })
      .sign(options.key ?? realKey.key);
  };
}

const unchanged: Mutation = async (token) => token;

/** Every way an ID token must be refused, each one change away from a token the adapter accepts. */
const refusals: Array<[string, Mutation]> = [
  [
    'its signature is tampered with',
    async (token) => {
      const [header, payload, signature] = token.split('.') as [string, string, string];
      const i = Math.floor(signature.length / 2);
      return `${header}.${payload}.${signature.slice(0, i)}${signature[i] === 'A' ? 'B' : 'A'}${signature.slice(i + 1)}`;
    },
  ],
  [
    'its claims are changed under the original signature',
    async (token) => {
      const [header, , signature] = token.split('.') as [string, string, string];
      return `${header}.${b64({ ...decodeJwt(token), oid: randomUUID() })}.${signature}`;
    },
  ],
  ['it is signed with a foreign key under the real kid', (token) => resign({}, { key: foreignKey })(token)],
  ['it is signed with a foreign key under an unknown kid', (token) => resign({}, { key: foreignKey, kid: 'x' })(token)],
  ['it is unsigned (alg none)', async (token) => `${b64({ typ: 'JWT', alg: 'none' })}.${token.split('.')[1]}.`],
  ['its audience is another app', resign({ aud: randomUUID() })],
  ['its issuer is another tenant’s', resign({ iss: `https://localhost/${randomUUID()}/v2.0` })],
  ['its tenant (tid) is another', resign({ tid: randomUUID() })],
  ['it has no tenant (tid)', resign({ tid: undefined })],
  ['its nonce is another attempt’s', resign({ nonce: randomBytes(32).toString('base64url') })],
  ['it has no nonce', resign({ nonce: undefined })],
  [
    'it expired 6 minutes ago (beyond the 5 min skew)',
    resign({ iat: now() - 3960, nbf: now() - 3960, exp: now() - 360 }),
  ],
  ['it is not valid before 10 minutes from now', resign({ nbf: now() + 600 })],
  ['it names nobody (no oid)', resign({ oid: undefined })],
];

// --- The adapter, through real MSAL --------------------------------------------------------------------------

function adapterThroughProxy(): ClientSignIn {
  const authority = `${proxy.url}/${tenantId}`;
  return msalClientSignIn({
    app: new ConfidentialClientApplication({
      auth: { ...app, authority, knownAuthorities: [new URL(proxy.url).host] },
    }),
    clientId: app.clientId,
    tenantId,
    authority,
    // External ID's issuer (`https://<tid>.ciamlogin.com/<tid>/v2.0`), not `<authority>/v2.0`: here the proxy is
    // the authority, and MSAL accepts the issuer by its CIAM rule (the authority's path is the tenant id).
    issuer: entra.issuer(tenantId),
    publicBaseUrl,
  });
}

/** A real authorization code for a new attempt of the adapter (signing in at the local Entra's pages). */
async function realCode(signIn: ClientSignIn): Promise<{ attempt: SignInAttempt; code: string; state: string }> {
  const attempt = signIn.newAttempt();
  const url = await signIn.authorizeUrl({
    attempt,
    redirectPath: ACCEPT_CALLBACK_PATH,
    loginHint: person.email,
    locale: 'en',
  });
  // The authorize page is the local Entra's own (the proxy only stands in front of discovery, keys and token).
  const callback = new URL(await throughEntra(browser, url.replace(proxy.url, entra.url), person));
  const code = callback.searchParams.get('code');
  const state = callback.searchParams.get('state');
  if (!code || !state) throw new Error(`no code in ${callback.pathname}?${callback.searchParams.get('error')}`);
  expect(state).toBe(attempt.state);
  return { attempt, code, state };
}

async function redeemThroughProxy(signIn: ClientSignIn, mutation: Mutation) {
  const { attempt, code } = await realCode(signIn);
  mutate = mutation;
  try {
    return await signIn.redeem({ code, attempt, redirectPath: ACCEPT_CALLBACK_PATH });
  } finally {
    mutate = undefined;
  }
}

async function expectSignInFailed(redemption: Promise<unknown>): Promise<void> {
  const error = await redemption.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error, 'the redemption was refused').toBeInstanceOf(DomainError);
  expect((error as DomainError).code).toBe('sign-in-failed');
}

describe('the ID token of the client tenant, through real MSAL', () => {
  it('when the token is genuine, or re-signed with the real key and nothing changed, then the person is accepted', async () => {
    const signIn = adapterThroughProxy();
    const expected = { tenantId, objectId: person.oid, email: person.email };
    expect(await redeemThroughProxy(signIn, unchanged)).toMatchObject(expected);
    expect(await redeemThroughProxy(signIn, resign({}))).toMatchObject(expected);
  });

  for (const [when, mutation] of refusals) {
    it(`when ${when}, then the redemption is refused as unauthenticated`, async () => {
      await expectSignInFailed(redeemThroughProxy(adapterThroughProxy(), mutation));
    });
  }
});

// --- The adapter's own checks: an MSAL that checks nothing --------------------------------------------------

describe('the ID token of the client tenant, with an MSAL that checks nothing (the adapter alone decides)', () => {
  let genuine: { token: string; attempt: SignInAttempt };

  beforeAll(async () => {
    const signIn = adapterThroughProxy();
    const { attempt, code } = await realCode(signIn);
    let captured = '';
    mutate = async (token) => {
      captured = token;
      return token;
    };
    try {
      await signIn.redeem({ code, attempt, redirectPath: ACCEPT_CALLBACK_PATH });
    } finally {
      mutate = undefined;
    }
    genuine = { token: captured, attempt };
  });

  function adapterGiving(idToken: string): ClientSignIn {
    const trusting = {
      acquireTokenByCode: async () => ({ idToken, account: null }),
      getTokenCache: () => ({ removeAccount: async () => undefined }),
    } as unknown as ConfidentialClientApplication;
    return msalClientSignIn({
      app: trusting,
      clientId: app.clientId,
      tenantId,
      authority: entra.authority(tenantId),
      issuer: entra.issuer(tenantId),
      publicBaseUrl,
    });
  }

  const redeem = async (mutation: Mutation) =>
    adapterGiving(await mutation(genuine.token)).redeem({
      code: 'any',
      attempt: genuine.attempt,
      redirectPath: ACCEPT_CALLBACK_PATH,
    });

  it('when the token is genuine, or re-signed with the real key and nothing changed, then the person is accepted', async () => {
    expect(await redeem(unchanged)).toMatchObject({ tenantId, objectId: person.oid, email: person.email });
    expect(await redeem(resign({}))).toMatchObject({ tenantId, objectId: person.oid });
  });

  for (const [when, mutation] of refusals) {
    it(`when ${when}, then the adapter itself refuses it`, async () => {
      await expectSignInFailed(redeem(mutation));
    });
  }

  it('when the token was issued for another attempt (its nonce), then the adapter refuses it', async () => {
    const other = { ...genuine.attempt, nonce: randomBytes(32).toString('base64url') };
    await expectSignInFailed(
      adapterGiving(genuine.token).redeem({ code: 'any', attempt: other, redirectPath: ACCEPT_CALLBACK_PATH }),
    );
  });
});

// --- The whole callback: a refused token writes nothing ----------------------------------------------------------

describe('the acceptance callback with the real adapter, on the integration stack', () => {
  let invitationId: string;

  /**
   * The callback's deps with this sign-in port. The person's account lives in this file's own Entra (seeded with its
   * email sign-in identity), which the stack's Graph does not know: the directory is the stack's, proving them.
   */
  const calledWith = (signIn: ClientSignIn) =>
    browserDepsWith({
      signIn,
      directory: directoryProving({ tenantId, objectId: person.oid, email: person.email }),
    });

  beforeAll(async () => {
    const created = await invite(invitationFor(person.email, { sendEmail: false, locale: 'en' }));
    expect(created.status).toBe(201);
    invitationId = created.body.id;
  });

  /** A real code, its sealed sign-in cookie, and the callback run with the adapter (spied on). */
  async function callback(
    mutation: Mutation | undefined,
    shape: (real: { code: string; state: string; cookie: string }) => {
      query: Record<string, string>;
      cookie?: string;
    } = (real) => ({ query: { code: real.code, state: real.state }, cookie: real.cookie }),
  ) {
    const adapter = adapterThroughProxy();
    const { attempt, code, state } = await realCode(adapter);
    const cookie = await sealTransaction({ purpose: 'accept', attempt, invitationId, locale: 'en' });
    const redeemed: string[] = [];
    const spied: ClientSignIn = {
      ...adapter,
      redeem: (request) => {
        redeemed.push(request.code);
        return adapter.redeem(request);
      },
    };
    const request = shape({ code, state, cookie });
    mutate = mutation;
    try {
      const response = await acceptCallbackHandler(
        callbackRequest(request.query, request.cookie),
        invocation(),
        calledWith(spied),
        silentLog,
      );
      return { response, redeemed, code, state, cookie };
    } finally {
      mutate = undefined;
    }
  }

  async function expectNothingWritten() {
    expect((await storedInvitation(invitationId)).status).toBe('pending');
    expect(await eventsOf(invitationId)).not.toContain('accepted');
    expect(await clientRows({ partitionKey: `${tenantId}|${person.oid}` })).toEqual([]);
    expect(await clientRows({ mentioning: invitationId })).toEqual([]);
  }

  function expectSpentAndNoSession(response: Awaited<ReturnType<typeof callback>>['response']) {
    expect(sessionStarted(response)).toBeUndefined();
    expect(cookiesOf(response).map((c) => c.name)).not.toContain(SESSION_COOKIE);
    expect(cookiesOf(response).find((c) => c.name === SIGN_IN_COOKIE)).toMatchObject({ value: '', maxAge: 0 });
  }

  for (const [when, mutation] of refusals) {
    it(`when the callback gets an ID token where ${when}, then it answers 401 "sign-in failed", starts no session and writes nothing`, async () => {
      const { response, redeemed } = await callback(mutation);
      expect(response.status).toBe(401);
      expect(bodyOf(response)).toContain('Sign-in failed');
      expect(redeemed).toHaveLength(1);
      expectSpentAndNoSession(response);
      await expectNothingWritten();
    });
  }

  it('when the callback has no sign-in cookie, then it answers 400 without redeeming the code and writes nothing', async () => {
    const { response, redeemed } = await callback(undefined, (real) => ({
      query: { code: real.code, state: real.state },
    }));
    expect(response.status).toBe(400);
    // No transaction and no Accept-Language: the page is in French, the default.
    expect(bodyOf(response)).toContain('pas pu aboutir');
    expect(redeemed).toEqual([]);
    expectSpentAndNoSession(response);
    await expectNothingWritten();
  });

  it('when the callback has no state, then it answers 400 without redeeming the code and writes nothing', async () => {
    const { response, redeemed } = await callback(undefined, (real) => ({
      query: { code: real.code },
      cookie: real.cookie,
    }));
    expect(response.status).toBe(400);
    expect(redeemed).toEqual([]);
    expectSpentAndNoSession(response);
    await expectNothingWritten();
  });

  it('when the state is another attempt’s (the cookie of another sign-in), then it answers 400 without redeeming and writes nothing', async () => {
    const other = adapterThroughProxy().newAttempt();
    const foreignCookie = await sealTransaction({ purpose: 'accept', attempt: other, invitationId, locale: 'en' });
    const { response, redeemed } = await callback(undefined, (real) => ({
      query: { code: real.code, state: real.state },
      cookie: foreignCookie,
    }));
    expect(response.status).toBe(400);
    expect(redeemed).toEqual([]);
    expectSpentAndNoSession(response);
    await expectNothingWritten();
  });

  it('when the cookie is a sign-in transaction of /api/SignIn (another purpose), then it answers 400 and writes nothing', async () => {
    const adapter = adapterThroughProxy();
    const { attempt, code, state } = await realCode(adapter);
    const signInCookie = await sealTransaction({ purpose: 'sign-in', attempt, locale: 'en' });
    const response = await acceptCallbackHandler(
      callbackRequest({ code, state }, signInCookie),
      invocation(),
      calledWith(adapter),
      silentLog,
    );
    expect(response.status).toBe(400);
    expectSpentAndNoSession(response);
    await expectNothingWritten();
  });

  it('when the genuine token comes back, then the invitation is accepted once; replaying the callback (same code and state) is refused and writes nothing more', async () => {
    const first = await callback(undefined);
    expect(first.response.status).toBe(303);
    expect((first.response.headers as Record<string, string>).Location).toBe('/api/CreateCompany');
    expect(sessionStarted(first.response)).toBeDefined();
    expect((await storedInvitation(invitationId)).status).toBe('accepted');
    expect((await eventsOf(invitationId)).filter((e) => e === 'accepted')).toHaveLength(1);
    const rows = await clientRows({ partitionKey: `${tenantId}|${person.oid}` });
    expect(rows.map((r) => r.rowKey).sort()).toEqual(['account', 'provider|gfms']);

    // The browser replays the redirect: the first answer cleared its sign-in cookie.
    const cleared = cookiesOf(first.response).find((c) => c.name === SIGN_IN_COOKIE);
    expect(cleared).toMatchObject({ value: '', maxAge: 0 });
    const spy: string[] = [];
    const adapter = adapterThroughProxy();
    const replayed = await acceptCallbackHandler(
      callbackRequest({ code: first.code, state: first.state }),
      invocation(),
      calledWith({
        ...adapter,
        redeem: (r) => {
          spy.push(r.code);
          return adapter.redeem(r);
        },
      }),
      silentLog,
    );
    expect(replayed.status).toBe(400);
    expect(spy).toEqual([]);
    expect(sessionStarted(replayed)).toBeUndefined();

    // Someone who kept the cookie replays it too: the code was spent, Entra refuses it, nothing starts.
    const kept = await acceptCallbackHandler(
      callbackRequest({ code: first.code, state: first.state }, first.cookie),
      invocation(),
      calledWith(adapter),
      silentLog,
    );
    expect(kept.status).toBe(401);
    expect(sessionStarted(kept)).toBeUndefined();
    expect((await eventsOf(invitationId)).filter((e) => e === 'accepted')).toHaveLength(1);
    expect(await clientRows({ partitionKey: `${tenantId}|${person.oid}` })).toHaveLength(2);
  });
});
