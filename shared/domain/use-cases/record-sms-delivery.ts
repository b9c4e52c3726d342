/**
 * ACS's delivery report of an activation SMS (through Event Grid): `Delivered` makes the file's SMS `delivered`,
 * anything else `failed` with ACS's details. The report finds the file by the SMS's tag (provider, client, SMS id).
 * Idempotent: a report for an SMS the file no longer holds (an older code's), or no newer than the outcome already
 * recorded, changes nothing. A report for an SMS still pending (its send was accepted but the outcome was lost in a
 * crash) settles it, and erases its sealed code. Storage failures are thrown, so Event Grid delivers it again.
 */
import { parseSmsTag } from '../activation-sms.js';
import type { ClientFileStore } from '../client-file.js';
import { DomainError } from '../errors.js';

export interface SmsDeliveryReportDeps {
  clientFiles: ClientFileStore;
}

export interface SmsDeliveryReport {
  tag: string;
  /** ACS's `deliveryStatus`: `Delivered`, `Failed`, … */
  status: string;
  detail?: string;
  /** The delivery attempt the report is about (or when ACS received the report). */
  at: Date;
}

export type SmsReportResult =
  | { kind: 'recorded'; clientId: string; outcome: 'delivered' | 'failed' }
  | { kind: 'unchanged'; clientId: string; reason: 'older-sms' | 'older-report' }
  | { kind: 'unknown-sms' };

export async function recordSmsDeliveryReport(
  deps: SmsDeliveryReportDeps,
  report: SmsDeliveryReport,
): Promise<SmsReportResult> {
  const tag = parseSmsTag(report.tag);
  if (!tag) return { kind: 'unknown-sms' };
  const outcome = report.status.toLowerCase() === 'delivered' ? 'delivered' : 'failed';
  for (let attempt = 1; ; attempt++) {
    const stored = await deps.clientFiles.get(tag.providerId, tag.clientId);
    if (!stored) return { kind: 'unknown-sms' };
    const activation = stored.value.activation;
    if (!activation || activation.sms.id !== tag.smsId) {
      return { kind: 'unchanged', clientId: tag.clientId, reason: 'older-sms' };
    }
    const { sms } = activation;
    if ((sms.status === 'delivered' || sms.status === 'failed') && report.at.getTime() <= sms.at.getTime()) {
      return { kind: 'unchanged', clientId: tag.clientId, reason: 'older-report' };
    }
    const nextSms = { ...sms, status: outcome, at: report.at, attempts: Math.max(1, sms.attempts) } as const;
    const detail =
      outcome === 'failed' ? (report.detail ? `${report.status}: ${report.detail}` : report.status) : undefined;
    const next = { ...activation, sms: { ...nextSms, ...(detail ? { detail: detail.slice(0, 300) } : {}) } };
    if (!detail) delete next.sms.detail;
    delete next.sealedCode;
    try {
      await deps.clientFiles.replace({ ...stored.value, activation: next }, stored);
      return { kind: 'recorded', clientId: tag.clientId, outcome };
    } catch (error) {
      if (!(error instanceof DomainError && error.code === 'concurrent-update') || attempt >= 3) throw error;
    }
  }
}
