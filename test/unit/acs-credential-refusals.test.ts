/**
 * ACS refusing the service's own credentials (401/403: a role assignment not yet in effect after a deployment, a
 * token for another resource) says nothing about the SMS: it is retried with the usual backoff, not failed at once.
 * A refusal of the message itself (400) stays permanent. The email adapter's same rule is tested against the local
 * ACS (test/integration/email-sender.test.ts).
 */
import { describe, expect, it } from 'vitest';
import { thrownOutcome } from '../../shared/adapters/acs/sms-sender.js';

const restError = (statusCode: number) =>
  Object.assign(new Error(`Denied by the resource provider. (${statusCode})`), { statusCode });

describe('an SMS request ACS refused', () => {
  it.each([401, 403])('for the service’s credentials (%i): a passing failure, retried', (status) => {
    expect(thrownOutcome(restError(status))).toMatchObject({
      kind: 'transient-failure',
      reason: expect.stringContaining(`credentials (${status})`),
    });
  });

  it('for the message itself (400): a permanent failure', () => {
    expect(thrownOutcome(restError(400))).toMatchObject({ kind: 'permanent-failure' });
  });
});
