/**
 * The local Entra ID authenticates confidential clients as strictly as Entra: a client assertion signed by a
 * certificate registered on the app (Microsoft's "certificate credentials": `x5t#S256` or `x5t`, `aud` = the token
 * endpoint, `iss` = `sub` = the client id, `exp`, `nbf`, `jti`), and no client secret for an app that has none.
 * MSAL Node, configured as the service configures it, gets tokens with the certificate.
 */
import {
  constants,
  createHash,
  createPrivateKey,
  generateKeyPairSync,
  type KeyObject,
  randomUUID,
  sign,
} from 'node:crypto';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { ConfidentialClientApplication } from '@azure/msal-node';
import { decodeJwt } from 'jose';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ensureDevCertificates } from '../../dev/certificates.js';
import type { KeyCredential } from '../../dev/entra/directory.js';
import { type RunningLocalEntra, startLocalEntra } from '../../dev/entra/server.js';
import { generateIdentities, keyCredentialOf, loadIdentities } from '../../dev/identities.js';
import { readClientCertificate } from '../../shared/client-certificate.js';
import { TEST_APP_CERTIFICATE } from '../support/settings.js';

const JWT_BEARER = 'urn:ietf:params:oauth:client-assertion-type:jwt-bearer';
const tenantId = randomUUID();
const apiId = randomUUID();
const audience = `api://${apiId}`;
const certified = { clientId: randomUUID() };
const expiredCredential = { clientId: randomUUID() };
const publicApp = { clientId: randomUUID() };
const certificate = readClientCertificate(TEST_APP_CERTIFICATE);
const der = Buffer.from(keyCredentialOf(TEST_APP_CERTIFICATE, 'test').key, 'base64');
const x5tS256 = createHash('sha256').update(der).digest('base64url');
const x5t = createHash('sha1').update(der).digest('base64url');
const otherKey = generateKeyPairSync('rsa', { modulusLength: 2048 }).privateKey;

let entra: RunningLocalEntra;
const tokenUrl = () => `${entra.url}/${tenantId}/oauth2/v2.0/token`;

beforeAll(async () => {
  const tls = await ensureDevCertificates(path.resolve('.dev'));
  const registered = keyCredentialOf(TEST_APP_CERTIFICATE, 'Test app');
  const lapsed: KeyCredential = {
    ...registered,
    startDateTime: '2020-01-01T00:00:00Z',
    endDateTime: '2021-01-01T00:00:00Z',
  };
  entra = await startLocalEntra({
    cert: tls.cert,
    key: tls.key,
    directory: {
      tenants: [
        {
          id: tenantId,
          kind: 'workforce',
          displayName: 'Assertion tests',
          domain: 'assertions.example',
          apps: [
            { clientId: apiId, displayName: 'API', redirectUris: [], identifierUri: audience, appRoles: ['Read'] },
            {
              ...certified,
              displayName: 'Certificate only',
              redirectUris: [],
              keyCredentials: [registered],
              applicationPermissions: [{ resource: audience, roles: ['Read'] }],
            },
            {
              ...expiredCredential,
              displayName: 'Lapsed certificate',
              redirectUris: [],
              keyCredentials: [lapsed],
              applicationPermissions: [{ resource: audience, roles: ['Read'] }],
            },
            { ...publicApp, displayName: 'Public app', redirectUris: [] },
          ],
          users: [],
        },
      ],
    },
  });
});

afterAll(async () => {
  await entra?.close();
});

const b64 = (value: unknown) => Buffer.from(JSON.stringify(value)).toString('base64url');
const seconds = () => Math.floor(Date.now() / 1000);

/** A client assertion as MSAL makes one (PS256, x5t#S256), each part overridable. */
function assertion(
  options: {
    header?: Record<string, unknown>;
    claims?: Record<string, unknown>;
    key?: KeyObject;
    alg?: 'PS256' | 'RS256';
  } = {},
): string {
  const alg = options.alg ?? 'PS256';
  const header = { alg, typ: 'JWT', 'x5t#S256': x5tS256, ...options.header };
  const now = seconds();
  const claims = {
    aud: tokenUrl(),
    iss: certified.clientId,
    sub: certified.clientId,
    exp: now + 600,
    nbf: now,
    jti: randomUUID(),
    ...options.claims,
  };
  for (const [name, value] of Object.entries(claims))
    if (value === undefined) delete claims[name as keyof typeof claims];
  const input = `${b64(header)}.${b64(claims)}`;
  const key = options.key ?? createPrivateKey(certificate.privateKey);
  const signature =
    alg === 'PS256'
      ? sign('sha256', Buffer.from(input), { key, padding: constants.RSA_PKCS1_PSS_PADDING, saltLength: 32 })
      : sign('sha256', Buffer.from(input), key);
  return `${input}.${signature.toString('base64url')}`;
}

async function postToken(form: Record<string, string>) {
  const response = await fetch(tokenUrl(), {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams({ grant_type: 'client_credentials', scope: `${audience}/.default`, ...form }).toString(),
  });
  return { status: response.status, body: (await response.json()) as Record<string, unknown> };
}

const withAssertion = (jwt: string, clientId = certified.clientId) =>
  postToken({ client_id: clientId, client_assertion_type: JWT_BEARER, client_assertion: jwt });

function msal(
  clientCertificate: ConstructorParameters<typeof ConfidentialClientApplication>[0]['auth']['clientCertificate'],
) {
  return new ConfidentialClientApplication({
    auth: {
      clientId: certified.clientId,
      clientCertificate,
      authority: entra.authority(tenantId),
      knownAuthorities: [new URL(entra.url).host],
    },
  });
}

