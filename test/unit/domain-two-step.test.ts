/**
 * Two-step verification's domain: RFC 6238's SHA-1 test vectors, one step of drift each way, a code accepted once,
 * 5 wrong codes in 15 minutes lock the code step for 15 minutes, recovery codes single use and kept hashed; and the
 * use cases (enroll, confirm, turn off, the code step of sign-in and of device activation) over an in-memory store.
 */
import { describe, expect, it } from 'vitest';
import { nodeTwoStepCrypto as crypto } from '../../shared/adapters/totp.js';
import { DomainError } from '../../shared/domain/errors.js';
import {
  base32Decode,
  base32Encode,
  emptyState,
  hotp,
  judgeCode,
  MAX_WRONG_CODES,
  newRecoveryCodes,
  otpauthUri,
  RECOVERY_CODE_COUNT,
  type TwoStepState,
  totp,
} from '../../shared/domain/two-step.js';
import {
  confirmEnrollment,
  enrollment,
  requireDeviceTwoStep,
  turnOff,
  twoStepIsOn,
  verifyCode,
} from '../../shared/domain/use-cases/two-step.js';
import { twoStepWorld } from '../support/two-step-fakes.js';

const MINUTE = 60_000;
const KEY = 'tenant|object';
/** RFC 6238 Appendix B's SHA-1 seed: the ASCII "12345678901234567890". */
const RFC_SEED = new TextEncoder().encode('12345678901234567890');
const SECRET = base32Encode(RFC_SEED);

describe('RFC 6238 and RFC 4226', () => {
  it.each([
    [59, '94287082'],
    [1111111109, '07081804'],
    [1111111111, '14050471'],
    [1234567890, '89005924'],
    [2000000000, '69279037'],
    [20000000000, '65353130'],
  ])('when the time is %i s, then the 8-digit SHA-1 TOTP is %s (Appendix B)', (seconds, expected) => {
    expect(totp(crypto, RFC_SEED, new Date(seconds * 1000), 8)).toBe(expected);
  });

  it('when counters 0 to 9 are asked, then HOTP gives RFC 4226 Appendix D', () => {
    const expected = [
      '755224',
      '287082',
      '359152',
      '969429',
      '338314',
      '254676',
      '287922',
      '162583',
      '399871',
      '520489',
    ];
    expect(expected.map((_, counter) => hotp(crypto, RFC_SEED, counter))).toEqual(expected);
  });

  it('when bytes go through base32 and back, then they are the same (and the RFC 4648 vector holds)', () => {
    expect(base32Encode(new TextEncoder().encode('foobar'))).toBe('MZXW6YTBOI');
    const bytes = crypto.randomBytes(20);
    expect(base32Decode(base32Encode(bytes))).toEqual(bytes);
    expect(base32Decode('not base32!')).toBeUndefined();
  });

  it('when the QR code is built, then it names SHA1, 6 digits and 30 s', () => {
    const uri = otpauthUri(SECRET, 'claire@example.com', 'Portail');
    expect(uri).toMatch(/^otpauth:\/\/totp\/Portail:claire%40example\.com\?/);
    const query = new URL(uri).searchParams;
    expect(Object.fromEntries(query)).toEqual({
      secret: SECRET,
      issuer: 'Portail',
      algorithm: 'SHA1',
      digits: '6',
      period: '30',
    });
  });
});

