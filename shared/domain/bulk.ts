/**
 * Bulk invitations: a professional sends up to 10,000 rows at once. Each row is validated at once (a bad row is
 * rejected with its errors, the others go on); the accepted rows are stored in chunks and invited in the
 * background, chunk by chunk, through the same path as a single invitation. Their emails are paced to the email
 * quota so a large bulk drains steadily instead of being throttled, and the batch shows its progress.
 */
import { type DomainErrorCode, type FieldProblem, isOneOf } from './errors.js';
import type { InvitationDetails } from './invitation.js';
import type { ActingProfessional } from './provider.js';

export const CHUNK_SIZE = 100;

export interface BatchRow {
  index: number;
  details: InvitationDetails;
}

export interface RejectedRow {
  index: number;
  /** The email the row gave, when it gave one (for the professional to find the row). */
  email?: string;
  errors: FieldProblem[];
}

export interface BatchHeader {
  id: string;
  providerId: string;
  professional: ActingProfessional;
  createdAt: Date;
  total: number;
  accepted: number;
  rejected: RejectedRow[];
  chunks: number;
}

/** A batch as read back for its work: the header without its rejected rows, which are kept apart (thousands). */
export type BatchSummary = Omit<BatchHeader, 'rejected'>;

/** Why one row is refused as an invitation while the others go on: the person's state, or the provider's. */
export const ROW_REFUSALS = [
  'invitation-pending',
  'already-client',
  'concurrent-update',
  'forbidden',
  'provider-inactive',
] as const satisfies readonly DomainErrorCode[];
export type RowRefusal = (typeof ROW_REFUSALS)[number];

export const isRowRefusal = isOneOf(ROW_REFUSALS);

/**
 * A row whose invitation storage refused to write (it would refuse it on every retry; an outage is not that): refused
 * with this code while the other rows of its chunk go on, so one such row never holds its chunk back.
 */
export const ROW_NOT_STORED = 'invitation-not-stored';

export interface ChunkOutcome {
  status: 'pending' | 'done';
  created: number;
  /** Rows refused as invitations (a pending invitation or a client already): their index, code, email and invitation. */
  refused: Array<{ index: number; code: RowRefusal | typeof ROW_NOT_STORED; email?: string; invitationId?: string }>;
  sent: number;
  deliveryFailed: number;
  /** Of the rows created, those whose email is sent (absent on chunks recorded before it was counted: all of them). */
  emailed?: number;
}

export interface BatchProgress {
  batchId: string;
  status: 'processing' | 'completed';
  createdAt: Date;
  total: number;
  accepted: number;
  rejected: RejectedRow[];
  created: number;
  /** Of the invitations created, those whose email is sent ("give me the link" rows send none). */
  emailed: number;
  refused: ChunkOutcome['refused'];
  /** `pending`: invitations created whose email is neither sent nor failed (the API's count, every row included). */
  delivery: { sent: number; failed: number; pending: number };
}

export function progressOf(header: BatchHeader, chunks: ChunkOutcome[]): BatchProgress {
  const created = chunks.reduce((n, c) => n + c.created, 0);
  const emailed = chunks.reduce((n, c) => n + (c.emailed ?? c.created), 0);
  const sent = chunks.reduce((n, c) => n + c.sent, 0);
  const failed = chunks.reduce((n, c) => n + c.deliveryFailed, 0);
  return {
    batchId: header.id,
    status: chunks.length === header.chunks && chunks.every((c) => c.status === 'done') ? 'completed' : 'processing',
    createdAt: header.createdAt,
    total: header.total,
    accepted: header.accepted,
    rejected: header.rejected,
    created,
    emailed,
    refused: chunks.flatMap((c) => c.refused),
    delivery: { sent, failed, pending: Math.max(0, created - sent - failed) },
  };
}

export const chunkOf = (index: number) => Math.floor(index / CHUNK_SIZE);

/** Splits accepted rows into chunks of CHUNK_SIZE by index, so a row's chunk is known from its index alone. */
export function chunkRows(rows: BatchRow[]): Map<number, BatchRow[]> {
  const chunks = new Map<number, BatchRow[]>();
  for (const row of rows) {
    const n = chunkOf(row.index);
    const list = chunks.get(n) ?? [];
    list.push(row);
    chunks.set(n, list);
  }
  return chunks;
}

/** Delays at which a run of emails is sent to keep under the quota (the stricter of per-minute and per-hour). */
export function paceInterval(quota: { perMinute: number; perHour: number }): number {
  return Math.max(60 / quota.perMinute, 3600 / quota.perHour);
}
