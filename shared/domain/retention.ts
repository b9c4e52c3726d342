/**
 * Retention of personal data (docs/privacy.md): how long each kind of row is kept, and what happens after — the
 * row is anonymized (what the counts need stays) or deleted. Pure rules: given a row's facts and now, an action.
 * A row is due at exactly the end of its period (`now >= start + period`).
 */

/**
 * In the order a run walks them. Erasure requests and prospects come before invitations: their invitations are erased
 * with them (as a professional's erasure does), which the invitations kind, walking first, would only have anonymized.
 */
export const RETENTION_KINDS = [
  'erasure-requests',
  'prospects',
  'invitations',
  'limit-counters',
  'reset-tokens',
  'account-emails',
  'batches',
  'email-changes',
] as const;
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
  batches: 90 * DAY_MS,
  prospects: 365 * DAY_MS,
  // The RGPD's one month to answer a request (ERASURE_REQUEST_DAYS of ask-for-erasure.ts).
  'erasure-requests': 30 * DAY_MS,
  // A pending change of sign-in address (its new address, a code's HMAC) outlives its code by a day at most.
  'email-changes': DAY_MS,
};

/** What the rules need of an invitation of the provider to one of a prospect's addresses. */
export interface ProspectInvitation {
  /** The stored status: `pending`, `accepted`, `completed`, `revoked`. */
  status: string;
  expiresAt: Date;
  revokedAt?: Date;
}

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
  | { kind: 'account-emails'; status: string; createdAt: Date; sentAt?: Date }
  | { kind: 'batches'; createdAt: Date }
  | {
      kind: 'prospects';
      /** Which file: the job reads it and its invitations before acting. */
      providerId: string;
      clientId: string;
      /** The file's status: `prospect` or `client`. */
      status: string;
      /** The person has signed in (the file has an account). */
      signedIn: boolean;
      updatedAt: Date;
      /**
       * The provider's invitations to the file's addresses, once the job has read them. Until then the file is kept:
       * a prospect is never erased unseen.
       */
      invitations?: readonly ProspectInvitation[];
    }
  | { kind: 'email-changes' /** When the code sent to the new address stopped working. */; expiresAt: Date }
  | {
      /** A file whose person asked from their profile for erasure (`erasureRequestedAt`). */
      kind: 'erasure-requests';
      providerId: string;
      clientId: string;
      requestedAt: Date;
    };

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
 * - bulk batches: when the batch was created.
 * - erasure requests: when the person asked (the provider had that long to erase the file itself).
 * - pending changes of sign-in address: when their code stopped working.
 * - prospects (files never signed in): the later of the file's last change and the end of each invitation to its
 *   addresses — "not invited again for a year". An invitation still live (pending, not expired) keeps the prospect,
 *   and so does an accepted or completed one (the address is a client relationship's: a professional decides). A
 *   client's file is never due.
 */
export function retentionStart(facts: RetentionFacts, now: Date): Date | undefined {
  switch (facts.kind) {
    case 'invitations':
      return invitationEnd(facts, now);
    case 'limit-counters':
      return facts.lastUsedAt;
    case 'reset-tokens':
      return facts.expiresAt;
    case 'account-emails':
      if (facts.status === 'pending') return undefined;
      return facts.sentAt ?? facts.createdAt;
    case 'batches':
      return facts.createdAt;
    case 'erasure-requests':
      return facts.requestedAt;
    case 'email-changes':
      return facts.expiresAt;
    case 'prospects': {
      if (facts.status !== 'prospect' || facts.signedIn || !facts.invitations) return undefined;
      let start = facts.updatedAt;
      for (const invitation of facts.invitations) {
        const end = invitationEnd(invitation, now);
        if (!end || Number.isNaN(end.getTime())) return undefined;
        if (end.getTime() > start.getTime()) start = end;
      }
      return start;
    }
  }
}

/** When an invitation stopped being live: revoked → when revoked; pending past its expiry → when it expired. */
function invitationEnd(invitation: ProspectInvitation, now: Date): Date | undefined {
  if (invitation.status === 'revoked') return invitation.revokedAt ?? invitation.expiresAt;
  if (invitation.status === 'pending' && invitation.expiresAt.getTime() <= now.getTime()) return invitation.expiresAt;
  return undefined;
}

/**
 * What to do with a row now: invitations are anonymized (once), every other kind deleted — a batch with all its rows,
 * a prospect, or the file of a person who asked for erasure, erased as a professional's erasure erases one
 * (shared/domain/use-cases/apply-retention.ts).
 */
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
