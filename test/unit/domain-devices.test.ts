/**
 * The app's device calls and revocation: a credential works while its device is not revoked and the app is still the
 * client's to use; `lastSeenAt` is written at most once an hour; a professional revokes only their provider's devices.
 */
import { describe, expect, it } from 'vitest';
import { DomainError } from '../../shared/domain/errors.js';
import { activateDevice } from '../../shared/domain/use-cases/activate-device.js';
import { currentDevice, revokeDevice } from '../../shared/domain/use-cases/devices.js';
import { ACTIVATION_CODE, clientFileWithCode, deviceWorld, IDENTIFICATION_CODE } from '../support/device-fakes.js';
import { GFMS, professionalUser } from '../support/fakes.js';

const MINUTE = 60 * 1000;
const CLIENT_ID = 'c0ffee00-0000-4000-8000-000000000001';

async function refusal(promise: Promise<unknown>) {
  try {
    await promise;
  } catch (error) {
    if (error instanceof DomainError) return error.code;
    throw error;
  }
  throw new Error('expected a refusal');
}

async function activated() {
  const w = deviceWorld();
  await w.seed(clientFileWithCode(w.clock.now()));
  const activation = await activateDevice(w.deps, {
    identificationCode: IDENTIFICATION_CODE,
    activationCode: ACTIVATION_CODE,
    appVersion: '1.4.0',
  });
  return { w, token: activation.deviceToken, deviceId: activation.device.id };
}

describe('the app calls with its device credential', () => {
  it('when the credential is good, then the client, the device and until when the app is usable are answered', async () => {
    const { w, token, deviceId } = await activated();
    expect(await currentDevice(w.deps, token)).toMatchObject({
      clientId: CLIENT_ID,
      deviceId,
      mobileApp: { usableUntil: '2030-12-31' },
    });
  });

  it('when there is no credential, a forged one or an expired one, then unauthenticated', async () => {
    const { w, token } = await activated();
    expect(await refusal(currentDevice(w.deps, undefined))).toBe('unauthenticated');
    expect(await refusal(currentDevice(w.deps, token.replace(CLIENT_ID, 'someone-else')))).toBe('unauthenticated');
    w.clock.advance(30 * 24 * 60 * MINUTE);
    expect(await refusal(currentDevice(w.deps, token))).toBe('unauthenticated');
  });

  it('when the device was revoked, then device-revoked, at the very next call', async () => {
    const { w, token, deviceId } = await activated();
    await currentDevice(w.deps, token);
    await revokeDevice(w.deps, professionalUser, CLIENT_ID, deviceId);
    expect(await refusal(currentDevice(w.deps, token))).toBe('device-revoked');
  });

  it('when the provider withdraws the app or its day passes, then the credential gets the app’s 403', async () => {
    const { w, token } = await activated();
    const read = (await w.files.get(GFMS.id, CLIENT_ID))!;
    await w.files.replace({ ...read.value, mobileApp: { offered: false } }, read);
    expect(await refusal(currentDevice(w.deps, token))).toBe('mobile-app-not-offered');
    const again = (await w.files.get(GFMS.id, CLIENT_ID))!;
    await w.files.replace({ ...again.value, mobileApp: { offered: true, usableUntil: '2025-03-02' } }, again);
    expect(await refusal(currentDevice(w.deps, token))).toBe('mobile-app-expired');
  });

  it('when calls come within the hour, then lastSeenAt is not written again; after an hour it is', async () => {
    const { w, token, deviceId } = await activated();
    const activatedAt = w.clock.now();
    w.clock.advance(59 * MINUTE);
    await currentDevice(w.deps, token, '1.4.0');
    expect((await w.files.device(GFMS.id, CLIENT_ID, deviceId))?.value.lastSeenAt).toEqual(activatedAt);
    w.clock.advance(MINUTE);
    await currentDevice(w.deps, token, '1.4.0');
    expect((await w.files.device(GFMS.id, CLIENT_ID, deviceId))?.value.lastSeenAt).toEqual(w.clock.now());
  });

  it('when the app comes back with a new version, then the device records it at once', async () => {
    const { w, token, deviceId } = await activated();
    w.clock.advance(MINUTE);
    await currentDevice(w.deps, token, '1.5.0');
    expect((await w.files.device(GFMS.id, CLIENT_ID, deviceId))?.value).toMatchObject({
      appVersion: '1.5.0',
      lastSeenAt: w.clock.now(),
    });
  });

  it('when a revocation lands between a call’s read and its "seen" write, then the revocation stands', async () => {
    const { w, token, deviceId } = await activated();
    w.clock.advance(2 * 60 * MINUTE);
    const device = w.files.device.bind(w.files);
    let raced = false;
    w.files.device = async (...args) => {
      const read = await device(...args);
      if (!raced) {
        raced = true;
        await revokeDevice(w.deps, professionalUser, CLIENT_ID, deviceId);
      }
      return read;
    };
    await currentDevice(w.deps, token);
    w.files.device = device;
    expect((await w.files.device(GFMS.id, CLIENT_ID, deviceId))?.value.revokedAt).toEqual(w.clock.now());
  });
});

describe('a professional revokes a device', () => {
  it('when the device is their provider’s client’s, then it is revoked by them, and revoking again answers it as it is', async () => {
    const { w, deviceId } = await activated();
    const revoked = await revokeDevice(w.deps, professionalUser, CLIENT_ID, deviceId);
    expect(revoked).toMatchObject({ id: deviceId, revokedAt: w.clock.now(), revokedBy: professionalUser.oid });
    w.clock.advance(MINUTE);
    expect(await revokeDevice(w.deps, professionalUser, CLIENT_ID, deviceId)).toEqual(revoked);
  });

  it('when the client is another provider’s, or the device is not the client’s, then not found and nothing changes', async () => {
    const { w, deviceId } = await activated();
    const other = { ...professionalUser, providerId: 'another-provider' };
    expect(await refusal(revokeDevice(w.deps, other, CLIENT_ID, deviceId))).toBe('client-not-found');
    expect(await refusal(revokeDevice(w.deps, professionalUser, CLIENT_ID, 'not-a-device'))).toBe('device-not-found');
    expect((await w.files.device(GFMS.id, CLIENT_ID, deviceId))?.value.revokedAt).toBeUndefined();
  });
});
