/**
 * `EmailDeliveryReport` (Event Grid trigger): ACS's `Microsoft.Communication.EmailDeliveryReportReceived` events,
 * from the Event Grid subscription of the ACS resource's system topic (locally, the local ACS's subscription to the
 * local host). Each report makes its email `delivered` or `failed` on the invitation (see
 * shared/domain/use-cases/record-email-delivery.ts). An event nobody can act on — another event type, a malformed
 * one, a message this service never sent — is logged and acknowledged, so Event Grid does not retry it for a day;
 * a storage failure is thrown, so Event Grid delivers the report again.
 */
import type { EventGridEvent, InvocationContext } from '@azure/functions';
import { z } from 'zod';
// zod's refusals in the service's words (zod-messages.ts), set wherever zod parses input.
import '../../shared/http/zod-messages.js';
import { getDeps } from '../../shared/deps.js';
import {
  type DeliveryReportDeps,
  type DeliveryReportResult,
  recordEmailDeliveryReport,
} from '../../shared/domain/use-cases/record-email-delivery.js';
import { invocationLogger } from '../../shared/http/handler.js';

export const EMAIL_DELIVERY_REPORT_EVENT = 'Microsoft.Communication.EmailDeliveryReportReceived';

const text = (max: number) => z.string().transform((s) => s.slice(0, max));

/** The event's data as ACS documents it (learn.microsoft.com, AcsEmailDeliveryReportReceivedEventData). */
const reportSchema = z.object({
  data: z.object({
    messageId: z.string().min(1).max(200),
    status: z.string().min(1).max(100),
    deliveryStatusDetails: z.object({ statusMessage: text(300).optional() }).nullish(),
    // The SDK's models spell it deliveryAttemptTimestamp; the event schema page's sample deliveryAttemptTimeStamp.
    deliveryAttemptTimestamp: z.string().optional(),
    deliveryAttemptTimeStamp: z.string().optional(),
  }),
  eventTime: z.string().optional(),
});

const GUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export async function emailDeliveryReportHandler(
  event: EventGridEvent,
  context: InvocationContext,
  deps: DeliveryReportDeps,
): Promise<void> {
  const log = invocationLogger(context);
  const fields = { eventId: event?.id, eventType: event?.eventType };
  if (event?.eventType !== EMAIL_DELIVERY_REPORT_EVENT) {
    log.info('email.report.ignored', { ...fields, reason: 'not an email delivery report' });
    return;
  }
  const parsed = reportSchema.safeParse(event);
  const at = parsed.success
    ? new Date(
        parsed.data.data.deliveryAttemptTimestamp ??
          parsed.data.data.deliveryAttemptTimeStamp ??
          parsed.data.eventTime ??
          '',
      )
    : undefined;
  if (!parsed.success || !at || Number.isNaN(at.getTime())) {
    log.warn('email.report.malformed', {
      ...fields,
      problems: parsed.success ? ['no valid delivery attempt time'] : parsed.error.issues.map((i) => i.message),
    });
    return;
  }
  const { messageId, status, deliveryStatusDetails } = parsed.data.data;
  // Every email this service sends has a GUID for id: anything else is not ours, and costs no storage read.
  const result: DeliveryReportResult = GUID.test(messageId)
    ? await recordEmailDeliveryReport(deps, {
        messageId: messageId.toLowerCase(),
        status,
        at,
        ...(deliveryStatusDetails?.statusMessage ? { detail: deliveryStatusDetails.statusMessage } : {}),
      })
    : { kind: 'unknown-message' };
  const logged = { ...fields, messageId, status, ...result };
  if ((result.kind === 'recorded' || result.kind === 'account-email') && result.outcome === 'failed') {
    log.warn('email.report.failed', logged);
  } else log.info(`email.report.${result.kind}`, logged);
}

/** `EmailDeliveryReport` as the host calls it (registered by functions/email-delivery-report.ts, which imports this module on the first call). */
export const handler = (event: EventGridEvent, context: InvocationContext) =>
  emailDeliveryReportHandler(event, context, getDeps().deliveryReports);
