/**
 * The Event Grid trigger of the local Functions host, served as the Functions Event Grid extension serves it
 * (Azure/azure-sdk-for-net `Microsoft.Azure.WebJobs.Extensions.EventGrid`, `EventGridExtensionConfigProvider.cs`
 * and `HttpRequestProcessor.cs`): `POST /runtime/webhooks/EventGrid?functionName=<name>` with the header
 * `aeg-event-type`:
 * - `SubscriptionValidation` → `200 {"validationResponse": <data.validationCode of the first event>}`;
 * - `Notification` → the function runs once per event of the array body (an object body is one event, the
 *   CloudEvents structured form), all at once; `202` when every run succeeded, else `500` so Event Grid retries;
 * - `Unsubscribe` → `202`; any other value or none → `400`; an unknown `functionName` → `404`.
 * In Azure the URL also carries `code=<the eventgrid_extension system key>`; Core Tools do not check it locally and
 * neither do we (docs/local-stack.md).
 */
import { randomUUID } from 'node:crypto';
import { type InvocationEnv, invoke, type Registration } from './core-shim.js';

/** The path the real host registers for the extension (matched case-insensitively, like every host route). */
export const eventGridWebhookPath = '/runtime/webhooks/eventgrid';

export interface WebhookAnswer {
  status: number;
  headers?: Record<string, string>;
  body?: string;
}

export type EventGridWebhook = (
  query: URLSearchParams,
  headers: Record<string, string>,
  body: Buffer,
) => Promise<WebhookAnswer>;

export function isEventGridTrigger(reg: Registration): boolean {
  return reg.trigger.type.toLowerCase() === 'eventgridtrigger';
}

function text(status: number, body: string): WebhookAnswer {
  return { status, headers: { 'content-type': 'text/plain; charset=utf-8' }, body };
}

function parse(body: Buffer): unknown {
  try {
    return JSON.parse(body.toString('utf8')) as unknown;
  } catch {
    return undefined;
  }
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** `data.validationCode` of the first event (Event Grid schema), or of the object's `data` (CloudEvents, maybe a JSON string). */
function validationCode(payload: unknown): string | undefined {
  const first = Array.isArray(payload) ? payload[0] : payload;
  if (!isObject(first)) return undefined;
  let data = first.data;
  if (typeof data === 'string') data = parse(Buffer.from(data));
  const code = isObject(data) ? data.validationCode : undefined;
  return typeof code === 'string' || typeof code === 'number' ? String(code) : undefined;
}

/** Trigger metadata the way the host derives binding data from the event: its top-level properties, plus `sys`. */
function metadataOf(event: Record<string, unknown>, reg: Registration): Record<string, unknown> {
  return {
    ...event,
    sys: { MethodName: reg.name, UtcNow: new Date().toISOString(), RandGuid: randomUUID() },
  };
}

export function createEventGridWebhook(env: InvocationEnv, registrations: Registration[]): EventGridWebhook {
  // The extension keeps its listeners in a plain Dictionary: function names match exactly (case-sensitive).
  const functions = new Map(registrations.filter(isEventGridTrigger).map((reg) => [reg.name, reg]));
  return async (query, headers, body) => {
    const name = query.get('functionName') ?? '';
    const reg = functions.get(name);
    if (!reg) return text(404, `cannot find function: '${name}'`);
    const kind = (headers['aeg-event-type'] ?? '').toLowerCase();
    if (kind === 'subscriptionvalidation') {
      const code = validationCode(parse(body));
      if (code === undefined) return text(400, 'The subscription validation event has no data.validationCode.');
      return {
        status: 200,
        headers: { 'content-type': 'application/json; charset=utf-8' },
        body: JSON.stringify({ validationResponse: code }),
      };
    }
    if (kind === 'unsubscribe') return { status: 202 };
    if (kind !== 'notification') return { status: 400 };
    const payload = parse(body);
    const events = Array.isArray(payload) ? payload : [payload];
    if (payload === undefined || !events.every(isObject)) {
      return text(400, 'The request content should be a JSON array of events or one event object.');
    }
    const reason = `EventGrid trigger fired at ${new Date().toISOString()}`;
    const runs = await Promise.allSettled(
      events.map((event) => invoke(env, reg, { inputs: [event], triggerMetadata: metadataOf(event, reg), reason })),
    );
    const failed = runs.find((run): run is PromiseRejectedResult => run.status === 'rejected');
    if (failed) {
      const error = failed.reason as { message?: unknown };
      return text(500, typeof error?.message === 'string' ? error.message : 'The function failed.');
    }
    return { status: 202 };
  };
}
