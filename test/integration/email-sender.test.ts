/**
 * The ACS email adapter against the local ACS, through the Azure SDK's pipeline and authentication policy with the
 * app's managed identity: what goes over the wire (one POST with its bearer token, never a status poll), repeatable
 * sends, and how ACS's answers become outcomes.
 */
import { randomUUID } from 'node:crypto';
import {
  createDefaultHttpClient,
  type HttpClient,
  type PipelineRequest,
  type PipelineResponse,
} from '@azure/core-rest-pipeline';
import { describe, expect, it } from 'vitest';
import { acsEmailSender } from '../../shared/adapters/acs/email-sender.js';
import type { EmailMessage } from '../../shared/domain/ports.js';
import { mailbox, managedIdentityCredential, stack, uniqueEmail, waitForMessage } from '../support/stack.js';

/** The default HTTP client, recording every request and its answer. */
function recordingClient(): HttpClient & { seen: Array<{ request: PipelineRequest; response: PipelineResponse }> } {
  const inner = createDefaultHttpClient();
  const seen: Array<{ request: PipelineRequest; response: PipelineResponse }> = [];
  return {
    seen,
    async sendRequest(request) {
      const response = await inner.sendRequest(request);
      seen.push({ request, response });
      return response;
    },
  };
}

const SENDER = { address: 'DoNotReply@mail.gfms.example', displayName: 'My rConnect' };

function message(to: string, overrides: Partial<EmailMessage> = {}): EmailMessage {
  return {
    messageId: randomUUID(),
    repeatability: { requestId: randomUUID(), firstSentAt: new Date() },
    to: { address: to, displayName: 'Zoé Faure' },
    subject: 'Invitation',
    html: '<p>Bonjour</p>',
    text: 'Bonjour',
    ...overrides,
  };
}

/** The ACS resource as the app reaches it: its endpoint and the app's managed identity (the key is refused). */
const resource = () => ({ endpoint: stack().acs.endpoint, credential: managedIdentityCredential() });

describe('ACS email adapter', () => {
  it('when an email is sent, then one signed POST carries its id and repeatability pair, no status is polled, and it arrives', async () => {
    const client = recordingClient();
    const sender = acsEmailSender(resource(), SENDER, client);
    const to = uniqueEmail('adapter');
    const sent = message(to);

    expect(await sender.send(sent)).toEqual({ kind: 'sent' });

    expect(client.seen).toHaveLength(1);
    const [{ request, response }] = client.seen as [{ request: PipelineRequest; response: PipelineResponse }];
    expect(request.method).toBe('POST');
    expect(new URL(request.url).pathname).toBe('/emails:send');
    expect(response.status).toBe(202);
    expect(request.headers.get('operation-id')).toBe(sent.messageId);
    expect(request.headers.get('repeatability-request-id')).toBe(sent.repeatability.requestId);
    expect(request.headers.get('repeatability-first-sent')).toBe(sent.repeatability.firstSentAt.toUTCString());
    expect(request.headers.get('authorization')).toMatch(/^Bearer /);
    expect(JSON.parse(String(request.body))).toMatchObject({ userEngagementTrackingDisabled: true });
    await waitForMessage(to);
  });

  it('when the same repeatable send is made twice, then ACS accepts both and one email arrives', async () => {
    const sender = acsEmailSender(resource(), SENDER);
    const to = uniqueEmail('adapter-repeat');
    const sent = message(to);
    expect(await sender.send(sent)).toEqual({ kind: 'sent' });
    expect(await sender.send(sent)).toEqual({ kind: 'sent' });
    await waitForMessage(to);
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect(await mailbox(to)).toHaveLength(1);
  });

  it('when ACS refuses the email (400), then it is a permanent failure with ACS’s reason', async () => {
    const sender = acsEmailSender(resource(), SENDER);
    const outcome = await sender.send(message('not an address'));
    expect(outcome).toMatchObject({
      kind: 'permanent-failure',
      reason: expect.stringMatching(/^ACS refused the email \(400\)/),
    });
  });

  it('when the resource’s access key signs the send, then ACS refuses it (local auth disabled), nothing is sent, and the email waits for a retry (the service’s credentials, not the email, were refused)', async () => {
    const sender = acsEmailSender({ endpoint: stack().acs.endpoint, credential: stack().acs.connectionString }, SENDER);
    const to = uniqueEmail('adapter-unsigned');
    expect(await sender.send(message(to))).toMatchObject({
      kind: 'transient-failure',
      reason: expect.stringMatching(/credentials \(401\)/),
    });
    expect(await mailbox(to)).toEqual([]);
  });

  it('when ACS cannot be reached, then it is a passing failure', async () => {
    const sender = acsEmailSender(
      {
        endpoint: 'https://localhost:9/',
        credential: `endpoint=https://localhost:9/;accesskey=${Buffer.alloc(32).toString('base64')}`,
      },
      SENDER,
    );
    expect(await sender.send(message(uniqueEmail('adapter-down')))).toMatchObject({
      kind: 'transient-failure',
      reason: expect.stringMatching(/^ACS unreachable/),
    });
  });
});
