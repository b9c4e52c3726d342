/** The SmsDeliveryReport function's edge: the event as ACS (and the local ACS) publishes it, and what it ignores. */
import azf, { type EventGridEvent } from '@azure/functions';
import { describe, expect, it } from 'vitest';
import { SMS_DELIVERY_REPORT_EVENT, smsDeliveryReportHandler } from '../../functions/handlers/sms-delivery-report.js';
import { dispatchActivationSms } from '../../shared/domain/use-cases/dispatch-activation-sms.js';
import { sendActivationSms } from '../../shared/domain/use-cases/send-activation-sms.js';
import { professionalUser } from '../support/fakes.js';
import { smsWorld } from '../support/sms-fakes.js';

async function sentSms() {
  const w = smsWorld();
  const { value } = await w.put();
  await sendActivationSms(w.send, professionalUser, value.id);
  await dispatchActivationSms(w.dispatch, w.queue.last.request, 0);
  const lines: string[] = [];
  const context = new azf.InvocationContext({
    invocationId: 'report',
    functionName: 'SmsDeliveryReport',
    logHandler: (_level, ...args) => lines.push(args.map(String).join(' ')),
  });
  const file = async () => (await w.files.get('gfms', value.id))!.value;
  return { w, tag: w.sender.calls[0]!.tag, context, lines, file };
}

/** The documented sample's shape (learn.microsoft.com, communication-services-telephony-sms-events). */
function report(data: Record<string, unknown>, eventType = SMS_DELIVERY_REPORT_EVENT): EventGridEvent {
  return {
    id: 'Outgoing_20250303090006_noam',
    topic: '/subscriptions/s/resourcegroups/g/providers/microsoft.communication/communicationservices/acs',
    subject: '/phonenumber/33700000001',
    eventType,
    eventTime: '2025-03-03T09:00:07.000Z',
    dataVersion: '1.0',
    metadataVersion: '1',
    data: {
      messageId: 'Outgoing_20250303090006_noam',
      from: '+33700000001',
      to: '+33612345634',
      deliveryStatusDetails: 'No error.',
      receivedTimestamp: '2025-03-03T09:00:07.000Z',
      ...data,
    },
  };
}

describe('SmsDeliveryReport', () => {
  it('Delivered reaches the client file, at the delivery attempt’s time; no log line holds the number', async () => {
    const { w, tag, context, lines, file } = await sentSms();
    await smsDeliveryReportHandler(
      report({
        deliveryStatus: 'Delivered',
        deliveryAttempts: [{ timestamp: '2025-03-03T09:00:06.000Z', segmentsSucceeded: 1, segmentsFailed: 0 }],
        tag,
      }),
      context,
      w.dispatch,
    );
    expect((await file()).activation?.sms).toMatchObject({
      status: 'delivered',
      at: new Date('2025-03-03T09:00:06.000Z'),
    });
    for (const line of lines) expect(line.replace(/\D/g, '')).not.toContain('612345634');
  });

  it('Failed is recorded with ACS’s details', async () => {
    const { w, tag, context, file } = await sentSms();
    await smsDeliveryReportHandler(
      report({ deliveryStatus: 'Failed', deliveryStatusDetails: 'Unreachable handset', tag }),
      context,
      w.dispatch,
    );
    expect((await file()).activation?.sms).toMatchObject({ status: 'failed', detail: 'Failed: Unreachable handset' });
  });

  it('another event type, a malformed event, or a report without our tag changes nothing', async () => {
    const { w, tag, context, file } = await sentSms();
    await smsDeliveryReportHandler(
      report({ deliveryStatus: 'Failed', tag }, 'Microsoft.Communication.SMSReceived'),
      context,
      w.dispatch,
    );
    await smsDeliveryReportHandler(report({ deliveryStatus: 42, tag }), context, w.dispatch);
    await smsDeliveryReportHandler(report({ deliveryStatus: 'Failed' }), context, w.dispatch);
    await smsDeliveryReportHandler(report({ deliveryStatus: 'Failed', tag: 'someone-else' }), context, w.dispatch);
    expect((await file()).activation?.sms.status).toBe('sent');
  });
});
