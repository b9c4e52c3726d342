/**
 * The local ACS with hand-signed requests, for what the SDKs never send: tampered or stale signatures,
 * invalid bodies, unknown operations and repeated SMS repeatability ids (ACS repeatable-request rules).
 */
import path from 'node:path';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { generateAccessKey, type RunningLocalAcs, signAcsRequest, startLocalAcs } from '../../dev/acs/server.js';
import { ensureDevCertificates } from '../../dev/certificates.js';

let acs: RunningLocalAcs;
const accessKey = generateAccessKey();

beforeAll(async () => {
  const { cert, key } = await ensureDevCertificates(path.resolve('.dev'));
  acs = await startLocalAcs({ port: 0, cert, key, accessKey });
});
afterAll(() => acs?.close());
beforeEach(() => acs.clear());

async function signed(
  method: string,
  pathAndQuery: string,
  body?: unknown,
  tweak: (headers: Record<string, string>) => void = () => {},
): Promise<Response> {
  const url = `${acs.url.slice(0, -1)}${pathAndQuery}`;
  const text = body === undefined ? undefined : JSON.stringify(body);
  const headers = signAcsRequest({ method, url, accessKey, ...(text !== undefined && { body: text }) });
  tweak(headers);
  return fetch(url, {
    method,
    headers: { ...headers, 'content-type': 'application/json' },
    ...(text && { body: text }),
  });
}

const validEmail = {
  senderAddress: 'DoNotReply@onboarding.example',
  content: { subject: 'Hi', plainText: 'Hello' },
  recipients: { to: [{ address: 'client@example.com' }] },
};

describe('local ACS signature checks', () => {
  it('when a correctly signed request is sent by hand, then it is accepted', async () => {
    const response = await signed('POST', '/emails:send?api-version=2025-09-01', validEmail);
    expect(response.status).toBe(202);
    expect(response.headers.get('operation-location')).toMatch(/\/emails\/operations\/[\w-]+\?api-version=2025-09-01$/);
  });

  it('when the body does not match x-ms-content-sha256, then it is refused with 401 Denied', async () => {
    const body = JSON.stringify(validEmail);
    const url = `${acs.url}emails:send?api-version=2025-09-01`;
    const headers = signAcsRequest({ method: 'POST', url, accessKey, body });
    const tampered = body.replace('client@example.com', 'attacker@example.com');
    const response = await fetch(url, {
      method: 'POST',
      headers: { ...headers, 'content-type': 'application/json' },
      body: tampered,
    });

    expect(response.status).toBe(401);
    expect(await response.json()).toMatchObject({
      error: { code: 'Denied', message: expect.stringContaining('sha256') },
    });
    expect(acs.messages()).toEqual([]);
  });

  it('when x-ms-date is more than 15 minutes old, then the request is refused', async () => {
    const url = `${acs.url}emails:send?api-version=2025-09-01`;
    const body = JSON.stringify(validEmail);
    const headers = signAcsRequest({ method: 'POST', url, accessKey, body, date: new Date(Date.now() - 16 * 60_000) });
    const response = await fetch(url, { method: 'POST', headers, body });
    expect(response.status).toBe(401);
  });

  it('when the signature is missing or the query was changed after signing, then the request is refused', async () => {
    const unsigned = await signed('POST', '/sms?api-version=2021-03-07', {}, (h) => {
      delete h.authorization;
    });
    expect(unsigned.status).toBe(401);
    const url = `${acs.url}emails:send?api-version=2025-09-01`;
    const body = JSON.stringify(validEmail);
    const headers = signAcsRequest({ method: 'POST', url, accessKey, body });
    const moved = await fetch(`${url}&extra=1`, { method: 'POST', headers, body });
    expect(moved.status).toBe(401);
  });
});

