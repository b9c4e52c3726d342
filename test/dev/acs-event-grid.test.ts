/**
 * Delivery reports of the local ACS through its Event Grid topic, end to end with the real `EmailClient` and the
 * local Functions host's Event Grid trigger: subscriptions need the validation handshake, every accepted email
 * yields one `EmailDeliveryReportReceived` per recipient, a test can make a recipient's report fail, and deliveries
 * follow Event Grid's rules (retry on failure, no retry on 400, kept across a restart).
 */
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { EmailClient, type EmailMessage } from '@azure/communication-email';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { generateAccessKey, type RunningLocalAcs, startLocalAcs } from '../../dev/acs/server.js';
import { ensureDevCertificates } from '../../dev/certificates.js';
import { type RunningFunctionsHost, startFunctionsHost } from '../../dev/functions-host/host.js';
import { EVENT_GRID_SUBSCRIPTIONS, eventSubscriptionsFor } from '../../dev/stack.js';
import { until, startWebhook as webhook } from './acs-webhook.js';

const EMAIL_REPORT = 'Microsoft.Communication.EmailDeliveryReportReceived';
type Recorded = {
  fn: string;
  event: { id: string; eventType: string; subject: string; topic: string; data: Record<string, unknown> };
};
const key = Symbol.for('host-app.events');
const received = () => ((globalThis as Record<symbol, unknown>)[key] ?? []) as Recorded[];

let certificates: { cert: string; key: string };
let acs: RunningLocalAcs;
let host: RunningFunctionsHost;
const accessKey = generateAccessKey();
const startAcs = (extra: Partial<Parameters<typeof startLocalAcs>[0]> = {}) =>
  startLocalAcs({
    port: 0,
    ...certificates,
    accessKey,
    eventGridRetryScale: 0.001,
    deliveryReportDelayMs: 0,
    ...extra,
  });

beforeAll(async () => {
  certificates = await ensureDevCertificates(path.resolve('.dev'));
  acs = await startAcs();
  host = await startFunctionsHost({
    scriptRoot: path.resolve('test/fixtures/host-app'),
    port: 0,
    entry: ['functions/event-grid.js'],
    log: () => {},
  });
});
afterAll(async () => {
  await host?.close();
  await acs?.close();
});
beforeEach(() => {
  acs.clear();
  (globalThis as Record<symbol, unknown>)[key] = [];
});

function email(to: string[], extra: Partial<EmailMessage> = {}): EmailMessage {
  return {
    senderAddress: 'DoNotReply@mail.gfms.example',
    content: { subject: 'Invitation', plainText: 'Hello' },
    recipients: { to: to.map((address) => ({ address })) },
    ...extra,
  };
}

const control = (pathname: string, method: string, body?: unknown) =>
  fetch(`${acs.url}__control/${pathname}`, {
    method,
    headers: { 'content-type': 'application/json' },
    ...(body !== undefined && { body: JSON.stringify(body) }),
  });

describe('local ACS Event Grid subscriptions', () => {
  it('when the Functions host validates the subscription, then it is created and listed', async () => {
    const endpoint = `${host.origin}/runtime/webhooks/EventGrid?functionName=DeliveryReport`;
    const res = await control('event-subscriptions', 'POST', {
      name: 'reports',
      endpoint,
      includedEventTypes: [EMAIL_REPORT],
    });
    expect(res.status).toBe(201);
    expect(await res.json()).toMatchObject({ name: 'reports', endpoint, provisioningState: 'Succeeded' });
    expect(await (await control('event-subscriptions', 'GET')).json()).toEqual([
      expect.objectContaining({ name: 'reports', includedEventTypes: [EMAIL_REPORT] }),
    ]);
    expect((await control('event-subscriptions/reports', 'DELETE')).status).toBe(204);
    expect(await (await control('event-subscriptions', 'GET')).json()).toEqual([]);
  });

  it('when the endpoint does not answer the handshake, then the subscription is refused', async () => {
    for (const endpoint of [
      `${host.origin}/runtime/webhooks/EventGrid?functionName=NoSuchFunction`,
      `${host.origin}/api/nothing-here`,
      'http://localhost:9/unreachable',
    ]) {
      const res = await control('event-subscriptions', 'POST', {
        name: 'refused',
        endpoint,
        includedEventTypes: [EMAIL_REPORT],
      });
      expect(res.status).toBe(400);
      expect(((await res.json()) as { error: { message: string } }).error.message).toMatch(
        /validation handshake failed/,
      );
    }
    expect(acs.eventDeliveries()).toEqual([]);
    expect((await (await control('event-subscriptions', 'GET')).json()) as unknown[]).not.toContainEqual(
      expect.objectContaining({ name: 'refused' }),
    );
  });

  it('when the request is not a usable subscription, then 400 or 415', async () => {
    const endpoint = `${host.origin}/runtime/webhooks/EventGrid?functionName=DeliveryReport`;
    expect((await control('event-subscriptions', 'POST', { endpoint, includedEventTypes: ['Made.Up'] })).status).toBe(
      400,
    );
    expect(
      (
        await control('event-subscriptions', 'POST', {
          endpoint: 'http://example.com/x',
          includedEventTypes: [EMAIL_REPORT],
        })
      ).status,
    ).toBe(400);
    const form = await fetch(`${acs.url}__control/event-subscriptions`, { method: 'POST', body: 'endpoint=x' });
    expect(form.status).toBe(415);
  });
});

