/**
 * Retention of personal data (docs/privacy.md): how long each kind of row is kept, and what happens after — the
 * row is anonymized (what the counts need stays) or deleted. Pure rules: given a row's facts and now, an action.
 * A row is due at exactly the end of its period (`now >= start + period`).
 */

export const RETENTION_KINDS = ['invitations', 'limit-counters', 'reset-tokens', 'account-emails'] as const;
export type RetentionKind = (typeof RETENTION_KINDS)[number];

export type RetentionAction = 'keep' | 'anonymize' | 'delete';

const HOUR_MS = 3_600_000;
const DAY_MS = 24 * HOUR_MS;

/** Each kind's period, counted from the moment its row stopped being useful (see `retentionStart`). */
export const RETENTION_PERIODS_MS: Record<RetentionKind, number> = {
  invitations: 90 * DAY_MS,
  'limit-counters': 48 * HOUR_MS,
  'reset-tokens': 7 * DAY_MS,
  'account-emails': 30 * DAY_MS,
};

/** What the rules need of a row, per kind (the store reads it; nothing else of the row). */
export type RetentionFacts =
  | {
      kind: 'invitations';
      /** The stored status: `pending`, `accepted`, `completed`, `revoked`. */
      status: string;
      expiresAt: Date;
      revokedAt?: Date;
      /** Already anonymized: nothing left to do. */
      anonymized: boolean;
    }
  | { kind: 'limit-counters' /** The window's start, or the latest time a sliding key allowed. */; lastUsedAt: Date }
  | { kind: 'reset-tokens'; expiresAt: Date }
  | { kind: 'account-emails'; status: string; createdAt: Date; sentAt?: Date };

/** A row found by the store: an opaque reference to act on, and its facts. */
export interface RetentionCandidate {
  ref: string;
  facts: RetentionFacts;
}

/**
 * When the period of a row starts, or undefined while the row is still in use (kept whatever its age).
 * - invitations: revoked → when revoked; pending and past its expiry → when it expired; accepted or completed →
 *   never (the client relationship keeps it; the client file is its record).
 * - limit counters: the window's start (or the sliding key's latest time).
 * - reset links: when the link expired.
 * - account emails: when sent (delivered, failed after a send, or sent without a report); a `failed` email never
 *   sent counts from its creation; a `pending` one is still in use.
 */
export function retentionStart(facts: RetentionFacts, now: Date): Date | undefined {
  switch (facts.kind) {
    case 'invitations':
      if (facts.status === 'revoked') return facts.revokedAt ?? facts.expiresAt;
      if (facts.status === 'pending' && facts.expiresAt.getTime() <= now.getTime()) return facts.expiresAt;
      return undefined;
    case 'limit-counters':
      return facts.lastUsedAt;
    case 'reset-tokens':
      return facts.expiresAt;
    case 'account-emails':
      if (facts.status === 'pending') return undefined;
      return facts.sentAt ?? facts.createdAt;
  }
}

/** What to do with a row now: invitations are anonymized (once), every other kind deleted. */
export function retentionAction(facts: RetentionFacts, now: Date): RetentionAction {
  if (facts.kind === 'invitations' && facts.anonymized) return 'keep';
  const start = retentionStart(facts, now);
  if (!start || Number.isNaN(start.getTime())) return 'keep';
  if (now.getTime() < start.getTime() + RETENTION_PERIODS_MS[facts.kind]) return 'keep';
  return facts.kind === 'invitations' ? 'anonymize' : 'delete';
}

/** What a run did for one kind (or would have done, in a dry run). */
export interface RetentionCounts {
  examined: number;
  anonymized: number;
  deleted: number;
}

/** The values an anonymized invitation holds instead of its invitee's. */
export const ANONYMIZED = {
  /** Not an address anyone can hold (`.invalid`, RFC 2606), unique per invitation so no index collides. */
  email: (invitationId: string) => `anonymized-${invitationId}@anonymized.invalid`,
  name: 'anonymized',
} as const;
