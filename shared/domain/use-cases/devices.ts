/**
 * The devices of a client: the app's calls with its device credential (`GET /api/devices/current`), and revocation
 * by a professional (the client sheet's "revoke"). A credential is good only while its device row is not revoked
 * and the app is still the client's to use: each call reads both, so revoking takes effect at the next call.
 */
import type { Device } from '../client-file.js';
import { type DeviceClaims, LAST_SEEN_EVERY_MS, requireUsableApp } from '../device-activation.js';
import { DomainError } from '../errors.js';
import type { ActingProfessional } from '../provider.js';
import { type DeviceDeps, requireAccess } from './activate-device.js';

export interface CurrentDevice {
  clientId: string;
  deviceId: string;
  mobileApp: { usableUntil?: string };
}

const unauthenticated = () =>
  new DomainError('unauthenticated', 'A valid device credential is required (Authorization: Bearer <deviceToken>).');

/**
 * The device a credential names, if it may still be used: a bad, expired or unknown credential is `unauthenticated`,
 * a revoked device `device-revoked` (both 401), an app no longer offered or usable its 403, a client whose access at
 * the provider is gone (blocked, merged, provider inactive) `access-refused` (403, with why). Records when it was last
 * seen (at most once an hour) and the app's version when it changed.
 */
export async function currentDevice(
  deps: Pick<DeviceDeps, 'clock' | 'files' | 'credentials' | 'providers'>,
  token: string | undefined,
  appVersion?: string,
): Promise<CurrentDevice & { device: Device }> {
  const now = deps.clock.now();
  const claims: DeviceClaims | undefined = token ? await deps.credentials.verify(token, now) : undefined;
  if (!claims) throw unauthenticated();
  const [file, read] = await Promise.all([
    deps.files.get(claims.providerId, claims.clientId),
    deps.files.device(claims.providerId, claims.clientId, claims.deviceId),
  ]);
  if (!file || !read) throw unauthenticated();
  let device = read.value;
  if (device.revokedAt) {
    throw new DomainError('device-revoked', 'This device was disconnected from your account; activate it again.');
  }
  requireUsableApp(file.value.mobileApp, now);
  await requireAccess(deps, file.value);
  const versionChanged = appVersion !== undefined && appVersion !== device.appVersion;
  if (versionChanged || now.getTime() - device.lastSeenAt.getTime() >= LAST_SEEN_EVERY_MS) {
    const seen: Device = { ...device, lastSeenAt: now, ...(appVersion ? { appVersion } : {}) };
    try {
      device = (await deps.files.replaceDevice(claims.providerId, claims.clientId, seen, read.etag)).value;
    } catch (error) {
      // Someone wrote the device meanwhile (a revocation, another call's "seen"): theirs stands, ours is not needed.
      if (!(error instanceof DomainError && error.code === 'concurrent-update')) throw error;
    }
  }
  return {
    clientId: claims.clientId,
    deviceId: claims.deviceId,
    mobileApp: { ...(file.value.mobileApp.usableUntil ? { usableUntil: file.value.mobileApp.usableUntil } : {}) },
    device,
  };
}

const ROUNDS = 5;

/**
 * A professional disconnects one of their provider's client's devices: its credential stops working at its next
 * call. Revoking a revoked device answers it as it is. Another provider's client, or a device not the client's:
 * not found.
 */
export async function revokeDevice(
  deps: Pick<DeviceDeps, 'clock' | 'files'>,
  professional: ActingProfessional,
  clientId: string,
  deviceId: string,
): Promise<Device> {
  const file = await deps.files.get(professional.providerId, clientId);
  if (!file) throw new DomainError('client-not-found', 'No such client.');
  for (let round = 0; ; round++) {
    const read = await deps.files.device(professional.providerId, clientId, deviceId);
    if (!read) throw new DomainError('device-not-found', 'No such device for this client.');
    if (read.value.revokedAt) return read.value;
    const revoked: Device = { ...read.value, revokedAt: deps.clock.now(), revokedBy: professional.oid };
    try {
      return (await deps.files.replaceDevice(professional.providerId, clientId, revoked, read.etag)).value;
    } catch (error) {
      if (error instanceof DomainError && error.code === 'concurrent-update' && round < ROUNDS - 1) continue;
      throw error;
    }
  }
}
