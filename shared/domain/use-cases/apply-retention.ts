/**
 * The retention job (timer `ApplyRetention`, `npm run retention`; docs/privacy.md): walks each kind of row in pages,
 * asks the rules what to do with each, and does it — or, in a dry run, only counts. Resumable: after each page a real
 * run records its cursor, so a run that stopped (a timeout, an outage) goes on from there; a kind walked to its end
 * starts over next time. Idempotent: a row anonymized or deleted is no longer due, so a second run counts 0.
 */
import type { Clock, RetentionStore } from '../ports.js';
import { RETENTION_KINDS, type RetentionCounts, type RetentionKind, retentionAction } from '../retention.js';

export interface ApplyRetentionDeps {
  clock: Clock;
  retention: RetentionStore;
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
