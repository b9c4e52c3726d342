/**
 * The `reset-requests` queue: what `POST /api/ResetPassword` hands to the ProcessResetRequest worker (the normalized
 * address, the request's language, when), base64-encoded JSON as the Functions host expects. A request lives an hour
 * at most (`messageTimeToLive`): a reset asked for longer ago than that is not worth a link any more. Messages whose
 * worker kept failing go to `reset-requests-poison` (the host moves them there).
 */
import type { QueueServiceClient } from '@azure/storage-queue';
import type { ResetRequest, ResetRequestQueue } from '../../domain/password-reset.js';
import { storage } from '../table/tables.js';
import { encodeMessage, lazyQueue } from './dispatch-queue.js';

export const RESET_REQUESTS_QUEUE = 'reset-requests';
export const RESET_REQUESTS_POISON_QUEUE = 'reset-requests-poison';

/** How long a queued request waits at most. */
const REQUEST_TTL_SECONDS = 60 * 60;

export function storageResetRequestQueue(service: QueueServiceClient): ResetRequestQueue {
  const queue = lazyQueue(service, RESET_REQUESTS_QUEUE);
  return {
    send: (request: ResetRequest) =>
      storage(async () => {
        await (await queue()).sendMessage(encodeMessage(request), { messageTimeToLive: REQUEST_TTL_SECONDS });
      }),
  };
}
