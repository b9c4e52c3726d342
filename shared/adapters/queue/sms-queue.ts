/**
 * The `sms-outbox` queue: pointers to a client file's activation SMS for the DispatchActivationSms function,
 * base64-encoded JSON as the Functions host expects. Visibility delays are capped at the 7 days Queue Storage allows
 * (an activation SMS never waits that long: its code expires after 10 minutes). Parked pointers go to
 * `sms-outbox-poison`, where the host also puts messages whose function kept failing.
 */
import type { QueueServiceClient } from '@azure/storage-queue';
import type { SmsDispatchRequest, SmsQueue } from '../../domain/activation-sms.js';
import { pointerQueue } from './dispatch-queue.js';

export const SMS_OUTBOX_QUEUE = 'sms-outbox';
export const SMS_OUTBOX_POISON_QUEUE = 'sms-outbox-poison';

export function storageSmsQueue(service: QueueServiceClient): SmsQueue {
  return pointerQueue<SmsDispatchRequest>(service, SMS_OUTBOX_QUEUE, SMS_OUTBOX_POISON_QUEUE);
}
