/**
 * The local ACS against the real ACS SDKs over https: what `EmailClient` and `SmsClient` send lands in the
 * mailbox JSON of API.md, signatures are checked like Azure checks them, and idempotent re-sends deliver once.
 */
import path from 'node:path';
import { EmailClient, type EmailMessage } from '@azure/communication-email';
import { SmsClient } from '@azure/communication-sms';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { generateAccessKey, type RunningLocalAcs, type StoredMessage, startLocalAcs } from '../../dev/acs/server.js';
import { ensureDevCertificates } from '../../dev/certificates.js';

let acs: RunningLocalAcs;

beforeAll(async () => {
  const { cert, key } = await ensureDevCertificates(path.resolve('.dev'));
  acs = await startLocalAcs({ port: 0, cert, key, accessKey: generateAccessKey() });
});
afterAll(() => acs?.close());
beforeEach(() => acs.clear());

async function mailbox(query = ''): Promise<StoredMessage[]> {
  const response = await fetch(`${acs.url}messages${query}`);
  expect(response.status).toBe(200);
  return (await response.json()) as StoredMessage[];
}

function invitation(to: string, extra: Partial<EmailMessage> = {}): EmailMessage {
  return {
    senderAddress: 'DoNotReply@onboarding.example',
    content: {
      subject: 'You are invited',
      plainText: 'Accept here: https://localhost:7071/api/invitations/abc?x=1',
      html: '<p><a href="https://localhost:7071/api/invitations/abc?x=1">Accept</a></p>',
    },
    recipients: { to: [{ address: to, displayName: 'Client' }] },
    ...extra,
  };
}

describe('local ACS email', () => {
  it('when an email is sent with EmailClient, then it arrives in the mailbox JSON', async () => {
    const client = new EmailClient(acs.connectionString);
    const poller = await client.beginSend(invitation('client@example.com'));
    const result = await poller.pollUntilDone();
    expect(result.status).toBe('Succeeded');

    const messages = await mailbox();
    expect(messages).toHaveLength(1);
    expect(messages[0]).toEqual({
      id: expect.any(String),
      kind: 'email',
      to: 'client@example.com',
      from: 'DoNotReply@onboarding.example',
      subject: 'You are invited',
      text: 'Accept here: https://localhost:7071/api/invitations/abc?x=1',
      html: '<p><a href="https://localhost:7071/api/invitations/abc?x=1">Accept</a></p>',
      sentAt: expect.stringMatching(/^\d{4}-\d\d-\d\dT/),
    });
    expect(acs.messages()).toEqual(messages);
  });

  it('when an email goes to two recipients and a cc, then each address gets one mailbox item', async () => {
    const client = new EmailClient(acs.connectionString);
    const message = invitation('a@example.com', {
      recipients: {
        to: [{ address: 'a@example.com' }, { address: 'b@example.com' }],
        cc: [{ address: 'c@example.com' }],
      },
    });
    await (await client.beginSend(message)).pollUntilDone();

    const messages = await mailbox();
    expect(messages.map((m) => m.to).sort()).toEqual(['a@example.com', 'b@example.com', 'c@example.com']);
    expect(new Set(messages.map((m) => m.id)).size).toBe(3);
  });

  it('when an email has only an HTML body, then the mailbox item still has a text version with its links', async () => {
    const client = new EmailClient(acs.connectionString);
    const message = invitation('html-only@example.com', {
      content: {
        subject: 'Code',
        html: '<p>Your code is <b>123456</b>.</p><a href="https://example.com/x?a=1&amp;b=2">Go</a>',
      },
    });
    await (await client.beginSend(message)).pollUntilDone();

    const [item] = await mailbox();
    expect(item?.text).toContain('Your code is 123456.');
    expect(item?.text).toContain('Go (https://example.com/x?a=1&b=2)');
  });

  it('when a send reuses the Operation-Id of an accepted send, then it is refused with 409 and delivers nothing', async () => {
    // ACS documents no de-duplication on Operation-Id (repeatable requests are the way): a second send is no replay.
    const client = new EmailClient(acs.connectionString);
    const operationId = crypto.randomUUID();
    const first = await (await client.beginSend(invitation('once@example.com'), { operationId })).pollUntilDone();
    const second = await client.beginSend(invitation('once@example.com'), { operationId }).catch((e: unknown) => e);

    expect(first).toMatchObject({ id: operationId, status: 'Succeeded' });
    expect(second).toMatchObject({ name: 'RestError', statusCode: 409 });
    expect(await mailbox('?to=once@example.com')).toHaveLength(1);
  });

  it('when the send is polled, then the operation is Running once and then Succeeded, each poll counted', async () => {
    const client = new EmailClient(acs.connectionString);
    const statusCalls = async () =>
      ((await (await fetch(`${acs.url}__control/quota`)).json()) as { statusLastMinute: number }).statusLastMinute;
    // beginSend polls once itself.
    const poller = await client.beginSend(invitation('poll@example.com'));
    expect(poller.getOperationState().status).toBe('running');
    expect(await statusCalls()).toBe(1);
    await poller.poll();
    expect(poller.getOperationState().status).toBe('succeeded');
    expect(await statusCalls()).toBe(2);
  });

  it('when the access key is wrong, then the SDK throws a RestError with status 401 and nothing is stored', async () => {
    const client = new EmailClient(acs.connectionString.replace(/accesskey=.*$/, `accesskey=${generateAccessKey()}`));
    const error = await client.beginSend(invitation('nobody@example.com')).catch((e: unknown) => e);

    expect(error).toMatchObject({ name: 'RestError', statusCode: 401, code: 'Denied' });
    expect(acs.messages()).toEqual([]);
  });
});

