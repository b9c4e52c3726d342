/**
 * The two Email REST operations `@azure/communication-email` uses: `POST /emails:send` (a long-running
 * operation the SDK starts) and `GET /emails/operations/{id}` (what its poller reads). Sends are delivered to
 * the local mailbox at once, so the first poll already reports `Succeeded`.
 */

import { randomUUID } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { parseJson, sendAcsError, sendJson } from './http.js';
import type { MessageStore, StoredRecipient, StoredRecord } from './store.js';

/** ACS accepts at most 50 recipients (to + cc + bcc) per email. */
const MAX_RECIPIENTS = 50;
const OPERATION_ID = /^[A-Za-z0-9._~-]{1,128}$/;

interface EmailAddress {
  address?: unknown;
  displayName?: unknown;
}

interface ParsedEmail {
  senderAddress: string;
  subject: string;
  plainText?: string;
  html?: string;
  recipients: Array<Omit<StoredRecipient, 'id'>>;
  replyTo: string[];
}

function addresses(list: unknown, field: StoredRecipient['field']): Array<Omit<StoredRecipient, 'id'>> | string {
  if (list === undefined || list === null) return [];
  if (!Array.isArray(list)) return `recipients.${field} must be an array`;
  const result: Array<Omit<StoredRecipient, 'id'>> = [];
  for (const item of list as EmailAddress[]) {
    const address = typeof item?.address === 'string' ? item.address.trim() : '';
    if (!/^[^@\s]+@[^@\s]+$/.test(address)) return `recipients.${field} contains an invalid email address`;
    result.push({ address, field });
  }
  return result;
}

function nonEmptyString(value: unknown): string | undefined {
  return typeof value === 'string' && value.trim() !== '' ? value : undefined;
}

/** The checks ACS makes before accepting a send; returns the message ACS-like 400s carry when one fails. */
function parseEmail(body: unknown): ParsedEmail | string {
  if (typeof body !== 'object' || body === null) return 'The request body must be a JSON object.';
  const { senderAddress, content, recipients, replyTo } = body as Record<string, unknown>;
  const sender = nonEmptyString(senderAddress);
  if (!sender) return 'senderAddress is required.';
  if (typeof content !== 'object' || content === null) return 'content is required.';
  const { subject, plainText, html } = content as Record<string, unknown>;
  const parsedSubject = nonEmptyString(subject);
  if (!parsedSubject) return 'content.subject is required.';
  const text = nonEmptyString(plainText);
  const parsedHtml = nonEmptyString(html);
  if (!text && !parsedHtml) return 'content.plainText or content.html is required.';
  if (typeof recipients !== 'object' || recipients === null) return 'recipients is required.';
  const { to, cc, bcc } = recipients as Record<string, unknown>;
  const all: Array<Omit<StoredRecipient, 'id'>> = [];
  for (const [list, field] of [
    [to, 'to'],
    [cc, 'cc'],
    [bcc, 'bcc'],
  ] as const) {
    const parsed = addresses(list, field);
    if (typeof parsed === 'string') return parsed;
    all.push(...parsed);
  }
  if (all.length === 0) return 'At least one recipient (to, cc or bcc) is required.';
  if (all.length > MAX_RECIPIENTS) return `An email can have at most ${MAX_RECIPIENTS} recipients.`;
  const replyToList = addresses(replyTo, 'to');
  if (typeof replyToList === 'string') return replyToList.replace('recipients.to', 'replyTo');
  return {
    senderAddress: sender,
    subject: parsedSubject,
    ...(text !== undefined && { plainText: text }),
    ...(parsedHtml !== undefined && { html: parsedHtml }),
    recipients: all,
    replyTo: replyToList.map((r) => r.address),
  };
}

/** A text version for HTML-only emails, so the mailbox JSON always has `text` (and its links). */
export function htmlToText(html: string): string {
  return html
    .replace(/<(style|script)[^>]*>[\s\S]*?<\/\1>/gi, '')
    .replace(/<a\s[^>]*href="(https?:[^"]*)"[^>]*>([\s\S]*?)<\/a>/gi, '$2 ($1)')
    .replace(/<br\s*\/?>|<\/(p|div|h[1-6]|li|tr)>/gi, '\n')
    .replace(/<[^>]+>/g, '')
    .replace(/&nbsp;/g, ' ')
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&quot;/g, '"')
    .replace(/&#39;/g, "'")
    .replace(/&amp;/g, '&')
    .replace(/[ \t]+\n/g, '\n')
    .replace(/\n{3,}/g, '\n\n')
    .trim();
}

function operationLocation(req: IncomingMessage, origin: string, operationId: string): string {
  const apiVersion = new URL(req.url ?? '/', origin).searchParams.get('api-version') ?? '';
  return `${origin}/emails/operations/${encodeURIComponent(operationId)}?api-version=${encodeURIComponent(apiVersion)}`;
}

function accepted(req: IncomingMessage, res: ServerResponse, origin: string, operationId: string): void {
  // retry-after: 0 because the SDK otherwise waits 2 s before its first poll.
  sendJson(
    res,
    202,
    { id: operationId, status: 'Running' },
    { 'operation-location': operationLocation(req, origin, operationId), 'retry-after': 0 },
  );
}

/** Called with what an accepted send stored (the server publishes its delivery reports). */
export type OnEmailAccepted = (record: StoredRecord) => void;

export function handleEmailSend(
  req: IncomingMessage,
  res: ServerResponse,
  body: Buffer,
  store: MessageStore,
  origin: string,
  onAccepted: OnEmailAccepted = () => {},
): void {
  const headerId = req.headers['operation-id'];
  const requestedId = Array.isArray(headerId) ? headerId[0] : headerId;
  if (requestedId !== undefined && !OPERATION_ID.test(requestedId)) {
    sendAcsError(res, 400, 'BadRequest', 'The Operation-Id header is not a valid id.');
    return;
  }
  // Real ACS treats a reused Operation-Id as the same send: answer with it, and deliver nothing new.
  if (requestedId && store.findByOperationId(requestedId)) {
    accepted(req, res, origin, requestedId);
    return;
  }
  const email = parseEmail(parseJson(body));
  if (typeof email === 'string') {
    sendAcsError(res, 400, 'BadRequest', email);
    return;
  }
  const operationId = requestedId ?? randomUUID();
  const record = store.add({
    kind: 'email',
    from: email.senderAddress,
    recipients: email.recipients.map((r) => ({ ...r, id: randomUUID() })),
    subject: email.subject,
    text: email.plainText ?? htmlToText(email.html ?? ''),
    ...(email.html !== undefined && { html: email.html }),
    ...(email.replyTo.length > 0 && { replyTo: email.replyTo }),
    operationId,
  });
  accepted(req, res, origin, operationId);
  onAccepted(record);
}

export function handleEmailOperation(res: ServerResponse, operationId: string, store: MessageStore): void {
  const record = store.findByOperationId(operationId);
  if (!record) {
    sendAcsError(res, 404, 'NotFound', `Operation ${operationId} was not found.`);
    return;
  }
  sendJson(res, 200, { id: operationId, status: 'Succeeded' }, { 'retry-after': 0 });
}
