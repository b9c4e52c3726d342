/**
 * Where Azure Communication Services is strict, the local ACS is too: rate limits on sends, status polls and
 * alphanumeric SMS (429 with Retry-After, nothing queued), repeatable requests (Repeatability-* headers), the
 * Operation-Id format, the verified sender, and SMS delivery reports only when asked for. Raw signed requests where
 * the SDK would retry or refuse on its own; the real SDKs elsewhere.
 */
import path from 'node:path';
import { EmailClient } from '@azure/communication-email';
import { SmsClient } from '@azure/communication-sms';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import {
  generateAccessKey,
  type LocalAcsOptions,
  type RunningLocalAcs,
  signAcsRequest,
  startLocalAcs,
} from '../../dev/acs/server.js';
import { ensureDevCertificates } from '../../dev/certificates.js';
import { startWebhook, until, type Webhook } from './acs-webhook.js';

const SENDER = 'DoNotReply@mail.gfms.example';
const accessKey = generateAccessKey();
let certificates: { cert: string; key: string };
let acs: RunningLocalAcs;

const start = (extra: Partial<LocalAcsOptions> = {}) =>
  startLocalAcs({
    port: 0,
    ...certificates,
    accessKey,
    deliveryReportDelayMs: 0,
    eventGridRetryScale: 0.001,
    ...extra,
  });

beforeAll(async () => {
  certificates = await ensureDevCertificates(path.resolve('.dev'));
  acs = await start({ senderAddresses: [SENDER] });
});
afterAll(() => acs?.close());
beforeEach(() => {
  acs.clear();
  acs.setQuota({ sendsPerMinute: 30, sendsPerHour: 100, statusPerMinute: 60, statusPerHour: 200 });
});

const email = (to = 'client@example.com', subject = 'Hi') => ({
  senderAddress: SENDER,
  content: { subject, plainText: 'Hello' },
  recipients: { to: [{ address: to }] },
});

/** A hand-signed request to `target` (default: the shared local ACS), as the SDK would sign it. */
async function signed(
  method: string,
  pathAndQuery: string,
  body?: unknown,
  headers: Record<string, string> = {},
  target: RunningLocalAcs = acs,
): Promise<Response> {
  const url = `${target.url.slice(0, -1)}${pathAndQuery}`;
  const text = body === undefined ? undefined : JSON.stringify(body);
  const signature = signAcsRequest({ method, url, accessKey, ...(text !== undefined && { body: text }) });
  return fetch(url, {
    method,
    headers: { ...signature, 'content-type': 'application/json', ...headers },
    ...(text !== undefined && { body: text }),
  });
}

const send = (body: unknown, headers: Record<string, string> = {}, target?: RunningLocalAcs) =>
  signed('POST', '/emails:send?api-version=2025-09-01', body, headers, target);

const quota = async (body?: unknown) =>
  (await (
    await fetch(`${acs.url}__control/quota`, {
      method: body ? 'PUT' : 'GET',
      headers: { 'content-type': 'application/json' },
      ...(body !== undefined && { body: JSON.stringify(body) }),
    })
  ).json()) as Record<string, number>;

