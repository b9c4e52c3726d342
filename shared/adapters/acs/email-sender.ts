/**
 * Sends emails with `@azure/communication-email`. The outbox row id is the ACS operation id, so a send retried
 * after a crash is recognised by ACS instead of going out twice. The SDK's own retries are off (see deps.ts): the
 * dispatcher owns retrying, with backoff that honours Retry-After, so one place decides when to give up.
 */
import type { EmailClient } from '@azure/communication-email';
import type { EmailOutcome, EmailSender } from '../../domain/ports.js';

/** `client` may be given as a loader, so the SDK is imported when the first email goes out. */
export function acsEmailSender(
  client: EmailClient | (() => Promise<EmailClient>),
  sender: { address: string; displayName: string },
): EmailSender {
  const emailClient = async () => (typeof client === 'function' ? client() : client);
  return {
    async send(message): Promise<EmailOutcome> {
      try {
        const poller = await (await emailClient()).beginSend(
          {
            senderAddress: sender.address,
            content: { subject: message.subject, html: message.html, plainText: message.text },
            recipients: { to: [message.to] },
            // Invitation links must reach the invitee as written: no click tracking rewriting them.
            disableUserEngagementTracking: true,
          },
          { operationId: message.operationId, updateIntervalInMs: 250 },
        );
        const result = await poller.pollUntilDone();
        if (result.status === 'Succeeded') return { kind: 'sent' };
        return {
          kind: 'permanent-failure',
          reason: `ACS reported ${result.status}${result.error?.message ? `: ${result.error.message}` : ''}`,
        };
      } catch (error) {
        return classify(error);
      }
    },
  };
}

function classify(error: unknown): EmailOutcome {
  const e = error as {
    statusCode?: number;
    message?: string;
    response?: { headers?: { get(name: string): string | undefined } };
  };
  const status = e.statusCode;
  const message = (e.message ?? String(error)).split('\n')[0]!.slice(0, 300);
  if (status === undefined) {
    // No HTTP answer (network, timeout) or the operation failed while polling.
    if (/long-running operation has failed/i.test(message)) return { kind: 'permanent-failure', reason: message };
    return { kind: 'transient-failure', reason: `ACS unreachable: ${message}` };
  }
  if (status === 429 || status === 408 || status >= 500) {
    const header = e.response?.headers?.get('retry-after');
    const retryAfterSeconds = header && /^\d+$/.test(header) ? Number(header) : undefined;
    return {
      kind: 'transient-failure',
      reason: `ACS answered ${status}${status === 429 ? ' (throttled)' : ''}`,
      ...(retryAfterSeconds === undefined ? {} : { retryAfterSeconds }),
    };
  }
  return { kind: 'permanent-failure', reason: `ACS refused the email (${status}): ${message}` };
}
