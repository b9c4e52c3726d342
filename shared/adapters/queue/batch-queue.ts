/** The `invitation-batches` queue: one message per chunk of a bulk, for the ProcessInvitationBatch function. */
import type { QueueServiceClient } from '@azure/storage-queue';
import type { BatchQueue } from '../../domain/ports.js';
import { storage } from '../table/tables.js';
import { encodeMessage, lazyQueue } from './dispatch-queue.js';

export const BATCH_QUEUE = 'invitation-batches';

export interface ChunkMessage {
  batchId: string;
  chunk: number;
}

export function storageBatchQueue(service: QueueServiceClient): BatchQueue {
  const queue = lazyQueue(service, BATCH_QUEUE);
  return {
    enqueueChunk: (batchId, chunk) =>
      storage(async () => {
        const message: ChunkMessage = { batchId, chunk };
        await (await queue()).sendMessage(encodeMessage(message), { messageTimeToLive: -1 });
      }),
  };
}