describe('local ACS rate limits', () => {
  it('when the per-minute send quota is used up, then the next send gets 429 with Retry-After, delivers nothing and is not counted', async () => {
    expect(await quota({ sendsPerMinute: 2, sendsPerHour: 100 })).toMatchObject({
      sendsPerMinute: 2,
      statusPerMinute: 4,
      statusPerHour: 200,
    });
    expect((await send(email('one@example.com'))).status).toBe(202);
    expect((await send(email('two@example.com'))).status).toBe(202);
    const third = await send(email('three@example.com'));

    expect(third.status).toBe(429);
    expect(third.headers.get('x-ms-error-code')).toBe('TooManyRequests');
    const retryAfter = Number(third.headers.get('retry-after'));
    expect(retryAfter).toBeGreaterThanOrEqual(59);
    expect(retryAfter).toBeLessThanOrEqual(60);
    expect(acs.messages({ to: 'three@example.com' })).toEqual([]);
    expect(await quota()).toMatchObject({ sendsLastMinute: 2, sendsLastHour: 2 });
  });

  it('when the hourly quota is the tighter one, then its window decides Retry-After', async () => {
    await quota({ sendsPerMinute: 10, sendsPerHour: 1 });
    expect((await send(email())).status).toBe(202);
    const second = await send(email());
    expect(second.status).toBe(429);
    expect(Number(second.headers.get('retry-after'))).toBeGreaterThan(3_500);
  });

  it('when the status quota is used up, then a poll gets 429 although sends are still allowed', async () => {
    await quota({ sendsPerMinute: 30, sendsPerHour: 100, statusPerMinute: 1, statusPerHour: 10 });
    const accepted = await send(email());
    const { id } = (await accepted.json()) as { id: string };
    const poll = () => signed('GET', `/emails/operations/${id}?api-version=2025-09-01`);
    expect(await (await poll()).json()).toEqual({ id, status: 'Running' });
    const throttled = await poll();
    expect(throttled.status).toBe(429);
    expect(throttled.headers.get('retry-after')).toMatch(/^\d+$/);
    expect((await send(email())).status).toBe(202);
  });

  it('when the SDK meets the quota, then it sees the 429 (the app must wait, nothing is queued)', async () => {
    acs.setQuota({ sendsPerMinute: 1, sendsPerHour: 10, statusPerMinute: 10, statusPerHour: 20 });
    const client = new EmailClient(acs.connectionString, { retryOptions: { maxRetries: 0 } });
    await (await client.beginSend(email('first@example.com'))).pollUntilDone();
    const error = await client.beginSend(email('second@example.com')).catch((e: unknown) => e);
    expect(error).toMatchObject({ name: 'RestError', statusCode: 429, code: 'TooManyRequests' });
    expect(acs.messages().map((m) => m.to)).toEqual(['first@example.com']);
  });

  it('when a quota is not usable, then PUT /__control/quota says why', async () => {
    const res = await fetch(`${acs.url}__control/quota`, {
      method: 'PUT',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ sendsPerMinute: 0, sendsPerHour: 10 }),
    });
    expect(res.status).toBe(400);
    for (const minuteWindowSeconds of [0, 61, 1.5]) {
      const window = await fetch(`${acs.url}__control/quota`, {
        method: 'PUT',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ sendsPerMinute: 1, sendsPerHour: 10, minuteWindowSeconds }),
      });
      expect(window.status, String(minuteWindowSeconds)).toBe(400);
    }
  });

  it('when an alphanumeric sender goes over 600 SMS a minute, then 429; numbers are not limited by it', async () => {
    const numbers = (n: number) => Array.from({ length: n }, (_, i) => `+3361234${String(i).padStart(4, '0')}`);
    const sms = (from: string, to: string[]) =>
      signed('POST', '/sms?api-version=2021-03-07', {
        from,
        message: 'Code',
        smsRecipients: to.map((t) => ({ to: t })),
      });
    for (let i = 0; i < 6; i++) expect((await sms('GFMS', numbers(100))).status).toBe(202);
    const over = await sms('GFMS', numbers(1));
    expect(over.status).toBe(429);
    expect(over.headers.get('retry-after')).toMatch(/^\d+$/);
    expect((await sms('+18005550100', numbers(1))).status).toBe(202);
  });
});

