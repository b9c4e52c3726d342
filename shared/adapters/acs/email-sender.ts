/**
 * Sends emails through ACS's `POST /emails:send` (REST API 2025-09-01), signed by the SDK's own pipeline and
 * authentication policy (`@azure/core-rest-pipeline`, `@azure/communication-common`: HMAC with a connection string,
 * or an Entra token of the managed identity). It answers as soon as ACS has answered the send: the 202 means ACS
 * accepted the email, and the outcome of its delivery arrives later as an Event Grid delivery report. The
 * operation's status is never polled: status reads have their own small quota (10 a minute on an Azure-managed
 * domain), and `EmailClient.beginSend` polls once even before `pollUntilDone`, so the SDK's client is not used here.
 *
 * Each send carries the email's id as `Operation-Id` and the row's repeatability pair (`Repeatability-Request-Id`,
 * `Repeatability-First-Sent`), so a repeated send within ACS's 5-minute window is executed once. No retries here:
 * the dispatcher owns them, so one place decides when to give up.
 */
import type { TokenCredential } from '@azure/core-auth';
import type { HttpClient, Pipeline, PipelineResponse } from '@azure/core-rest-pipeline';
import type { EmailMessage, EmailOutcome, EmailSender } from '../../domain/ports.js';

export const EMAIL_API_VERSION = '2025-09-01';
/** A send that has not been answered by then is a passing failure (its pair is repeated on the retry). */
const SEND_TIMEOUT_MS = 30_000;

export interface AcsResource {
  /** `https://<resource>.communication.azure.com` (or the local ACS). */
  endpoint: string;
  /** A connection string (`endpoint=…;accesskey=…`), or the managed identity. */
  credential: string | TokenCredential;
}

interface SendPipeline {
  url: string;
  pipeline: Pipeline;
  httpClient: HttpClient;
  sdk: typeof import('@azure/core-rest-pipeline');
}

export function acsEmailSender(
  resource: AcsResource,
  sender: { address: string; displayName: string },
  /** The HTTP client under the pipeline (the default one; tests wrap it to see what goes over the wire). */
  httpClient?: HttpClient,
): EmailSender {
  let ready: Promise<SendPipeline> | undefined;
  // The SDK modules are imported when the first email goes out, not when the app loads.
  const pipeline = () => {
    ready ??= (async () => {
      const [{ createCommunicationAuthPolicy, parseClientArguments }, sdk] = await Promise.all([
        import('@azure/communication-common'),
        import('@azure/core-rest-pipeline'),
      ]);
      const { url, credential } =
        typeof resource.credential === 'string'
          ? parseClientArguments(resource.credential)
          : parseClientArguments(resource.endpoint, resource.credential);
      const built = sdk.createEmptyPipeline();
      built.addPolicy(createCommunicationAuthPolicy(credential));
      return { url, pipeline: built, httpClient: httpClient ?? sdk.createDefaultHttpClient(), sdk };
    })().catch((error: unknown) => {
      ready = undefined;
      throw error;
    });
    return ready;
  };

  return {
    async send(message: EmailMessage): Promise<EmailOutcome> {
      const { url, pipeline: signed, httpClient: client, sdk } = await pipeline();
      const request = sdk.createPipelineRequest({
        url: new URL(`/emails:send?api-version=${EMAIL_API_VERSION}`, url).toString(),
        method: 'POST',
        headers: sdk.createHttpHeaders({
          'content-type': 'application/json',
          accept: 'application/json',
          'operation-id': message.messageId,
          'repeatability-request-id': message.repeatability.requestId,
          // IMF-fixdate, as the repeatable-requests specification asks.
          'repeatability-first-sent': message.repeatability.firstSentAt.toUTCString(),
        }),
        body: JSON.stringify({
          senderAddress: sender.address,
          content: { subject: message.subject, plainText: message.text, html: message.html },
          recipients: { to: [message.to] },
          // Invitation links must reach the invitee as written: no click tracking rewriting them.
          userEngagementTrackingDisabled: true,
        }),
        timeout: SEND_TIMEOUT_MS,
        allowInsecureConnection: url.startsWith('http://'),
      });
      let response: PipelineResponse;
      try {
        response = await signed.sendRequest(client, request);
      } catch (error) {
        const text = error instanceof Error ? error.message : String(error);
        return { kind: 'transient-failure', reason: `ACS unreachable: ${text.split('\n')[0]!.slice(0, 200)}` };
      }
      return outcomeOf(response);
    },
  };
}

/** Seconds of a Retry-After header (delta-seconds or an HTTP date), when it has a usable one. */
export function retryAfterSeconds(header: string | undefined, now = Date.now()): number | undefined {
  if (!header) return undefined;
  if (/^\d+$/.test(header.trim())) return Number(header.trim());
  const at = Date.parse(header);
  return Number.isNaN(at) ? undefined : Math.max(0, Math.ceil((at - now) / 1000));
}

function errorMessage(response: PipelineResponse): string {
  try {
    const body = JSON.parse(response.bodyAsText ?? '') as { error?: { code?: string; message?: string } };
    const parts = [body.error?.code, body.error?.message].filter(Boolean);
    if (parts.length) return parts.join(': ').split('\n')[0]!.slice(0, 300);
  } catch {
    // Not JSON: the status says enough.
  }
  return response.headers.get('x-ms-error-code') ?? 'no detail';
}

function outcomeOf(response: PipelineResponse): EmailOutcome {
  const status = response.status;
  if (status === 202 || status === 200) return { kind: 'sent' };
  const retryAfter = retryAfterSeconds(response.headers.get('retry-after'));
  const withRetryAfter = retryAfter === undefined ? {} : { retryAfterSeconds: retryAfter };
  if (status === 429) return { kind: 'throttled', reason: 'ACS answered 429 (throttled)', ...withRetryAfter };
  if (status === 412) {
    // The repeatability window is no longer tracked by ACS (a clock off by minutes): send again with a new pair.
    return {
      kind: 'transient-failure',
      reason: `ACS refused the repeatability window (412): ${errorMessage(response)}`,
      renewWindow: true,
    };
  }
  // 409: the same repeatable request is still being processed; 408 and 5xx: unknown outcome, repeat the same pair.
  if (status === 408 || status === 409 || status >= 500) {
    return { kind: 'transient-failure', reason: `ACS answered ${status}`, ...withRetryAfter };
  }
  // The service's own credentials refused (a role assignment not yet in effect, a token for the wrong resource):
  // nothing about this email, so it is retried with the usual backoff instead of failing at the first answer.
  if (status === 401 || status === 403) {
    return {
      kind: 'transient-failure',
      reason: `ACS refused the service's credentials (${status}): ${errorMessage(response)}`,
    };
  }
  return { kind: 'permanent-failure', reason: `ACS refused the email (${status}): ${errorMessage(response)}` };
}
