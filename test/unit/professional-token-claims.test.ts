/**
 * Professionals' bearer tokens without the local stack: the claim checks as a pure function (each check alone),
 * and the whole verifier against a JWKS served in-process, with tokens signed here — so cases Entra would never
 * issue (an ID token for the API, another tenant's `tid` under the right issuer, no `exp`) can be tried.
 */

import { randomUUID } from 'node:crypto';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { exportJWK, generateKeyPair, type JWK, type JWTPayload, SignJWT } from 'jose';
import { afterAll, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import {
  checkAccessTokenClaims,
  createProfessionalTokenVerifier,
  VERIFIED_TOKEN_TTL_MS,
} from '../../shared/adapters/entra/professional-tokens.js';
import { DomainError } from '../../shared/domain/errors.js';
import type { Professional } from '../../shared/domain/provider.js';
import { requireRole } from '../../shared/domain/provider.js';

const tenantId = randomUUID();
const apiClientId = randomUUID();
const callerAppId = randomUUID();
const userOid = randomUUID();
const audiences = [`api://${apiClientId}`, apiClientId];
const expected = { tenantId, audiences };

const delegated = (): JWTPayload => ({
  aud: apiClientId,
  tid: tenantId,
  ver: '2.0',
  azp: callerAppId,
  oid: userOid,
  sub: 'pairwise-subject',
  name: 'Tamer Mohamed-Nour',
  preferred_username: 'fse@gfms.example',
  scp: 'user_impersonation',
  roles: ['Invitations.Send', 'Something.Else'],
});

const appOnly = (): JWTPayload => ({
  aud: apiClientId,
  tid: tenantId,
  ver: '2.0',
  azp: callerAppId,
  idtyp: 'app',
  oid: 'sp-oid',
  sub: 'sp-oid',
  roles: ['Invitations.Send', 'Clients.Manage'],
});

/** The DomainError a call throws (fails the test if it throws nothing or something else). */
function refusal(fn: () => unknown): DomainError {
  try {
    fn();
  } catch (error) {
    expect(error).toBeInstanceOf(DomainError);
    return error as DomainError;
  }
  throw new Error('expected a refusal');
}

async function refusalOf(promise: Promise<unknown>): Promise<DomainError> {
  const error = await promise.then(
    () => {
      throw new Error('expected a refusal');
    },
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(DomainError);
  return error as DomainError;
}

const expectUnauthenticated = (error: DomainError, reason: RegExp) => {
  expect(error.code).toBe('unauthenticated');
  expect(error.message).toMatch(/^A valid bearer token for this API is required: /);
  expect(error.message).toMatch(reason);
};

describe('checkAccessTokenClaims', () => {
  it('when a delegated token is valid, then it is a user with a name and only the known roles', () => {
    expect(checkAccessTokenClaims(delegated(), expected)).toEqual<Professional>({
      tenantId,
      oid: userOid,
      appId: callerAppId,
      name: 'Tamer Mohamed-Nour',
      kind: 'user',
      roles: ['Invitations.Send'],
    });
  });

  it('when a delegated token has no name, then preferred_username names the professional', () => {
    const { name: _, ...payload } = delegated();
    expect(checkAccessTokenClaims(payload, expected).name).toBe('fse@gfms.example');
  });

  it('when an app-only token is valid, then it is an app named by its client id, with its roles', () => {
    // v2.0 shape: `aud` is the API's client id, `azp` the caller, no `appid`.
    expect(checkAccessTokenClaims(appOnly(), expected)).toEqual<Professional>({
      tenantId,
      oid: 'sp-oid',
      appId: callerAppId,
      name: callerAppId,
      kind: 'app',
      roles: ['Invitations.Send', 'Clients.Manage'],
    });
  });

  it('when an app-only token lacks the optional idtyp claim, then its shape (roles, no scp, sub = oid) makes it an app', () => {
    const { idtyp: _, ...payload } = appOnly();
    expect(checkAccessTokenClaims(payload, expected).kind).toBe('app');
  });

  it('when tid names another tenant (even under the right issuer), then it is refused', () => {
    const error = refusal(() => checkAccessTokenClaims({ ...delegated(), tid: randomUUID() }, expected));
    expectUnauthenticated(error, /issued by another tenant/);
  });

  it('when the token has no tid, then it is refused', () => {
    const { tid: _, ...payload } = delegated();
    expectUnauthenticated(
      refusal(() => checkAccessTokenClaims(payload, expected)),
      /another tenant/,
    );
  });

  it('when the token is a v1.0 token, then it is refused', () => {
    expectUnauthenticated(
      refusal(() => checkAccessTokenClaims({ ...delegated(), ver: '1.0' }, expected)),
      /not a v2.0 token/,
    );
  });

  it('when aud is another resource or a list, then it is refused', () => {
    for (const aud of ['https://graph.microsoft.com', [apiClientId, 'https://graph.microsoft.com']]) {
      expectUnauthenticated(
        refusal(() => checkAccessTokenClaims({ ...delegated(), aud }, expected)),
        /another audience/,
      );
    }
  });

  it('when the token carries a nonce, then it is refused as an ID token even with scp and the right aud', () => {
    expectUnauthenticated(
      refusal(() => checkAccessTokenClaims({ ...delegated(), nonce: 'n-0S6_WzA2Mj' }, expected)),
      /not an access token/,
    );
  });

  it('when the token has neither scp nor an app-only shape (an ID token without nonce), then it is refused', () => {
    const { scp: _, ...payload } = delegated();
    expectUnauthenticated(
      refusal(() => checkAccessTokenClaims(payload, expected)),
      /not an access token/,
    );
    expectUnauthenticated(
      refusal(() => checkAccessTokenClaims({ ...payload, scp: '  ' }, expected)),
      /not an access token/,
    );
  });

  it('when an app granted no role sends its app-only token (no roles, no idtyp), then it is an app without roles', () => {
    const { idtyp: _, roles: __, ...payload } = appOnly();
    expect(checkAccessTokenClaims(payload, expected)).toMatchObject({ kind: 'app', roles: [] });
  });

  it('when a token claims idtyp app but also carries scp, then it is refused', () => {
    expectUnauthenticated(
      refusal(() => checkAccessTokenClaims({ ...appOnly(), scp: 'user_impersonation' }, expected)),
      /not an access token/,
    );
  });

  it('when oid is missing, then it is refused', () => {
    const { oid: _, ...payload } = delegated();
    expectUnauthenticated(
      refusal(() => checkAccessTokenClaims(payload, expected)),
      /names no caller/,
    );
  });

  it('when neither azp nor appid names the calling app, then it is refused', () => {
    const { azp: _, ...payload } = delegated();
    expectUnauthenticated(
      refusal(() => checkAccessTokenClaims(payload, expected)),
      /no calling app/,
    );
  });
});

describe('requireRole', () => {
  const professional = checkAccessTokenClaims(delegated(), expected);

  it('when the professional has the role, then it passes', () => {
    expect(() => requireRole(professional, 'Invitations.Send')).not.toThrow();
  });

  it('when the professional lacks the role, then 403 forbidden names the role', () => {
    const error = refusal(() => requireRole(professional, 'Clients.Manage'));
    expect(error.code).toBe('forbidden');
    expect(error.message).toBe('This action needs the Clients.Manage role.');
  });
});

/** A JWKS endpoint in Entra's URL shape, with keys the test signs with and can rotate. */
class KeyServer {
  server!: Server;
  origin = '';
  requests = 0;
  failWith: number | undefined;
  private published: JWK[] = [];
  private signer!: { kid: string; key: CryptoKey };

  async start(): Promise<void> {
    await this.rotate();
    this.server = createServer((req, res) => {
      this.requests += 1;
      if (req.url !== `/${tenantId}/discovery/v2.0/keys`) {
        res.writeHead(404).end();
      } else if (this.failWith) {
        res.writeHead(this.failWith).end();
      } else {
        res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify({ keys: this.published }));
      }
    });
    await new Promise<void>((resolve) => this.server.listen(0, '127.0.0.1', resolve));
    this.origin = `http://127.0.0.1:${(this.server.address() as AddressInfo).port}`;
  }

  /** A new signing key; the old one stays published, as Entra does. */
  async rotate(): Promise<void> {
    const { privateKey, publicKey } = await generateKeyPair('RS256', { extractable: true });
    const kid = randomUUID();
    this.published.unshift({ ...(await exportJWK(publicKey)), kid, use: 'sig' });
    this.signer = { kid, key: privateKey };
  }

  /** Azure's workforce issuer, whatever host serves the keys (as the local Entra does). */
  get issuer(): string {
    return `https://login.microsoftonline.com/${tenantId}/v2.0`;
  }

  sign(payload: JWTPayload, options: { lifetimeS?: number; iat?: number; omitExp?: boolean } = {}): Promise<string> {
    const iat = options.iat ?? Math.floor(Date.now() / 1000);
    const jwt = new SignJWT({ iss: this.issuer, iat, nbf: iat, ...payload }).setProtectedHeader({
      alg: 'RS256',
      typ: 'JWT',
      kid: this.signer.kid,
    });
    if (!options.omitExp) jwt.setExpirationTime(iat + (options.lifetimeS ?? 3600));
    return jwt.sign(this.signer.key);
  }

  close(): Promise<void> {
    return new Promise((resolve) => this.server.close(() => resolve()));
  }
}

describe('createProfessionalTokenVerifier (in-process JWKS)', () => {
  const keys = new KeyServer();
  const verifier = (extra: { now?: () => Date; clockToleranceSeconds?: number; jwksCacheMaxAgeMs?: number } = {}) =>
    createProfessionalTokenVerifier({ authorityHost: keys.origin, tenantId, issuer: keys.issuer, audiences, ...extra });

  beforeAll(() => keys.start());
  afterAll(() => keys.close());
  beforeEach(() => {
    keys.failWith = undefined;
  });

  it('when a delegated token is signed by the tenant and valid, then the professional is returned', async () => {
    const token = await keys.sign(delegated());
    await expect(verifier().verify(`Bearer ${token}`)).resolves.toMatchObject({ oid: userOid, kind: 'user' });
    // The scheme is case-insensitive.
    await expect(verifier().verify(`bearer ${token}`)).resolves.toMatchObject({ oid: userOid });
  });

  it('when a token was verified, then it is trusted as it stands for at most 5 minutes, never past its exp', async () => {
    let clock = Date.now();
    // Keys are fetched again on every verification, so a verification that reaches them fails while they are down.
    const v = verifier({ jwksCacheMaxAgeMs: 0, now: () => new Date(clock) });
    const token = await keys.sign(delegated(), { lifetimeS: 3600 });
    await expect(v.verify(`Bearer ${token}`)).resolves.toMatchObject({ oid: userOid });
    keys.failWith = 503;
    // The same token again: not verified again, so the keys being down does not matter.
    clock += VERIFIED_TOKEN_TTL_MS - 1_000;
    await expect(v.verify(`Bearer ${token}`)).resolves.toMatchObject({ oid: userOid });
    // Another token is verified, and cannot be now.
    const other = await keys.sign({ ...delegated(), jti: randomUUID() });
    expect((await refusalOf(v.verify(`Bearer ${other}`))).code).toBe('dependency-unavailable');
    // Past the 5 minutes, the first one is verified again too.
    clock += 2_000;
    expect((await refusalOf(v.verify(`Bearer ${token}`))).code).toBe('dependency-unavailable');
    keys.failWith = undefined;
    // A short-lived token is trusted until its exp only.
    clock = Date.now();
    const brief = await keys.sign({ ...delegated(), jti: randomUUID() }, { lifetimeS: 60 });
    await expect(v.verify(`Bearer ${brief}`)).resolves.toMatchObject({ oid: userOid });
    clock += 60_000 + 360_000;
    expectUnauthenticated(await refusalOf(v.verify(`Bearer ${brief}`)), /expired/);
  });

  it('when the header is missing, not Bearer, or not a JWT, then 401 without echoing it', async () => {
    const v = verifier();
    for (const header of [undefined, null, '', 'Bearer', 'Basic Zm9vOmJhcg==', 'Bearer not-a-jwt', 'Bearer a.b']) {
      expectUnauthenticated(await refusalOf(v.verify(header)), /no bearer token|not a bearer token|malformed/);
    }
    expect((await refusalOf(v.verify('Basic Zm9vOmJhcg=='))).message).not.toContain('Zm9v');
    expect((await refusalOf(v.verify('Bearer not-a-jwt'))).message).not.toContain('not-a-jwt');
    // A valid token under another scheme, or under none, is still refused.
    const token = await keys.sign(delegated());
    expectUnauthenticated(await refusalOf(v.verify(`Basic ${token}`)), /not a bearer token/);
    expectUnauthenticated(await refusalOf(v.verify(token)), /not a bearer token/);
  });

  it('when a token is far larger than any Entra issues, then it is refused unparsed, even if validly signed', async () => {
    const huge = await keys.sign({ ...delegated(), padding: 'x'.repeat(20_000) });
    expectUnauthenticated(await refusalOf(verifier().verify(`Bearer ${huge}`)), /malformed/);
  });

  it('when an ID token (nonce, no scp) is made for the API and signed by the tenant, then it is refused', async () => {
    const { scp: _, roles: __, ...claims } = delegated();
    const token = await keys.sign({ ...claims, nonce: 'abc123' });
    expectUnauthenticated(await refusalOf(verifier().verify(`Bearer ${token}`)), /not an access token/);
  });

  it('when tid names another tenant under the right issuer and signature, then it is refused', async () => {
    const token = await keys.sign({ ...delegated(), tid: randomUUID() });
    expectUnauthenticated(await refusalOf(verifier().verify(`Bearer ${token}`)), /another tenant/);
  });

  it('when the issuer is another one, then it is refused', async () => {
    const token = await keys.sign({ ...delegated(), iss: `https://login.microsoftonline.com/${randomUUID()}/v2.0` });
    expectUnauthenticated(await refusalOf(verifier().verify(`Bearer ${token}`)), /another tenant/);
  });

  it('when the issuer is the authority host’s own (<authority>/v2.0) rather than Azure’s, then it is refused', async () => {
    const token = await keys.sign({ ...delegated(), iss: `${keys.origin}/${tenantId}/v2.0` });
    expectUnauthenticated(await refusalOf(verifier().verify(`Bearer ${token}`)), /another tenant/);
  });

  it('when the token is for another audience, then it is refused', async () => {
    const token = await keys.sign({ ...delegated(), aud: 'https://graph.microsoft.com' });
    expectUnauthenticated(await refusalOf(verifier().verify(`Bearer ${token}`)), /another audience/);
  });

  it('when the token has no exp, then it is refused (it would never expire)', async () => {
    const token = await keys.sign(delegated(), { omitExp: true });
    expectUnauthenticated(await refusalOf(verifier().verify(`Bearer ${token}`)), /invalid claims/);
  });

  it('when the token is signed with HS256 or alg none, then it is refused before any key is looked up', async () => {
    const before = keys.requests;
    const hs = await new SignJWT(delegated())
      .setProtectedHeader({ alg: 'HS256' })
      .setIssuer(keys.issuer)
      .setIssuedAt()
      .setExpirationTime('1h')
      .sign(new TextEncoder().encode('x'.repeat(32)));
    expectUnauthenticated(await refusalOf(verifier().verify(`Bearer ${hs}`)), /RS256/);
    const [, body] = hs.split('.');
    const none = `${Buffer.from('{"alg":"none"}').toString('base64url')}.${body}.AA`;
    expectUnauthenticated(await refusalOf(verifier().verify(`Bearer ${none}`)), /RS256/);
    expect(keys.requests).toBe(before);
  });

  it('when the clock is past exp plus the tolerance, then "expired"; within the tolerance, accepted', async () => {
    const iat = Math.floor(Date.now() / 1000);
    const token = await keys.sign(delegated(), { iat, lifetimeS: 3600 });
    const at = (seconds: number) => () => new Date((iat + seconds) * 1000);
    await expect(verifier({ now: at(3600 + 240) }).verify(`Bearer ${token}`)).resolves.toMatchObject({ oid: userOid });
    expectUnauthenticated(await refusalOf(verifier({ now: at(3600 + 360) }).verify(`Bearer ${token}`)), /expired/);
    expectUnauthenticated(
      await refusalOf(verifier({ now: at(3600 + 240), clockToleranceSeconds: 60 }).verify(`Bearer ${token}`)),
      /expired/,
    );
  });

  it('when the token is not valid yet beyond the tolerance, then it is refused', async () => {
    const iat = Math.floor(Date.now() / 1000) + 3600;
    const token = await keys.sign(delegated(), { iat });
    expectUnauthenticated(await refusalOf(verifier().verify(`Bearer ${token}`)), /not valid yet/);
  });

  it('when the tenant rotates its key, then a cached verifier refetches the JWKS for the new kid', async () => {
    const v = verifier();
    await v.verify(`Bearer ${await keys.sign(delegated())}`);
    const before = keys.requests;
    await v.verify(`Bearer ${await keys.sign(delegated())}`);
    expect(keys.requests).toBe(before); // cached
    await keys.rotate();
    // jose refetches on an unknown kid only once the cooldown since the last fetch has passed.
    vi.setSystemTime(Date.now() + 31_000);
    try {
      await expect(v.verify(`Bearer ${await keys.sign(delegated())}`)).resolves.toMatchObject({ oid: userOid });
    } finally {
      vi.useRealTimers();
    }
    expect(keys.requests).toBe(before + 1);
  });

  it('when forged tokens name unknown kids, then the JWKS is not refetched for each (cooldown)', async () => {
    const v = verifier();
    await v.verify(`Bearer ${await keys.sign(delegated())}`);
    const before = keys.requests;
    const { privateKey } = await generateKeyPair('RS256');
    for (let i = 0; i < 5; i++) {
      const forged = await new SignJWT({ ...delegated(), iss: keys.issuer })
        .setProtectedHeader({ alg: 'RS256', kid: randomUUID() })
        .setIssuedAt()
        .setExpirationTime('1h')
        .sign(privateKey);
      expectUnauthenticated(await refusalOf(v.verify(`Bearer ${forged}`)), /not signed by a key of the tenant/);
    }
    expect(keys.requests).toBe(before);
  });

  it('when the JWKS answers 500, then 503 dependency-unavailable, not 401', async () => {
    keys.failWith = 500;
    const error = await refusalOf(verifier().verify(`Bearer ${await keys.sign(delegated())}`));
    expect(error.code).toBe('dependency-unavailable');
    expect(error.message).toBe('The identity provider cannot be reached.');
  });

  it('when the identity provider is unreachable, then 503 dependency-unavailable, not 401', async () => {
    const closed = createServer();
    await new Promise<void>((resolve) => closed.listen(0, '127.0.0.1', resolve));
    const port = (closed.address() as AddressInfo).port;
    await new Promise<void>((resolve) => closed.close(() => resolve()));
    const v = createProfessionalTokenVerifier({
      authorityHost: `http://127.0.0.1:${port}`,
      tenantId,
      issuer: keys.issuer,
      audiences,
    });
    const error = await refusalOf(v.verify(`Bearer ${await keys.sign(delegated())}`));
    expect(error.code).toBe('dependency-unavailable');
  });
});
