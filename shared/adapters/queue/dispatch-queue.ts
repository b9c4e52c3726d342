/**
 * The `outbox` queue: pointers to outbox rows for the DispatchOutbox function, base64-encoded JSON as the
 * Functions host expects (host.json `messageEncoding`). Messages never expire on their own (a paced bulk may wait
 * days); visibility delays are capped at the 7 days Queue Storage allows. Parked pointers go to `outbox-poison`,
 * where the host also puts messages whose function kept failing.
 */
import type { QueueClient, QueueServiceClient } from '@azure/storage-queue';
import type { DispatchQueue } from '../../domain/ports.js';
import { storage } from '../table/tables.js';

export const OUTBOX_QUEUE = 'outbox';
export const OUTBOX_POISON_QUEUE = 'outbox-poison';
const MAX_VISIBILITY_SECONDS = 7 * 24 * 60 * 60 - 60;

export const encodeMessage = (value: unknown) => Buffer.from(JSON.stringify(value), 'utf8').toString('base64');

/** A queue client whose queue is created once, on first use. */
export function lazyQueue(service: QueueServiceClient, name: string): () => Promise<QueueClient> {
  let ready: Promise<QueueClient> | undefined;
  return () => {
    ready ??= (async () => {
      const queue = service.getQueueClient(name);
      await queue.createIfNotExists();
      return queue;
    })().catch((error: unknown) => {
      ready = undefined;
      throw error;
    });
    return ready;
  };
}

/**
 * A queue of pointers and its poison queue: `schedule` (visible after a delay, capped at what Queue Storage allows;
 * never expiring on its own) and `park` (to the poison queue, with the reason and when).
 */
export function pointerQueue<T extends object>(
  service: QueueServiceClient,
  queueName: string,
  poisonName: string,
): { schedule(request: T, delaySeconds: number): Promise<void>; park(request: T, reason: string): Promise<void> } {
  const queue = lazyQueue(service, queueName);
  const poison = lazyQueue(service, poisonName);
  return {
    schedule: (request, delaySeconds) =>
      storage(async () => {
        await (await queue()).sendMessage(encodeMessage(request), {
          visibilityTimeout: Math.max(0, Math.min(Math.ceil(delaySeconds), MAX_VISIBILITY_SECONDS)),
          messageTimeToLive: -1,
        });
      }),
    park: (request, reason) =>
      storage(async () => {
        await (await poison()).sendMessage(encodeMessage({ ...request, reason, parkedAt: new Date().toISOString() }), {
          messageTimeToLive: -1,
        });
      }),
  };
}

export function storageDispatchQueue(service: QueueServiceClient): DispatchQueue {
  return pointerQueue(service, OUTBOX_QUEUE, OUTBOX_POISON_QUEUE);
}
