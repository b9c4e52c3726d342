/**
 * ActivateDevice when the account has two-step verification on: the right activation code also needs the
 * authenticator's code — missing or wrong is `two-step-required` (reason missing|wrong) and the activation code stays
 * unused; the right code activates; a credential issued before two-step changed is refused as a revoked device.
 */
import { describe, expect, it } from 'vitest';
import { nodeTwoStepCrypto } from '../../shared/adapters/totp.js';
import { DomainError } from '../../shared/domain/errors.js';
import { base32Decode, totp } from '../../shared/domain/two-step.js';
import { activateDevice } from '../../shared/domain/use-cases/activate-device.js';
import { currentDevice } from '../../shared/domain/use-cases/devices.js';
import { confirmEnrollment, enrollment } from '../../shared/domain/use-cases/two-step.js';
import { ACTIVATION_CODE, clientFileWithCode, deviceWorld, IDENTIFICATION_CODE } from '../support/device-fakes.js';

const ACCOUNT = 'tenant|object';

async function refusal(promise: Promise<unknown>) {
  try {
    await promise;
  } catch (error) {
    if (error instanceof DomainError) return { code: error.code, reason: error.details.reason };
    throw error;
  }
  return { code: 'passed' };
}

async function withTwoStep() {
  const w = deviceWorld();
  await w.seed(clientFileWithCode(w.clock.now(), { accountKey: ACCOUNT }));
  const started = await enrollment(w.deps.twoStep, ACCOUNT);
  if (started.kind !== 'pending') throw new Error('not pending');
  const code = (ahead: number) =>
    totp(nodeTwoStepCrypto, base32Decode(started.secret)!, new Date(w.clock.now().getTime() + ahead * 30_000));
  await confirmEnrollment(w.deps.twoStep, ACCOUNT, code(0));
  return { w, code };
}

const codes = { identificationCode: IDENTIFICATION_CODE, activationCode: ACTIVATION_CODE };

describe('ActivateDevice with two-step verification on', () => {
  it('when totpCode is missing, then two-step-required (missing) and the activation code is unused', async () => {
    const { w } = await withTwoStep();
    expect(await refusal(activateDevice(w.deps, codes))).toEqual({ code: 'two-step-required', reason: 'missing' });
    const file = await w.file();
    expect(file.activation?.usedAt).toBeUndefined();
    expect(file.activation?.wrongTries).toBe(0);
  });

  it('when totpCode is wrong, then two-step-required (wrong); with the right one, the device is activated', async () => {
    const { w, code } = await withTwoStep();
    expect(await refusal(activateDevice(w.deps, { ...codes, totpCode: '000000' }))).toEqual({
      code: 'two-step-required',
      reason: 'wrong',
    });
    expect((await w.file()).activation?.usedAt).toBeUndefined();
    const activated = await activateDevice(w.deps, { ...codes, totpCode: code(1) });
    expect(activated.clientId).toBe('c0ffee00-0000-4000-8000-000000000001');
  });

  it('when two-step changes after the credential was issued, then the credential is refused as a revoked device', async () => {
    const w = deviceWorld();
    await w.seed(clientFileWithCode(w.clock.now(), { accountKey: ACCOUNT }));
    const activated = await activateDevice(w.deps, codes);
    expect((await currentDevice(w.deps, activated.deviceToken)).clientId).toBe(activated.clientId);
    w.clock.advance(2_000);
    await w.twoStepStore.recordChange(ACCOUNT, w.clock.now());
    expect(await refusal(currentDevice(w.deps, activated.deviceToken))).toMatchObject({ code: 'device-revoked' });
  });
});
