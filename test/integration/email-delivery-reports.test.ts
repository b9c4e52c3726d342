/**
 * Email delivery reports, end to end on the local stack: ACS accepts the email (`sent`), then its
 * `Microsoft.Communication.EmailDeliveryReportReceived` event reaches `EmailDeliveryReport` through the local ACS's
 * Event Grid subscription and the host's Event Grid webhook, and the invitation shows `delivered` or `failed` with
 * ACS's reason. Also what the webhook does with reports that must change nothing.
 */
import { randomUUID } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import {
  call,
  expectTimeline,
  getInvitation,
  type InvitationJson,
  invitationFor,
  invite,
  sleep,
  waitForInvitation,
} from '../support/invitations.js';
import { stack, uniqueEmail, waitForMessage } from '../support/stack.js';

const EVENT_TYPE = 'Microsoft.Communication.EmailDeliveryReportReceived';

/** Tells the local ACS how the next emails to this address fare (`Delivered` unless told). */
async function deliveryOutcome(to: string, status: string, statusMessage?: string): Promise<void> {
  const response = await fetch(`${stack().acs.controlUrl}/delivery-outcomes`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ to, status, ...(statusMessage ? { statusMessage } : {}) }),
  });
  if (response.status !== 204) throw new Error(`ACS control answered ${response.status}: ${await response.text()}`);
}

/** Posts events to the host's Event Grid webhook of EmailDeliveryReport, as Event Grid does. */
function postEvents(events: unknown[]): Promise<Response> {
  const origin = new URL(stack().functions.baseUrl).origin;
  return fetch(`${origin}/runtime/webhooks/EventGrid?functionName=EmailDeliveryReport`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', 'aeg-event-type': 'Notification' },
    body: JSON.stringify(events),
  });
}

function reportEvent(messageId: unknown, status: string, at: string, extra: Record<string, unknown> = {}) {
  return {
    id: randomUUID(),
    topic: '/subscriptions/0/resourceGroups/local/providers/Microsoft.Communication/CommunicationServices/local',
    subject: `sender/DoNotReply@mail.gfms.example/message/${String(messageId)}`,
    eventType: EVENT_TYPE,
    eventTime: at,
    dataVersion: '1.0',
    metadataVersion: '1',
    data: { messageId, status, deliveryAttemptTimestamp: at, recipient: 'someone@example.com', ...extra },
  };
}

async function invited(email: string): Promise<InvitationJson> {
  const answer = await invite(invitationFor(email));
  expect(answer.status, answer.text).toBe(201);
  return answer.body;
}

describe.concurrent('email delivery reports', () => {
  it('when ACS delivers the email, then the invitation goes from sent to delivered, with an email.delivered event', async () => {
    const email = uniqueEmail('report.delivered');
    const invitation = await invited(email);
    const delivered = await waitForInvitation(invitation.id, (i) => i.delivery.status === 'delivered');
    expect(delivered.delivery).toMatchObject({ status: 'delivered', attempts: 1 });
    expect(delivered.delivery.lastError).toBeUndefined();
    expectTimeline(delivered.timeline, ['created', 'email.queued', 'email.sent', 'email.delivered']);
    expect(delivered.timeline?.at(-1)?.detail).toBe('Delivered');
  });

  it('when ACS reports a bounce, then the invitation shows failed with ACS’s status and message', async () => {
    const email = uniqueEmail('report.bounced');
    await deliveryOutcome(email, 'Bounced', '550 5.1.1 The email account does not exist');
    const invitation = await invited(email);
    await waitForMessage(email);
    const failed = await waitForInvitation(invitation.id, (i) => i.delivery.status === 'failed');
    expect(failed.delivery).toMatchObject({
      status: 'failed',
      attempts: 1,
      lastError: 'Bounced: 550 5.1.1 The email account does not exist',
    });
    expectTimeline(failed.timeline, ['created', 'email.queued', 'email.sent', 'email.failed']);
  });

  it('when a resent email is delivered, then its report, found by its own id, makes the invitation delivered again', async () => {
    const email = uniqueEmail('report.resent');
    const invitation = await invited(email);
    await waitForInvitation(invitation.id, (i) => i.delivery.status === 'delivered');
    const resent = await call('POST', `/invitations/${invitation.id}/resend`);
    expect(resent.status, resent.text).toBe(200);
    const again = await waitForInvitation(
      invitation.id,
      (i) =>
        i.delivery.status === 'delivered' &&
        (i.timeline ?? []).filter((e) => e.event === 'email.delivered').length === 2,
    );
    const events = (again.timeline ?? []).map((e) => e.event);
    expect(events.filter((e) => e.startsWith('email.') || e === 'resent').sort()).toEqual(
      [
        'email.delivered',
        'email.delivered',
        'email.queued',
        'email.queued',
        'email.sent',
        'email.sent',
        'resent',
      ].sort(),
    );
    expect(events.at(-1)).toBe('email.delivered');
  });

  it('when a report is delivered twice or an older one arrives late, then nothing changes and the webhook acknowledges them', async () => {
    const email = uniqueEmail('report.replayed');
    const invitation = await invited(email);
    const delivered = await waitForInvitation(invitation.id, (i) => i.delivery.status === 'delivered');
    const events = (delivered.timeline ?? []).length;
    // The invitation's own email is known to ACS by the invitation's id.
    const later = new Date(Date.now() + 60_000).toISOString();
    const answer = await postEvents([
      reportEvent(invitation.id, 'Delivered', later),
      reportEvent(invitation.id, 'Delivered', later),
      reportEvent(invitation.id, 'Bounced', '2020-01-01T00:00:00.000Z'),
    ]);
    expect(answer.status).toBe(202);
    const after = (await getInvitation(invitation.id)).body;
    expect(after.delivery.status).toBe('delivered');
    expect(after.timeline).toHaveLength(events + 1);
  });

  it('when reports are malformed or name messages this service never sent, then the webhook acknowledges them (no retry) and writes nothing', async () => {
    const unknown = reportEvent(randomUUID(), 'Delivered', new Date().toISOString());
    const malformed = { ...reportEvent(randomUUID(), 'Delivered', 'not a date'), eventTime: 'not a date' };
    const noData = { ...reportEvent(randomUUID(), 'Delivered', new Date().toISOString()), data: null };
    const notOurs = reportEvent('0000-not-a-guid', 'Delivered', new Date().toISOString());
    const answer = await postEvents([unknown, malformed, noData, notOurs]);
    expect(answer.status).toBe(202);
  });

  it('when an email is accepted, then the invitation says sent until its report arrives, never delivered before', async () => {
    const email = uniqueEmail('report.order');
    const invitation = await invited(email);
    const seen = new Set<string>();
    const deadline = Date.now() + 10_000;
    while (Date.now() < deadline) {
      const status = (await getInvitation(invitation.id)).body.delivery.status;
      seen.add(status);
      if (status === 'delivered') break;
      await sleep(50);
    }
    expect([...seen].filter((s) => !['queued', 'sent', 'delivered'].includes(s))).toEqual([]);
    expect(seen.has('delivered')).toBe(true);
  });
});
