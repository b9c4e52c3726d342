/**
 * The mailbox web page of the local ACS (links a developer can click, content escaped, strict CSP) and the
 * mailbox file that keeps messages across a restart of the stack.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { EmailClient } from '@azure/communication-email';
import { SmsClient } from '@azure/communication-sms';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { generateAccessKey, type RunningLocalAcs, startLocalAcs } from '../../dev/acs/server.js';
import { type DevCertificates, ensureDevCertificates } from '../../dev/certificates.js';

let certificates: DevCertificates;

beforeAll(async () => {
  certificates = await ensureDevCertificates(path.resolve('.dev'));
});

const link = 'https://localhost:7071/api/invitations/accept?token=a1&lang=en';

describe('local ACS mailbox page', () => {
  let acs: RunningLocalAcs;

  beforeAll(async () => {
    acs = await startLocalAcs({ cert: certificates.cert, key: certificates.key, accessKey: generateAccessKey() });
    const client = new EmailClient(acs.connectionString);
    const message = {
      senderAddress: 'DoNotReply@onboarding.example',
      content: {
        subject: 'Invitation <b>bold</b>',
        plainText: `Hello <script>alert(1)</script>,\naccept here: ${link}.\nThanks`,
        html: `<p>Hello</p><a href="${link.replace('&', '&amp;')}">Accept</a><script>alert(2)</script>`,
      },
      recipients: { to: [{ address: 'client@example.com' }] },
    };
    await (await client.beginSend(message)).pollUntilDone();
    await new SmsClient(acs.connectionString).send({ from: '+18005550100', to: ['+33612345678'], message: 'Code 9' });
  });
  afterAll(() => acs?.close());

  async function page(pathAndQuery: string): Promise<{ status: number; html: string; headers: Headers }> {
    const response = await fetch(`${acs.url}${pathAndQuery}`);
    return { status: response.status, html: await response.text(), headers: response.headers };
  }

  it('when the mailbox page is opened, then it lists the messages newest first with a labelled filter', async () => {
    const { status, html, headers } = await page('');

    expect(status).toBe(200);
    expect(headers.get('content-type')).toBe('text/html; charset=utf-8');
    expect(headers.get('content-security-policy')).toContain("default-src 'none'");
    expect(html).toContain('<html lang="en">');
    expect(html).toContain('<title>Local mailbox</title>');
    expect(html).toMatch(/<label for="to">[^<]+<\/label>\s*<input id="to" name="to"/);
    expect(html).toContain('<button type="submit">Filter</button>');
    expect(html.indexOf('+33612345678')).toBeLessThan(html.indexOf('client@example.com'));
    expect(html).toContain('Invitation &lt;b&gt;bold&lt;/b&gt;');
    expect(html).not.toContain('<b>bold</b>');
  });

  it('when the page is filtered by recipient, then only that recipient is listed', async () => {
    const { html } = await page('?to=%2B33612345678');
    expect(html).toContain('Code 9');
    expect(html).not.toContain('client@example.com');
    expect(html).toContain('value="+33612345678"');
  });

  it('when a message is opened, then the URL in its text is a clickable link and the rest is escaped', async () => {
    const [email] = acs.messages({ to: 'client@example.com' });
    const listing = await page('');
    expect(listing.html).toContain(`href="/messages/${email?.id}.html"`);

    const { status, html } = await page(`messages/${email?.id}.html`);
    expect(status).toBe(200);
    const escapedLink = link.replace('&', '&amp;');
    expect(html).toContain(`<a href="${escapedLink}">${escapedLink}</a>.`);
    expect(html).toContain('Hello &lt;script&gt;alert(1)&lt;/script&gt;');
    expect(html).not.toMatch(/<script/i);
  });

  it('when an email has an HTML body, then it is shown in a sandboxed iframe without scripts allowed', async () => {
    const [email] = acs.messages({ to: 'client@example.com' });
    const { html, headers } = await page(`messages/${email?.id}.html`);

    // Two guards against the email's scripts: the sandbox (no allow-scripts) and the policy the frame inherits.
    const policy = (headers.get('content-security-policy') ?? '').split(';').map((d) => d.trim());
    expect(policy).toContain("default-src 'none'");
    const loosening = /^(script-src|script-src-elem|script-src-attr|child-src|frame-src|object-src)\s/;
    expect(policy.filter((d) => loosening.test(d))).toEqual([]);

    const iframe = /<iframe [^>]*>/.exec(html)?.[0] ?? '';
    const sandbox = /sandbox="([^"]*)"/.exec(iframe)?.[1]?.split(' ');
    expect(sandbox?.sort()).toEqual(['allow-popups', 'allow-popups-to-escape-sandbox', 'allow-same-origin']);
    expect(iframe).toContain('srcdoc="&lt;base target=&quot;_blank&quot;&gt;&lt;p&gt;Hello&lt;/p&gt;');
  });

  it('when an unknown message page is opened, then it is a 404 page', async () => {
    const { status, html } = await page('messages/unknown.html');
    expect(status).toBe(404);
    expect(html).toContain('Message not found');
  });
});

describe('local ACS mailbox file', () => {
  it('when the server restarts with the same dataFile, then earlier messages and operation ids are kept', async () => {
    const dir = await mkdtemp(path.join(os.tmpdir(), 'local-acs-'));
    const options = {
      cert: certificates.cert,
      key: certificates.key,
      accessKey: generateAccessKey(),
      dataFile: path.join(dir, 'mailbox.jsonl'),
    };
    const email = {
      senderAddress: 'DoNotReply@onboarding.example',
      content: { subject: 'Kept', plainText: 'Still here' },
      recipients: { to: [{ address: 'kept@example.com' }] },
    };
    const operationId = crypto.randomUUID();
    try {
      const first = await startLocalAcs(options);
      await (await new EmailClient(first.connectionString).beginSend(email, { operationId })).pollUntilDone();
      const before = first.messages();
      await first.close();

      const second = await startLocalAcs(options);
      try {
        expect(second.messages()).toEqual(before);
        const response = await fetch(`${second.url}messages?to=kept@example.com`);
        expect(((await response.json()) as unknown[]).length).toBe(1);
        // The operation is still known after the restart, so its id cannot be taken by another send.
        const again = await new EmailClient(second.connectionString).beginSend(email, { operationId }).catch((e) => e);
        expect(again).toMatchObject({ name: 'RestError', statusCode: 409 });
        expect(second.messages()).toHaveLength(1);
      } finally {
        await second.close();
      }
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });

  it('when the mailbox is cleared, then it stays empty after a restart', async () => {
    const dir = await mkdtemp(path.join(os.tmpdir(), 'local-acs-'));
    const options = {
      cert: certificates.cert,
      key: certificates.key,
      accessKey: generateAccessKey(),
      dataFile: path.join(dir, 'nested', 'mailbox.jsonl'),
    };
    try {
      const first = await startLocalAcs(options);
      await new SmsClient(first.connectionString).send({ from: '+18005550100', to: ['+33612345678'], message: 'x' });
      first.clear();
      await first.close();
      const second = await startLocalAcs(options);
      expect(second.messages()).toEqual([]);
      await second.close();
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
});
