/**
 * ACS's delivery report of an email (through Event Grid): `Delivered` makes the email `delivered`, anything else
 * (`Bounced`, `Failed`, `FilteredSpam`, `Quarantined`, `Suppressed`, …) `failed` with the reason, on the outbox row,
 * on the invitation when the email is its current one, and in its timeline. Idempotent: a report no newer than the
 * one applied (delivered twice, or out of order) changes nothing; a report for a message this service does not know
 * is ignored. A report for an email whose send was never recorded (a crash after ACS accepted it) records it as
 * sent too. Storage failures are thrown, so Event Grid delivers the report again.
 */
import type { AccountEmailStore } from '../account-email-outbox.js';
import { DomainError } from '../errors.js';
import type { Delivery, Invitation } from '../invitation.js';
import { applyReport, describeReport } from '../outbox.js';
import type { BatchStore, Clock, InvitationStore } from '../ports.js';
import { event } from '../timeline.js';
import { recordAccountEmailReport } from './account-emails.js';
import { countForBatch } from './dispatch-invitation-email.js';

export interface DeliveryReportDeps {
  clock: Clock;
  invitations: InvitationStore;
  batches: Pick<BatchStore, 'countDelivery'>;
  /** Account emails (reset links, notices): a report no invitation claims is looked for there (one point read). */
  accountEmails?: AccountEmailStore;
}

export interface EmailDeliveryReport {
  /** The id ACS gave the email: the operation id of its send. */
  messageId: string;
  /** ACS's status, e.g. `Delivered`, `Bounced`. */
  status: string;
  /** ACS's status message, when it gives one. */
  detail?: string;
  /** When ACS made the delivery attempt the report is about. */
  at: Date;
}

export type DeliveryReportResult =
  | { kind: 'recorded'; invitationId: string; outcome: 'delivered' | 'failed'; current: boolean }
  | { kind: 'unchanged'; invitationId: string }
  /** An account email's report: `outcome` when it changed the row, none when it was no newer than the applied one. */
  | { kind: 'account-email'; emailId: string; outcome?: 'delivered' | 'failed' }
  | { kind: 'unknown-message' };

export async function recordEmailDeliveryReport(
  deps: DeliveryReportDeps,
  report: EmailDeliveryReport,
): Promise<DeliveryReportResult> {
  let found = await deps.invitations.findByMessageId(report.messageId);
  for (let attempt = 1; ; attempt++) {
    const { invitation, outbox } = found;
    if (!invitation || !outbox) {
      const account = deps.accountEmails && (await recordAccountEmailReport(deps.accountEmails, report));
      return account ? { kind: 'account-email', ...account } : { kind: 'unknown-message' };
    }
    const next = applyReport(outbox.value, report);
    if (!next) return { kind: 'unchanged', invitationId: invitation.value.id };
    const outcome = next.status === 'delivered' ? 'delivered' : 'failed';
    // A newer email (resend, new link) owns the invitation's delivery state; an earlier one only shows in the timeline.
    const current = invitation.value.keyVersion === outbox.value.keyVersion;
    const delivery: Delivery = {
      ...invitation.value.delivery,
      status: outcome,
      attempts: next.attempts,
      ...(next.sentAt ? { sentAt: next.sentAt } : {}),
    };
    if (outcome === 'delivered') delete delivery.lastError;
    else delivery.lastError = describeReport(report);
    const nextInvitation: Invitation = current ? { ...invitation.value, delivery } : invitation.value;
    const detail = current ? describeReport(report) : `an earlier email: ${describeReport(report)}`;
    try {
      await deps.invitations.update(invitation, nextInvitation, {
        outbox: { current: outbox, next },
        events: [event(deps.clock.now(), outcome === 'delivered' ? 'email.delivered' : 'email.failed', detail)],
      });
    } catch (error) {
      if (!(error instanceof DomainError && error.code === 'concurrent-update') || attempt >= 3) throw error;
      // The dispatcher recorded the send meanwhile, or a resend changed the invitation: apply to the fresh copies.
      found = await deps.invitations.getWithOutbox(invitation.value.id, outbox.value.id);
      continue;
    }
    // A send whose outcome was lost was never counted by the dispatcher: it was accepted after all.
    if (outbox.value.status === 'pending' || outbox.value.status === 'cancelled') {
      await countForBatch(deps, invitation.value, 'sent');
    }
    return { kind: 'recorded', invitationId: invitation.value.id, outcome, current };
  }
}
