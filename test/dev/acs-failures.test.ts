/**
 * Fault injection of the local ACS, seen from the real SDKs: injected 429/500/503 answers reach them (or are
 * absorbed by their own retry policy, which honours Retry-After on 429 and retries 500 three times), and a
 * failed send delivers nothing.
 */
import path from 'node:path';
import { EmailClient, type EmailMessage } from '@azure/communication-email';
import { SmsClient } from '@azure/communication-sms';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { generateAccessKey, type RunningLocalAcs, startLocalAcs } from '../../dev/acs/server.js';
import { ensureDevCertificates } from '../../dev/certificates.js';

let acs: RunningLocalAcs;

beforeAll(async () => {
  const { cert, key } = await ensureDevCertificates(path.resolve('.dev'));
  acs = await startLocalAcs({ port: 0, cert, key, accessKey: generateAccessKey() });
});
afterAll(() => acs?.close());
beforeEach(() => acs.clear());

const email: EmailMessage = {
  senderAddress: 'DoNotReply@onboarding.example',
  content: { subject: 'Hello', plainText: 'Hello' },
  recipients: { to: [{ address: 'client@example.com' }] },
};
const sms = { from: '+18005550100', to: ['+33612345678'], message: 'Code 1234' };

async function pendingFailures(): Promise<unknown[]> {
  return (await (await fetch(`${acs.url}__control/failures`)).json()) as unknown[];
}

describe('local ACS failure injection', () => {
  it('when more 429s are injected than the SDK retries, then the 429 and its Retry-After reach the caller', async () => {
    acs.failNext({ count: 4, status: 429, retryAfterSeconds: 0, kind: 'email' });
    const error = await new EmailClient(acs.connectionString).beginSend(email).catch((e: unknown) => e);

    expect(error).toMatchObject({ name: 'RestError', statusCode: 429, code: 'TooManyRequests' });
    expect(
      (error as { response: { headers: { get(name: string): string } } }).response.headers.get('retry-after'),
    ).toBe('0');
    // The first call and the SDK's 3 retries each used one injected failure.
    expect(await pendingFailures()).toEqual([]);
    expect(acs.messages()).toEqual([]);
  });

  it('when one 429 with Retry-After 1 is injected, then the SDK waits a second, retries and the email arrives', async () => {
    acs.failNext({ count: 1, status: 429, retryAfterSeconds: 1 });
    const started = Date.now();
    const result = await (await new EmailClient(acs.connectionString).beginSend(email)).pollUntilDone();

    expect(result.status).toBe('Succeeded');
    expect(Date.now() - started).toBeGreaterThanOrEqual(950);
    expect(acs.messages()).toHaveLength(1);
  });

  it('when 429s are injected for SMS, then SmsClient surfaces the 429 with Retry-After', async () => {
    acs.failNext({ count: 4, status: 429, retryAfterSeconds: 0, kind: 'sms' });
    const error = await new SmsClient(acs.connectionString).send(sms).catch((e: unknown) => e);

    expect(error).toMatchObject({ name: 'RestError', statusCode: 429 });
    expect(
      (error as { response: { headers: { get(name: string): string } } }).response.headers.get('retry-after'),
    ).toBe('0');
    expect(acs.messages()).toEqual([]);
  });

  it('when a 500 is injected and the client does not retry, then the SDK throws a 500 and the next send works', async () => {
    acs.failNext({ count: 1, status: 500 });
    const client = new EmailClient(acs.connectionString, { retryOptions: { maxRetries: 0 } });
    const error = await client.beginSend(email).catch((e: unknown) => e);

    expect(error).toMatchObject({ name: 'RestError', statusCode: 500, code: 'InternalServerError' });
    expect(acs.messages()).toEqual([]);
    await (await client.beginSend(email)).pollUntilDone();
    expect(acs.messages()).toHaveLength(1);
  });

  it('when a 500 is injected and the client retries, then the retry delivers the SMS once', async () => {
    acs.failNext({ count: 2, status: 500, kind: 'sms' });
    const client = new SmsClient(acs.connectionString, { retryOptions: { retryDelayInMs: 10 } });
    const [result] = await client.send(sms);

    expect(result).toMatchObject({ successful: true, repeatabilityResult: 'accepted' });
    expect(acs.messages()).toHaveLength(1);
  });

  it('when failures are injected for SMS only, then emails still go through', async () => {
    acs.failNext({ count: 1, status: 500, kind: 'sms' });
    await (await new EmailClient(acs.connectionString).beginSend(email)).pollUntilDone();

    expect(acs.messages()).toHaveLength(1);
    expect(await pendingFailures()).toEqual([{ count: 1, status: 500, kind: 'sms' }]);
  });

  it('when a request has a wrong key, then it is refused with 401 and does not use up an injected failure', async () => {
    acs.failNext({ count: 1, status: 500 });
    const wrongKey = acs.connectionString.replace(/accesskey=.*$/, `accesskey=${generateAccessKey()}`);
    const error = await new SmsClient(wrongKey, { retryOptions: { maxRetries: 0 } }).send(sms).catch((e) => e);

    expect(error).toMatchObject({ statusCode: 401 });
    expect(await pendingFailures()).toHaveLength(1);
  });

  it('when an invalid rule is given to failNext, then it throws', () => {
    expect(() => acs.failNext({ count: 0, status: 429 })).toThrow(TypeError);
    expect(() => acs.failNext({ count: 1, status: 404 as 429 })).toThrow(TypeError);
  });
});

describe('local ACS control endpoint', () => {
  async function postRule(body: string, contentType = 'application/json'): Promise<Response> {
    return fetch(`${acs.url}__control/failures`, { method: 'POST', headers: { 'content-type': contentType }, body });
  }

  it('when a failure is posted over HTTP, then the next matching send answers that status', async () => {
    const response = await postRule(JSON.stringify({ count: 1, status: 503, retryAfterSeconds: 0, kind: 'sms' }));
    expect(response.status).toBe(204);
    const client = new SmsClient(acs.connectionString, { retryOptions: { maxRetries: 0 } });

    const error = await client.send(sms).catch((e: unknown) => e);
    expect(error).toMatchObject({ name: 'RestError', statusCode: 503 });
    await client.send(sms);
    expect(acs.messages()).toHaveLength(1);
  });

  it('when DELETE /__control/failures is called, then pending failures are forgotten', async () => {
    await postRule(JSON.stringify({ count: 5, status: 429 }));
    expect((await fetch(`${acs.url}__control/failures`, { method: 'DELETE' })).status).toBe(204);

    expect(await pendingFailures()).toEqual([]);
    await (await new EmailClient(acs.connectionString).beginSend(email)).pollUntilDone();
    expect(acs.messages()).toHaveLength(1);
  });

  it('when a posted rule is invalid or not JSON, then it is refused', async () => {
    const invalid = await postRule(JSON.stringify({ count: 1, status: 418 }));
    expect(invalid.status).toBe(400);
    expect(await invalid.json()).toMatchObject({
      error: { code: 'BadRequest', message: expect.stringContaining('status') },
    });
    expect((await postRule('{"count":1,"status":429}', 'text/plain')).status).toBe(415);
    expect(await pendingFailures()).toEqual([]);
  });
});
