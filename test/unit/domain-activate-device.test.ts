/**
 * ActivateDevice's rules (SECURITY.md, "activation code" and "activation attempts"), driven with the in-memory file
 * store: each limit has a test that fails if the limit is removed.
 */
import { describe, expect, it } from 'vitest';
import type { ClientFile } from '../../shared/domain/client-file.js';
import { DomainError } from '../../shared/domain/errors.js';
import { activateDevice } from '../../shared/domain/use-cases/activate-device.js';
import { ACTIVATION_CODE, clientFileWithCode, deviceWorld, IDENTIFICATION_CODE } from '../support/device-fakes.js';
import { GFMS } from '../support/fakes.js';

const MINUTE = 60 * 1000;
const HOUR = 60 * MINUTE;
const CLIENT_ID = 'c0ffee00-0000-4000-8000-000000000001';

async function refusal(promise: Promise<unknown>) {
  try {
    await promise;
  } catch (error) {
    if (error instanceof DomainError) return { code: error.code, details: error.details, message: error.message };
    throw error;
  }
  throw new Error('expected a refusal');
}

async function world(overrides: Partial<ClientFile> = {}) {
  const w = deviceWorld();
  await w.seed(clientFileWithCode(w.clock.now(), overrides));
  return w;
}

const attempt = (w: ReturnType<typeof deviceWorld>, activationCode: string, identificationCode = IDENTIFICATION_CODE) =>
  activateDevice(w.deps, { identificationCode, activationCode, appVersion: '1.4.0', label: 'iPhone de Claire' });

describe('activating a device with the right codes', () => {
  it('when both codes match, then one device is made, the code is used, the first connection recorded and a credential naming the device is answered', async () => {
    const w = await world();
    const activation = await attempt(w, ACTIVATION_CODE);
    const file = await w.file();
    const devices = await w.files.devices(GFMS.id, CLIENT_ID);
    expect(devices).toEqual([
      {
        id: activation.device.id,
        activatedAt: w.clock.now(),
        lastSeenAt: w.clock.now(),
        appVersion: '1.4.0',
        label: 'iPhone de Claire',
      },
    ]);
    expect(file.activation?.usedAt).toEqual(w.clock.now());
    expect(file.appFirstConnectionAt).toEqual(w.clock.now());
    expect(activation.clientId).toBe(CLIENT_ID);
    expect(w.credentials.issued).toEqual([
      { clientId: CLIENT_ID, providerId: GFMS.id, deviceId: activation.device.id },
    ]);
    expect(await w.credentials.verify(activation.deviceToken, w.clock.now())).toEqual({
      ...w.credentials.issued[0],
      issuedAt: w.clock.now(),
    });
    expect(activation.expiresAt.getTime() - w.clock.now().getTime()).toBe(30 * 24 * HOUR);
  });

  it('when the identification code is typed in lower case with a hyphen, then it still names the client', async () => {
    const w = await world();
    await attempt(w, ACTIVATION_CODE, 'k7m2-qx9p');
    expect(await w.files.devices(GFMS.id, CLIENT_ID)).toHaveLength(1);
  });

  it('when a second device is activated later with a new code, then the first connection keeps its date', async () => {
    const w = await world();
    await attempt(w, ACTIVATION_CODE);
    const first = (await w.file()).appFirstConnectionAt;
    w.clock.advance(2 * HOUR);
    const read = (await w.files.get(GFMS.id, CLIENT_ID))!;
    const now = w.clock.now();
    await w.files.replace(
      { ...read.value, activation: { ...clientFileWithCode(now).activation!, hash: 'hmac:111111' } },
      read,
    );
    await attempt(w, '111111');
    expect((await w.file()).appFirstConnectionAt).toEqual(first);
    expect(await w.files.devices(GFMS.id, CLIENT_ID)).toHaveLength(2);
  });

  it('when the same code is typed again after it made a device, then 410 activation-code-used and no second device', async () => {
    const w = await world();
    await attempt(w, ACTIVATION_CODE);
    expect((await refusal(attempt(w, ACTIVATION_CODE))).code).toBe('activation-code-used');
    expect(await w.files.devices(GFMS.id, CLIENT_ID)).toHaveLength(1);
  });

  it('when five attempts with the right codes run at once, then exactly one device is made and the others find the code used', async () => {
    const w = await world();
    const outcomes = await Promise.allSettled(Array.from({ length: 5 }, () => attempt(w, ACTIVATION_CODE)));
    expect(outcomes.filter((o) => o.status === 'fulfilled')).toHaveLength(1);
    for (const o of outcomes.filter((o) => o.status === 'rejected')) {
      expect(((o as PromiseRejectedResult).reason as DomainError).code).toBe('activation-code-used');
    }
    expect(await w.files.devices(GFMS.id, CLIENT_ID)).toHaveLength(1);
  });

  it('when the success follows failures, then the failures are forgotten (NIST SP 800-63B §3.2.2) but the success is single', async () => {
    const w = await world();
    await refusal(attempt(w, '000000'));
    await attempt(w, ACTIVATION_CODE);
    expect((await w.file()).activationFailures).toEqual({ recent: [] });
  });
});

