/**
 * Two-step verification of a client account (docs/two-step.md): turning it on from the profile (a pending secret
 * shown, confirmed by a first code, ten recovery codes given once), turning it off (a code or a recovery code), and
 * the code step of sign-in and of device activation. Each code is judged on the record as read and the result written
 * If-Match: two requests with the same code meet on the write, and the one that reads again finds it replayed.
 * Turning it on or off records the change: the account's device credentials issued before it stop working.
 */
import { DomainError } from '../errors.js';
import type { Clock, TwoStepRecord, TwoStepStore, Versioned } from '../ports.js';
import { emptyState, judgeCode, newRecoveryCodes, newSecret, type TwoStepCrypto } from '../two-step.js';

export interface TwoStepDeps {
  clock: Clock;
  store: TwoStepStore;
  crypto: TwoStepCrypto;
}

/** How many times a judgement reads again when another request wrote the record between its read and its write. */
const ROUNDS = 5;

const isConcurrent = (error: unknown) => error instanceof DomainError && error.code === 'concurrent-update';

/** Whether two-step is on for the account (one point read). */
export async function twoStepIsOn(deps: Pick<TwoStepDeps, 'store'>, key: string): Promise<boolean> {
  return (await deps.store.read(key))?.value.status === 'on';
}

export type Enrollment = { kind: 'on' } | { kind: 'pending'; secret: string };

/**
 * The enrollment page's secret: the pending one, or a new pending one (nothing is on until a code confirms it);
 * `on` when two-step is already on.
 */
export async function enrollment(deps: TwoStepDeps, key: string): Promise<Enrollment> {
  for (let round = 0; round < ROUNDS; round++) {
    const read = await deps.store.read(key);
    if (read?.value.status === 'on') return { kind: 'on' };
    if (read) return { kind: 'pending', secret: read.value.secret };
    try {
      const created = await deps.store.create(key, {
        status: 'pending',
        secret: newSecret(deps.crypto),
        state: emptyState(),
      });
      return { kind: 'pending', secret: created.value.secret };
    } catch (error) {
      // Another tab created one meanwhile: show that one.
      if (!isConcurrent(error)) throw error;
    }
  }
  throw new DomainError('concurrent-update', 'Two-step verification kept changing; try again.');
}

export type CodeOutcome =
  | { kind: 'accepted'; via: 'app' | 'recovery'; recoveryLeft: number }
  | { kind: 'wrong'; reason: 'wrong' | 'replayed'; attemptsRemaining: number }
  | { kind: 'locked'; retryAfterSeconds: number };

/**
 * Judges a code on the record as read and writes what the judgement leaves (If-Match); on success `then` may write
 * instead (confirming, turning off). Read again when the record moved meanwhile.
 */
async function judgeAndKeep<T>(
  deps: TwoStepDeps,
  key: string,
  status: TwoStepRecord['status'],
  code: string,
  options: { recovery?: boolean },
  then: (
    read: Versioned<TwoStepRecord>,
    accepted: Extract<CodeOutcome, { kind: 'accepted' }>,
    next: TwoStepRecord,
  ) => Promise<T>,
): Promise<{ kind: 'absent' } | Exclude<CodeOutcome, { kind: 'accepted' }> | { kind: 'done'; result: T }> {
  for (let round = 0; round < ROUNDS; round++) {
    const read = await deps.store.read(key);
    if (read?.value.status !== status) return { kind: 'absent' };
    const judgement = judgeCode(deps.crypto, read.value.secret, read.value.state, code, deps.clock.now(), options);
    try {
      if (judgement.kind === 'locked') {
        if (judgement.state) await deps.store.replace(key, { ...read.value, state: judgement.state }, read.etag);
        return { kind: 'locked', retryAfterSeconds: judgement.retryAfterSeconds };
      }
      if (judgement.kind === 'wrong') {
        await deps.store.replace(key, { ...read.value, state: judgement.state }, read.etag);
        return { kind: 'wrong', reason: judgement.reason, attemptsRemaining: judgement.attemptsRemaining };
      }
      const accepted = { kind: 'accepted' as const, via: judgement.via, recoveryLeft: judgement.recoveryLeft };
      return { kind: 'done', result: await then(read, accepted, { ...read.value, state: judgement.state }) };
    } catch (error) {
      if (!isConcurrent(error) || round === ROUNDS - 1) throw error;
    }
  }
  throw new DomainError('concurrent-update', 'Two-step verification kept changing; try again.');
}

