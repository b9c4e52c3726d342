/**
 * The local Azure Communication Services: an https server that speaks the REST operations of
 * `@azure/communication-email` and `@azure/communication-sms` (HMAC signatures verified), keeps every message
 * in a mailbox (web page and JSON, see API.md "Local stack contract") and can be told to fail for fault tests.
 *
 * Routes (development only; nothing here is meant to be reachable beyond 127.0.0.1):
 * - ACS, HMAC-signed or with an Entra bearer token (`entra-auth.ts`): `POST /emails:send`,
 *   `GET /emails/operations/{id}`, `POST /sms` (all with `?api-version=`); with `disableLocalAuth`, tokens only.
 * - Mailbox: `GET /` (page, `?to=` filter), `GET /messages[?to=]`, `GET /messages/{id}`, `GET /messages/{id}.html`,
 *   `DELETE /messages` (empties the mailbox).
 * - Test control, unauthenticated on purpose: `POST /__control/failures` `{count,status,retryAfterSeconds?,kind?}`,
 *   `GET` and `DELETE /__control/failures`; Event Grid: `POST|GET /__control/event-subscriptions`,
 *   `DELETE /__control/event-subscriptions/{name}`, `GET /__control/event-deliveries`, and
 *   `POST|GET|DELETE /__control/delivery-outcomes` `{to,status,statusMessage?}`. They require
 *   `content-type: application/json` (POST) or a non-simple method, so a web page in a browser cannot trigger them
 *   cross-site without a CORS preflight, which is refused.
 */
import { randomBytes } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { createServer } from 'node:https';
import type { AddressInfo } from 'node:net';
import { type DeliveryOutcome, DeliveryOutcomes, emailDeliveryReports, smsDeliveryReport } from './delivery-reports.js';
import { emailOperation, sendEmail } from './email.js';
import { type AcsEntraOptions, verifyEntraBearer } from './entra-auth.js';
import { type EventDelivery, EventGridTopic, type EventSubscription, SubscriptionRefused } from './event-grid.js';
import { type Failure, FailureInjector, type FailureRule, parseFailureRule } from './failures.js';
import {
  type AcsAnswer,
  acsError,
  BodyTooLargeError,
  parseJson,
  readBody,
  sendAcsError,
  sendAnswer,
  sendHtml,
  sendJson,
  sendNoContent,
} from './http.js';
import { renderMailboxPage, renderMessagePage, renderNotFoundPage } from './mailbox-page.js';
import { CUSTOM_DOMAIN_QUOTA, EmailLimits, type EmailQuota, parseQuota, SlidingLimit, SMS_WINDOW } from './quota.js';
import { RepeatableRequests } from './repeatability.js';
import { verifyAcsSignature } from './signature.js';
import { handleSmsSend, isAlphanumericSender, smsSendOptions } from './sms.js';
import { MessageStore, type StoredMessage, type StoredRecord } from './store.js';

export type { DeliveryOutcome } from './delivery-reports.js';
export type { AcsEntraOptions, AcsRoleAssignment } from './entra-auth.js';
export type { EventDelivery, EventSubscription } from './event-grid.js';
export type { FailureRule } from './failures.js';
export type { EmailQuota } from './quota.js';
export { signAcsRequest } from './signature.js';
export type { StoredMessage } from './store.js';