describe('wrong codes (5 per code, SECURITY.md)', () => {
  it('when a wrong code is typed, then 400 activation-code-wrong with the attempts remaining, counting down', async () => {
    const w = await world();
    const remaining: unknown[] = [];
    for (let i = 0; i < 4; i++) {
      const r = await refusal(attempt(w, '000000'));
      expect(r.code).toBe('activation-code-wrong');
      remaining.push(r.details.attemptsRemaining);
    }
    expect(remaining).toEqual([4, 3, 2, 1]);
    expect((await w.file()).activation?.wrongTries).toBe(4);
  });

  it('when the fifth wrong code is typed, then 410 activation-code-spent, and the right code no longer works', async () => {
    const w = await world();
    for (let i = 0; i < 4; i++) await refusal(attempt(w, '000000'));
    expect(await refusal(attempt(w, '000000'))).toMatchObject({
      code: 'activation-code-spent',
      details: { attemptsRemaining: 0 },
    });
    expect((await refusal(attempt(w, ACTIVATION_CODE))).code).toBe('activation-code-spent');
    expect(await w.files.devices(GFMS.id, CLIENT_ID)).toEqual([]);
  });

  it('when wrong codes are typed at once, then every one of them is counted', async () => {
    const w = await world();
    await Promise.allSettled(Array.from({ length: 4 }, () => attempt(w, '000000')));
    const file = await w.file();
    expect(file.activation?.wrongTries).toBe(4);
    expect(file.activationFailures.recent).toHaveLength(4);
  });
});

describe('expired and missing codes', () => {
  it('when the code is typed right at its expiry, then 410 activation-code-expired and no device', async () => {
    const w = await world();
    w.clock.advance(9 * MINUTE);
    expect((await refusal(attempt(w, ACTIVATION_CODE))).code).toBe('activation-code-expired');
    expect(await w.files.devices(GFMS.id, CLIENT_ID)).toEqual([]);
  });

  it('when the code is typed a moment before its expiry, then it works', async () => {
    const w = await world();
    w.clock.advance(9 * MINUTE - 1);
    await attempt(w, ACTIVATION_CODE);
    expect(await w.files.devices(GFMS.id, CLIENT_ID)).toHaveLength(1);
  });

  it('when the identification code names nobody, then the answer is a wrong code’s, word for word, and nothing is written', async () => {
    const w = await world();
    const known = await refusal(attempt(w, '000000'));
    const fresh = await world();
    const unknown = await refusal(attempt(fresh, '000000', 'ZZZZZZZZ'));
    expect(unknown).toEqual(known);
    expect((await fresh.file()).activationFailures.recent).toEqual([]);
  });

  it('when the file has no code yet, then the answer is a wrong code’s and the failure counts', async () => {
    const w = await world({ activation: undefined });
    expect(await refusal(attempt(w, '000000'))).toMatchObject({
      code: 'activation-code-wrong',
      details: { attemptsRemaining: 4 },
    });
    expect((await w.file()).activationFailures.recent).toHaveLength(1);
  });
});

