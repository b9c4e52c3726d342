/**
 * Where the secrets' randomness and comparisons come from (SECURITY.md, "Secrets and links"): invitation and reset
 * link keys are `crypto.randomBytes`; activation codes, identification codes and temporary passwords
 * `crypto.randomInt`; link-key hashes and activation-code hashes are compared with `crypto.timingSafeEqual`. A test
 * of results cannot tell `Math.random` or `===` from these, so `node:crypto` is wrapped here — each function still
 * does its real work — and each test checks that the adapter calls it and uses what it gives.
 */
import * as crypto from 'node:crypto';
import { beforeEach, describe, expect, it, vi } from 'vitest';
import { createClientCodes } from '../../shared/adapters/client-codes.js';
import { createLinkKeys } from '../../shared/adapters/link-keys.js';
import { cryptoRandom } from '../../shared/adapters/random.js';
import { parseSettings } from '../../shared/config.js';
import { buildDeps } from '../../shared/deps.js';
import { IDENTIFICATION_CODE_ALPHABET } from '../../shared/domain/client-file.js';
import { validSettings } from '../support/settings.js';

vi.mock('node:crypto', async (importOriginal) => {
  const actual = await importOriginal<typeof import('node:crypto')>();
  return {
    ...actual,
    randomBytes: vi.fn(actual.randomBytes),
    randomInt: vi.fn(actual.randomInt),
    timingSafeEqual: vi.fn(actual.timingSafeEqual),
  };
});

const SESSION_KEY = Buffer.alloc(32, 7).toString('base64');
const randomBytes = vi.mocked(crypto.randomBytes);
const randomInt = vi.mocked(crypto.randomInt);
const timingSafeEqual = vi.mocked(crypto.timingSafeEqual);
/** What the wrapped `randomBytes` hands out next, in place of random bytes: a pattern the test can recognise. */
const patterned = (size: number) => Buffer.from(Array.from({ length: size }, (_, i) => (i * 7 + 3) % 256));
const bytesOf = (view: NodeJS.ArrayBufferView) => Buffer.from(view.buffer, view.byteOffset, view.byteLength);
/** The texts `timingSafeEqual` was asked to compare since the last clear. */
const compared = () => timingSafeEqual.mock.calls.map(([a, b]) => [bytesOf(a).toString(), bytesOf(b).toString()]);

beforeEach(() => {
  randomBytes.mockReset();
  randomInt.mockReset();
  timingSafeEqual.mockReset();
});

describe('link keys', () => {
  it('when keys are issued, then their 32 bytes are the ones crypto.randomBytes gave, in order', () => {
    randomBytes.mockImplementationOnce(((size: number) => patterned(size)) as unknown as typeof crypto.randomBytes);
    const keys = createLinkKeys([SESSION_KEY]);
    const first = keys.issue().key;
    const second = keys.issue().key;
    expect(randomBytes).toHaveBeenCalledTimes(1);
    const expected = patterned(Number(randomBytes.mock.calls[0]![0]));
    expect(first).toBe(expected.subarray(0, 32).toString('base64url'));
    expect(second).toBe(expected.subarray(32, 64).toString('base64url'));
  });

  it('when two hashes are compared, then crypto.timingSafeEqual decides, on the whole hashes', () => {
    const keys = createLinkKeys([SESSION_KEY]);
    const a = keys.issue().hash;
    const b = keys.issue().hash;
    timingSafeEqual.mockClear();
    expect(keys.same(a, a)).toBe(true);
    expect(keys.same(a, b)).toBe(false);
    expect(compared()).toEqual([
      [a, a],
      [a, b],
    ]);
  });
});

describe('client codes', () => {
  it('when an activation code is issued, then it is crypto.randomInt’s draw below 1,000,000, written with 6 digits', () => {
    const codes = createClientCodes([SESSION_KEY]);
    randomInt.mockImplementationOnce((() => 4217) as unknown as typeof crypto.randomInt);
    expect(codes.issueActivationCode().code).toBe('004217');
    expect(randomInt.mock.calls).toEqual([[1_000_000]]);
  });

  it('when an activation code is checked, then crypto.timingSafeEqual compares the HMACs', () => {
    const codes = createClientCodes([SESSION_KEY]);
    const { code, hash } = codes.issueActivationCode();
    timingSafeEqual.mockClear();
    expect(codes.activationCodeMatches(code, hash)).toBe(true);
    expect(timingSafeEqual).toHaveBeenCalledTimes(1);
    expect(bytesOf(timingSafeEqual.mock.calls[0]![1]).toString('base64url')).toBe(hash);
  });

  it('when an identification code is drawn, then each of its 8 characters is crypto.randomInt’s pick of the alphabet', () => {
    const codes = createClientCodes([SESSION_KEY]);
    for (const pick of [0, 30, 1, 29, 2, 28, 3, 27]) {
      randomInt.mockImplementationOnce((() => pick) as unknown as typeof crypto.randomInt);
    }
    expect(codes.newIdentificationCode()).toBe('2Z3Y4X5W');
    expect(randomInt.mock.calls).toEqual(Array.from({ length: 8 }, () => [IDENTIFICATION_CODE_ALPHABET.length]));
  });
});

describe('temporary passwords', () => {
  it('when the domain draws, then the number is crypto.randomInt’s, below the bound asked', () => {
    randomInt.mockImplementationOnce((() => 41) as unknown as typeof crypto.randomInt);
    expect(cryptoRandom.int(62)).toBe(41);
    expect(randomInt.mock.calls).toEqual([[62]]);
  });

  it('when the composition root builds the service, then the temporary-password use case draws from crypto.randomInt', () => {
    const deps = buildDeps(parseSettings(validSettings));
    randomInt.mockImplementationOnce((() => 17) as unknown as typeof crypto.randomInt);
    expect(deps.passwords.temporary.random.int(62)).toBe(17);
    expect(randomInt.mock.calls).toEqual([[62]]);
  });
});
