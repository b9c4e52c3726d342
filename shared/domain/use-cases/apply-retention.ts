/**
 * The retention job (timer `ApplyRetention`, `npm run retention`; docs/privacy.md): walks each kind of row in pages,
 * asks the rules what to do with each, and does it — or, in a dry run, only counts. Resumable: after each page a real
 * run records its cursor, so a run that stopped (a timeout, an outage) goes on from there; a kind walked to its end
 * starts over next time. Idempotent: a row anonymized or deleted is no longer due, so a second run counts 0.
 *
 * A prospect is more than rows: at the end of its period it is erased as a professional's erasure erases one
 * (erase-client.ts) — every invitation of the provider to its addresses first (`erasure.ts`), the file last (its index
 * rows, devices and identification code with it), so a run cut short finds the file again and finishes. The store
 * finds the files; the job reads each one due on its own again, with its invitations, before the rules decide.
 *
 * A person who asked from their profile for erasure (ask-for-erasure.ts) and whose provider has not erased the file
 * 30 days later has it erased by the job exactly as the provider's professional would have (`eraseFileAt`): the
 * invitations, the account's record at the provider — and the whole account once no provider keeps the person.
 */
import type { ClientFileStore } from '../client-file.js';
import { erasedEvent, erasedInvitation, isErased } from '../erasure.js';
import { DomainError } from '../errors.js';
import type { Invitation } from '../invitation.js';
import type { Clock, InvitationStore, RetentionStore, Versioned } from '../ports.js';
import {
  RETENTION_KINDS,
  type RetentionCounts,
  type RetentionFacts,
  type RetentionKind,
  retentionAction,
} from '../retention.js';
import { invitationIdsOf } from './client-export.js';
import { type ErasureDeps, eraseFileAt } from './erase-client.js';

export interface ApplyRetentionDeps {
  clock: Clock;
  /**
   * A professional's erasure (erase-client.ts): what a person's own request comes to when no professional acted. It
   * reaches the directory (Graph), which the ops command has not: without it, the kind `erasure-requests` is left out.
   */
  erasure?: ErasureDeps;
  retention: RetentionStore;
  /** The prospects' files, read again and erased. */
  files: Pick<ClientFileStore, 'get' | 'erase'>;
  /** The invitations to a prospect's addresses, read and erased with it. */
  invitations: Pick<InvitationStore, 'list' | 'get' | 'erase'>;
}

export interface ApplyRetentionOptions {
  /** Count what would be done, change nothing (not even the checkpoints). */
  dryRun: boolean;
  /** Rows per page (Table Storage returns at most 1,000). */
  pageSize?: number;
  /** Stop each kind after this many pages (its checkpoint says where); default: no limit. */
  maxPages?: number;
  /** Only these kinds; default: every one. */
  kinds?: readonly RetentionKind[];
}

export interface RetentionReport {
  dryRun: boolean;
  kinds: Record<RetentionKind, RetentionCounts & { finished: boolean }>;
}

export const RETENTION_PAGE_SIZE = 200;

export async function applyRetention(
  deps: ApplyRetentionDeps,
  options: ApplyRetentionOptions,
): Promise<RetentionReport> {
  const now = deps.clock.now();
  const size = options.pageSize ?? RETENTION_PAGE_SIZE;
  const kinds = {} as RetentionReport['kinds'];
  for (const kind of options.kinds ?? RETENTION_KINDS) {
    const counts = { examined: 0, anonymized: 0, deleted: 0, finished: false };
    kinds[kind] = counts;
    let cursor = options.dryRun ? undefined : await deps.retention.checkpoint(kind);
    for (let pages = 0; options.maxPages === undefined || pages < options.maxPages; pages++) {
      const page = await deps.retention.page(kind, cursor, size);
      for (const row of page.rows) {
        counts.examined++;
        if (row.facts.kind === 'prospects') {
          if (await eraseProspectIfDue(deps, row.facts, now, options.dryRun)) counts.deleted++;
          continue;
        }
        if (row.facts.kind === 'erasure-requests') {
          if (await eraseRequestedIfDue(deps, row.facts, now, options.dryRun)) counts.deleted++;
          continue;
        }
        const action = retentionAction(row.facts, now);
        if (action === 'keep') continue;
        const done = options.dryRun || (await deps.retention.apply(kind, row.ref, action, now));
        if (done) counts[action === 'anonymize' ? 'anonymized' : 'deleted']++;
      }
      cursor = page.next;
      if (!options.dryRun) await deps.retention.saveCheckpoint(kind, cursor, now);
      if (cursor === undefined) {
        counts.finished = true;
        break;
      }
    }
  }
  return { dryRun: options.dryRun, kinds };
}

