/**
 * The local ACS's Entra check (`dev/acs/entra-auth.ts`), as ACS checks a bearer token: the tenant's signing keys,
 * its issuer, ACS's audience, the token's lifetime, and a role on the resource that allows sending. Each case
 * breaks one of them and must be refused; the valid token must pass.
 */
import { createLocalJWKSet, exportJWK, generateKeyPair, type JWK, type JWTPayload, SignJWT } from 'jose';
import { beforeAll, describe, expect, it } from 'vitest';
import { type AcsEntraOptions, verifyEntraBearer } from '../../dev/acs/entra-auth.js';
import { COMMUNICATION_AND_EMAIL_SERVICE_OWNER } from '../../dev/identities.js';

const TENANT = '11111111-1111-4111-8111-111111111111';
const APP = { clientId: '22222222-2222-4222-8222-222222222222', objectId: '33333333-3333-4333-8333-333333333333' };
const NOW = Date.UTC(2026, 11, 1, 6, 0, 0);
const READER = 'acdd72a7-3385-48ef-bd42-f606fba81ae7';

type Key = Awaited<ReturnType<typeof generateKeyPair>>;
let published: Key;
let unpublished: Key;
let options: AcsEntraOptions;

beforeAll(async () => {
  published = await generateKeyPair('RS256');
  unpublished = await generateKeyPair('RS256');
  const jwk: JWK = { ...(await exportJWK(published.publicKey)), kid: 'published', use: 'sig' };
  options = {
    tenantId: TENANT,
    keys: createLocalJWKSet({ keys: [jwk] }),
    roleAssignments: [
      { principalId: APP.objectId, roleDefinitionId: COMMUNICATION_AND_EMAIL_SERVICE_OWNER },
      { principalId: '44444444-4444-4444-8444-444444444444', roleDefinitionId: READER },
    ],
    now: () => NOW,
  };
});

/** A managed identity's token for ACS as Entra issues it, with `changes` applied. */
function token(changes: JWTPayload = {}, key: Key = published, kid = 'published'): Promise<string> {
  const iat = Math.floor(NOW / 1000) - 60;
  const claims: JWTPayload = {
    aud: 'https://communication.azure.com/',
    iss: `https://sts.windows.net/${TENANT}/`,
    iat,
    nbf: iat,
    exp: iat + 24 * 3600,
    appid: APP.clientId,
    idtyp: 'app',
    oid: APP.objectId,
    sub: APP.objectId,
    tid: TENANT,
    ver: '1.0',
    ...changes,
  };
  return new SignJWT(claims).setProtectedHeader({ alg: 'RS256', typ: 'JWT', kid }).sign(key.privateKey);
}

const check = async (authorization: string) => verifyEntraBearer(authorization, options);

describe('the local ACS’s check of an Entra bearer token', () => {
  it('when the app identity’s token is valid, then it passes as its principal (v1.0 and v2.0 issuers, either audience form)', async () => {
    expect(await check(`Bearer ${await token()}`)).toEqual({ ok: true, principalId: APP.objectId });
    const v2 = await token({
      iss: `https://login.microsoftonline.com/${TENANT}/v2.0`,
      aud: 'https://communication.azure.com',
    });
    expect(await check(`Bearer ${v2}`)).toEqual({ ok: true, principalId: APP.objectId });
  });

  it('when the header is not a bearer token, then it is refused', async () => {
    expect(await check('Bearer')).toMatchObject({ ok: false, reason: /malformed/ });
    expect(await check(`Basic ${await token()}`)).toMatchObject({ ok: false });
  });

  it('when the token has expired (beyond the 5 minutes of clock skew), then it is refused', async () => {
    const past = Math.floor(NOW / 1000) - 2 * 3600;
    const expired = await token({ iat: past, nbf: past, exp: past + 3600 });
    expect(await check(`Bearer ${expired}`)).toMatchObject({ ok: false, reason: /expired/ });
  });

  it('when the token is not valid yet, then it is refused', async () => {
    const future = Math.floor(NOW / 1000) + 3600;
    expect(await check(`Bearer ${await token({ nbf: future, iat: future, exp: future + 3600 })}`)).toMatchObject({
      ok: false,
      reason: /nbf/,
    });
  });

  it('when the token is for another resource (storage), then it is refused', async () => {
    expect(await check(`Bearer ${await token({ aud: 'https://storage.azure.com/' })}`)).toMatchObject({
      ok: false,
      reason: /aud/,
    });
  });

  it('when another tenant issued the token, then it is refused', async () => {
    const other = '55555555-5555-4555-8555-555555555555';
    expect(
      await check(`Bearer ${await token({ iss: `https://sts.windows.net/${other}/`, tid: other })}`),
    ).toMatchObject({ ok: false, reason: /iss/ });
  });

  it('when the token is signed by a key the tenant does not publish, then it is refused', async () => {
    expect(await check(`Bearer ${await token({}, unpublished, 'published')}`)).toMatchObject({
      ok: false,
      reason: /signature/,
    });
    expect(await check(`Bearer ${await token({}, unpublished, 'unknown-kid')}`)).toMatchObject({
      ok: false,
      reason: /does not publish/,
    });
  });

  it('when the principal holds no role on the resource, or one that does not send (Reader), then it is refused', async () => {
    const stranger = '66666666-6666-4666-8666-666666666666';
    expect(await check(`Bearer ${await token({ oid: stranger, sub: stranger })}`)).toMatchObject({
      ok: false,
      reason: /holds no role/,
    });
    const reader = '44444444-4444-4444-8444-444444444444';
    expect(await check(`Bearer ${await token({ oid: reader, sub: reader })}`)).toMatchObject({
      ok: false,
      reason: /holds no role/,
    });
  });
});