describe('local ACS SMS', () => {
  it('when an SMS is sent with SmsClient to two numbers, then each arrives in the mailbox JSON', async () => {
    const client = new SmsClient(acs.connectionString);
    const results = await client.send({
      from: '+18005550100',
      to: ['+33612345678', '+14255550123'],
      message: 'Your code is 246810',
    });

    expect(results.map((r) => [r.to, r.successful, r.httpStatusCode])).toEqual([
      ['+33612345678', true, 202],
      ['+14255550123', true, 202],
    ]);
    const messages = await mailbox();
    expect(messages).toHaveLength(2);
    const french = messages.find((m) => m.to === '+33612345678');
    expect(french).toEqual({
      id: results[0]?.messageId,
      kind: 'sms',
      to: '+33612345678',
      from: '+18005550100',
      text: 'Your code is 246810',
      sentAt: expect.any(String),
    });
  });

  it('when a number is not E.164, then that recipient fails and the others are delivered', async () => {
    const client = new SmsClient(acs.connectionString);
    const results = await client.send({ from: '+18005550100', to: ['0612345678', '+33612345678'], message: 'Hi' });

    expect(results[0]).toMatchObject({ to: '0612345678', successful: false, httpStatusCode: 400 });
    expect(results[1]).toMatchObject({ to: '+33612345678', successful: true });
    expect((await mailbox()).map((m) => m.to)).toEqual(['+33612345678']);
  });

  it('when the access key is wrong, then SmsClient throws a RestError with status 401', async () => {
    const client = new SmsClient(acs.connectionString.replace(/accesskey=.*$/, `accesskey=${generateAccessKey()}`));
    const error = await client.send({ from: '+18005550100', to: ['+33612345678'], message: 'x' }).catch((e) => e);

    // SmsClient loads the CommonJS build of core-rest-pipeline, so instanceof against the ESM RestError fails.
    expect(error).toMatchObject({ name: 'RestError', statusCode: 401 });
    expect(acs.messages()).toEqual([]);
  });
});

describe('local ACS mailbox JSON', () => {
  async function sendSome(): Promise<void> {
    const email = new EmailClient(acs.connectionString);
    const sms = new SmsClient(acs.connectionString);
    await (await email.beginSend(invitation('First@Example.com'))).pollUntilDone();
    await sms.send({ from: '+18005550100', to: ['+33612345678'], message: 'second' });
    await (await email.beginSend(invitation('other@example.com'))).pollUntilDone();
  }

  it('when messages were sent, then the listing is newest first', async () => {
    await sendSome();
    expect((await mailbox()).map((m) => m.to)).toEqual(['other@example.com', '+33612345678', 'First@Example.com']);
  });

  it('when filtering by email, then the match ignores case', async () => {
    await sendSome();
    const messages = await mailbox('?to=first%40example.COM');
    expect(messages.map((m) => m.to)).toEqual(['First@Example.com']);
  });

  it('when filtering by phone, then spaces and an unencoded + do not matter', async () => {
    await sendSome();
    expect((await mailbox('?to=%2B33%206%2012%2034%2056%2078')).map((m) => m.text)).toEqual(['second']);
    expect((await mailbox('?to=+33612345678')).map((m) => m.text)).toEqual(['second']);
    expect(acs.messages({ to: '+33 6 12 34 56 78' })).toHaveLength(1);
    expect(await mailbox('?to=%2B33600000000')).toEqual([]);
  });

  it('when one message is asked for by id, then it is returned, and an unknown id is a 404', async () => {
    await sendSome();
    const [newest] = await mailbox();
    const response = await fetch(`${acs.url}messages/${newest?.id}`);
    expect(await response.json()).toEqual(newest);

    const missing = await fetch(`${acs.url}messages/nope`);
    expect(missing.status).toBe(404);
    expect(await missing.json()).toMatchObject({ error: { code: 'NotFound' } });
  });

  it('when DELETE /messages is called, then the mailbox is empty', async () => {
    await sendSome();
    expect((await fetch(`${acs.url}messages`, { method: 'DELETE' })).status).toBe(204);
    expect(await mailbox()).toEqual([]);
  });
});
