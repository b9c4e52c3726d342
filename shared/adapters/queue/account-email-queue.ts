/**
 * The `account-emails` queue: pointers to `AccountEmails` rows for the DispatchAccountEmail function, base64-encoded
 * JSON as the Functions host expects. Parked pointers go to `account-emails-poison`, where the host also puts
 * messages whose function kept failing.
 */
import type { QueueServiceClient } from '@azure/storage-queue';
import type { AccountEmailQueue, AccountEmailRequest } from '../../domain/account-email-outbox.js';
import { pointerQueue } from './dispatch-queue.js';

export const ACCOUNT_EMAILS_QUEUE = 'account-emails';
export const ACCOUNT_EMAILS_POISON_QUEUE = 'account-emails-poison';

export function storageAccountEmailQueue(service: QueueServiceClient): AccountEmailQueue {
  return pointerQueue<AccountEmailRequest>(service, ACCOUNT_EMAILS_QUEUE, ACCOUNT_EMAILS_POISON_QUEUE);
}