describe('local ACS repeatable email requests', () => {
  const repeat = (id: string, firstSent: Date | string = new Date()) => ({
    'repeatability-request-id': id,
    'repeatability-first-sent': typeof firstSent === 'string' ? firstSent : firstSent.toUTCString(),
  });

  it('when the same request is repeated, then the first answer comes back, one email is sent and one send counted', async () => {
    const headers = repeat(crypto.randomUUID());
    const first = await send(email('repeat@example.com'), headers);
    const second = await send(email('repeat@example.com'), headers);

    expect(first.status).toBe(202);
    expect(second.status).toBe(202);
    expect(second.headers.get('repeatability-result')).toBe('accepted');
    expect(second.headers.get('operation-location')).toBe(first.headers.get('operation-location'));
    expect(await second.json()).toEqual(await first.json());
    expect(acs.messages({ to: 'repeat@example.com' })).toHaveLength(1);
    expect(await quota()).toMatchObject({ sendsLastMinute: 1 });
  });

  it('when the same id comes with another body, then 400 and nothing more is sent', async () => {
    const headers = repeat(crypto.randomUUID());
    expect((await send(email('a@example.com'), headers)).status).toBe(202);
    const other = await send(email('b@example.com'), headers);
    expect(other.status).toBe(400);
    expect(other.headers.get('repeatability-result')).toBe('rejected');
    expect(acs.messages().map((m) => m.to)).toEqual(['a@example.com']);
  });

  it('when Repeatability-First-Sent is older than 5 minutes, then 412', async () => {
    const res = await send(email(), repeat(crypto.randomUUID(), new Date(Date.now() - 6 * 60_000)));
    expect(res.status).toBe(412);
    expect(acs.messages()).toEqual([]);
  });

  it('when the headers are malformed, then 400', async () => {
    expect((await send(email(), repeat('not-a-guid'))).status).toBe(400);
    expect((await send(email(), repeat(crypto.randomUUID(), new Date().toISOString()))).status).toBe(400);
    expect((await send(email(), { 'repeatability-request-id': crypto.randomUUID() })).status).toBe(400);
    expect(acs.messages()).toEqual([]);
  });

  it('when the first request is still being processed, then the repeat gets 409', async () => {
    const slow = await start({ sendProcessingMs: 300 });
    try {
      const headers = repeat(crypto.randomUUID());
      const [a, b] = await Promise.all([
        send(email('slow@example.com'), headers, slow),
        new Promise((r) => setTimeout(r, 50)).then(() => send(email('slow@example.com'), headers, slow)),
      ]);
      expect([a.status, b.status]).toEqual([202, 409]);
      expect(slow.messages()).toHaveLength(1);
    } finally {
      await slow.close();
    }
  });

  it('when the first answer was a 4xx (a 429), then the repeat gets it again; after a 5xx the repeat runs again', async () => {
    await quota({ sendsPerMinute: 1, sendsPerHour: 10 });
    expect((await send(email('filler@example.com'))).status).toBe(202);
    const throttledHeaders = repeat(crypto.randomUUID());
    expect((await send(email('t@example.com'), throttledHeaders)).status).toBe(429);
    await quota({ sendsPerMinute: 30, sendsPerHour: 100 });
    // Documented: a repeat of a request first answered 2xx or 4xx gets that answer. A throttled send needs a new id.
    expect((await send(email('t@example.com'), throttledHeaders)).status).toBe(429);
    expect((await send(email('t@example.com'), repeat(crypto.randomUUID()))).status).toBe(202);

    acs.failNext({ count: 1, status: 503, kind: 'email' });
    const failedHeaders = repeat(crypto.randomUUID());
    expect((await send(email('u@example.com'), failedHeaders)).status).toBe(503);
    expect((await send(email('u@example.com'), failedHeaders)).status).toBe(202);
    expect(acs.messages({ to: 'u@example.com' })).toHaveLength(1);
  });

  it('when Operation-Id is not a GUID, then 400 (the SDK refuses it before sending)', async () => {
    const res = await send(email(), { 'operation-id': 'outbox-row-1' });
    expect(res.status).toBe(400);
    expect(res.headers.get('x-ms-error-code')).toBe('InvalidOperationId');
  });
});

