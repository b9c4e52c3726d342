/**
 * The account-email outbox: each email of `AccountEmails.queue` is a row of its own (keyed by a GUID, which is also
 * its ACS operation id and the `messageId` of its delivery report) and a queue message pointing at it. The row holds
 * what the email says, with its one secret (a reset link, a code) sealed; the dispatcher sends it once, with ACS's
 * repeatability pair kept on the row, through the same send slots as invitations, and records the outcome there.
 * Once the email is settled (sent, failed) the sealed secret and the pair are erased.
 */
import type { AccountEmail, AccountEmailKind } from './account-email.js';
import type { AppliedReport, SendWindow } from './outbox.js';
import type { Versioned } from './ports.js';

/** An account email as the row keeps it: everything but its secret (a link, a code), which is sealed beside it. */
export type AccountEmailContent = AccountEmail extends infer E
  ? E extends unknown
    ? Omit<E, 'url' | 'code'>
    : never
  : never;

export type AccountEmailStatus = 'pending' | 'sent' | 'delivered' | 'failed';

export interface AccountEmailRecord {
  /** A GUID: the row's key, the ACS operation id of the send, the `messageId` of its delivery report. */
  id: string;
  kind: AccountEmailKind;
  status: AccountEmailStatus;
  /** Sends that failed for a passing reason, or the one ACS accepted. Throttled sends do not count. */
  attempts: number;
  createdAt: Date;
  sentAt?: Date;
  lastError?: string;
  /** What the email says (the address, the language, the facts), never the link. */
  content: AccountEmailContent;
  /** The reset link, sealed for the dispatcher; erased once the email is settled. */
  sealedSecret?: string;
  /** The repeatability pair of the latest send (or the one about to be made). */
  repeatability?: SendWindow;
  /** The delivery report last applied. */
  report?: AppliedReport;
}

/** The queue message of `account-emails`: a pointer, never the content. */
export interface AccountEmailRequest {
  emailId: string;
  /** When the pointer was first queued (before the row was written). */
  queuedAt: string;
  /** Throttled sends in a row: spaces the waits, never an attempt. */
  throttled?: number;
  /** The request id ACS refused for good (429, 412): the next send opens a new window instead of repeating it. */
  rejectedRequestId?: string;
  /** The email send slot reserved for this email: sent then without reserving again. */
  slotAt?: string;
}

/**
 * The addresses an email names: its recipient, and the person it is about when that is someone else (a client's
 * two-step help request goes to a professional). The erasure of a person finds their emails by these.
 */
export function addressesNamedBy(content: AccountEmailContent): { to: string; about?: string } {
  return content.kind === 'two-step-help' ? { to: content.to, about: content.clientEmail } : { to: content.to };
}

export interface AccountEmailStore {
  /** Writes a new row; the id is a fresh GUID, so a conflict is a bug and is thrown. */
  create(record: AccountEmailRecord): Promise<void>;
  /** One point read; undefined when there is no such row. */
  get(id: string): Promise<Versioned<AccountEmailRecord> | undefined>;
  /** Replaces the row If-Match; a DomainError `concurrent-update` when it changed or went since it was read. */
  replace(next: AccountEmailRecord, current: Versioned<AccountEmailRecord>): Promise<Versioned<AccountEmailRecord>>;
  /**
   * Erasure: deletes every account email that names this (normalized) address — sent to it, or about its owner
   * (`addressesNamedBy`); none: no change.
   */
  forgetNaming(email: string): Promise<void>;
}

export interface AccountEmailQueue {
  /** Queues a pointer, visible after `delaySeconds`. */
  schedule(request: AccountEmailRequest, delaySeconds: number): Promise<void>;
  /** Parks a pointer whose email could not be sent (the poison queue). */
  park(request: AccountEmailRequest, reason: string): Promise<void>;
}

/** Seals the reset link for the dispatcher (and opens it there). */
export interface LinkSealer {
  seal(text: string): string;
  /** Throws when no configured key opens it. */
  open(sealed: string): string;
}

/** Writes an account email in its language (templates live at the edge, in shared/web). */
export interface AccountEmailComposer {
  compose(email: AccountEmail): { subject: string; html: string; text: string };
}

/** The email's secret, sealed at rest: a reset link, a code; undefined for a notice. */
export function secretOf(email: AccountEmail): string | undefined {
  if (email.kind === 'reset-link') return email.url;
  if (email.kind === 'sign-in-email-code') return email.code;
  return undefined;
}

/** The row's content and its secret, as the composer needs them; undefined when the secret is missing. */
export function withSecret(content: AccountEmailContent, secret: string | undefined): AccountEmail | undefined {
  if (content.kind === 'reset-link') return secret === undefined ? undefined : { ...content, url: secret };
  if (content.kind === 'sign-in-email-code') return secret === undefined ? undefined : { ...content, code: secret };
  return content;
}

/** The row's content without its secret (what is stored in clear). */
export function withoutSecret(email: AccountEmail): AccountEmailContent {
  if (email.kind === 'reset-link') {
    const { url: _url, ...content } = email;
    return content;
  }
  if (email.kind === 'sign-in-email-code') {
    const { code: _code, ...content } = email;
    return content;
  }
  return email;
}

/** A notice (not a link) still worth sending this long after it was queued: later, it would only confuse. */
export const NOTICE_MAX_AGE_MS = 24 * 60 * 60_000;

/** When the email stops being worth sending: a link or a code when it expires, a notice after a day. */
export function sendableUntil(record: Pick<AccountEmailRecord, 'content' | 'createdAt'>): Date {
  if (record.content.kind === 'reset-link' || record.content.kind === 'sign-in-email-code') {
    return record.content.expiresAt;
  }
  return new Date(record.createdAt.getTime() + NOTICE_MAX_AGE_MS);
}
