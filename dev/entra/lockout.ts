/**
 * Entra's smart lockout for the local accounts: 10 failed sign-ins lock the account for 1 minute, and each
 * lockout after that lasts twice as long as the one before; a successful sign-in starts the count again. While
 * locked, even the right password is refused. Kept in memory (a restart unlocks everyone, as a lockout is short).
 */

export const LOCKOUT_THRESHOLD = 10;
export const FIRST_LOCKOUT_MS = 60_000;

interface AccountState {
  failures: number;
  lockouts: number;
  lockedUntil: number;
}

export class SignInLockout {
  private readonly accounts = new Map<string, AccountState>();

  constructor(private readonly now: () => number) {}

  /** Milliseconds the account stays locked, or 0. */
  lockedFor(userId: string): number {
    const state = this.accounts.get(userId);
    return state ? Math.max(0, state.lockedUntil - this.now()) : 0;
  }

  /** Counts a failed sign-in; returns the lockout it starts (ms), or 0. */
  recordFailure(userId: string): number {
    const state = this.accounts.get(userId) ?? { failures: 0, lockouts: 0, lockedUntil: 0 };
    this.accounts.set(userId, state);
    state.failures += 1;
    if (state.failures < LOCKOUT_THRESHOLD) return 0;
    const duration = FIRST_LOCKOUT_MS * 2 ** state.lockouts;
    state.lockouts += 1;
    // After a lockout, the next failure locks again, for longer.
    state.failures = LOCKOUT_THRESHOLD - 1;
    state.lockedUntil = this.now() + duration;
    return duration;
  }

  recordSuccess(userId: string): void {
    this.accounts.delete(userId);
  }
}