describe('local ACS senders', () => {
  it('when the sender is not a MailFrom address of the linked domain, then the send is refused with 400', async () => {
    const client = new EmailClient(acs.connectionString);
    const wrongUser = await client.beginSend({ ...email(), senderAddress: 'ceo@mail.gfms.example' }).catch((e) => e);
    expect(wrongUser).toMatchObject({ statusCode: 400, code: 'InvalidSenderUserName' });
    const wrongDomain = await client
      .beginSend({ ...email(), senderAddress: 'DoNotReply@evil.example' })
      .catch((e) => e);
    expect(wrongDomain).toMatchObject({ statusCode: 400, code: 'DomainNotLinked' });
    const rightOne = await client.beginSend({ ...email(), senderAddress: 'donotreply@MAIL.gfms.example' });
    expect((await rightOne.pollUntilDone()).status).toBe('Succeeded');
    expect(acs.messages()).toHaveLength(1);
  });

  it('when mail comes with the other-sender key (the local Entra’s codes), then it is not counted and yields no report', async () => {
    const hook = await startWebhook();
    const own = await start({ otherSenderAccessKey: generateAccessKey(), senderAddresses: [SENDER] });
    try {
      own.setQuota({ sendsPerMinute: 1, sendsPerHour: 1, statusPerMinute: 1, statusPerHour: 1 });
      await own.subscribe({
        endpoint: hook.url,
        includedEventTypes: ['Microsoft.Communication.EmailDeliveryReportReceived'],
      });
      const entra = new EmailClient(own.otherSenderConnectionString!);
      for (const to of ['c1@example.com', 'c2@example.com', 'c3@example.com']) {
        await (
          await entra.beginSend({ ...email(to), senderAddress: 'msonlineservicesteam@microsoftonline.example' })
        ).pollUntilDone();
      }
      expect(own.messages()).toHaveLength(3);
      await new Promise((resolve) => setTimeout(resolve, 100));
      expect(hook.calls).toEqual([]);
      expect(own.eventDeliveries()).toEqual([]);
    } finally {
      await own.close();
      await hook.close();
    }
  });
});

describe('local ACS SMS delivery reports', () => {
  let hook: Webhook;
  beforeAll(async () => {
    hook = await startWebhook();
    await acs.subscribe({
      name: 'sms-reports',
      endpoint: hook.url,
      includedEventTypes: ['Microsoft.Communication.SMSDeliveryReportReceived'],
    });
  });
  afterAll(() => hook?.close());

  it('when an SMS asks for a delivery report, then SMSDeliveryReportReceived arrives with its tag; without, none', async () => {
    const client = new SmsClient(acs.connectionString);
    await client.send({ from: 'GFMS', to: ['+33612345678'], message: 'no report' });
    const [result] = await client.send(
      { from: 'GFMS', to: ['+33698765432'], message: 'with report' },
      { enableDeliveryReport: true, tag: 'activation' },
    );
    const call = await until(() => hook.calls[0]);
    await new Promise((resolve) => setTimeout(resolve, 100));
    expect(hook.calls).toHaveLength(1);
    expect(call.body[0]).toMatchObject({
      eventType: 'Microsoft.Communication.SMSDeliveryReportReceived',
      data: {
        messageId: result?.messageId,
        from: 'GFMS',
        to: '+33698765432',
        deliveryStatus: 'Delivered',
        tag: 'activation',
        deliveryAttempts: [expect.objectContaining({ segmentsSucceeded: 1 })],
      },
    });
  });

  it('when a phone is set to fail, then its report says Failed', async () => {
    hook.calls.length = 0;
    acs.setDeliveryOutcome({ to: '+33 6 11 22 33 44', status: 'Failed' });
    await new SmsClient(acs.connectionString).send(
      { from: 'GFMS', to: ['+33611223344'], message: 'x' },
      { enableDeliveryReport: true },
    );
    const call = await until(() => hook.calls[0]);
    expect(call.body[0]?.data).toMatchObject({ to: '+33611223344', deliveryStatus: 'Failed' });
  });
});
