/**
 * `ProcessInvitationBatch` (queue `invitation-batches`): invites the rows of one chunk of a bulk. A chunk
 * processed twice (a redelivered message) invites nobody twice: row invitation ids are derived from the batch.
 */
import type { InvocationContext } from '@azure/functions';
import { z } from 'zod';
// zod's refusals in the service's words (zod-messages.ts), set wherever zod parses input.
import '../../shared/http/zod-messages.js';
import { getDeps } from '../../shared/deps.js';
import { type BulkDeps, inviteChunk } from '../../shared/domain/use-cases/bulk-invitations.js';
import { invocationLogger } from '../../shared/http/handler.js';

const chunkMessage = z.object({ batchId: z.uuid(), chunk: z.number().int().min(0) });

export async function processInvitationBatchHandler(
  message: unknown,
  context: InvocationContext,
  deps: BulkDeps,
): Promise<void> {
  const log = invocationLogger(context);
  const parsed = chunkMessage.safeParse(message);
  if (!parsed.success) {
    log.error('batch.message.malformed');
    return;
  }
  const outcome = await inviteChunk(deps, parsed.data.batchId, parsed.data.chunk, (index, error) =>
    log.error('batch.row.failed', { ...parsed.data, index, error }),
  );
  if (!outcome) log.warn('batch.chunk.missing', parsed.data);
  else log.info('batch.chunk.invited', { ...parsed.data, created: outcome.created, refused: outcome.refused.length });
}

/** `ProcessInvitationBatch` as the host calls it (registered by functions/process-invitation-batch.ts, which imports this module on the first call). */
export const handler = (message: unknown, context: InvocationContext) =>
  processInvitationBatchHandler(message, context, getDeps().bulk);
