/**
 * Device credentials (docs/mobile-app.md, "The device credential"): JWTs signed with HMAC-SHA-256 (jose) under a key
 * derived from each of SESSION_KEYS (HKDF-SHA-256, purpose `device-credential`, so no other use of the keys can make
 * or read one). The first key signs; every key verifies, so SESSION_KEYS can rotate: a credential signed with a
 * retired key keeps working until it expires. The header names its key (`kid`: a fingerprint of the derived key,
 * never the key) and its type (`typ: device+jwt`, RFC 8725 §3.11: no other JWT of the service passes for one).
 *
 * Claims: `sub` the client file's id, `provider` its provider, `device` the device's id, `iss` the service's public
 * base URL, `aud` `mobile-app`, `iat`, `exp` (DEVICE_CREDENTIAL_DAYS).
 */
import { createHash, hkdfSync } from 'node:crypto';
import { jwtVerify, SignJWT } from 'jose';
import {
  DEVICE_CREDENTIAL_DAYS,
  type DeviceClaims,
  type DeviceCredentials,
  type VerifiedDeviceClaims,
} from '../domain/device-activation.js';

export const DEVICE_CREDENTIAL_TYPE = 'device+jwt';
export const DEVICE_CREDENTIAL_AUDIENCE = 'mobile-app';
const ALGORITHM = 'HS256';

export function createDeviceCredentials(sessionKeys: string[], issuer: string): DeviceCredentials {
  const keys = sessionKeys.map((s) => {
    const key = new Uint8Array(hkdfSync('sha256', Buffer.from(s, 'base64'), Buffer.alloc(0), 'device-credential', 32));
    return { key, kid: createHash('sha256').update(key).digest('base64url').slice(0, 12) };
  });
  if (!keys.length) throw new Error('device credentials need at least one session key');
  const signing = keys[0]!;
  return {
    async issue(claims: DeviceClaims, now: Date) {
      const iat = Math.floor(now.getTime() / 1000);
      const exp = iat + DEVICE_CREDENTIAL_DAYS * 24 * 60 * 60;
      const token = await new SignJWT({ provider: claims.providerId, device: claims.deviceId })
        .setProtectedHeader({ alg: ALGORITHM, typ: DEVICE_CREDENTIAL_TYPE, kid: signing.kid })
        .setSubject(claims.clientId)
        .setIssuer(issuer)
        .setAudience(DEVICE_CREDENTIAL_AUDIENCE)
        .setIssuedAt(iat)
        .setExpirationTime(exp)
        .sign(signing.key);
      return { token, expiresAt: new Date(exp * 1000) };
    },
    async verify(token: string, now: Date): Promise<VerifiedDeviceClaims | undefined> {
      try {
        const { payload } = await jwtVerify(
          token,
          (header) => {
            const found = keys.find((k) => k.kid === header.kid);
            if (!found) throw new Error('unknown key');
            return found.key;
          },
          {
            algorithms: [ALGORITHM],
            typ: DEVICE_CREDENTIAL_TYPE,
            issuer,
            audience: DEVICE_CREDENTIAL_AUDIENCE,
            currentDate: now,
            requiredClaims: ['sub', 'exp', 'iat'],
          },
        );
        const { sub, provider, device, iat } = payload;
        if (typeof sub !== 'string' || typeof provider !== 'string' || typeof device !== 'string') return undefined;
        if (typeof iat !== 'number' || !Number.isFinite(iat)) return undefined;
        return { clientId: sub, providerId: provider, deviceId: device, issuedAt: new Date(iat * 1000) };
      } catch {
        return undefined;
      }
    },
  };
}