describe('local ACS email delivery reports', () => {
  beforeAll(async () => {
    await acs.subscribe({
      name: 'app',
      endpoint: `${host.origin}/runtime/webhooks/EventGrid?functionName=DeliveryReport`,
      includedEventTypes: [EMAIL_REPORT],
    });
  });

  it('when an email to two recipients is accepted, then each gets a Delivered report carrying the operation id', async () => {
    const client = new EmailClient(acs.connectionString);
    const poller = await client.beginSend(email(['a@example.com', 'b@example.com']));
    const operationId = poller.getOperationState().result?.id ?? (await poller.pollUntilDone()).id;
    const reports = await until(() => (received().length === 2 ? received() : undefined));

    expect(reports.map((r) => r.event.data.recipient).sort()).toEqual(['a@example.com', 'b@example.com']);
    for (const { event } of reports) {
      expect(event).toMatchObject({
        eventType: EMAIL_REPORT,
        subject: `sender/DoNotReply@mail.gfms.example/message/${operationId}`,
        topic: expect.stringMatching(
          /^\/subscriptions\/[^/]+\/resourceGroups\/[^/]+\/providers\/Microsoft\.Communication\/communicationServices\/[^/]+$/,
        ),
        dataVersion: '1.0',
        metadataVersion: '1',
        data: {
          sender: 'DoNotReply@mail.gfms.example',
          messageId: operationId,
          status: 'Delivered',
          deliveryStatusDetails: { statusMessage: expect.any(String) },
          deliveryAttemptTimestamp: expect.any(String),
        },
      });
    }
    await until(() => (acs.eventDeliveries().filter((d) => d.state === 'delivered').length === 2 ? true : undefined));
    expect(acs.eventDeliveries()).toEqual([
      expect.objectContaining({ state: 'delivered', attempts: 1, lastResult: '202' }),
      expect.objectContaining({ state: 'delivered', attempts: 1, lastResult: '202' }),
    ]);
  });

  it('when a recipient is set to bounce, then its report says Bounced and the other recipient’s Delivered', async () => {
    const res = await control('delivery-outcomes', 'POST', { to: 'Gone@Example.com', status: 'Bounced' });
    expect(res.status).toBe(204);
    await (
      await new EmailClient(acs.connectionString).beginSend(email(['gone@example.com', 'here@example.com']))
    ).pollUntilDone();
    const reports = await until(() => (received().length === 2 ? received() : undefined));
    const byRecipient = Object.fromEntries(reports.map((r) => [r.event.data.recipient, r.event.data]));
    expect(byRecipient['gone@example.com']).toMatchObject({
      status: 'Bounced',
      deliveryStatusDetails: { statusMessage: expect.stringMatching(/rejected/) },
    });
    expect(byRecipient['here@example.com']).toMatchObject({ status: 'Delivered' });
  });

  it('when an outcome names an unknown status, then 400', async () => {
    const res = await control('delivery-outcomes', 'POST', { to: 'x@example.com', status: 'Lost' });
    expect(res.status).toBe(400);
    expect((await res.json()) as unknown).toMatchObject({
      error: { message: expect.stringMatching(/Delivered, Bounced, Failed, FilteredSpam, Quarantined, Suppressed/) },
    });
  });

  it('when the function fails the first delivery, then Event Grid retries and the second delivery succeeds', async () => {
    await (await new EmailClient(acs.connectionString).beginSend(email(['flaky@example.com']))).pollUntilDone();
    await until(() => (acs.eventDeliveries().some((d) => d.state === 'delivered') ? true : undefined));
    expect(received().map((r) => r.event.data.recipient)).toEqual(['flaky@example.com', 'flaky@example.com']);
    expect(acs.eventDeliveries()).toEqual([
      expect.objectContaining({ state: 'delivered', attempts: 2, lastResult: '202' }),
    ]);
  });
});

