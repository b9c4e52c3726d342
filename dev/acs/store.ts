/**
 * Every email and SMS the local ACS accepted, in memory and optionally in a JSON-lines file so the mailbox
 * survives a restart of the stack. It also remembers email operation ids and SMS repeatability ids, because
 * idempotent re-sends must be answered from what was stored, not stored twice.
 */
import { randomUUID } from 'node:crypto';
import { appendFileSync, existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';

export type MessageKind = 'email' | 'sms';

/** One mailbox item, exactly the shape of the mailbox JSON in API.md: one recipient address per item. */
export interface StoredMessage {
  id: string;
  kind: MessageKind;
  to: string;
  from: string;
  subject?: string;
  text: string;
  html?: string;
  sentAt: string;
}

export interface StoredRecipient {
  /** The mailbox item id of this copy (an SMS's messageId; a fresh id per email recipient). */
  id: string;
  address: string;
  field: 'to' | 'cc' | 'bcc';
}

/** What one accepted send stored: one email (all its recipients) or one SMS to one number. */
export interface StoredRecord {
  id: string;
  kind: MessageKind;
  from: string;
  recipients: StoredRecipient[];
  subject?: string;
  text: string;
  html?: string;
  replyTo?: string[];
  sentAt: string;
  /** Email: the operation id the SDK polls (its Operation-Id header when it sent one). */
  operationId?: string;
  /** SMS: the recipient's repeatabilityRequestId, so a repeated request is not delivered twice. */
  repeatabilityRequestId?: string;
}

/** Phones match whatever their formatting (and a `+` that a query string turned into a space). */
function matchesRecipient(kind: MessageKind, address: string, filter: string): boolean {
  if (kind === 'email') return address.trim().toLowerCase() === filter.trim().toLowerCase();
  const digits = (value: string) => value.replace(/\D/g, '');
  return digits(filter) !== '' && digits(address) === digits(filter);
}

export class MessageStore {
  private records: StoredRecord[] = [];
  private readonly byOperationId = new Map<string, StoredRecord>();
  private readonly byRepeatabilityId = new Map<string, StoredRecord>();

  constructor(private readonly dataFile?: string) {
    if (!dataFile) return;
    mkdirSync(path.dirname(dataFile), { recursive: true });
    if (!existsSync(dataFile)) return;
    for (const line of readFileSync(dataFile, 'utf8').split('\n')) {
      if (!line.trim()) continue;
      try {
        this.index(JSON.parse(line) as StoredRecord);
      } catch {
        // A line cut short by a crash mid-write: the other messages are still worth keeping.
      }
    }
  }

  add(record: Omit<StoredRecord, 'id' | 'sentAt'> & { id?: string }): StoredRecord {
    const stored: StoredRecord = { ...record, id: record.id ?? randomUUID(), sentAt: new Date().toISOString() };
    // Written before the send is acknowledged, so an accepted message is never lost by a restart.
    if (this.dataFile) appendFileSync(this.dataFile, `${JSON.stringify(stored)}\n`);
    this.index(stored);
    return stored;
  }

  findByOperationId(operationId: string): StoredRecord | undefined {
    return this.byOperationId.get(operationId);
  }

  findByRepeatabilityId(repeatabilityRequestId: string): StoredRecord | undefined {
    return this.byRepeatabilityId.get(repeatabilityRequestId);
  }

  /** Newest first. */
  list(filter: { to?: string } = {}): StoredMessage[] {
    const to = filter.to?.trim();
    const items: StoredMessage[] = [];
    for (let i = this.records.length - 1; i >= 0; i--) {
      const record = this.records[i]!;
      for (const recipient of record.recipients) {
        if (to && !matchesRecipient(record.kind, recipient.address, to)) continue;
        items.push(toMessage(record, recipient));
      }
    }
    return items;
  }

  /** The mailbox item and the send it belongs to (for the detail page: cc, reply-to…). */
  get(itemId: string): { message: StoredMessage; record: StoredRecord } | undefined {
    for (const record of this.records) {
      const recipient = record.recipients.find((r) => r.id === itemId);
      if (recipient) return { message: toMessage(record, recipient), record };
    }
    return undefined;
  }

  clear(): void {
    this.records = [];
    this.byOperationId.clear();
    this.byRepeatabilityId.clear();
    if (this.dataFile) writeFileSync(this.dataFile, '');
  }

  private index(record: StoredRecord): void {
    this.records.push(record);
    if (record.operationId) this.byOperationId.set(record.operationId, record);
    if (record.repeatabilityRequestId) this.byRepeatabilityId.set(record.repeatabilityRequestId, record);
  }
}

function toMessage(record: StoredRecord, recipient: StoredRecipient): StoredMessage {
  return {
    id: recipient.id,
    kind: record.kind,
    to: recipient.address,
    from: record.from,
    ...(record.subject !== undefined && { subject: record.subject }),
    text: record.text,
    ...(record.html !== undefined && { html: record.html }),
    sentAt: record.sentAt,
  };
}