export interface LocalAcsOptions {
  /** 0 (the default) picks a free port. */
  port?: number;
  /** Interface to listen on; defaults to 127.0.0.1. */
  hostname?: string;
  /** PEM certificate and key for https (the SDKs refuse http unless told to allow it). */
  cert: string;
  key: string;
  /** The base64 access key clients must sign with (see `generateAccessKey`). */
  accessKey: string;
  /** JSON-lines file that keeps the mailbox across restarts; omitted, messages live in memory only. */
  dataFile?: string;
  /** Host name used in the URLs handed out; defaults to localhost (the dev certificate's name). */
  publicHost?: string;
  /** The resource id of this ACS, the `topic` of its events; defaults to a local-looking one. */
  resourceId?: string;
  /** JSON file keeping Event Grid subscriptions and undelivered events across restarts; omitted, in memory. */
  eventGridFile?: string;
  /** Multiplies Event Grid's retry schedule (default 0.01: 10 s → 100 ms, 24 h → 14.4 min). */
  eventGridRetryScale?: number;
  /** How long after an accepted send its delivery reports are published (default 500 ms). */
  deliveryReportDelayMs?: number;
  /** Receives the local Event Grid's log lines (subscriptions, retries, dropped events). */
  log?: (line: string) => void;
  /** Email rate limits (default: a custom domain's 30/100 sends and 60/200 status polls, per minute/hour). */
  quota?: EmailQuota;
  /** The MailFrom addresses of the linked domains; a send from another address is refused. Omitted, any sender. */
  senderAddresses?: readonly string[];
  /**
   * A second key standing for mail another Microsoft service sends through this mailbox (the local Entra ID's
   * verification codes, which Entra sends itself in Azure): not counted, no sender check, no delivery reports.
   */
  otherSenderAccessKey?: string;
  /** Time a send takes before it is answered (default 0); tests open the window of a repeated request in flight. */
  sendProcessingMs?: number;
  /** Accept Microsoft Entra bearer tokens of this tenant, from principals holding a role here; omitted, none. */
  entra?: AcsEntraOptions;
  /**
   * The resource's `disableLocalAuth`: requests signed with the access key are refused (`401 Denied`), only Entra
   * tokens pass. The other-sender key is not the resource's key (it stands for Microsoft's own mail) and still passes.
   */
  disableLocalAuth?: boolean;
}

export interface RunningLocalAcs {
  /** The mailbox page, e.g. `https://localhost:7444/`. */
  url: string;
  port: number;
  /** `endpoint=https://localhost:PORT/;accesskey=…`, ready for `new EmailClient(…)` / `new SmsClient(…)`. */
  connectionString: string;
  /** The same with `otherSenderAccessKey`, when one was given. */
  otherSenderConnectionString?: string;
  /** Mailbox items, newest first, optionally for one recipient (email case-insensitive, phone by digits). */
  messages(filter?: { to?: string }): StoredMessage[];
  /** The next `count` matching send calls answer `status` and deliver nothing. */
  failNext(rule: FailureRule): void;
  /** Changes the email rate limits (what `PUT /__control/quota` does). */
  setQuota(quota: EmailQuota): void;
  /** Creates (or updates) an Event Grid subscription after the validation handshake; throws `SubscriptionRefused`. */
  subscribe(request: { endpoint: string; includedEventTypes: string[]; name?: string }): Promise<EventSubscription>;
  /** Event deliveries, pending first, then the most recent finished ones. */
  eventDeliveries(): EventDelivery[];
  /** The delivery report of messages to `to` will carry `status` (until `clear`). */
  setDeliveryOutcome(outcome: DeliveryOutcome): void;
  /** Empties the mailbox and forgets pending failures, delivery outcomes and undelivered events (not subscriptions). */
  clear(): void;
  close(): Promise<void>;
}

/** A fresh access key in the format of ACS keys: 32 random bytes, base64. */
export function generateAccessKey(): string {
  return randomBytes(32).toString('base64');
}

const FAILURE_CODES: Record<Failure['status'], [string, string]> = {
  429: ['TooManyRequests', 'Too many requests. Retry after the interval in the Retry-After header.'],
  500: ['InternalServerError', 'An internal error occurred (injected by the local ACS).'],
  503: ['ServiceUnavailable', 'The service is temporarily unavailable (injected by the local ACS).'],
};

function failureAnswer(failure: Failure): AcsAnswer {
  const [code, message] = FAILURE_CODES[failure.status];
  const headers: Record<string, number> = {};
  if (failure.retryAfterSeconds !== undefined) headers['retry-after'] = failure.retryAfterSeconds;
  return acsError(failure.status, code, message, headers);
}

function sendFailure(res: ServerResponse, failure: Failure): void {
  sendAnswer(res, failureAnswer(failure));
}