describe('judging a code', () => {
  const at = new Date('2026-11-30T10:00:05Z');
  const codeAt = (ms: number) => totp(crypto, RFC_SEED, new Date(at.getTime() + ms));

  it('when the code is of the current step or one step either side, then it is accepted; two steps off, refused', () => {
    for (const drift of [-30_000, 0, 30_000]) {
      expect(judgeCode(crypto, SECRET, emptyState(), codeAt(drift), at).kind).toBe('accepted');
    }
    for (const drift of [-60_000, 60_000]) {
      const judged = judgeCode(crypto, SECRET, emptyState(), codeAt(drift), at);
      if (judged.kind === 'accepted') expect.fail('a code two steps away was accepted');
    }
  });

  it('when a code typed with a space is given, then it is read', () => {
    const code = codeAt(0);
    expect(judgeCode(crypto, SECRET, emptyState(), `${code.slice(0, 3)} ${code.slice(3)}`, at).kind).toBe('accepted');
  });

  it('when a code was accepted, then the same code, or one of an earlier step, is refused as replayed', () => {
    const first = judgeCode(crypto, SECRET, emptyState(), codeAt(0), at);
    if (first.kind !== 'accepted') expect.fail('refused');
    expect(judgeCode(crypto, SECRET, first.state, codeAt(0), at)).toMatchObject({ kind: 'wrong', reason: 'replayed' });
    expect(judgeCode(crypto, SECRET, first.state, codeAt(-30_000), at)).toMatchObject({
      kind: 'wrong',
      reason: 'replayed',
    });
    // The next step's code still works (drift ahead).
    expect(judgeCode(crypto, SECRET, first.state, codeAt(30_000), at).kind).toBe('accepted');
  });

  it('when 5 wrong codes come within 15 minutes, then the 5th locks for 15 minutes, even the right code', () => {
    let state: TwoStepState = emptyState();
    let now = at;
    for (let i = 1; i < MAX_WRONG_CODES; i++) {
      const judged = judgeCode(crypto, SECRET, state, '000000', now);
      expect(judged).toMatchObject({ kind: 'wrong', attemptsRemaining: MAX_WRONG_CODES - i });
      if (judged.kind !== 'wrong') return;
      state = judged.state;
      now = new Date(now.getTime() + 2 * MINUTE);
    }
    const locking = judgeCode(crypto, SECRET, state, '000000', now);
    expect(locking).toMatchObject({ kind: 'locked', retryAfterSeconds: 900 });
    if (locking.kind !== 'locked' || !locking.state) return expect.fail('no lock written');
    state = locking.state;
    const later = new Date(now.getTime() + 10 * MINUTE);
    const right = totp(crypto, RFC_SEED, later);
    expect(judgeCode(crypto, SECRET, state, right, later)).toEqual({ kind: 'locked', retryAfterSeconds: 300 });
    const after = new Date(now.getTime() + 15 * MINUTE);
    expect(judgeCode(crypto, SECRET, state, totp(crypto, RFC_SEED, after), after).kind).toBe('accepted');
  });

  it('when wrong codes are spread over more than 15 minutes, then they never lock', () => {
    let state: TwoStepState = emptyState();
    for (let i = 0; i < 10; i++) {
      const judged = judgeCode(crypto, SECRET, state, '000000', new Date(at.getTime() + i * 4 * MINUTE));
      expect(judged.kind).toBe('wrong');
      if (judged.kind === 'wrong') state = judged.state;
    }
  });

  it('when a recovery code is given, then it works once, in any case and grouping, and is kept only as a hash', () => {
    const { codes, hashes } = newRecoveryCodes(crypto);
    expect(codes).toHaveLength(RECOVERY_CODE_COUNT);
    expect(new Set(codes).size).toBe(RECOVERY_CODE_COUNT);
    expect(codes[0]).toMatch(/^[a-z2-7]{4}(-[a-z2-7]{4}){3}$/);
    expect(hashes.join()).not.toContain(codes[0]!.replaceAll('-', ''));
    const state = { ...emptyState(), recoveryHashes: hashes };
    const used = judgeCode(crypto, SECRET, state, codes[3]!.toUpperCase().replaceAll('-', ' '), at);
    expect(used).toMatchObject({ kind: 'accepted', via: 'recovery', recoveryLeft: RECOVERY_CODE_COUNT - 1 });
    if (used.kind !== 'accepted') return;
    expect(judgeCode(crypto, SECRET, used.state, codes[3]!, at).kind).toBe('wrong');
    expect(judgeCode(crypto, SECRET, used.state, codes[4]!, at).kind).toBe('accepted');
    // Confirming the enrollment takes the app's codes only.
    expect(judgeCode(crypto, SECRET, state, codes[5]!, at, { recovery: false }).kind).toBe('wrong');
  });
});

