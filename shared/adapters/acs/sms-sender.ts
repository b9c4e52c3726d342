/**
 * Sends activation SMS through ACS with `@azure/communication-sms` (`SmsClient`, `POST /sms`), on the same ACS
 * resource and credential as email, with `enableDeliveryReport: true` and a `tag` naming provider, client and SMS
 * (the delivery report carries it back, so it finds the file). The SDK is imported on the first send.
 *
 * - No retries here (`retryOptions.maxRetries: 0`): the dispatcher owns them, so one place decides when to give up.
 * - Repeatability: the SDK writes a fresh `repeatabilityRequestId` / `repeatabilityFirstSent` per recipient on every
 *   call, which would make a retried send a new SMS; a pipeline policy replaces them with the dispatcher's pair (the
 *   SMS id and the first-sent instant kept on the file), so ACS executes a repeated send once.
 * - Outcomes: ACS answers 202 with one result per recipient (`successful`, `httpStatusCode`, `repeatabilityResult`);
 *   a request-level failure (401, 429 with Retry-After, 5xx) is thrown by the SDK as a `RestError`.
 */

import type { SmsClient, SmsSendResult } from '@azure/communication-sms';
import type { TokenCredential } from '@azure/core-auth';
import type { PipelinePolicy } from '@azure/core-rest-pipeline';
import type { SmsMessage, SmsOutcome, SmsSender } from '../../domain/activation-sms.js';
import { type AcsResource, retryAfterSeconds } from './email-sender.js';

const SEND_TIMEOUT_MS = 30_000;
/** Carries the dispatcher's pair from the call to the policy; never sent. */
const PAIR_HEADER = 'x-activation-sms-repeatability';

/** Replaces the SDK's generated repeatability pair with the one the call carries. */
export const repeatabilityPolicy: PipelinePolicy = {
  name: 'activationSmsRepeatability',
  async sendRequest(request, next) {
    const pair = request.headers.get(PAIR_HEADER);
    if (pair && typeof request.body === 'string') {
      request.headers.delete(PAIR_HEADER);
      const { requestId, firstSent } = JSON.parse(pair) as { requestId: string; firstSent: string };
      const body = JSON.parse(request.body) as { smsRecipients?: Array<Record<string, unknown>> };
      for (const recipient of body.smsRecipients ?? []) {
        recipient.repeatabilityRequestId = requestId;
        recipient.repeatabilityFirstSent = firstSent;
      }
      request.body = JSON.stringify(body);
    }
    return next(request);
  },
};

export function acsSmsSender(
  resource: AcsResource,
  from: string,
  /** Extra policies under the SDK's (tests look at what goes over the wire). */
  extraPolicies: PipelinePolicy[] = [],
): SmsSender {
  let ready: Promise<SmsClient> | undefined;
  const client = () => {
    ready ??= (async () => {
      const { SmsClient } = await import('@azure/communication-sms');
      const options = {
        retryOptions: { maxRetries: 0 },
        allowInsecureConnection: resource.endpoint.startsWith('http://'),
        additionalPolicies: [
          { policy: repeatabilityPolicy, position: 'perCall' as const },
          ...extraPolicies.map((policy) => ({ policy, position: 'perRetry' as const })),
        ],
      };
      return typeof resource.credential === 'string'
        ? new SmsClient(resource.credential, options)
        : new SmsClient(resource.endpoint, resource.credential as TokenCredential, options);
    })().catch((error: unknown) => {
      ready = undefined;
      throw error;
    });
    return ready;
  };

  return {
    async send(message: SmsMessage): Promise<SmsOutcome> {
      const sms = await client();
      let results: SmsSendResult[];
      try {
        results = await sms.send(
          { from, to: [message.to], message: message.text },
          {
            enableDeliveryReport: true,
            tag: message.tag,
            requestOptions: {
              timeout: SEND_TIMEOUT_MS,
              customHeaders: {
                [PAIR_HEADER]: JSON.stringify({
                  requestId: message.repeatability.requestId,
                  // IMF-fixdate, as the repeatable-requests specification asks.
                  firstSent: message.repeatability.firstSentAt.toUTCString(),
                }),
              },
            },
          },
        );
      } catch (error) {
        return thrownOutcome(error);
      }
      const result = results[0];
      if (!result) return { kind: 'transient-failure', reason: 'ACS answered without a result for the recipient' };
      return recipientOutcome(result);
    },
  };
}

/** A request-level failure (the SDK's RestError), or no answer at all. */
export function thrownOutcome(error: unknown): SmsOutcome {
  const e = error as { statusCode?: number; response?: { headers?: { get(name: string): string | undefined } } };
  const status = e?.statusCode;
  const text = (error instanceof Error ? error.message : String(error)).split('\n')[0]!.slice(0, 200);
  if (status === undefined) return { kind: 'transient-failure', reason: `ACS unreachable: ${text}` };
  const retryAfter = retryAfterSeconds(e.response?.headers?.get('retry-after'));
  const withRetryAfter = retryAfter === undefined ? {} : { retryAfterSeconds: retryAfter };
  if (status === 429) return { kind: 'throttled', reason: 'ACS answered 429 (throttled)', ...withRetryAfter };
  if (status === 408 || status >= 500) {
    return { kind: 'transient-failure', reason: `ACS answered ${status}`, ...withRetryAfter };
  }
  // The service's own credentials refused (a role assignment not yet in effect): nothing about this SMS, so it is
  // retried with the usual backoff instead of failing at the first answer.
  if (status === 401 || status === 403) {
    return { kind: 'transient-failure', reason: `ACS refused the service's credentials (${status}): ${text}` };
  }
  return { kind: 'permanent-failure', reason: `ACS refused the SMS (${status}): ${text}` };
}

/** The recipient's own result: accepted (202, or a repeated request accepted again), or why not. */
export function recipientOutcome(result: SmsSendResult): SmsOutcome {
  if (result.successful) return { kind: 'sent', ...(result.messageId ? { messageId: result.messageId } : {}) };
  const status = result.httpStatusCode;
  const detail = (result.errorMessage ?? 'no detail').split('\n')[0]!.slice(0, 200);
  if (status === 429) return { kind: 'throttled', reason: `ACS throttled the SMS (429): ${detail}` };
  if (status === 412) {
    return {
      kind: 'transient-failure',
      reason: `ACS refused the repeatability window (412): ${detail}`,
      renewWindow: true,
    };
  }
  if (status === 408 || status === 409 || status >= 500) {
    return { kind: 'transient-failure', reason: `ACS answered ${status} for the recipient: ${detail}` };
  }
  return { kind: 'permanent-failure', reason: `ACS refused the SMS (${status}): ${detail}` };
}
