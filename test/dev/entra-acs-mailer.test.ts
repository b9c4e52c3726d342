/**
 * The sign-up verification mailer over the real `@azure/communication-email` client: what it sends to ACS
 * (`emails:send`, then polling the operation), checked against a minimal in-test ACS endpoint so this test
 * does not depend on the local ACS.
 */
import { createServer, type Server } from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { acsVerificationMailer } from '../../dev/entra/acs-mailer.js';

let server: Server;
let port = 0;
let status: 'Succeeded' | 'Failed' = 'Succeeded';
const sent: Array<Record<string, unknown>> = [];

beforeAll(async () => {
  server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const url = new URL(req.url ?? '/', `http://127.0.0.1:${port}`);
      if (req.method === 'POST' && url.pathname === '/emails:send') {
        sent.push({ ...JSON.parse(Buffer.concat(chunks).toString()), authorization: req.headers.authorization });
        res.writeHead(202, {
          'content-type': 'application/json',
          'operation-location': `http://127.0.0.1:${port}/emails/operations/op-${sent.length}?${url.searchParams}`,
          'retry-after': '0',
        });
        res.end(JSON.stringify({ id: `op-${sent.length}`, status: 'Running' }));
      } else if (req.method === 'GET' && url.pathname.startsWith('/emails/operations/')) {
        res.writeHead(200, { 'content-type': 'application/json', 'retry-after': '0' });
        const error = status === 'Failed' ? { code: 'InvalidRecipient', message: 'mailbox unavailable' } : undefined;
        res.end(JSON.stringify({ id: url.pathname.split('/').at(-1), status, ...(error && { error }) }));
      } else {
        res.writeHead(404).end();
      }
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  port = typeof address === 'object' && address ? address.port : 0;
});
afterAll(async () => {
  await new Promise<void>((resolve) => server.close(() => resolve()));
});

const connectionString = () =>
  `endpoint=http://127.0.0.1:${port}/;accesskey=${Buffer.from('local-key').toString('base64')}`;
const message = {
  to: 'new.client@example.test',
  subject: 'Your Contoso Clients verification code',
  text: 'Your verification code is 123456.',
  html: '<p>123456</p>',
  locale: 'en' as const,
};

describe('acsVerificationMailer', () => {
  it('when a code is sent, then ACS receives the email from the sender with subject, text and html, signed', async () => {
    status = 'Succeeded';
    await acsVerificationMailer(connectionString(), 'DoNotReply@local.test')(message);
    expect(sent.at(-1)).toMatchObject({
      senderAddress: 'DoNotReply@local.test',
      content: { subject: message.subject, plainText: message.text, html: message.html },
      recipients: { to: [{ address: message.to }] },
    });
    expect(sent.at(-1)?.authorization).toMatch(/^HMAC-SHA256 /);
  });

  it('when ACS reports the send failed, then the mailer throws so the sign-up page can say so', async () => {
    status = 'Failed';
    await expect(acsVerificationMailer(connectionString(), 'DoNotReply@local.test')(message)).rejects.toThrow();
  });
});
