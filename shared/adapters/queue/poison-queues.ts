/**
 * The poison queues' message counts (`PoisonQueues`): one Get Queue Metadata call per queue
 * (`x-ms-approximate-messages-count`, action `queueServices/queues/read`, which Storage Queue Data Contributor grants:
 * infra/storage-data-plane.json). A queue not created yet holds nothing. Storage's own queue metrics are account-wide
 * (docs/decisions.md, "Alerts"), hence this.
 */
import type { QueueServiceClient } from '@azure/storage-queue';
import type { PoisonQueues } from '../../domain/ports.js';
import { isNotFound, storage } from '../table/tables.js';
import { ACCOUNT_EMAILS_QUEUE } from './account-email-queue.js';
import { BATCH_QUEUE } from './batch-queue.js';
import { OUTBOX_QUEUE } from './dispatch-queue.js';
import { RESET_REQUESTS_QUEUE } from './reset-request-queue.js';
import { SMS_OUTBOX_QUEUE } from './sms-queue.js';

/** The host's poison queue of each queue trigger: `<queue>-poison`. */
export const POISON_QUEUES = [
  OUTBOX_QUEUE,
  BATCH_QUEUE,
  SMS_OUTBOX_QUEUE,
  ACCOUNT_EMAILS_QUEUE,
  RESET_REQUESTS_QUEUE,
].map((queue) => `${queue}-poison`);

export function storagePoisonQueues(
  service: QueueServiceClient,
  names: readonly string[] = POISON_QUEUES,
): PoisonQueues {
  return {
    waiting: () =>
      storage(() =>
        Promise.all(
          names.map(async (queue) => {
            try {
              const properties = await service.getQueueClient(queue).getProperties();
              return { queue, messages: properties.approximateMessagesCount ?? 0 };
            } catch (error) {
              if (isNotFound(error)) return { queue, messages: 0 };
              throw error;
            }
          }),
        ),
      ),
  };
}
