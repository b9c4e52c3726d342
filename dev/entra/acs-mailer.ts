/**
 * Sends the local Entra ID's sign-up verification codes through Azure Communication Services with the real
 * `@azure/communication-email` client — in the local stack, the local ACS, so codes land in its mailbox.
 */
import { EmailClient } from '@azure/communication-email';
import type { VerificationMailer } from './context.js';

export function acsVerificationMailer(connectionString: string, senderAddress: string): VerificationMailer {
  // The SDK refuses http endpoints unless told; the local ACS may speak either.
  const client = new EmailClient(connectionString, {
    allowInsecureConnection: /endpoint=http:\/\//i.test(connectionString),
  });
  return async (message) => {
    const poller = await client.beginSend(
      {
        senderAddress,
        content: { subject: message.subject, plainText: message.text, html: message.html },
        recipients: { to: [{ address: message.to }] },
        headers: { 'Content-Language': message.locale },
      },
      { updateIntervalInMs: 250 },
    );
    const result = await poller.pollUntilDone();
    if (result.status !== 'Succeeded') {
      throw new Error(`Verification email not sent: ${result.status} ${result.error?.message ?? ''}`.trim());
    }
  };
}