describe('the use cases', () => {
  async function turnedOn() {
    const w = twoStepWorld();
    const started = await enrollment(w.deps, KEY);
    if (started.kind !== 'pending') throw new Error('not pending');
    const confirmed = await confirmEnrollment(w.deps, KEY, w.code(started.secret));
    if (confirmed.kind !== 'confirmed') throw new Error(`not confirmed: ${confirmed.kind}`);
    w.advance(MINUTE);
    return { w, secret: started.secret, recoveryCodes: confirmed.recoveryCodes };
  }

  it('when enrolling, then the same pending secret is shown until a code confirms it, and nothing is on', async () => {
    const w = twoStepWorld();
    const first = await enrollment(w.deps, KEY);
    const again = await enrollment(w.deps, KEY);
    expect(first).toEqual(again);
    expect(await twoStepIsOn(w.deps, KEY)).toBe(false);
    expect(w.store.changes.size).toBe(0);
  });

  it('when a wrong code confirms, then it stays pending; a right one turns it on, records the change, gives 10 codes', async () => {
    const w = twoStepWorld();
    const started = await enrollment(w.deps, KEY);
    if (started.kind !== 'pending') return expect.fail('not pending');
    expect(await confirmEnrollment(w.deps, KEY, '000000')).toMatchObject({ kind: 'wrong' });
    expect(await twoStepIsOn(w.deps, KEY)).toBe(false);
    const confirmed = await confirmEnrollment(w.deps, KEY, w.code(started.secret));
    expect(confirmed.kind).toBe('confirmed');
    if (confirmed.kind !== 'confirmed') return;
    expect(confirmed.recoveryCodes).toHaveLength(10);
    expect(await twoStepIsOn(w.deps, KEY)).toBe(true);
    expect(w.store.changes.get(KEY)).toEqual(w.now());
    expect(await enrollment(w.deps, KEY)).toEqual({ kind: 'on' });
  });

  it('when the code that confirmed enrollment is given at sign-in, then it is refused as replayed', async () => {
    const w = twoStepWorld();
    const started = await enrollment(w.deps, KEY);
    if (started.kind !== 'pending') return expect.fail('not pending');
    const code = w.code(started.secret);
    await confirmEnrollment(w.deps, KEY, code);
    expect(await verifyCode(w.deps, KEY, code)).toMatchObject({ kind: 'wrong', reason: 'replayed' });
  });

  it('when the same code is verified by two requests at once, then exactly one passes', async () => {
    const { w, secret } = await turnedOn();
    const code = w.code(secret);
    const outcomes = await Promise.all([verifyCode(w.deps, KEY, code), verifyCode(w.deps, KEY, code)]);
    expect(outcomes.map((o) => o.kind).sort()).toEqual(['accepted', 'wrong']);
  });

  it('when 5 wrong codes are given at sign-in, then the code step is locked and says for how long', async () => {
    const { w, secret } = await turnedOn();
    for (let i = 0; i < 4; i++) expect((await verifyCode(w.deps, KEY, '000000')).kind).toBe('wrong');
    expect(await verifyCode(w.deps, KEY, '000000')).toEqual({ kind: 'locked', retryAfterSeconds: 900 });
    expect(await verifyCode(w.deps, KEY, w.code(secret))).toMatchObject({ kind: 'locked' });
  });

  it('when turning off with a wrong code, then it stays on; with a recovery code, then it is off and the change recorded', async () => {
    const { w, recoveryCodes } = await turnedOn();
    expect(await turnOff(w.deps, KEY, '123456')).toMatchObject({ kind: 'wrong' });
    expect(await twoStepIsOn(w.deps, KEY)).toBe(true);
    expect(await turnOff(w.deps, KEY, recoveryCodes[0]!)).toEqual({ kind: 'turned-off' });
    expect(await twoStepIsOn(w.deps, KEY)).toBe(false);
    expect(w.store.changes.get(KEY)).toEqual(w.now());
    expect(await turnOff(w.deps, KEY, recoveryCodes[1]!)).toEqual({ kind: 'not-on' });
  });

  it('when two-step is off, then device activation needs no code; on, a missing or wrong code is two-step-required', async () => {
    const off = twoStepWorld();
    await expect(requireDeviceTwoStep(off.deps, KEY, undefined)).resolves.toBeUndefined();
    const { w, secret } = await turnedOn();
    const refusal = async (code: string | undefined) => {
      try {
        await requireDeviceTwoStep(w.deps, KEY, code);
      } catch (error) {
        if (error instanceof DomainError) return { code: error.code, ...error.details };
        throw error;
      }
      return { code: 'passed' };
    };
    expect(await refusal(undefined)).toEqual({ code: 'two-step-required', reason: 'missing' });
    expect(await refusal('000000')).toMatchObject({ code: 'two-step-required', reason: 'wrong' });
    const code = w.code(secret);
    expect(await refusal(code)).toEqual({ code: 'passed' });
    expect(await refusal(code)).toMatchObject({ code: 'two-step-required', reason: 'wrong' });
  });
});