export type Confirmation =
  | { kind: 'confirmed'; recoveryCodes: string[] }
  /** Nothing pending (already on, or never started): back to the profile. */
  | { kind: 'not-pending' }
  | Exclude<CodeOutcome, { kind: 'accepted' }>;

/** Confirms the pending secret with a first code of the app: two-step is on, the recovery codes given (once). */
export async function confirmEnrollment(deps: TwoStepDeps, key: string, code: string): Promise<Confirmation> {
  const outcome = await judgeAndKeep(deps, key, 'pending', code, { recovery: false }, async (read, _accepted, next) => {
    const recovery = newRecoveryCodes(deps.crypto);
    await deps.store.replace(
      key,
      { ...next, status: 'on', state: { ...next.state, recoveryHashes: recovery.hashes } },
      read.etag,
    );
    return recovery.codes;
  });
  if (outcome.kind === 'absent') return { kind: 'not-pending' };
  if (outcome.kind !== 'done') return outcome;
  await deps.store.recordChange(key, deps.clock.now());
  return { kind: 'confirmed', recoveryCodes: outcome.result };
}

export type TurningOff = { kind: 'turned-off' } | { kind: 'not-on' } | Exclude<CodeOutcome, { kind: 'accepted' }>;

/** Turns two-step off with a code of the app or a recovery code: the record deleted, the change recorded. */
export async function turnOff(deps: TwoStepDeps, key: string, code: string): Promise<TurningOff> {
  const outcome = await judgeAndKeep(deps, key, 'on', code, {}, async (read) => deps.store.remove(key, read.etag));
  if (outcome.kind === 'absent') return { kind: 'not-on' };
  if (outcome.kind !== 'done') return outcome;
  await deps.store.recordChange(key, deps.clock.now());
  return { kind: 'turned-off' };
}

/** The code step (sign-in, device activation): `not-on` when two-step is off for the account. */
export async function verifyCode(
  deps: TwoStepDeps,
  key: string,
  code: string,
): Promise<CodeOutcome | { kind: 'not-on' }> {
  const outcome = await judgeAndKeep(deps, key, 'on', code, {}, async (read, accepted, next) => {
    await deps.store.replace(key, next, read.etag);
    return accepted;
  });
  if (outcome.kind === 'absent') return { kind: 'not-on' };
  return outcome.kind === 'done' ? outcome.result : outcome;
}

/**
 * The code step of device activation: nothing when two-step is off; otherwise the code (an app's or a recovery
 * code) must pass — `two-step-required` (401, `reason: missing|wrong`) or `two-step-locked` (429, Retry-After).
 */
export async function requireDeviceTwoStep(deps: TwoStepDeps, key: string, code: string | undefined): Promise<void> {
  const read = await deps.store.read(key);
  if (read?.value.status !== 'on') return;
  if (code === undefined || code.trim() === '') {
    throw new DomainError('two-step-required', 'Two-step verification is on: send the code of the authenticator app.', {
      reason: 'missing',
    });
  }
  const outcome = await verifyCode(deps, key, code);
  if (outcome.kind === 'accepted' || outcome.kind === 'not-on') return;
  if (outcome.kind === 'locked') {
    throw new DomainError('two-step-locked', 'Too many wrong codes: try again later.', {
      retryAfterSeconds: outcome.retryAfterSeconds,
    });
  }
  throw new DomainError('two-step-required', 'The code of the authenticator app is wrong or was already used.', {
    reason: 'wrong',
    attemptsRemaining: outcome.attemptsRemaining,
  });
}
