/** The EmailDeliveryReport function's edge: which events it acts on, and which it acknowledges without acting. */
import azf, { type EventGridEvent } from '@azure/functions';
import { describe, expect, it } from 'vitest';
import {
  EMAIL_DELIVERY_REPORT_EVENT,
  emailDeliveryReportHandler,
} from '../../functions/handlers/email-delivery-report.js';
import { inviteUser } from '../../shared/domain/use-cases/invite-user.js';
import { type FakeWorld, fakeWorld, invitationDetails, professionalUser } from '../support/fakes.js';

const context = () => new azf.InvocationContext({ invocationId: 'report-test', functionName: 'EmailDeliveryReport' });

function reportEvent(data: Record<string, unknown>, eventType = EMAIL_DELIVERY_REPORT_EVENT): EventGridEvent {
  return {
    id: 'e1',
    topic: '/subscriptions/s/resourceGroups/g/providers/microsoft.communication/communicationservices/acs',
    subject: `sender/DoNotReply@mail.example/message/${String(data.messageId)}`,
    eventType,
    eventTime: '2025-03-03T09:00:06.000Z',
    dataVersion: '1.0',
    metadataVersion: '1',
    data,
  };
}

async function invited(world: FakeWorld) {
  const { invitation } = await inviteUser(world.deps, professionalUser, invitationDetails());
  world.journal.length = 0;
  return invitation.id;
}

describe('EmailDeliveryReport', () => {
  it('when a delivery report arrives, then the invitation’s email is recorded as delivered', async () => {
    const world = fakeWorld();
    const id = await invited(world);
    await emailDeliveryReportHandler(
      reportEvent({
        sender: 'DoNotReply@mail.example',
        recipient: 'mohamed-nour@example.com',
        messageId: id,
        status: 'Delivered',
        deliveryStatusDetails: { statusMessage: 'No error.' },
        deliveryAttemptTimestamp: '2025-03-03T09:00:05.000Z',
      }),
      context(),
      world.deps,
    );
    expect(world.store.invitation(id).delivery.status).toBe('delivered');
  });

  it('when the report spells deliveryAttemptTimeStamp as the event schema page does, then it is read too', async () => {
    const world = fakeWorld();
    const id = await invited(world);
    await emailDeliveryReportHandler(
      reportEvent({ messageId: id, status: 'Bounced', deliveryAttemptTimeStamp: '2025-03-03T09:00:05.000Z' }),
      context(),
      world.deps,
    );
    expect(world.store.invitation(id).delivery).toMatchObject({ status: 'failed', lastError: 'Bounced' });
  });

  it('when an event is malformed, of another type, or names no message of ours, then it is acknowledged and nothing is read or written', async () => {
    const world = fakeWorld();
    const id = await invited(world);
    const events = [
      reportEvent({ messageId: id }),
      reportEvent({ messageId: id, status: 'Delivered', deliveryAttemptTimestamp: 'yesterday' }),
      reportEvent({ messageId: 42, status: 'Delivered' }),
      reportEvent(
        { messageId: id, status: 'Delivered' },
        'Microsoft.Communication.EmailEngagementTrackingReportReceived',
      ),
      reportEvent({
        messageId: 'not-one-of-ours',
        status: 'Delivered',
        deliveryAttemptTimestamp: '2025-03-03T09:00:05Z',
      }),
      { ...reportEvent({}), data: undefined } as unknown as EventGridEvent,
    ];
    for (const event of events)
      await expect(emailDeliveryReportHandler(event, context(), world.deps)).resolves.toBeUndefined();
    expect(world.journal).toEqual([]);
    expect(world.store.invitation(id).delivery.status).toBe('queued');
  });

  it('when storage fails, then the function fails, so Event Grid delivers the report again', async () => {
    const world = fakeWorld();
    const id = await invited(world);
    world.store.findByMessageId = async () => {
      throw new Error('storage is down');
    };
    await expect(
      emailDeliveryReportHandler(
        reportEvent({ messageId: id, status: 'Delivered', deliveryAttemptTimestamp: '2025-03-03T09:00:05.000Z' }),
        context(),
        world.deps,
      ),
    ).rejects.toThrow('storage is down');
  });
});