/** Who an erased invitation's `erased` event says erased it. */
export const RETENTION_ACTOR = 'the retention job';

type ProspectFacts = Extract<RetentionFacts, { kind: 'prospects' }>;

/**
 * Erases the prospect when its period is over (or, in a dry run, says it would): true when it was (would be) erased.
 * A file not due on its own is kept without reading its invitations (they can only postpone it); one due is read
 * again — it may have changed since the page — with its invitations, and the rules decide on all of it. An invitation
 * that changed meanwhile (a write between the read and its erasure) leaves the prospect for the next run.
 */
async function eraseProspectIfDue(
  deps: ApplyRetentionDeps,
  facts: ProspectFacts,
  now: Date,
  dryRun: boolean,
): Promise<boolean> {
  if (retentionAction({ ...facts, invitations: [] }, now) === 'keep') return false;
  const found = await deps.files.get(facts.providerId, facts.clientId);
  if (!found) return false;
  const file = found.value;
  const { ids } = await invitationIdsOf(deps, file);
  const read = await Promise.all(ids.map((id) => deps.invitations.get(id)));
  const invitations = read.filter(
    (i): i is Versioned<Invitation> => i !== undefined && i.value.providerId === file.providerId && !isErased(i.value),
  );
  const current: ProspectFacts = {
    kind: 'prospects',
    providerId: file.providerId,
    clientId: file.id,
    status: file.status,
    signedIn: file.accountKey !== undefined,
    updatedAt: file.updatedAt,
    invitations: invitations.map(({ value }) => ({
      status: value.status,
      expiresAt: value.expiresAt,
      ...(value.revokedAt ? { revokedAt: value.revokedAt } : {}),
    })),
  };
  if (retentionAction(current, now) === 'keep') return false;
  if (dryRun) return true;
  for (const invitation of invitations) {
    try {
      await deps.invitations.erase(
        invitation,
        erasedInvitation(invitation.value, now),
        erasedEvent(now, RETENTION_ACTOR),
      );
    } catch (error) {
      if (error instanceof DomainError && error.code === 'concurrent-update') return false;
      throw error;
    }
  }
  await deps.files.erase(found);
  return true;
}

type RequestFacts = Extract<RetentionFacts, { kind: 'erasure-requests' }>;

/**
 * Erases a file whose person asked for erasure `ERASURE_REQUEST_DAYS` ago (or, in a dry run, says it would): read
 * again first — erased meanwhile by a professional, nothing to do.
 */
async function eraseRequestedIfDue(
  deps: ApplyRetentionDeps,
  facts: RequestFacts,
  now: Date,
  dryRun: boolean,
): Promise<boolean> {
  if (retentionAction(facts, now) === 'keep') return false;
  const found = await deps.files.get(facts.providerId, facts.clientId);
  const requestedAt = found?.value.erasureRequestedAt;
  if (!requestedAt || retentionAction({ ...facts, requestedAt }, now) === 'keep') return false;
  if (dryRun) return true;
  if (!deps.erasure) {
    throw new Error('erasing a requested file needs the erasure ports (the directory): the timer has them');
  }
  try {
    await eraseFileAt(deps.erasure, { providerId: facts.providerId, name: RETENTION_ACTOR }, facts.clientId);
    return true;
  } catch (error) {
    // Graph, or a row that moved: the file stays as it is and the next run (which walks the kind again) finishes it;
    // the other files and kinds of this run go on.
    const passing =
      error instanceof DomainError && ['dependency-unavailable', 'concurrent-update'].includes(error.code);
    if (passing) return false;
    throw error;
  }
}
