/**
 * The `sms-outbox` queue: pointers to a client file's activation SMS for the DispatchActivationSms function,
 * base64-encoded JSON as the Functions host expects. Visibility delays are capped at the 7 days Queue Storage allows
 * (an activation SMS never waits that long: its code expires after 10 minutes). Parked pointers go to
 * `sms-outbox-poison`, where the host also puts messages whose function kept failing.
 */
import type { QueueServiceClient } from '@azure/storage-queue';
import type { SmsQueue } from '../../domain/activation-sms.js';
import { storage } from '../table/tables.js';
import { encodeMessage, lazyQueue } from './dispatch-queue.js';

export const SMS_OUTBOX_QUEUE = 'sms-outbox';
export const SMS_OUTBOX_POISON_QUEUE = 'sms-outbox-poison';
const MAX_VISIBILITY_SECONDS = 7 * 24 * 60 * 60 - 60;

export function storageSmsQueue(service: QueueServiceClient): SmsQueue {
  const outbox = lazyQueue(service, SMS_OUTBOX_QUEUE);
  const poison = lazyQueue(service, SMS_OUTBOX_POISON_QUEUE);
  return {
    schedule: (request, delaySeconds) =>
      storage(async () => {
        await (await outbox()).sendMessage(encodeMessage(request), {
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