describe('local Event Grid delivery rules', () => {
  it('when the endpoint answers 503 then 500, then the event is retried with a growing aeg-delivery-count until 200', async () => {
    const hook = await webhook([503, 500, 200]);
    const own = await startAcs();
    try {
      await own.subscribe({ name: 'retries', endpoint: hook.url, includedEventTypes: [EMAIL_REPORT] });
      await (await new EmailClient(own.connectionString).beginSend(email(['r@example.com']))).pollUntilDone();
      await until(() => (own.eventDeliveries()[0]?.state === 'delivered' ? true : undefined));
      expect(hook.calls.map((c) => c.headers['aeg-delivery-count'])).toEqual(['0', '1', '2']);
      expect(hook.calls[0]?.headers).toMatchObject({
        'aeg-event-type': 'Notification',
        'aeg-subscription-name': 'RETRIES',
      });
      expect(hook.calls.map((c) => (c.body as Array<{ id: string }>)[0]?.id)).toEqual(
        Array(3).fill(expect.any(String)),
      );
      expect(new Set(hook.calls.map((c) => (c.body as Array<{ id: string }>)[0]?.id)).size).toBe(1);
    } finally {
      await own.close();
      await hook.close();
    }
  });

  it('when the endpoint answers 400, then the event is dropped without a retry', async () => {
    const hook = await webhook([400]);
    const own = await startAcs();
    try {
      await own.subscribe({ name: 'bad-request', endpoint: hook.url, includedEventTypes: [EMAIL_REPORT] });
      await (await new EmailClient(own.connectionString).beginSend(email(['d@example.com']))).pollUntilDone();
      await until(() => (own.eventDeliveries()[0]?.state === 'dropped' ? true : undefined));
      await new Promise((resolve) => setTimeout(resolve, 200));
      expect(hook.calls).toHaveLength(1);
      expect(own.eventDeliveries()).toEqual([
        expect.objectContaining({ state: 'dropped', attempts: 1, lastResult: '400' }),
      ]);
    } finally {
      await own.close();
      await hook.close();
    }
  });

  it('when the local ACS restarts with undelivered reports, then the new process delivers them', async () => {
    const dir = mkdtempSync(path.join(os.tmpdir(), 'acs-event-grid-'));
    const eventGridFile = path.join(dir, 'event-grid.json');
    const hook = await webhook([]);
    // The report is due 400 ms after the send: the first process is gone by then.
    let first = await startAcs({ eventGridFile, deliveryReportDelayMs: 400 });
    try {
      await first.subscribe({ name: 'durable', endpoint: hook.url, includedEventTypes: [EMAIL_REPORT] });
      await (await new EmailClient(first.connectionString).beginSend(email(['kept@example.com']))).pollUntilDone();
      expect(first.eventDeliveries()).toEqual([expect.objectContaining({ state: 'pending', attempts: 0 })]);
      await first.close();
      await new Promise((resolve) => setTimeout(resolve, 100));
      expect(hook.calls).toEqual([]);

      first = await startAcs({ eventGridFile });
      await until(() => (first.eventDeliveries()[0]?.state === 'delivered' ? true : undefined));
      expect(hook.calls).toHaveLength(1);
      expect(hook.calls[0]?.body).toEqual([
        expect.objectContaining({ data: expect.objectContaining({ recipient: 'kept@example.com' }) }),
      ]);
    } finally {
      await first.close();
      await hook.close();
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe('the stack’s subscriptions', () => {
  it('when the app registers EmailDeliveryReport and SmsDeliveryReport, then the stack subscribes each webhook to its reports, as the Bicep does', () => {
    const registrations = [
      { name: 'InviteUser', type: 'httpTrigger' },
      {
        name: 'EmailDeliveryReport',
        type: 'eventGridTrigger',
        webhook: '/runtime/webhooks/EventGrid?functionName=EmailDeliveryReport',
      },
      {
        name: 'SmsDeliveryReport',
        type: 'eventGridTrigger',
        webhook: '/runtime/webhooks/EventGrid?functionName=SmsDeliveryReport',
      },
    ];
    expect(eventSubscriptionsFor(registrations, 'http://localhost:7071')).toEqual([
      {
        name: 'email-delivery-report',
        endpoint: 'http://localhost:7071/runtime/webhooks/EventGrid?functionName=EmailDeliveryReport',
        includedEventTypes: [EMAIL_REPORT],
      },
      {
        name: 'sms-delivery-report',
        endpoint: 'http://localhost:7071/runtime/webhooks/EventGrid?functionName=SmsDeliveryReport',
        includedEventTypes: ['Microsoft.Communication.SMSDeliveryReportReceived'],
      },
    ]);
  });

  it('when the app does not register a listed function (or registers it with another trigger), then nothing is subscribed', () => {
    expect(EVENT_GRID_SUBSCRIPTIONS.map((s) => s.functionName)).toEqual(['EmailDeliveryReport', 'SmsDeliveryReport']);
    expect(eventSubscriptionsFor([{ name: 'InviteUser', type: 'httpTrigger' }], 'http://localhost:7071')).toEqual([]);
    expect(
      eventSubscriptionsFor([{ name: 'EmailDeliveryReport', type: 'httpTrigger' }], 'http://localhost:7071'),
    ).toEqual([]);
  });

  it('when the host lists the fixture’s Event Grid function, then its subscription validates against the host', async () => {
    const wanted = [{ name: 'fixture-reports', functionName: 'DeliveryReport', includedEventTypes: [EMAIL_REPORT] }];
    const [request] = eventSubscriptionsFor(host.registrations, host.origin, wanted);
    expect(request).toBeDefined();
    await expect(acs.subscribe(request!)).resolves.toMatchObject({
      name: 'fixture-reports',
      provisioningState: 'Succeeded',
    });
  });
});
