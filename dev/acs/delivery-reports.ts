/**
 * What the local ACS publishes after it accepted a message: one `Microsoft.Communication.EmailDeliveryReportReceived`
 * per email recipient (its `messageId` is the send's operation id), and `Microsoft.Communication.SMSDeliveryReportReceived`
 * for an SMS sent with `enableDeliveryReport`. Every recipient is `Delivered` unless a test told the local ACS otherwise
 * (`POST /__control/delivery-outcomes { to, status }`). Shapes: learn.microsoft.com/azure/event-grid/communication-services-email-events
 * and communication-services-telephony-sms-events; statuses: `KnownAcsEmailDeliveryReportStatus` of @azure/eventgrid-systemevents.
 */
import { randomUUID } from 'node:crypto';
import { EMAIL_DELIVERY_REPORT, type EventGridEvent, SMS_DELIVERY_REPORT } from './event-grid.js';
import type { StoredRecord } from './store.js';

/** Every status of `KnownAcsEmailDeliveryReportStatus`; anything but `Delivered` is a failure. */
export const EMAIL_REPORT_STATUSES = [
  'Delivered',
  'Bounced',
  'Failed',
  'FilteredSpam',
  'Quarantined',
  'Suppressed',
] as const;
export type EmailReportStatus = (typeof EMAIL_REPORT_STATUSES)[number];
/** SMS delivery statuses the local ACS reports (ACS reports `Delivered` or `Failed`). */
export const SMS_REPORT_STATUSES = ['Delivered', 'Failed'] as const;

const STATUS_MESSAGES: Record<EmailReportStatus, string> = {
  Delivered: '',
  Bounced: 'The recipient mail server rejected the message: mailbox unavailable (local ACS).',
  Failed: 'The message could not be delivered (local ACS).',
  FilteredSpam: 'The recipient mail server identified the message as spam and rejected it (local ACS).',
  Quarantined: 'The message was quarantined as spam, bulk mail or phishing (local ACS).',
  Suppressed: 'The recipient hard bounced before; sends to it are suppressed (local ACS).',
};

export interface DeliveryOutcome {
  to: string;
  status: string;
  statusMessage?: string;
}

/** The outcome tests asked for, per recipient (email case-insensitive, phone by digits). */
export class DeliveryOutcomes {
  private readonly byRecipient = new Map<string, DeliveryOutcome>();

  static key(address: string): string {
    const trimmed = address.trim();
    return trimmed.includes('@') ? trimmed.toLowerCase() : trimmed.replace(/\D/g, '');
  }

  /** Validates a rule from the control endpoint; returns an error message when it is not usable. */
  static parse(value: unknown): DeliveryOutcome | string {
    if (typeof value !== 'object' || value === null) return 'expected a JSON object';
    const { to, status, statusMessage } = value as Record<string, unknown>;
    if (typeof to !== 'string' || DeliveryOutcomes.key(to) === '')
      return 'to must be an email address or a phone number';
    const allowed: readonly string[] = to.includes('@') ? EMAIL_REPORT_STATUSES : SMS_REPORT_STATUSES;
    if (typeof status !== 'string' || !allowed.includes(status)) return `status must be one of ${allowed.join(', ')}`;
    if (statusMessage !== undefined && typeof statusMessage !== 'string') return 'statusMessage must be a string';
    return { to, status, ...(statusMessage !== undefined && { statusMessage }) };
  }

  set(outcome: DeliveryOutcome): void {
    this.byRecipient.set(DeliveryOutcomes.key(outcome.to), outcome);
  }

  get(address: string): DeliveryOutcome | undefined {
    return this.byRecipient.get(DeliveryOutcomes.key(address));
  }

  list(): DeliveryOutcome[] {
    return [...this.byRecipient.values()];
  }

  clear(): void {
    this.byRecipient.clear();
  }
}

type Report = Omit<EventGridEvent, 'topic' | 'metadataVersion'>;

/** One report per recipient (to, cc and bcc) of an accepted email. */
export function emailDeliveryReports(record: StoredRecord, outcomes: DeliveryOutcomes): Report[] {
  const messageId = record.operationId ?? record.id;
  return record.recipients.map((recipient) => {
    const outcome = outcomes.get(recipient.address);
    const status = (outcome?.status ?? 'Delivered') as EmailReportStatus;
    const now = new Date().toISOString();
    return {
      id: randomUUID(),
      subject: `sender/${record.from}/message/${messageId}`,
      eventType: EMAIL_DELIVERY_REPORT,
      eventTime: now,
      dataVersion: '1.0',
      data: {
        sender: record.from,
        recipient: recipient.address,
        internetMessageId: `<${recipient.id}@local-acs.invalid>`,
        messageId,
        status,
        deliveryStatusDetails: {
          statusMessage: outcome?.statusMessage ?? STATUS_MESSAGES[status] ?? '',
          ...(status === 'Delivered' && { recipientMailServerHostName: 'mx.local-acs.invalid' }),
        },
        deliveryAttemptTimestamp: now,
      },
    };
  });
}

/** The report of an SMS sent with `enableDeliveryReport` (and its `tag`, if any). */
export function smsDeliveryReport(record: StoredRecord, outcomes: DeliveryOutcomes, tag?: string): Report {
  const to = record.recipients[0]?.address ?? '';
  const status = outcomes.get(to)?.status ?? 'Delivered';
  const now = new Date().toISOString();
  // As in the documented sample: the event id is the message id, the subject the sender's number without '+'.
  return {
    id: record.id,
    subject: `/phonenumber/${record.from.replace(/^\+/, '')}`,
    eventType: SMS_DELIVERY_REPORT,
    eventTime: now,
    dataVersion: '1.0',
    data: {
      messageId: record.id,
      from: record.from,
      to,
      deliveryStatus: status,
      deliveryStatusDetails:
        status === 'Delivered' ? 'No error.' : (outcomes.get(to)?.statusMessage ?? 'Delivery failed (local ACS).'),
      deliveryAttempts: [
        {
          timestamp: now,
          segmentsSucceeded: status === 'Delivered' ? 1 : 0,
          segmentsFailed: status === 'Delivered' ? 0 : 1,
        },
      ],
      receivedTimestamp: now,
      ...(tag !== undefined && { tag }),
    },
  };
}