describe('local ACS request validation', () => {
  it.each([
    ['no senderAddress', { ...validEmail, senderAddress: '' }, 'senderAddress'],
    ['no content', { ...validEmail, content: undefined }, 'content'],
    ['no subject', { ...validEmail, content: { plainText: 'x' } }, 'subject'],
    ['no body text', { ...validEmail, content: { subject: 'x' } }, 'plainText'],
    ['no recipients', { ...validEmail, recipients: { to: [] } }, 'recipient'],
    ['a malformed address', { ...validEmail, recipients: { to: [{ address: 'nope' }] } }, 'invalid email'],
  ])('when an email has %s, then it is refused with an ACS-like 400', async (_name, body, hint) => {
    const response = await signed('POST', '/emails:send?api-version=2025-09-01', body);
    expect(response.status).toBe(400);
    expect(await response.json()).toMatchObject({
      error: { code: 'BadRequest', message: expect.stringContaining(hint) },
    });
    expect(acs.messages()).toEqual([]);
  });

  it('when the api-version is missing, then the request is refused with 400', async () => {
    const response = await signed('POST', '/emails:send', validEmail);
    expect(response.status).toBe(400);
    expect(await response.json()).toMatchObject({ error: { code: 'MissingApiVersionParameter' } });
  });

  it('when an unknown email operation is polled, then it is a 404 with an ACS-like error', async () => {
    const response = await signed('GET', '/emails/operations/unknown?api-version=2025-09-01');
    expect(response.status).toBe(404);
    expect(await response.json()).toMatchObject({ error: { code: 'NotFound' } });
  });

  it('when an SMS has no message or a bad sender, then it is refused with 400', async () => {
    const recipients = [{ to: '+33612345678' }];
    expect(
      (await signed('POST', '/sms?api-version=2021-03-07', { from: '+18005550100', smsRecipients: recipients })).status,
    ).toBe(400);
    expect(
      (await signed('POST', '/sms?api-version=2021-03-07', { from: '12', smsRecipients: recipients, message: 'x' }))
        .status,
    ).toBe(400);
  });

  it('when an unknown route is called, then it is a JSON 404', async () => {
    const response = await fetch(`${acs.url}nothing/here`);
    expect(response.status).toBe(404);
    expect(response.headers.get('content-type')).toContain('application/json');
  });
});

describe('local ACS SMS repeatability', () => {
  function smsBody(requestId: string, message = 'Code 1', firstSent = new Date().toUTCString()) {
    return {
      from: '+18005550100',
      message,
      smsRecipients: [{ to: '+33612345678', repeatabilityRequestId: requestId, repeatabilityFirstSent: firstSent }],
    };
  }
  type SmsResults = { value: Array<Record<string, unknown>> };

  it('when the same repeatabilityRequestId is sent twice, then the second is accepted with the same id and not delivered again', async () => {
    const requestId = crypto.randomUUID();
    const first = (await (
      await signed('POST', '/sms?api-version=2021-03-07', smsBody(requestId))
    ).json()) as SmsResults;
    const second = (await (
      await signed('POST', '/sms?api-version=2021-03-07', smsBody(requestId))
    ).json()) as SmsResults;

    expect(second.value[0]).toEqual(first.value[0]);
    expect(second.value[0]).toMatchObject({ repeatabilityResult: 'accepted', successful: true, httpStatusCode: 202 });
    expect(acs.messages()).toHaveLength(1);
  });

  it('when a repeatabilityRequestId is reused for another message, then that recipient is rejected with 400', async () => {
    const requestId = crypto.randomUUID();
    await signed('POST', '/sms?api-version=2021-03-07', smsBody(requestId));
    const response = await signed('POST', '/sms?api-version=2021-03-07', smsBody(requestId, 'Code 2'));

    expect(response.status).toBe(202);
    const { value } = (await response.json()) as SmsResults;
    expect(value[0]).toMatchObject({ repeatabilityResult: 'rejected', successful: false, httpStatusCode: 400 });
    expect(acs.messages()).toHaveLength(1);
  });

  it('when repeatabilityFirstSent is older than 5 minutes, then the recipient is rejected with 412', async () => {
    const old = new Date(Date.now() - 6 * 60_000).toUTCString();
    const response = await signed('POST', '/sms?api-version=2021-03-07', smsBody(crypto.randomUUID(), 'x', old));
    const { value } = (await response.json()) as SmsResults;

    expect(value[0]).toMatchObject({ repeatabilityResult: 'rejected', successful: false, httpStatusCode: 412 });
    expect(acs.messages()).toEqual([]);
  });
});