/** ACS's answer over a rate limit (service-limits page: 429, retry after the Retry-After header). */
function throttled(retryAfterSeconds: number): AcsAnswer {
  return acsError(
    429,
    'TooManyRequests',
    `Too many requests: the resource's rate limit is reached. Retry after ${retryAfterSeconds} seconds.`,
    { 'retry-after': retryAfterSeconds },
  );
}

/** Messages an SMS request asks for (one per recipient). */
function smsCount(body: Buffer): number {
  const recipients = (parseJson(body) as { smsRecipients?: unknown[] } | undefined)?.smsRecipients;
  return Array.isArray(recipients) ? recipients.length : 0;
}

function decodePath(pathname: string): string | undefined {
  try {
    return decodeURIComponent(pathname);
  } catch {
    return undefined;
  }
}

export async function startLocalAcs(options: LocalAcsOptions): Promise<RunningLocalAcs> {
  if (!options.accessKey || Buffer.from(options.accessKey, 'base64').length === 0) {
    throw new TypeError('startLocalAcs: accessKey must be a non-empty base64 string');
  }
  const store = new MessageStore(options.dataFile);
  const failures = new FailureInjector();
  const outcomes = new DeliveryOutcomes();
  const reportDelayMs = options.deliveryReportDelayMs ?? 500;
  const eventGrid = new EventGridTopic({
    topic:
      options.resourceId ??
      '/subscriptions/00000000-0000-0000-0000-000000000000/resourceGroups/local/providers/Microsoft.Communication/communicationServices/local-acs',
    retryScale: options.eventGridRetryScale ?? 0.01,
    ...(options.eventGridFile && { dataFile: options.eventGridFile }),
    ...(options.log && { log: options.log }),
  });
  const limits = new EmailLimits(options.quota ?? CUSTOM_DOMAIN_QUOTA);
  const smsLimit = new SlidingLimit(SMS_WINDOW);
  const repeatables = new RepeatableRequests();
  const polls = new Map<string, number>();
  const otherSenderKey = options.otherSenderAccessKey;
  const sendProcessingMs = options.sendProcessingMs ?? 0;
  const publishEmailReports = (record: StoredRecord) => {
    for (const report of emailDeliveryReports(record, outcomes)) eventGrid.publish(report, reportDelayMs);
  };
  const publicHost = options.publicHost ?? 'localhost';
  let port = 0;

  /**
   * The ACS operations: signed (with the resource's key, or the other-sender key), then, as ACS does: repeatable
   * requests (an email send answered from its first answer is not counted again), the rate limits (429 with
   * Retry-After), injected failures, and the operation itself. Requests signed with the other-sender key stand for
   * mail another Microsoft service sends (the local Entra ID's codes): no limits, no sender check, no reports.
   */
  async function handleAcs(
    req: IncomingMessage,
    res: ServerResponse,
    path: string,
    url: URL,
    body: Buffer,
  ): Promise<boolean> {
    const method = req.method ?? 'GET';
    const operation =
      path.startsWith('/emails/operations/') && method === 'GET' ? path.slice('/emails/operations/'.length) : undefined;
    const send =
      method === 'POST' && path === '/emails:send' ? 'email' : method === 'POST' && path === '/sms' ? 'sms' : undefined;
    if (!send && !operation) return false;
    const caller = await authenticate(req, method, body);
    if (!caller.ok) {
      sendAcsError(res, 401, 'Denied', `Denied by the resource provider. (local ACS: ${caller.reason})`);
      return true;
    }
    const otherSender = caller.otherSender;
    if (!url.searchParams.get('api-version')) {
      sendAcsError(
        res,
        400,
        'MissingApiVersionParameter',
        'The api-version query parameter (?api-version=) is required.',
      );
      return true;
    }
    if (operation !== undefined) {
      const wait = otherSender ? 0 : limits.status.take();
      if (wait > 0) sendAnswer(res, throttled(wait));
      else sendAnswer(res, emailOperation(operation, store, polls));
      return true;
    }
    if (send === 'sms') {
      const wait =
        !otherSender && isAlphanumericSender((parseJson(body) as { from?: unknown } | undefined)?.from)
          ? smsLimit.take(smsCount(body))
          : 0;
      const failure = wait === 0 && wouldDeliver(body) ? failures.take('sms', recipientsOf(body)) : undefined;
      if (wait > 0) sendAnswer(res, throttled(wait));
      else if (failure) sendFailure(res, failure);
      else {
        const { enableDeliveryReport, tag } = smsSendOptions(body);
        const publish = (record: StoredRecord) => {
          if (enableDeliveryReport && !otherSender)
            eventGrid.publish(smsDeliveryReport(record, outcomes, tag), reportDelayMs);
        };
        handleSmsSend(res, body, store, publish);
      }
      return true;
    }
    const repeatable = repeatables.check(req.headers, body);
    if (repeatable.kind === 'answer') {
      sendAnswer(res, repeatable.answer, { 'repeatability-result': repeatable.result });
      return true;
    }
    if (sendProcessingMs > 0) await new Promise((resolve) => setTimeout(resolve, sendProcessingMs));
    const answer = emailSendAnswer(req, body, otherSender);
    if (repeatable.kind === 'execute') {
      repeatable.complete(answer);
      sendAnswer(res, answer, { 'repeatability-result': 'accepted' });
    } else sendAnswer(res, answer);
    return true;
  }

  /**
   * Who is calling, as ACS decides it before anything else: an Entra bearer token (`entra-auth.ts`), or an HMAC
   * signature with the resource's access key — refused when local auth is disabled — or with the other-sender key.
   */
  async function authenticate(
    req: IncomingMessage,
    method: string,
    body: Buffer,
  ): Promise<{ ok: true; otherSender: boolean } | { ok: false; reason: string }> {
    const authorization = req.headers.authorization ?? '';
    if (/^Bearer\s/i.test(authorization)) {
      if (!options.entra) return { ok: false, reason: 'this resource accepts no Entra tokens' };
      const check = await verifyEntraBearer(authorization, options.entra);
      if (!check.ok) options.log?.(`[acs-auth] Entra token refused: ${check.reason}`);
      return check.ok ? { ok: true, otherSender: false } : check;
    }
    const signed = { method, url: req.url ?? '/', headers: req.headers, body };
    if (otherSenderKey !== undefined && verifyAcsSignature(signed, otherSenderKey).ok) {
      return { ok: true, otherSender: true };
    }
    if (options.disableLocalAuth) {
      if (!authorization) return { ok: false, reason: 'no Authorization header (an Entra bearer token is required)' };
      options.log?.('[acs-auth] access-key request refused: local authentication is disabled');
      return { ok: false, reason: 'local (access key) authentication is disabled on this resource' };
    }
    const check = verifyAcsSignature(signed, options.accessKey);
    return check.ok ? { ok: true, otherSender: false } : check;
  }

  function emailSendAnswer(req: IncomingMessage, body: Buffer, otherSender: boolean): AcsAnswer {
    const wait = otherSender ? 0 : limits.sends.take();
    if (wait > 0) return throttled(wait);
    // Injected failures stand for throttling or outages of real sends.
    const failure = wouldDeliver(body) ? failures.take('email', recipientsOf(body)) : undefined;
    if (failure) return failureAnswer(failure);
    return sendEmail(
      { url: req.url ?? '/', headers: req.headers, body },
      {
        store,
        origin: `https://${req.headers.host ?? `${publicHost}:${port}`}`,
        ...(!otherSender && options.senderAddresses && { senderAddresses: options.senderAddresses }),
        onAccepted: otherSender ? () => {} : publishEmailReports,
      },
    );
  }

  function handleMailbox(req: IncomingMessage, res: ServerResponse, path: string, url: URL): boolean {
    const method = req.method ?? 'GET';
    const to = url.searchParams.get('to')?.trim() || undefined;
    if (method === 'GET' && path === '/') sendHtml(res, 200, renderMailboxPage(store.list({ to }), to));
    else if (method === 'GET' && path === '/messages') sendJson(res, 200, store.list({ to }));
    else if (method === 'DELETE' && path === '/messages') {
      store.clear();
      sendNoContent(res);
    } else if (method === 'GET' && path.startsWith('/messages/')) {
      const id = path.slice('/messages/'.length);
      const asPage = id.endsWith('.html');
      const found = store.get(asPage ? id.slice(0, -'.html'.length) : id);
      if (asPage)
        sendHtml(res, found ? 200 : 404, found ? renderMessagePage(found.message, found.record) : renderNotFoundPage());
      else if (found) sendJson(res, 200, found.message);
      else sendAcsError(res, 404, 'NotFound', `Message ${id} was not found.`);
    } else return false;
    return true;
  }

  /** `POST` bodies of the control endpoints must be JSON (a cross-site form cannot send that without a preflight). */
  function jsonBody(req: IncomingMessage, res: ServerResponse, body: Buffer): unknown {
    if (!/^application\/json\b/i.test(req.headers['content-type'] ?? '')) {
      sendAcsError(res, 415, 'UnsupportedMediaType', 'Send the request as application/json.');
      return undefined;
    }
    const parsed = parseJson(body);
    if (parsed === undefined) sendAcsError(res, 400, 'BadRequest', 'The body is not valid JSON.');
    return parsed;
  }

  /** `GET|PUT /__control/quota`: the email limits and their use; PUT changes them at run time (a test sets them low). */
  function handleQuotaControl(req: IncomingMessage, res: ServerResponse, path: string, body: Buffer): boolean {
    if (path !== '/__control/quota') return false;
    if (req.method === 'GET') sendJson(res, 200, limits.usage());
    else if (req.method === 'PUT') {
      const request = jsonBody(req, res, body);
      if (request === undefined) return true;
      const quota = parseQuota(request);
      if (typeof quota === 'string') sendAcsError(res, 400, 'BadRequest', quota);
      else {
        limits.set(quota);
        sendJson(res, 200, limits.usage());
      }
    } else return false;
    return true;
  }

  /** Event Grid subscriptions on this ACS and the event deliveries (test control, like the failures). */
  async function handleEventGridControl(
    req: IncomingMessage,
    res: ServerResponse,
    path: string,
    body: Buffer,
  ): Promise<boolean> {
    const method = req.method ?? 'GET';
    if (path === '/__control/event-subscriptions') {
      if (method === 'GET') sendJson(res, 200, eventGrid.list());
      else if (method === 'POST') {
        const request = jsonBody(req, res, body);
        if (request === undefined) return true;
        try {
          sendJson(res, 201, await eventGrid.subscribe(request));
        } catch (error) {
          if (!(error instanceof SubscriptionRefused)) throw error;
          sendAcsError(res, 400, 'InvalidRequest', error.message);
        }
      } else return false;
      return true;
    }
    if (path.startsWith('/__control/event-subscriptions/') && method === 'DELETE') {
      const found = eventGrid.unsubscribe(path.slice('/__control/event-subscriptions/'.length));
      if (found) sendNoContent(res);
      else sendAcsError(res, 404, 'NotFound', 'No such event subscription.');
      return true;
    }
    if (path === '/__control/event-deliveries' && method === 'GET') {
      sendJson(res, 200, eventGrid.deliveries());
      return true;
    }
    if (path === '/__control/delivery-outcomes') {
      if (method === 'GET') sendJson(res, 200, outcomes.list());
      else if (method === 'DELETE') {
        outcomes.clear();
        sendNoContent(res);
      } else if (method === 'POST') {
        const request = jsonBody(req, res, body);
        if (request === undefined) return true;
        const outcome = DeliveryOutcomes.parse(request);
        if (typeof outcome === 'string') sendAcsError(res, 400, 'BadRequest', outcome);
        else {
          outcomes.set(outcome);
          sendNoContent(res);
        }
      } else return false;
      return true;
    }
    return false;
  }

  /** Test control: unauthenticated, dev only (see the header comment for why browsers cannot reach it). */
  function handleControl(req: IncomingMessage, res: ServerResponse, path: string, body: Buffer): boolean {
    if (path !== '/__control/failures') return false;
    if (req.method === 'GET') sendJson(res, 200, failures.pending());
    else if (req.method === 'DELETE') {
      failures.clear();
      sendNoContent(res);
    } else if (req.method !== 'POST') return false;
    else if (!/^application\/json\b/i.test(req.headers['content-type'] ?? '')) {
      sendAcsError(res, 415, 'UnsupportedMediaType', 'Send the failure rule as application/json.');
    } else {
      const rule = parseFailureRule(parseJson(body));
      if (typeof rule === 'string') sendAcsError(res, 400, 'BadRequest', rule);
      else {
        failures.add(rule);
        sendNoContent(res);
      }
    }
    return true;
  }

  async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const url = new URL(req.url ?? '/', 'https://placeholder');
    const path = decodePath(url.pathname);
    let body: Buffer;
    try {
      body = await readBody(req);
    } catch (error) {
      if (error instanceof BodyTooLargeError) {
        sendAcsError(res, 413, 'RequestEntityTooLarge', 'The request body is larger than 10 MB.', {
          connection: 'close',
        });
        return;
      }
      throw error;
    }
    if (
      path !== undefined &&
      ((await handleAcs(req, res, path, url, body)) ||
        handleMailbox(req, res, path, url) ||
        handleQuotaControl(req, res, path, body) ||
        handleControl(req, res, path, body) ||
        (await handleEventGridControl(req, res, path, body)))
    )
      return;
    sendAcsError(res, 404, 'NotFound', `No route for ${req.method} ${url.pathname}.`);
  }

  const server = createServer({ cert: options.cert, key: options.key }, (req, res) => {
    handle(req, res).catch((error: unknown) => {
      if (res.headersSent) res.destroy();
      else sendAcsError(res, 500, 'InternalServerError', `Local ACS failure: ${String(error)}`);
    });
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, options.hostname ?? '127.0.0.1', () => {
      server.off('error', reject);
      resolve();
    });
  });
  port = (server.address() as AddressInfo).port;
  const origin = `https://${publicHost}:${port}`;

  return {
    url: `${origin}/`,
    port,
    connectionString: `endpoint=${origin}/;accesskey=${options.accessKey}`,
    ...(otherSenderKey && { otherSenderConnectionString: `endpoint=${origin}/;accesskey=${otherSenderKey}` }),
    messages: (filter) => store.list(filter),
    failNext: (rule) => failures.add(rule),
    setQuota: (quota) => limits.set(quota),
    subscribe: (request) => eventGrid.subscribe(request),
    eventDeliveries: () => eventGrid.deliveries(),
    setDeliveryOutcome: (outcome) => {
      const parsed = DeliveryOutcomes.parse(outcome);
      if (typeof parsed === 'string') throw new TypeError(`Invalid delivery outcome: ${parsed}`);
      outcomes.set(parsed);
    },
    clear: () => {
      store.clear();
      failures.clear();
      limits.clear();
      smsLimit.clear();
      repeatables.clear();
      polls.clear();
      outcomes.clear();
      eventGrid.clear();
    },
    close: async () => {
      await eventGrid.close();
      await new Promise<void>((resolve, reject) => {
        server.close((error) => (error ? reject(error) : resolve()));
        server.closeAllConnections();
      });
    },
  };
}

/** True when a send request names at least one recipient (email `recipients.to`, or SMS `smsRecipients`). */
/** The addresses and numbers a send names (an injected failure may be for one of them only). */
function recipientsOf(body: Buffer): string[] {
  try {
    const request = JSON.parse(body.toString('utf8')) as {
      recipients?: { to?: Array<{ address?: unknown }> };
      smsRecipients?: Array<{ to?: unknown }>;
    };
    return [
      ...(request.recipients?.to ?? []).map((r) => r.address),
      ...(request.smsRecipients ?? []).map((r) => r.to),
    ].filter((r): r is string => typeof r === 'string');
  } catch {
    return [];
  }
}

function wouldDeliver(body: Buffer): boolean {
  try {
    const request = JSON.parse(body.toString('utf8')) as { recipients?: { to?: unknown[] }; smsRecipients?: unknown[] };
    return (request.recipients?.to?.length ?? 0) > 0 || (request.smsRecipients?.length ?? 0) > 0;
  } catch {
    return false;
  }
}
