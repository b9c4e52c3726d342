/**
 * `ApplyRetention` (timer, daily at 03:40 UTC, after BackupTables at 02:15 has finished): applies the retention
 * periods of docs/privacy.md — old prospects erased with their invitations, expired or revoked invitations anonymized,
 * old limit counters, reset links, account emails and bulk batches deleted — in pages, from each kind's checkpoint.
 * With `RETENTION_DRY_RUN=true` it only counts. One log line per run: per kind, the rows examined, anonymized and
 * deleted (or that would be, in a dry run).
 */
import type { InvocationContext } from '@azure/functions';
import { getDeps } from '../../shared/deps.js';
import { type ApplyRetentionDeps, applyRetention } from '../../shared/domain/use-cases/apply-retention.js';
import { invocationLogger } from '../../shared/http/handler.js';

export async function applyRetentionHandler(
  _timer: unknown,
  context: InvocationContext,
  deps: ApplyRetentionDeps,
  dryRun: boolean,
): Promise<void> {
  const started = deps.clock.now().getTime();
  const report = await applyRetention(deps, { dryRun });
  invocationLogger(context).info('retention.applied', {
    dryRun: report.dryRun,
    kinds: report.kinds,
    seconds: Math.round((deps.clock.now().getTime() - started) / 1000),
  });
}

/** `ApplyRetention` as the host calls it (registered by functions/apply-retention.ts, which imports this module on the first call). */
export const handler = (timer: unknown, context: InvocationContext) => {
  const deps = getDeps();
  return applyRetentionHandler(timer, context, deps.retention, deps.settings.RETENTION_DRY_RUN);
};
