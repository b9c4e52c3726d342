/**
 * The ACS SMS adapter (shared/adapters/acs/sms-sender.ts) against the local ACS, through `@azure/communication-sms`:
 * what goes over the wire (the dispatcher's repeatability pair, not the SDK's own; a delivery report and its tag),
 * a repeated send arriving once, and how ACS's answers become outcomes.
 */
import { randomInt, randomUUID } from 'node:crypto';
import type { PipelinePolicy, PipelineRequest } from '@azure/core-rest-pipeline';
import { describe, expect, it } from 'vitest';
import { acsSmsSender } from '../../shared/adapters/acs/sms-sender.js';
import type { SmsMessage } from '../../shared/domain/activation-sms.js';
import { failNextSends, mailbox, managedIdentityCredential, stack, waitForMessage } from '../support/stack.js';

const FROM = '+33700000001';
const mobile = () => `+33698${String(randomInt(1_000_000)).padStart(6, '0')}`;
/** The ACS resource as the app reaches it: its endpoint and the app's managed identity (the key is refused). */
const resource = () => ({ endpoint: stack().acs.endpoint, credential: managedIdentityCredential() });

function message(to: string, overrides: Partial<SmsMessage> = {}): SmsMessage {
  const smsId = randomUUID();
  return {
    smsId,
    to,
    text: 'My rConnect: activation code 482913, valid 10 minutes.',
    tag: `act1|gfms|c-1|${smsId}`,
    repeatability: { requestId: smsId, firstSentAt: new Date() },
    ...overrides,
  };
}

/** Records each request as it leaves (after the SDK and the sender's own policies). */
function recorder(): PipelinePolicy & { seen: Array<{ request: PipelineRequest; body: Record<string, unknown> }> } {
  const seen: Array<{ request: PipelineRequest; body: Record<string, unknown> }> = [];
  return {
    name: 'recorder',
    seen,
    async sendRequest(request, next) {
      seen.push({ request, body: JSON.parse(String(request.body)) as Record<string, unknown> });
      return next(request);
    },
  };
}

describe('ACS SMS adapter', () => {
  it('sends with the dispatcher’s repeatability pair, a delivery report and its tag, and the SMS arrives', async () => {
    const wire = recorder();
    const sender = acsSmsSender(resource(), FROM, [wire]);
    const to = mobile();
    const sent = message(to);
    expect(await sender.send(sent)).toMatchObject({ kind: 'sent', messageId: expect.stringMatching(/^Outgoing_/) });
    expect(wire.seen).toHaveLength(1);
    const [{ request, body }] = wire.seen as [{ request: PipelineRequest; body: Record<string, unknown> }];
    expect(request.headers.get('authorization')).toMatch(/^Bearer /);
    expect(request.headers.has('x-activation-sms-repeatability')).toBe(false);
    expect(body).toMatchObject({
      from: FROM,
      smsRecipients: [
        {
          to,
          repeatabilityRequestId: sent.repeatability.requestId,
          repeatabilityFirstSent: sent.repeatability.firstSentAt.toUTCString(),
        },
      ],
      smsSendOptions: { enableDeliveryReport: true, tag: sent.tag },
    });
    expect((await waitForMessage(to)).text).toBe(sent.text);
  });

  it('the same send twice (a retry after a crash): ACS accepts both and one SMS arrives', async () => {
    const sender = acsSmsSender(resource(), FROM);
    const to = mobile();
    const sent = message(to);
    expect((await sender.send(sent)).kind).toBe('sent');
    expect((await sender.send(sent)).kind).toBe('sent');
    await waitForMessage(to);
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect(await mailbox(to)).toHaveLength(1);
  });

  it('a pair older than ACS’s 5 minutes is refused (412): a passing failure that renews the window', async () => {
    const sender = acsSmsSender(resource(), FROM);
    const old = message(mobile());
    old.repeatability.firstSentAt = new Date(Date.now() - 6 * 60_000);
    expect(await sender.send(old)).toMatchObject({ kind: 'transient-failure', renewWindow: true });
  });

  it('a number ACS cannot take is a permanent failure; 429 is throttled with Retry-After; 503 a passing failure', async () => {
    const sender = acsSmsSender(resource(), FROM);
    expect(await sender.send(message('0612345678'))).toMatchObject({
      kind: 'permanent-failure',
      reason: expect.stringMatching(/^ACS refused the SMS \(400\)/),
    });
    const throttled = mobile();
    await failNextSends({ count: 1, status: 429, retryAfterSeconds: 7, kind: 'sms', to: throttled });
    expect(await sender.send(message(throttled))).toMatchObject({ kind: 'throttled', retryAfterSeconds: 7 });
    const failing = mobile();
    await failNextSends({ count: 1, status: 503, kind: 'sms', to: failing });
    expect(await sender.send(message(failing))).toMatchObject({ kind: 'transient-failure' });
  });

  it('when ACS cannot be reached, then it is a passing failure', async () => {
    const sender = acsSmsSender(
      {
        endpoint: 'https://localhost:9/',
        credential: `endpoint=https://localhost:9/;accesskey=${Buffer.alloc(32).toString('base64')}`,
      },
      FROM,
    );
    expect(await sender.send(message(mobile()))).toMatchObject({
      kind: 'transient-failure',
      reason: expect.stringMatching(/^ACS unreachable/),
    });
  });
});
