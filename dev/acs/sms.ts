/**
 * The SMS REST operation `@azure/communication-sms` uses: `POST /sms`, answered per recipient like ACS
 * (202 overall, each recipient with its own status). Repeatable requests follow the ACS rules: a repeated
 * `repeatabilityRequestId` for the same message is `accepted` again without a second delivery, the same id for a
 * different message is `rejected` (400), and a `repeatabilityFirstSent` older than 5 minutes is `rejected` (412).
 */
import { randomUUID } from 'node:crypto';
import type { ServerResponse } from 'node:http';
import { parseJson, sendAcsError, sendJson } from './http.js';
import type { MessageStore, StoredRecord } from './store.js';

const E164 = /^\+[1-9]\d{1,14}$/;
/** ACS also accepts alphanumeric sender ids: up to 11 letters, digits and spaces, at least one letter. */
const ALPHANUMERIC_SENDER = /^(?=.*[A-Za-z])[A-Za-z0-9 ]{1,11}$/;
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const REPEATABILITY_WINDOW_MS = 5 * 60 * 1000;
const MAX_RECIPIENTS = 100;

interface SmsSendResult {
  to: string;
  messageId?: string;
  httpStatusCode: number;
  repeatabilityResult?: 'accepted' | 'rejected';
  successful: boolean;
  errorMessage?: string;
}

interface Recipient {
  to?: unknown;
  repeatabilityRequestId?: unknown;
  repeatabilityFirstSent?: unknown;
}

/** Looks like the ids ACS gives (`Outgoing_<timestamp><guid>_noam`), so code that logs them sees the real shape. */
function newMessageId(): string {
  const stamp = new Date().toISOString().replace(/\D/g, '').slice(0, 14);
  return `Outgoing_${stamp}${randomUUID()}_noam`;
}

function rejected(to: string, httpStatusCode: number, errorMessage: string): SmsSendResult {
  return { to, httpStatusCode, repeatabilityResult: 'rejected', successful: false, errorMessage };
}

/** Called with each SMS stored (the server publishes its delivery report when the send asked for one). */
export type OnSmsDelivered = (record: StoredRecord) => void;

function deliver(
  store: MessageStore,
  to: string,
  from: string,
  text: string,
  onDelivered: OnSmsDelivered,
  repeatabilityRequestId?: string,
): string {
  const id = newMessageId();
  const recipients = [{ id, address: to, field: 'to' as const }];
  const record = store.add({
    id,
    kind: 'sms',
    from,
    recipients,
    text,
    ...(repeatabilityRequestId && { repeatabilityRequestId }),
  });
  onDelivered(record);
  return id;
}

function sendOne(
  recipient: Recipient,
  from: string,
  message: string,
  store: MessageStore,
  onDelivered: OnSmsDelivered,
): SmsSendResult {
  const to = typeof recipient.to === 'string' ? recipient.to : '';
  if (!E164.test(to))
    return { to, httpStatusCode: 400, successful: false, errorMessage: 'Invalid To phone number format.' };
  const { repeatabilityRequestId: requestId, repeatabilityFirstSent: firstSent } = recipient;
  if (requestId === undefined && firstSent === undefined) {
    return { to, messageId: deliver(store, to, from, message, onDelivered), httpStatusCode: 202, successful: true };
  }
  const firstSentAt = typeof firstSent === 'string' ? Date.parse(firstSent) : Number.NaN;
  if (typeof requestId !== 'string' || !UUID.test(requestId) || !Number.isFinite(firstSentAt)) {
    return rejected(to, 400, 'Invalid repeatabilityRequestId or repeatabilityFirstSent.');
  }
  if (Date.now() - firstSentAt > REPEATABILITY_WINDOW_MS) {
    return rejected(to, 412, 'The repeatabilityFirstSent value is not within the 5 minutes window.');
  }
  const previous = store.findByRepeatabilityId(requestId);
  if (previous) {
    const same = previous.recipients[0]?.address === to && previous.text === message && previous.from === from;
    if (!same) return rejected(to, 400, 'The repeatabilityRequestId was already used for a different request.');
    return { to, messageId: previous.id, httpStatusCode: 202, repeatabilityResult: 'accepted', successful: true };
  }
  const messageId = deliver(store, to, from, message, onDelivered, requestId);
  return { to, messageId, httpStatusCode: 202, repeatabilityResult: 'accepted', successful: true };
}

/** True when `from` is an alphanumeric sender id (throughput limited per resource, not per number). */
export function isAlphanumericSender(from: unknown): boolean {
  return typeof from === 'string' && !E164.test(from) && ALPHANUMERIC_SENDER.test(from);
}

/** `smsSendOptions` of the request: whether a delivery report was asked for, and its tag. */
export function smsSendOptions(body: Buffer): { enableDeliveryReport: boolean; tag?: string } {
  const options = (
    parseJson(body) as { smsSendOptions?: { enableDeliveryReport?: unknown; tag?: unknown } } | undefined
  )?.smsSendOptions;
  return {
    enableDeliveryReport: options?.enableDeliveryReport === true,
    ...(typeof options?.tag === 'string' && { tag: options.tag }),
  };
}

export function handleSmsSend(
  res: ServerResponse,
  body: Buffer,
  store: MessageStore,
  onDelivered: OnSmsDelivered = () => {},
): void {
  const request = parseJson(body);
  if (typeof request !== 'object' || request === null) {
    sendAcsError(res, 400, 'BadRequest', 'The request body must be a JSON object.');
    return;
  }
  const { from, smsRecipients, message } = request as Record<string, unknown>;
  if (typeof from !== 'string' || !(E164.test(from) || ALPHANUMERIC_SENDER.test(from))) {
    sendAcsError(res, 400, 'BadRequest', 'from must be an E.164 phone number or an alphanumeric sender id.');
    return;
  }
  if (typeof message !== 'string' || message === '') {
    sendAcsError(res, 400, 'BadRequest', 'message is required.');
    return;
  }
  if (!Array.isArray(smsRecipients) || smsRecipients.length === 0 || smsRecipients.length > MAX_RECIPIENTS) {
    sendAcsError(res, 400, 'BadRequest', `smsRecipients must list 1 to ${MAX_RECIPIENTS} recipients.`);
    return;
  }
  const value = (smsRecipients as Recipient[]).map((r) => sendOne(r ?? {}, from, message, store, onDelivered));
  sendJson(res, 202, { value });
}
