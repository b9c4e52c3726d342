/**
 * Device credentials (shared/adapters/device-credentials.ts): signed with a key of their own derived from
 * SESSION_KEYS, the first key signs and all verify, typed, with issuer, audience and expiry checked. Each test fails
 * if its check is removed.
 */
import { createHmac, hkdfSync, randomBytes } from 'node:crypto';
import { decodeJwt, decodeProtectedHeader, SignJWT } from 'jose';
import { describe, expect, it } from 'vitest';
import { createDeviceCredentials } from '../../shared/adapters/device-credentials.js';

const secret = () => randomBytes(32).toString('base64');
const ISSUER = 'https://onboarding.example';
const claims = { clientId: 'client-1', providerId: 'gfms', deviceId: 'device-1' };
const now = new Date('2026-01-10T10:00:00.000Z');
/** What a valid credential verifies to: its claims and when it was issued (`iat`, whole seconds). */
const verified = { ...claims, issuedAt: now };
const DAY = 24 * 60 * 60 * 1000;

describe('device credentials', () => {
  it('when one is issued within a second, then it verifies to the start of that second (its iat): the password rule compares it', async () => {
    const credentials = createDeviceCredentials([secret()], ISSUER);
    const { token } = await credentials.issue(claims, new Date('2026-01-10T10:00:00.700Z'));
    expect((await credentials.verify(token, now))?.issuedAt).toEqual(new Date('2026-01-10T10:00:00.000Z'));
  });

  it('when one is issued, then it names the client, provider and device, typed device+jwt, for 30 days', async () => {
    const credentials = createDeviceCredentials([secret()], ISSUER);
    const { token, expiresAt } = await credentials.issue(claims, now);
    expect(expiresAt).toEqual(new Date(now.getTime() + 30 * DAY));
    expect(decodeProtectedHeader(token)).toMatchObject({ alg: 'HS256', typ: 'device+jwt' });
    expect(decodeJwt(token)).toMatchObject({
      sub: 'client-1',
      provider: 'gfms',
      device: 'device-1',
      iss: ISSUER,
      aud: 'mobile-app',
      exp: expiresAt.getTime() / 1000,
    });
    expect(await credentials.verify(token, now)).toEqual(verified);
  });

  it('when it is past its expiry, then it is refused', async () => {
    const credentials = createDeviceCredentials([secret()], ISSUER);
    const { token } = await credentials.issue(claims, now);
    expect(await credentials.verify(token, new Date(now.getTime() + 30 * DAY - 1000))).toEqual(verified);
    expect(await credentials.verify(token, new Date(now.getTime() + 30 * DAY + 1000))).toBeUndefined();
  });

  it('when the keys rotate, then a credential of the old first key still verifies, and one of an unknown key does not', async () => {
    const [oldKey, newKey] = [secret(), secret()];
    const { token } = await createDeviceCredentials([oldKey], ISSUER).issue(claims, now);
    expect(await createDeviceCredentials([newKey, oldKey], ISSUER).verify(token, now)).toEqual(verified);
    expect(await createDeviceCredentials([newKey], ISSUER).verify(token, now)).toBeUndefined();
  });

  it('when another deployment (issuer) or a tampered payload presents it, then it is refused', async () => {
    const key = secret();
    const { token } = await createDeviceCredentials([key], ISSUER).issue(claims, now);
    expect(await createDeviceCredentials([key], 'https://other.example').verify(token, now)).toBeUndefined();
    const [header, , signature] = token.split('.');
    const forged = Buffer.from(JSON.stringify({ ...decodeJwt(token), sub: 'client-2' })).toString('base64url');
    expect(
      await createDeviceCredentials([key], ISSUER).verify(`${header}.${forged}.${signature}`, now),
    ).toBeUndefined();
  });

  it('when a JWT is signed with the session key itself, or with the key derived for another purpose, then it is refused', async () => {
    const key = secret();
    const credentials = createDeviceCredentials([key], ISSUER);
    const { token } = await credentials.issue(claims, now);
    const header = decodeProtectedHeader(token);
    const sign = (signingKey: Uint8Array) =>
      new SignJWT({ provider: 'gfms', device: 'device-1' })
        .setProtectedHeader({ alg: 'HS256', typ: 'device+jwt', kid: header.kid! })
        .setSubject('client-1')
        .setIssuer(ISSUER)
        .setAudience('mobile-app')
        .setIssuedAt(Math.floor(now.getTime() / 1000))
        .setExpirationTime(Math.floor(now.getTime() / 1000) + 3600)
        .sign(signingKey);
    const derived = (purpose: string) =>
      new Uint8Array(hkdfSync('sha256', Buffer.from(key, 'base64'), Buffer.alloc(0), purpose, 32));
    expect(await credentials.verify(await sign(new Uint8Array(Buffer.from(key, 'base64'))), now)).toBeUndefined();
    expect(await credentials.verify(await sign(derived('activation-code')), now)).toBeUndefined();
    expect(await credentials.verify(await sign(derived('device-credential')), now)).toEqual(verified);
  });

  it('when the JWT is of another type, or unsigned, then it is refused', async () => {
    const key = secret();
    const credentials = createDeviceCredentials([key], ISSUER);
    const { token } = await credentials.issue(claims, now);
    const [, payload] = token.split('.');
    const kid = decodeProtectedHeader(token).kid!;
    const unsigned = `${Buffer.from(JSON.stringify({ alg: 'none', typ: 'device+jwt', kid })).toString('base64url')}.${payload}.`;
    expect(await credentials.verify(unsigned, now)).toBeUndefined();
    const typedHeader = Buffer.from(JSON.stringify({ alg: 'HS256', typ: 'JWT', kid })).toString('base64url');
    const derived = hkdfSync('sha256', Buffer.from(key, 'base64'), Buffer.alloc(0), 'device-credential', 32);
    const signature = createHmac('sha256', Buffer.from(derived))
      .update(`${typedHeader}.${payload}`)
      .digest('base64url');
    expect(await credentials.verify(`${typedHeader}.${payload}.${signature}`, now)).toBeUndefined();
    expect(await credentials.verify('not-a-jwt', now)).toBeUndefined();
  });
});
