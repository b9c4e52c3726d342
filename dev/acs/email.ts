/**
 * The two Email REST operations `@azure/communication-email` uses: `POST /emails:send` (a long-running
 * operation the SDK starts) and `GET /emails/operations/{id}` (what its poller reads). Sends are delivered to
 * the local mailbox at once; the operation reports `Running` once, then `Succeeded`.
 */

import { randomUUID } from 'node:crypto';
import type { IncomingHttpHeaders } from 'node:http';
import { type AcsAnswer, acsError, parseJson } from './http.js';
import type { MessageStore, StoredRecipient, StoredRecord } from './store.js';

/** ACS accepts at most 50 recipients (to + cc + bcc) per email. */
const MAX_RECIPIENTS = 50;
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

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

function operationLocation(url: string, origin: string, operationId: string): string {
  const apiVersion = new URL(url, origin).searchParams.get('api-version') ?? '';
  return `${origin}/emails/operations/${encodeURIComponent(operationId)}?api-version=${encodeURIComponent(apiVersion)}`;
}

/** What a send needs besides the request: where it is stored, the resource's verified senders, and what follows. */
export interface EmailSendContext {
  store: MessageStore;
  /** The https origin of this ACS, for `Operation-Location`. */
  origin: string;
  /** The MailFrom addresses of the domains linked to the resource; omitted, any sender is taken. */
  senderAddresses?: readonly string[];
  /** Called with what an accepted send stored (the server publishes its delivery reports). */
  onAccepted?: (record: StoredRecord) => void;
}

function senderProblem(sender: string, verified: readonly string[] | undefined): AcsAnswer | undefined {
  if (!verified) return undefined;
  const address = sender.trim().toLowerCase();
  if (verified.some((v) => v.toLowerCase() === address)) return undefined;
  const domain = address.split('@')[1] ?? '';
  if (verified.some((v) => v.toLowerCase().split('@')[1] === domain)) {
    return acsError(
      400,
      'InvalidSenderUserName',
      `The sender username of ${sender} is not a MailFrom address of the linked domain.`,
    );
  }
  return acsError(400, 'DomainNotLinked', `The specified sender domain has not been linked: ${domain}.`);
}

/**
 * `POST /emails:send`: the checks ACS makes, then the email is stored (delivered to the mailbox) and `202` answered
 * with the operation to poll. `Operation-Id`, when sent, must be a uuid (the spec's format) not used by another send:
 * ACS documents no de-duplication on it (repeatable requests are the documented way, see repeatability.ts).
 */
export function sendEmail(
  request: { url: string; headers: IncomingHttpHeaders; body: Buffer },
  context: EmailSendContext,
): AcsAnswer {
  const headerId = request.headers['operation-id'];
  const requestedId = Array.isArray(headerId) ? headerId[0] : headerId;
  if (requestedId !== undefined && !UUID.test(requestedId)) {
    return acsError(400, 'InvalidOperationId', 'The Operation-Id header must be a GUID.');
  }
  if (requestedId && context.store.findByOperationId(requestedId)) {
    return acsError(409, 'OperationIdConflict', `An operation with the id ${requestedId} already exists.`);
  }
  const email = parseEmail(parseJson(request.body));
  if (typeof email === 'string') return acsError(400, 'BadRequest', email);
  const refused = senderProblem(email.senderAddress, context.senderAddresses);
  if (refused) return refused;
  const operationId = requestedId ?? randomUUID();
  const record = context.store.add({
    kind: 'email',
    from: email.senderAddress,
    recipients: email.recipients.map((r) => ({ ...r, id: randomUUID() })),
    subject: email.subject,
    text: email.plainText ?? htmlToText(email.html ?? ''),
    ...(email.html !== undefined && { html: email.html }),
    ...(email.replyTo.length > 0 && { replyTo: email.replyTo }),
    operationId,
  });
  context.onAccepted?.(record);
  // retry-after: 0 because the SDK otherwise waits 2 s before its first poll.
  return {
    status: 202,
    body: { id: operationId, status: 'Running' },
    headers: { 'operation-location': operationLocation(request.url, context.origin, operationId), 'retry-after': 0 },
  };
}

/**
 * `GET /emails/operations/{id}`: `Running` to the first poll of an operation, `Succeeded` (accepted for delivery)
 * afterwards, so a client sees a non-terminal status and polls again, as against ACS.
 */
export function emailOperation(operationId: string, store: MessageStore, polls: Map<string, number>): AcsAnswer {
  const record = store.findByOperationId(operationId);
  if (!record) return acsError(404, 'NotFound', `Operation ${operationId} was not found.`);
  const seen = polls.get(operationId) ?? 0;
  polls.set(operationId, seen + 1);
  if (seen === 0) return { status: 200, body: { id: operationId, status: 'Running' }, headers: { 'retry-after': 0 } };
  return { status: 200, body: { id: operationId, status: 'Succeeded' }, headers: {} };
}
