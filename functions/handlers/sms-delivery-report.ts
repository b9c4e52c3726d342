/**
 * `SmsDeliveryReport` (Event Grid trigger): ACS's `Microsoft.Communication.SMSDeliveryReportReceived` events, from the
 * Event Grid subscription of the ACS resource's system topic (locally, the local ACS's subscription to the local
 * host). Each report makes the client file's activation SMS `delivered` or `failed`; the SMS's `tag` names the file
 * (shared/domain/use-cases/record-sms-delivery.ts). An event nobody can act on — another type, a malformed one, an
 * SMS this service did not tag — is logged and acknowledged, so Event Grid does not retry it for a day; a storage
 * failure is thrown, so Event Grid delivers the report again. The numbers in the event are never logged.
 */
import type { EventGridEvent, InvocationContext } from '@azure/functions';
import { z } from 'zod';
// zod's refusals in the service's words (zod-messages.ts), set wherever zod parses input.
import '../../shared/http/zod-messages.js';
import { getDeps } from '../../shared/deps.js';
import {
  recordSmsDeliveryReport,
  type SmsDeliveryReportDeps,
} from '../../shared/domain/use-cases/record-sms-delivery.js';
import { invocationLogger } from '../../shared/http/handler.js';

export const SMS_DELIVERY_REPORT_EVENT = 'Microsoft.Communication.SMSDeliveryReportReceived';

/** The event's data as ACS documents it (learn.microsoft.com, AcsSmsDeliveryReportReceivedEventData). */
const reportSchema = z.object({
  data: z.object({
    messageId: z.string().max(200).optional(),
    deliveryStatus: z.string().min(1).max(100),
    deliveryStatusDetails: z
      .string()
      .transform((s) => s.slice(0, 300))
      .optional(),
    deliveryAttempts: z.array(z.object({ timestamp: z.string().optional() }).loose()).nullish(),
    receivedTimestamp: z.string().optional(),
    tag: z.string().max(200).optional(),
  }),
  eventTime: z.string().optional(),
});

export async function smsDeliveryReportHandler(
  event: EventGridEvent,
  context: InvocationContext,
  deps: SmsDeliveryReportDeps,
): Promise<void> {
  const log = invocationLogger(context);
  const fields = { eventId: event?.id, eventType: event?.eventType };
  if (event?.eventType !== SMS_DELIVERY_REPORT_EVENT) {
    log.info('sms.report.ignored', { ...fields, reason: 'not an SMS delivery report' });
    return;
  }
  const parsed = reportSchema.safeParse(event);
  const data = parsed.success ? parsed.data.data : undefined;
  const attempt = data?.deliveryAttempts?.at(-1)?.timestamp;
  const at = new Date(attempt ?? data?.receivedTimestamp ?? (parsed.success ? parsed.data.eventTime : '') ?? '');
  if (!parsed.success || !data || Number.isNaN(at.getTime())) {
    log.warn('sms.report.malformed', {
      ...fields,
      problems: parsed.success ? ['no valid delivery time'] : parsed.error.issues.map((i) => i.message),
    });
    return;
  }
  if (!data.tag) {
    log.info('sms.report.unknown-sms', { ...fields, messageId: data.messageId });
    return;
  }
  const result = await recordSmsDeliveryReport(deps, {
    tag: data.tag,
    status: data.deliveryStatus,
    at,
    ...(data.deliveryStatusDetails ? { detail: data.deliveryStatusDetails } : {}),
  });
  const logged = { ...fields, messageId: data.messageId, status: data.deliveryStatus, ...result };
  if (result.kind === 'recorded' && result.outcome === 'failed') log.warn('sms.report.failed', logged);
  else log.info(`sms.report.${result.kind}`, logged);
}

/** `SmsDeliveryReport` as the host calls it (registered by functions/sms-delivery-report.ts, which imports this module on the first call). */
export const handler = (event: EventGridEvent, context: InvocationContext) =>
  smsDeliveryReportHandler(event, context, getDeps().activationSms.reports);
