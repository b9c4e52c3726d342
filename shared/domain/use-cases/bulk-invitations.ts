/**
 * The use cases of bulk invitations: accept a bulk (validate every row, store the accepted ones in chunks, queue
 * the chunks), invite one chunk (each row through `inviteUser`, with an invitation id derived from the batch and
 * the row so a retried chunk re-finds what it wrote, and email times reserved from the pacer; see `inviteMany`), and
 * read progress.
 */
import {
  type BatchHeader,
  type BatchProgress,
  type BatchRow,
  type ChunkOutcome,
  chunkOf,
  chunkRows,
  isRowRefusal,
  progressOf,
  type RejectedRow,
  ROW_NOT_STORED,
} from '../bulk.js';
import { DomainError } from '../errors.js';
import type { BatchQueue, BatchStore, EmailPacer } from '../ports.js';
import type { ActingProfessional } from '../provider.js';
import type { InvitationDeps } from './invitation-deps.js';
import { type InviteRequest, inviteMany } from './invite-user.js';

export interface BulkDeps extends InvitationDeps {
  batches: BatchStore;
  batchQueue: BatchQueue;
  pacer: EmailPacer;
}

export interface BulkAccepted {
  batchId: string;
  accepted: number;
  rejected: RejectedRow[];
}

export async function acceptBulk(
  deps: BulkDeps,
  professional: ActingProfessional,
  rows: BatchRow[],
  rejected: RejectedRow[],
): Promise<BulkAccepted> {
  const batchId = deps.ids.newId();
  const chunks = chunkRows(rows);
  const header: BatchHeader = {
    id: batchId,
    providerId: professional.providerId,
    professional,
    createdAt: deps.clock.now(),
    total: rows.length + rejected.length,
    accepted: rows.length,
    rejected,
    chunks: chunks.size,
  };
  await deps.batches.create(header, chunks);
  // Chunks are queued after the batch is written; a chunk that is queued twice is invited once (see inviteChunk).
  for (const n of chunks.keys()) await deps.batchQueue.enqueueChunk(batchId, n);
  return { batchId, accepted: rows.length, rejected };
}

/**
 * Starts a bulk whose rows were read: the rows that are invitations, and those already refused with their errors.
 * The same email twice in one bulk invites once: the first row wins, later ones are refused now. Then the bulk is
 * accepted as a batch (see `acceptBulk`), its refused rows in row order.
 */
export async function startBulk(
  deps: BulkDeps,
  professional: ActingProfessional,
  rows: BatchRow[],
  refused: RejectedRow[],
): Promise<BulkAccepted> {
  const rejected = [...refused];
  const seen = new Map<string, number>();
  const unique = rows.filter((row) => {
    const first = seen.get(row.details.email);
    if (first === undefined) {
      seen.set(row.details.email, row.index);
      return true;
    }
    rejected.push({
      index: row.index,
      email: row.details.email,
      errors: [{ pointer: '#/email', detail: `email is the same as in row ${first}` }],
    });
    return false;
  });
  rejected.sort((a, b) => a.index - b.index);
  return acceptBulk(deps, professional, unique, rejected);
}

/**
 * Storage refused what a row asked it to write (a 4xx from Azure, or the adapter's own check of Azure's rules before
 * sending): the same row would be refused on every retry. An outage (`dependency-unavailable`, a 5xx, 408, 429) or
 * anything else is not the row's doing: the chunk fails and the queue retries it.
 */
function isStorageRefusal(error: unknown): boolean {
  if (error instanceof DomainError || typeof error !== 'object' || error === null) return false;
  const status = (error as { statusCode?: unknown }).statusCode;
  return typeof status === 'number' && status >= 400 && status < 500 && status !== 408 && status !== 429;
}

/**
 * Invites the rows of one chunk. A row refused as an invitation (pending, already a client…) is listed with its code;
 * a row whose writes storage refused is listed as `invitation-not-stored` and reported to `onRowFailure` (for the
 * logs), so it never holds its chunk back; an outage or any other failure fails the chunk, which the queue retries.
 */