describe('the lock (10 failures per client in 24 h, SECURITY.md)', () => {
  /** A professional (or the app) sends a new code: a new hash, no wrong tries; failures and a lock stay as they are. */
  async function newCode(w: ReturnType<typeof deviceWorld>, code: string) {
    const read = (await w.files.get(GFMS.id, CLIENT_ID))!;
    await w.files.replace(
      { ...read.value, activation: { ...clientFileWithCode(w.clock.now()).activation!, hash: `hmac:${code}` } },
      read,
    );
  }

  it('when the file has no code yet, then the attempts remaining count down to the lock instead of saying 4 until it', async () => {
    const w = await world({ activation: undefined });
    const answers: unknown[] = [];
    for (let i = 0; i < 10; i++) {
      const r = await refusal(attempt(w, '000000'));
      answers.push(r.code === 'activation-code-wrong' ? r.details.attemptsRemaining : r.code);
    }
    expect(answers).toEqual([4, 4, 4, 4, 4, 4, 3, 2, 1, 'activation-locked']);
  });

  it('when a new code comes after 7 failures, then its first wrong try says 2 attempts remain (the lock), not 4', async () => {
    const w = await world();
    for (let i = 0; i < 4; i++) await refusal(attempt(w, '000000'));
    await newCode(w, '222222');
    for (let i = 0; i < 3; i++) await refusal(attempt(w, '000000'));
    await newCode(w, '333333');
    expect(await refusal(attempt(w, '000000'))).toMatchObject({
      code: 'activation-code-wrong',
      details: { attemptsRemaining: 2 },
    });
  });

  it('when 10 failures happen across resent codes within 24 h, then 403 activation-locked, even with the right code', async () => {
    const w = await world();
    for (let i = 0; i < 4; i++) await refusal(attempt(w, '000000'));
    await newCode(w, '222222');
    for (let i = 0; i < 4; i++) await refusal(attempt(w, '000000'));
    await newCode(w, '333333');
    expect((await refusal(attempt(w, '000000'))).code).toBe('activation-code-wrong');
    expect((await refusal(attempt(w, '000000'))).code).toBe('activation-locked');
    const file = await w.file();
    expect(file.activationFailures.lockedAt).toEqual(w.clock.now());
    expect((await refusal(attempt(w, '333333'))).code).toBe('activation-locked');
    expect(await w.files.devices(GFMS.id, CLIENT_ID)).toEqual([]);
  });

  it('when a day passes after the lock, then it still holds: only a new code from a professional lifts it', async () => {
    const w = await world();
    for (let i = 0; i < 10; i++) {
      if (i % 4 === 0) await newCode(w, '222222');
      await refusal(attempt(w, '000000'));
    }
    w.clock.advance(48 * HOUR);
    await newCode(w, '444444');
    expect((await refusal(attempt(w, '444444'))).code).toBe('activation-locked');
  });

  it('when the lock mark is gone but 10 failures of the day remain, then the next failure locks again (the failures, not the mark, decide)', async () => {
    const w = await world();
    for (let i = 0; i < 10; i++) {
      if (i % 4 === 0) await newCode(w, '222222');
      await refusal(attempt(w, '000000'));
    }
    const read = (await w.files.get(GFMS.id, CLIENT_ID))!;
    await w.files.replace(
      {
        ...read.value,
        activation: { ...clientFileWithCode(w.clock.now()).activation!, hash: 'hmac:555555' },
        activationFailures: { recent: read.value.activationFailures.recent },
      },
      read,
    );
    expect((await refusal(attempt(w, '000000'))).code).toBe('activation-locked');
  });

  it('when the 10 failures are spread over 23 hours, then the 10th still locks: the failures count for a whole day', async () => {
    const w = await world();
    for (let i = 0; i < 4; i++) await refusal(attempt(w, '000000'));
    w.clock.advance(23 * HOUR);
    await newCode(w, '222222');
    for (let i = 0; i < 4; i++) await refusal(attempt(w, '000000'));
    await newCode(w, '333333');
    expect((await refusal(attempt(w, '000000'))).code).toBe('activation-code-wrong');
    expect((await refusal(attempt(w, '000000'))).code).toBe('activation-locked');
  });

  it('when failures are older than 24 h, then they no longer count towards the lock', async () => {
    const w = await world();
    for (let i = 0; i < 4; i++) await refusal(attempt(w, '000000'));
    await newCode(w, '222222');
    for (let i = 0; i < 4; i++) await refusal(attempt(w, '000000'));
    w.clock.advance(24 * HOUR);
    await newCode(w, '333333');
    await refusal(attempt(w, '000000'));
    await refusal(attempt(w, '000000'));
    const file = await w.file();
    expect(file.activationFailures.lockedAt).toBeUndefined();
    expect(file.activationFailures.recent).toHaveLength(2);
  });

  it('when expired, used and spent codes are typed, then each is a failure too', async () => {
    const w = await world();
    w.clock.advance(10 * MINUTE);
    await refusal(attempt(w, ACTIVATION_CODE));
    expect((await w.file()).activationFailures.recent).toHaveLength(1);
  });
});

describe('the app offered, and until when (Paris day, inclusive)', () => {
  it('when the app is not offered, then the right codes get 403 mobile-app-not-offered and the code stays unused', async () => {
    const w = await world({ mobileApp: { offered: false } });
    expect((await refusal(attempt(w, ACTIVATION_CODE))).code).toBe('mobile-app-not-offered');
    expect((await w.file()).activation?.usedAt).toBeUndefined();
    expect(await w.files.devices(GFMS.id, CLIENT_ID)).toEqual([]);
  });

  it('when the app is not offered and the code is wrong, then the answer is the wrong code’s: the offer is not told', async () => {
    const w = await world({ mobileApp: { offered: false } });
    expect((await refusal(attempt(w, '000000'))).code).toBe('activation-code-wrong');
  });

  it('when it is the last usable day in Paris, then the app may be activated; the next Paris day it may not', async () => {
    // 2025-03-03 22:30 UTC is 23:30 in Paris (winter time): still the 3rd there.
    const w = await world({ mobileApp: { offered: true, usableUntil: '2025-03-03' } });
    w.clock.set(new Date('2025-03-03T22:30:00.000Z'));
    const read = (await w.files.get(GFMS.id, CLIENT_ID))!;
    await w.files.replace({ ...read.value, activation: clientFileWithCode(w.clock.now()).activation }, read);
    await attempt(w, ACTIVATION_CODE);

    // 23:30 UTC is already the 4th in Paris, though still the 3rd in UTC.
    const later = await world({ mobileApp: { offered: true, usableUntil: '2025-03-03' } });
    later.clock.set(new Date('2025-03-03T23:30:00.000Z'));
    const again = (await later.files.get(GFMS.id, CLIENT_ID))!;
    await later.files.replace({ ...again.value, activation: clientFileWithCode(later.clock.now()).activation }, again);
    expect(await refusal(attempt(later, ACTIVATION_CODE))).toMatchObject({
      code: 'mobile-app-expired',
      details: { usableUntil: '2025-03-03' },
    });
  });
});
