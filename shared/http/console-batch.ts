/** The console's bulk pages read one batch of the professional's own provider: any other id is "not found". */
import type { BatchProgress } from '../domain/bulk.js';
import { DomainError } from '../domain/errors.js';
import type { ActingProfessional } from '../domain/provider.js';
import { type BulkDeps, batchProgress } from '../domain/use-cases/bulk-invitations.js';

const BATCH_ID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export const isBatchId = (text: string) => BATCH_ID.test(text);

/** The provider's own bulk, or undefined (not an id, unknown, another provider's): the page says "not found". */
export async function ownBatch(
  bulk: BulkDeps,
  professional: ActingProfessional,
  batchId: string,
): Promise<BatchProgress | undefined> {
  if (!isBatchId(batchId)) return undefined;
  try {
    return await batchProgress(bulk, professional, batchId);
  } catch (error) {
    if (error instanceof DomainError && error.code === 'batch-not-found') return undefined;
    throw error;
  }
}