export async function inviteChunk(
  deps: BulkDeps,
  batchId: string,
  chunk: number,
  onRowFailure: (index: number, error: unknown) => void = () => {},
): Promise<ChunkOutcome | undefined> {
  const [header, stored] = await Promise.all([deps.batches.header(batchId), deps.batches.chunk(batchId, chunk)]);
  if (!header || !stored) return undefined;
  if (stored.value.outcome.status === 'done') return stored.value.outcome;
  const rows = stored.value.rows;
  const emailed = rows.filter((r) => r.details.sendEmail).length;
  const pace = emailed ? await deps.pacer.reserve(emailed) : { firstDelaySeconds: 0, intervalSeconds: 0 };
  let slot = 0;
  const requests: InviteRequest[] = rows.map((row) => {
    const delay = row.details.sendEmail ? pace.firstDelaySeconds + pace.intervalSeconds * slot++ : 0;
    return {
      details: row.details,
      options: {
        invitationId: deps.ids.derive(batchId, String(row.index)),
        batchId,
        batchIndex: row.index,
        dispatchDelaySeconds: Math.max(1, delay),
      },
    };
  });
  const results = await inviteMany(deps, header.professional, requests);
  const outcome: ChunkOutcome = { ...stored.value.outcome, status: 'done', created: 0, emailed: 0, refused: [] };
  let failure: { error: unknown } | undefined;
  for (const [at, result] of results.entries()) {
    const row = rows[at]!;
    if (result.status === 'fulfilled') {
      outcome.created++;
      if (row.details.sendEmail) outcome.emailed = (outcome.emailed ?? 0) + 1;
      continue;
    }
    const error = result.reason;
    if (isStorageRefusal(error)) {
      onRowFailure(row.index, error);
      outcome.refused.push({ index: row.index, code: ROW_NOT_STORED, email: row.details.email });
    } else if (error instanceof DomainError && isRowRefusal(error.code)) {
      const invitationId = typeof error.details.invitationId === 'string' ? error.details.invitationId : undefined;
      outcome.refused.push({
        index: row.index,
        code: error.code,
        email: row.details.email,
        ...(invitationId ? { invitationId } : {}),
      });
    } else {
      failure ??= { error };
    }
  }
  // An outage or anything unexpected fails the chunk (after every row has settled): the queue retries it, and the
  // rows written already are found again by their derived ids.
  if (failure) throw failure.error;
  await deps.batches.finishChunk(batchId, chunk, stored.etag, outcome);
  return outcome;
}

export async function batchProgress(
  deps: BulkDeps,
  professional: ActingProfessional,
  batchId: string,
): Promise<BatchProgress> {
  const header = await deps.batches.header(batchId);
  if (!header || header.providerId !== professional.providerId) {
    throw new DomainError('batch-not-found', 'No such batch.');
  }
  const [rejected, outcomes] = await Promise.all([deps.batches.rejected(batchId), deps.batches.outcomes(batchId)]);
  return progressOf({ ...header, rejected }, outcomes);
}

export { chunkOf };

/** One of the provider's recent batches, as its list shows it: its state and counts, not its rows. */
export interface BatchOverview {
  batchId: string;
  status: BatchProgress['status'];
  createdAt: Date;
  total: number;
  accepted: number;
  /** Rows refused when the bulk was read. */
  rejected: number;
  created: number;
  /** Rows refused while inviting (already invited, already a client, not stored). */
  refused: number;
  delivery: BatchProgress['delivery'];
}

/**
 * The provider's latest batches, newest first (at most `limit`): the provider's listing (one key range), then each
 * batch's chunk outcomes, read together.
 */
export async function recentBatches(
  deps: Pick<BulkDeps, 'batches'>,
  professional: ActingProfessional,
  limit = 20,
): Promise<BatchOverview[]> {
  const headers = await deps.batches.recent(professional.providerId, limit);
  return Promise.all(
    headers.map(async (header) => {
      const progress = progressOf({ ...header, rejected: [] }, await deps.batches.outcomes(header.id));
      return {
        batchId: header.id,
        status: progress.status,
        createdAt: header.createdAt,
        total: header.total,
        accepted: header.accepted,
        rejected: header.total - header.accepted,
        created: progress.created,
        refused: progress.refused.length,
        delivery: progress.delivery,
      };
    }),
  );
}
