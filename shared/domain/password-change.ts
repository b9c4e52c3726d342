/**
 * A device credential stops working when the account's password changes (seed 001: the app does not ask for
 * credentials again until the password changes). Two sources say when it last changed:
 *
 * - **the product's own changes** (the profile's change, a temporary password, the reset link), recorded on the
 *   account at once (`ClientStore.recordPasswordChange`, read with one point read on each device call);
 * - **Entra**, which the product never hears from when the person uses Entra's own "forgot password" or changes a
 *   temporary password on Entra's page: Graph's `lastPasswordChangeDateTime`, asked at most once per
 *   `freshForMs` per account on each instance (`cachedPasswordChanges`), so a device call does not cost a Graph call.
 *
 * A credential issued before either is refused (`device-revoked`, as a revoked device: the app activates again).
 */
import type { Clock } from './ports.js';

/** How long Graph's answer for an account serves before it is asked again (DEVICE_CREDENTIAL_CHECK_SECONDS). */
export const PASSWORD_CHECK_DEFAULT_SECONDS = 300;
/**
 * When Graph cannot be reached, the last answer it gave for the account is still used for this long after it was
 * read (a Graph incident does not lock every app out at once); past it, the device call fails closed with 503
 * `dependency-unavailable` — retryable, the credential is kept (docs/decisions.md, "Device credentials and password
 * changes").
 */
export const PASSWORD_CHECK_STALE_MS = 60 * 60 * 1000;
/** At most this many accounts are remembered per instance; the oldest read is forgotten first. */
export const PASSWORD_CHECK_MAX_ACCOUNTS = 10_000;

/** Where Entra says when the account's password last changed (Graph's `lastPasswordChangeDateTime`). */
export interface PasswordChangeSource {
  /** When the password was last set, as Graph says it (whole seconds); undefined when no account has this id. */
  lastPasswordChange(objectId: string): Promise<Date | undefined>;
}

/** Graph's answer for an account, remembered for a while. */
export interface DirectoryPasswordChanges {
  /** The latest instant the password may have changed at, as Entra last said it; undefined: none known. */
  latestChange(objectId: string): Promise<Date | undefined>;
}

/**
 * Whether a credential issued at `issuedAt` may predate a password change of which `changedBy` is the latest
 * possible instant: refused unless it was surely issued after.
 */
export function credentialPredatesChange(issuedAt: Date, changedBy: Date | undefined): boolean {
  return changedBy !== undefined && issuedAt.getTime() < changedBy.getTime();
}

/**
 * The latest instant a password may have changed at when Graph says `stamp`: Graph's `lastPasswordChangeDateTime`
 * has whole seconds, so the change happened before the end of that second. (A credential's `iat` has whole seconds
 * too: one issued in that very second cannot be told apart, and is refused.)
 */
export function latestChangeFromDirectory(stamp: Date): Date {
  return new Date(Math.floor(stamp.getTime() / 1000) * 1000 + 1000);
}

interface Remembered {
  /** Graph's answer, as the latest possible instant (undefined: no change known, or no such account). */
  changedBy: Date | undefined;
  readAt: number;
  /** When Graph last failed to answer for it (the stale answer is then used without asking for a while). */
  failedAt?: number;
}

/** After Graph failed for an account, it is not asked again for it for this long (its last answer serves). */
const RETRY_AFTER_FAILURE_MS = 30_000;

/**
 * Graph's `lastPasswordChangeDateTime` per account, asked at most once per `freshForMs` (per instance; concurrent
 * calls for one account share one request). Graph failing: the last answer within `staleForMs` of its reading (and
 * Graph is not asked again for that account for 30 s), else the failure (fail closed).
 */
export function cachedPasswordChanges(
  source: PasswordChangeSource,
  clock: Clock,
  options: { freshForMs: number; staleForMs?: number; maxAccounts?: number },
): DirectoryPasswordChanges & { readonly size: number } {
  const staleForMs = Math.max(options.staleForMs ?? PASSWORD_CHECK_STALE_MS, options.freshForMs);
  const maxAccounts = options.maxAccounts ?? PASSWORD_CHECK_MAX_ACCOUNTS;
  const remembered = new Map<string, Remembered>();
  const pending = new Map<string, Promise<Date | undefined>>();

  function remember(objectId: string, entry: Remembered) {
    remembered.delete(objectId);
    remembered.set(objectId, entry);
    while (remembered.size > maxAccounts) {
      const oldest = remembered.keys().next().value;
      if (oldest === undefined) break;
      remembered.delete(oldest);
    }
  }

  async function ask(objectId: string, known: Remembered | undefined): Promise<Date | undefined> {
    try {
      const stamp = await source.lastPasswordChange(objectId);
      const changedBy = stamp ? latestChangeFromDirectory(stamp) : undefined;
      remember(objectId, { changedBy, readAt: clock.now().getTime() });
      return changedBy;
    } catch (error) {
      const now = clock.now().getTime();
      if (known && now - known.readAt < staleForMs) {
        remember(objectId, { ...known, failedAt: now });
        return known.changedBy;
      }
      throw error;
    }
  }

  return {
    get size() {
      return remembered.size;
    },
    async latestChange(objectId) {
      const known = remembered.get(objectId);
      const now = clock.now().getTime();
      if (known && now - known.readAt < options.freshForMs) return known.changedBy;
      const retryMs = Math.min(options.freshForMs, RETRY_AFTER_FAILURE_MS);
      if (known?.failedAt !== undefined && now - known.failedAt < retryMs && now - known.readAt < staleForMs) {
        return known.changedBy;
      }
      const inFlight = pending.get(objectId);
      if (inFlight) return inFlight;
      const asked = ask(objectId, known).finally(() => pending.delete(objectId));
      pending.set(objectId, asked);
      return asked;
    },
  };
}