describe('client assertions signed with a registered certificate', () => {
  it('when MSAL signs with the certificate (PS256, x5t#S256) as the service does, then the app gets its token', async () => {
    const result = await msal(certificate).acquireTokenByClientCredential({ scopes: [`${audience}/.default`] });
    expect(decodeJwt(result!.accessToken)).toMatchObject({ azp: certified.clientId, roles: ['Read'] });
  });

  it('when the assertion names the certificate by its SHA-1 x5t and is signed RS256, then it is accepted too', async () => {
    const { status } = await withAssertion(assertion({ alg: 'RS256', header: { 'x5t#S256': undefined, x5t } }));
    expect(status).toBe(200);
  });

  it('when the app has no secret, then a client secret is refused with AADSTS7000215', async () => {
    const { status, body } = await postToken({ client_id: certified.clientId, client_secret: 'any-secret-at-all' });
    expect(status).toBe(401);
    expect(body).toMatchObject({ error: 'invalid_client', error_codes: [7000215] });
  });

  it('when the assertion is wrong, then Entra’s code for each reason answers and no token is issued', async () => {
    const cases: Array<[string, string, number, RegExp?]> = [
      ['its aud is another endpoint', assertion({ claims: { aud: `${entra.url}/common/oauth2/v2.0/token` } }), 700023],
      ['it expired', assertion({ claims: { exp: seconds() - 900, nbf: seconds() - 1500 } }), 700024],
      ['it is not valid yet', assertion({ claims: { nbf: seconds() + 900, exp: seconds() + 1500 } }), 700024],
      [
        'its certificate is not registered',
        assertion({
          header: { 'x5t#S256': createHash('sha256').update('another').digest('base64url') },
          key: otherKey,
        }),
        700027,
        /The key was not found/,
      ],
      [
        'it is signed by another key under the registered thumbprint',
        assertion({ key: otherKey }),
        700027,
        /signature/,
      ],
      [
        'its iss and sub are another app',
        assertion({ claims: { iss: publicApp.clientId, sub: publicApp.clientId } }),
        700021,
      ],
      ['it has no jti', assertion({ claims: { jti: undefined } }), 50027],
      [
        'it is not signed (alg none)',
        `${b64({ alg: 'none', 'x5t#S256': x5tS256 })}.${assertion().split('.')[1]}.`,
        5002730,
      ],
      ['it is not a JWT', 'not-a-jwt', 50027],
    ];
    for (const [why, jwt, code, description] of cases) {
      const { status, body } = await withAssertion(jwt);
      expect(status, why).toBeGreaterThanOrEqual(400);
      expect(body.error_codes, why).toEqual([code]);
      expect(body.access_token, why).toBeUndefined();
      if (description) expect(body.error_description, why).toMatch(description);
    }
  });

  it('when the registered certificate has lapsed, then its assertions are refused (AADSTS700027, expired)', async () => {
    const jwt = assertion({ claims: { iss: expiredCredential.clientId, sub: expiredCredential.clientId } });
    const { status, body } = await withAssertion(jwt, expiredCredential.clientId);
    expect(status).toBe(401);
    expect(body).toMatchObject({ error: 'invalid_client', error_codes: [700027] });
    expect(body.error_description).toMatch(/The key used is expired/);
  });

  it('when the assertion type is not jwt-bearer, or the app is public, then it is refused', async () => {
    const wrongType = await postToken({
      client_id: certified.clientId,
      client_assertion_type: 'urn:ietf:params:oauth:client-assertion-type:saml2-bearer',
      client_assertion: assertion(),
    });
    expect(wrongType.body.error_codes).toEqual([50027]);
    const jwt = assertion({ claims: { iss: publicApp.clientId, sub: publicApp.clientId } });
    const { body } = await withAssertion(jwt, publicApp.clientId);
    expect(body.error_codes).toEqual([700025]);
  });
});

describe('the local identities’ certificates', () => {
  it('when an older identities file has no certificates, then it is upgraded: ids kept, certificates added', async () => {
    const dir = await mkdtemp(path.join(tmpdir(), 'identities-'));
    try {
      const current = await generateIdentities([]);
      // The file as it was before certificates: every app with a secret, none with a certificate.
      const older = JSON.parse(JSON.stringify(current)) as Record<string, Record<string, unknown>>;
      for (const app of [
        'professionalClient',
        'otherProviderClient',
        'noRoleClient',
        'newProviderClient',
        'directoryAdminApp',
      ])
        delete older[app]!.certificate;
      older.clientApp = { clientId: current.clientApp.clientId, clientSecret: 'old-client-app-secret' };
      await writeFile(path.join(dir, 'identities.json'), JSON.stringify(older));

      const upgraded = await loadIdentities(dir);
      expect(upgraded.workforceTenantId).toBe(current.workforceTenantId);
      expect(upgraded.professionalClient).toMatchObject({
        clientId: current.professionalClient.clientId,
        clientSecret: current.professionalClient.clientSecret,
      });
      expect(upgraded.clientApp.clientId).toBe(current.clientApp.clientId);
      expect(upgraded.clientApp).not.toHaveProperty('clientSecret');
      for (const app of [upgraded.clientApp, upgraded.professionalClient, upgraded.directoryAdminApp])
        expect(readClientCertificate(app.certificate).thumbprintSha256).toMatch(/^[0-9a-f]{64}$/);
      // Kept from then on: the next start reads the same certificates.
      expect(await loadIdentities(dir)).toEqual(upgraded);
      expect(JSON.parse(await readFile(path.join(dir, 'identities.json'), 'utf8'))).toEqual(upgraded);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
});
