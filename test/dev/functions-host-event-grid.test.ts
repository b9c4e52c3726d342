/**
 * The Event Grid trigger of the local Functions host, as the Functions Event Grid extension serves it: the
 * validation handshake, one run per event of a notification, 500 when a run fails (so Event Grid retries), and the
 * answers for unknown functions and missing headers.
 */
import path from 'node:path';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { type RunningFunctionsHost, startFunctionsHost } from '../../dev/functions-host/host.js';

type Recorded = { fn: string; event: { id: string; data?: unknown }; triggerMetadata: Record<string, unknown> };
const key = Symbol.for('host-app.events');
const events = () => ((globalThis as Record<symbol, unknown>)[key] ?? []) as Recorded[];

function report(id: string, data: Record<string, unknown> = {}) {
  return {
    id,
    topic: '/subscriptions/s/resourceGroups/rg/providers/Microsoft.Communication/communicationServices/acs',
    subject: `sender/DoNotReply@mail.example/message/${id}`,
    eventType: 'Microsoft.Communication.EmailDeliveryReportReceived',
    eventTime: new Date().toISOString(),
    dataVersion: '1.0',
    metadataVersion: '1',
    data: { messageId: id, status: 'Delivered', ...data },
  };
}

describe('local Functions host Event Grid trigger', () => {
  let host: RunningFunctionsHost;
  const lines: string[] = [];
  const webhook = (query: string, eventType: string | undefined, body: unknown, method = 'POST') =>
    fetch(`${host.origin}/runtime/webhooks/EventGrid${query}`, {
      method,
      headers: { 'content-type': 'application/json', ...(eventType && { 'aeg-event-type': eventType }) },
      ...(method === 'POST' && { body: JSON.stringify(body) }),
    });

  beforeAll(async () => {
    host = await startFunctionsHost({
      scriptRoot: path.resolve('test/fixtures/host-app'),
      port: 0,
      entry: ['functions/event-grid.js'],
      log: (line) => lines.push(line),
    });
  });
  afterAll(() => host?.close());
  beforeEach(() => {
    (globalThis as Record<symbol, unknown>)[key] = [];
  });

  it('when it starts, then it lists the Event Grid function with its webhook', () => {
    expect(host.registrations).toContainEqual({
      name: 'DeliveryReport',
      type: 'eventGridTrigger',
      webhook: '/runtime/webhooks/EventGrid?functionName=DeliveryReport',
    });
  });

  it('when Event Grid validates a subscription, then the host answers 200 with the validation code and runs nothing', async () => {
    const validation = [
      {
        id: 'v-1',
        topic: '/subscriptions/s',
        subject: '',
        eventType: 'Microsoft.EventGrid.SubscriptionValidationEvent',
        eventTime: new Date().toISOString(),
        dataVersion: '2',
        metadataVersion: '1',
        data: { validationCode: 'A1B2C3', validationUrl: 'https://example.invalid/validate' },
      },
    ];
    const res = await webhook('?functionName=DeliveryReport', 'SubscriptionValidation', validation);
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({ validationResponse: 'A1B2C3' });
    expect(events()).toEqual([]);
  });

  it('when a notification carries two events, then the function runs once per event and the host answers 202', async () => {
    const res = await webhook('?functionName=DeliveryReport', 'Notification', [report('e-1'), report('e-2')]);
    expect(res.status).toBe(202);
    expect(
      events()
        .map((e) => e.event.id)
        .sort(),
    ).toEqual(['e-1', 'e-2']);
    expect(events()[0]?.event).toMatchObject({ eventType: 'Microsoft.Communication.EmailDeliveryReportReceived' });
    expect(events()[0]?.triggerMetadata).toMatchObject({ sys: { MethodName: 'DeliveryReport' } });
    expect(lines.some((l) => /Executing 'Functions.DeliveryReport' \(Reason='EventGrid trigger fired at/.test(l))).toBe(
      true,
    );
  });

  it('when one event of a notification fails, then the host answers 500 so that Event Grid retries', async () => {
    const res = await webhook('?functionName=DeliveryReport', 'notification', [
      report('ok-1'),
      report('bad-1', { fail: true }),
    ]);
    expect(res.status).toBe(500);
    expect(await res.text()).toContain('the handler refused event bad-1');
    expect(
      events()
        .map((e) => e.event.id)
        .sort(),
    ).toEqual(['bad-1', 'ok-1']);
  });

  it('when the body is one event object (CloudEvents structured), then it is one run', async () => {
    const res = await webhook('?functionName=DeliveryReport', 'Notification', report('single'));
    expect(res.status).toBe(202);
    expect(events().map((e) => e.event.id)).toEqual(['single']);
  });

  it('when the function name is unknown or differs in case, then 404 and nothing runs', async () => {
    for (const query of ['?functionName=Nope', '?functionName=deliveryreport', '']) {
      const res = await webhook(query, 'Notification', [report('x')]);
      expect(res.status).toBe(404);
    }
    expect(events()).toEqual([]);
  });

  it('when aeg-event-type is missing or unknown, then 400; Unsubscribe is 202; a GET is 405', async () => {
    expect((await webhook('?functionName=DeliveryReport', undefined, [report('x')])).status).toBe(400);
    expect((await webhook('?functionName=DeliveryReport', 'Other', [report('x')])).status).toBe(400);
    expect((await webhook('?functionName=DeliveryReport', 'Unsubscribe', [])).status).toBe(202);
    expect((await webhook('?functionName=DeliveryReport', 'Notification', null, 'GET')).status).toBe(405);
    expect(events()).toEqual([]);
  });

  it('when a notification body is not events, then 400 and nothing runs', async () => {
    expect((await webhook('?functionName=DeliveryReport', 'Notification', [1, 2])).status).toBe(400);
    const res = await fetch(`${host.origin}/runtime/webhooks/eventgrid?functionName=DeliveryReport`, {
      method: 'POST',
      headers: { 'aeg-event-type': 'Notification' },
      body: '{not json',
    });
    expect(res.status).toBe(400);
    expect(events()).toEqual([]);
  });
});
