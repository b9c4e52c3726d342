/**
 * The Event Grid system topic of the local ACS: webhook subscriptions, created with Event Grid's validation
 * handshake, and delivery of the events ACS publishes (email and SMS delivery reports) the way Event Grid delivers
 * them: one event per POST in an array, header `aeg-event-type: Notification`, success only on 200–204, retries on
 * Event Grid's schedule (10 s, 30 s, 1 min, 5 min, 10 min, 30 min, 1 h, 3 h, 6 h, then every 12 h up to 24 h; at
 * most 30 attempts) multiplied by `retryScale` for local use, no retry on 400, 401, 403 and 413 (the event is dropped,
 * as with no dead-letter destination). Sources in docs/decisions.md ("Delivery reports through Event Grid").
 * Subscriptions and undelivered events are kept in a JSON file when one is given, so a restart loses no report.
 */
import { randomBytes, randomUUID } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import path from 'node:path';

export const EMAIL_DELIVERY_REPORT = 'Microsoft.Communication.EmailDeliveryReportReceived';
export const SMS_DELIVERY_REPORT = 'Microsoft.Communication.SMSDeliveryReportReceived';

/** The ACS event types a subscription may ask for (learn.microsoft.com/azure/event-grid/event-schema-communication-services). */
const ACS_EVENT_TYPES = new Set([
  EMAIL_DELIVERY_REPORT,
  'Microsoft.Communication.EmailEngagementTrackingReportReceived',
  SMS_DELIVERY_REPORT,
  'Microsoft.Communication.SMSReceived',
]);

/** Event Grid's retry steps in milliseconds; after the last one, every 12 hours until the time to live. */
const RETRY_STEPS_MS = [10e3, 30e3, 60e3, 300e3, 600e3, 1_800e3, 3_600e3, 10_800e3, 21_600e3];
const RETRY_EVERY_MS = 43_200e3;
const EVENT_TTL_MS = 24 * 3_600e3;
const MAX_DELIVERY_ATTEMPTS = 30;
/** Event Grid waits 30 s for an answer, to a delivery as to the validation handshake (not scaled). */
const RESPONSE_TIMEOUT_MS = 30_000;
/** Webhook answers Event Grid never retries. */
const NOT_RETRIED = new Set([400, 401, 403, 413]);
const FINISHED_KEPT = 500;

export interface EventGridEvent {
  id: string;
  topic: string;
  subject: string;
  eventType: string;
  eventTime: string;
  dataVersion: string;
  metadataVersion: string;
  data: Record<string, unknown>;
}

export interface EventSubscription {
  name: string;
  endpoint: string;
  includedEventTypes: string[];
  provisioningState: 'Succeeded';
  createdAt: string;
}

export interface EventDelivery {
  eventId: string;
  eventType: string;
  subscription: string;
  /** Attempts made so far. */
  attempts: number;
  state: 'pending' | 'delivered' | 'dropped';
  /** The endpoint's last answer (`202`, `500`, `timeout`, `connection refused`…). */
  lastResult?: string;
  /** When the next attempt is due (pending only). */
  dueAt?: string;
}

interface PendingDelivery {
  event: EventGridEvent;
  subscription: string;
  attempts: number;
  dueAt: number;
  publishedAt: number;
  lastResult?: string;
}

interface SavedState {
  subscriptions: EventSubscription[];
  pending: PendingDelivery[];
}

export interface EventGridTopicOptions {
  /** The ACS resource id, the events' `topic`. */
  topic: string;
  /** Multiplies Event Grid's retry delays and time to live: 0.01 turns 10 s into 100 ms, 24 h into 14.4 min. */
  retryScale: number;
  /** JSON file for subscriptions and undelivered events; omitted, they live in memory. */
  dataFile?: string;
  log?: (line: string) => void;
}

export class SubscriptionRefused extends Error {}

function isHttpUrl(value: unknown): value is string {
  if (typeof value !== 'string') return false;
  try {
    const url = new URL(value);
    return url.protocol === 'https:' || url.protocol === 'http:';
  } catch {
    return false;
  }
}

/** Event Grid takes https endpoints only; http is let through for this machine, where the local Functions host listens. */
function endpointProblem(endpoint: unknown): string | undefined {
  if (!isHttpUrl(endpoint)) return 'endpoint must be an absolute http(s) URL';
  const url = new URL(endpoint);
  const local = ['localhost', '127.0.0.1', '[::1]'].includes(url.hostname);
  if (url.protocol === 'http:' && !local) return 'endpoint must use https (http is accepted only for localhost)';
  if (!local) return 'the local Event Grid delivers only to this machine (localhost)';
  return undefined;
}

export class EventGridTopic {
  private readonly subscriptions = new Map<string, EventSubscription>();
  private pending: PendingDelivery[] = [];
  private readonly finished: EventDelivery[] = [];
  private readonly inFlight = new Set<PendingDelivery>();
  private timer: NodeJS.Timeout | undefined;
  private saveTimer: NodeJS.Timeout | undefined;
  private closed = false;

  constructor(private readonly options: EventGridTopicOptions) {
    const file = options.dataFile;
    if (file && existsSync(file)) {
      try {
        const saved = JSON.parse(readFileSync(file, 'utf8')) as SavedState;
        for (const s of saved.subscriptions ?? []) this.subscriptions.set(s.name, s);
        this.pending = saved.pending ?? [];
      } catch {
        this.log(`event grid: ${file} is unreadable; starting with no subscriptions`);
      }
    }
    this.schedule();
  }

  list(): EventSubscription[] {
    return [...this.subscriptions.values()];
  }

  /**
   * Creates or updates a webhook subscription after Event Grid's synchronous validation handshake: the endpoint must
   * answer 200 with `{"validationResponse": <code>}` within 30 s, else the subscription is refused.
   */
  async subscribe(request: unknown): Promise<EventSubscription> {
    if (typeof request !== 'object' || request === null) throw new SubscriptionRefused('expected a JSON object');
    const { endpoint, includedEventTypes, name } = request as Record<string, unknown>;
    const problem = endpointProblem(endpoint);
    if (problem) throw new SubscriptionRefused(problem);
    if (
      !Array.isArray(includedEventTypes) ||
      includedEventTypes.length === 0 ||
      !includedEventTypes.every((t) => typeof t === 'string' && ACS_EVENT_TYPES.has(t))
    ) {
      throw new SubscriptionRefused(
        `includedEventTypes must list event types of ACS: ${[...ACS_EVENT_TYPES].join(', ')}`,
      );
    }
    if (name !== undefined && (typeof name !== 'string' || !/^[A-Za-z0-9-]{3,64}$/.test(name))) {
      throw new SubscriptionRefused('name must be 3 to 64 letters, digits or hyphens');
    }
    const subscriptionName = (name as string | undefined) ?? `sub-${randomBytes(6).toString('hex')}`;
    await this.validate(endpoint as string, subscriptionName);
    const subscription: EventSubscription = {
      name: subscriptionName,
      endpoint: endpoint as string,
      includedEventTypes: [...new Set(includedEventTypes as string[])],
      provisioningState: 'Succeeded',
      createdAt: this.subscriptions.get(subscriptionName)?.createdAt ?? new Date().toISOString(),
    };
    this.subscriptions.set(subscriptionName, subscription);
    this.save();
    this.log(
      `event grid: subscription ${subscriptionName} → ${subscription.endpoint} (${subscription.includedEventTypes.join(', ')})`,
    );
    return subscription;
  }

  unsubscribe(name: string): boolean {
    const removed = this.subscriptions.delete(name);
    if (removed) {
      this.pending = this.pending.filter((p) => p.subscription !== name);
      this.save();
    }
    return removed;
  }

  /** Queues the event for every subscription that includes its type; with none, Event Grid drops it. */
  publish(event: Omit<EventGridEvent, 'topic' | 'metadataVersion'>, delayMs = 0): void {
    const full: EventGridEvent = { ...event, topic: this.options.topic, metadataVersion: '1' };
    const now = Date.now();
    for (const subscription of this.subscriptions.values()) {
      if (!subscription.includedEventTypes.includes(full.eventType)) continue;
      this.pending.push({
        event: full,
        subscription: subscription.name,
        attempts: 0,
        dueAt: now + delayMs,
        publishedAt: now,
      });
    }
    this.save();
    this.schedule();
  }

  deliveries(): EventDelivery[] {
    const pending = this.pending.map<EventDelivery>((p) => ({
      eventId: p.event.id,
      eventType: p.event.eventType,
      subscription: p.subscription,
      attempts: p.attempts,
      state: 'pending',
      ...(p.lastResult !== undefined && { lastResult: p.lastResult }),
      dueAt: new Date(p.dueAt).toISOString(),
    }));
    return [...pending, ...this.finished];
  }

  /** Forgets undelivered events and the delivery history (subscriptions stay). */
  clear(): void {
    this.pending = [];
    this.finished.length = 0;
    this.save();
  }

  async close(): Promise<void> {
    this.closed = true;
    clearTimeout(this.timer);
    if (this.saveTimer) {
      clearTimeout(this.saveTimer);
      this.saveNow();
    }
  }

  private log(line: string): void {
    this.options.log?.(line);
  }

  private async validate(endpoint: string, subscriptionName: string): Promise<void> {
    const validationCode = randomUUID().toUpperCase();
    const event = {
      id: randomUUID(),
      topic: this.options.topic,
      subject: '',
      data: { validationCode },
      eventType: 'Microsoft.EventGrid.SubscriptionValidationEvent',
      eventTime: new Date().toISOString(),
      metadataVersion: '1',
      dataVersion: '2',
    };
    let answer: Response;
    try {
      answer = await fetch(endpoint, {
        method: 'POST',
        headers: {
          'content-type': 'application/json; charset=utf-8',
          'aeg-event-type': 'SubscriptionValidation',
          'aeg-subscription-name': subscriptionName.toUpperCase(),
          'aeg-delivery-count': '0',
          'aeg-data-version': '2',
          'aeg-metadata-version': '1',
        },
        body: JSON.stringify([event]),
        signal: AbortSignal.timeout(RESPONSE_TIMEOUT_MS),
      });
    } catch (error) {
      throw new SubscriptionRefused(`Webhook validation handshake failed for ${endpoint}: ${describeError(error)}.`);
    }
    const body = await answer.text();
    let response: unknown;
    try {
      response = (JSON.parse(body) as { validationResponse?: unknown }).validationResponse;
    } catch {
      response = undefined;
    }
    if (answer.status !== 200 || response !== validationCode) {
      throw new SubscriptionRefused(
        `Webhook validation handshake failed for ${endpoint}: it answered ${answer.status} ${body.slice(0, 200)}, not 200 with the validation code.`,
      );
    }
  }

  private schedule(): void {
    if (this.closed) return;
    clearTimeout(this.timer);
    const waiting = this.pending.filter((p) => !this.inFlight.has(p));
    if (waiting.length === 0) return;
    const next = Math.min(...waiting.map((p) => p.dueAt));
    this.timer = setTimeout(() => this.pump(), Math.max(0, next - Date.now()));
    this.timer.unref();
  }

  private pump(): void {
    const now = Date.now();
    for (const delivery of this.pending) {
      if (delivery.dueAt <= now && !this.inFlight.has(delivery)) {
        this.inFlight.add(delivery);
        void this.attempt(delivery).finally(() => {
          this.inFlight.delete(delivery);
          this.schedule();
        });
      }
    }
    this.schedule();
  }

  private async attempt(delivery: PendingDelivery): Promise<void> {
    const subscription = this.subscriptions.get(delivery.subscription);
    if (!subscription) return this.finish(delivery, 'dropped', 'subscription deleted');
    let result: string;
    let status: number | undefined;
    try {
      const answer = await fetch(subscription.endpoint, {
        method: 'POST',
        headers: {
          'content-type': 'application/json; charset=utf-8',
          'aeg-event-type': 'Notification',
          'aeg-subscription-name': subscription.name.toUpperCase(),
          'aeg-delivery-count': String(delivery.attempts),
          'aeg-data-version': delivery.event.dataVersion,
          'aeg-metadata-version': delivery.event.metadataVersion,
        },
        body: JSON.stringify([delivery.event]),
        signal: AbortSignal.timeout(RESPONSE_TIMEOUT_MS),
      });
      await answer.arrayBuffer().catch(() => undefined);
      status = answer.status;
      result = String(answer.status);
    } catch (error) {
      result = describeError(error);
    }
    delivery.attempts += 1;
    delivery.lastResult = result;
    if (status !== undefined && status >= 200 && status <= 204) return this.finish(delivery, 'delivered', result);
    if (status !== undefined && NOT_RETRIED.has(status)) return this.finish(delivery, 'dropped', result);
    const scale = this.options.retryScale;
    const step = RETRY_STEPS_MS[delivery.attempts - 1] ?? RETRY_EVERY_MS;
    const dueAt = Date.now() + step * scale;
    if (delivery.attempts >= MAX_DELIVERY_ATTEMPTS || dueAt - delivery.publishedAt > EVENT_TTL_MS * scale) {
      return this.finish(delivery, 'dropped', result);
    }
    delivery.dueAt = dueAt;
    this.log(
      `event grid: ${delivery.event.eventType} ${delivery.event.id} → ${subscription.name}: ${result}, retry ${delivery.attempts}`,
    );
    this.save();
  }

  private finish(delivery: PendingDelivery, state: 'delivered' | 'dropped', result: string): void {
    this.pending = this.pending.filter((p) => p !== delivery);
    this.finished.unshift({
      eventId: delivery.event.id,
      eventType: delivery.event.eventType,
      subscription: delivery.subscription,
      attempts: delivery.attempts,
      state,
      lastResult: result,
    });
    this.finished.length = Math.min(this.finished.length, FINISHED_KEPT);
    if (state === 'dropped') {
      this.log(
        `event grid: dropped ${delivery.event.eventType} ${delivery.event.id} for ${delivery.subscription} after ${delivery.attempts} attempt(s): ${result}`,
      );
    }
    this.save();
  }

  /** Writes are coalesced (a bulk publishes thousands of reports); the file is replaced atomically. */
  private save(): void {
    if (!this.options.dataFile || this.saveTimer) return;
    this.saveTimer = setTimeout(() => {
      this.saveTimer = undefined;
      this.saveNow();
    }, 50);
  }

  private saveNow(): void {
    const file = this.options.dataFile;
    if (!file) return;
    mkdirSync(path.dirname(file), { recursive: true });
    const state: SavedState = { subscriptions: this.list(), pending: this.pending };
    writeFileSync(`${file}.tmp`, JSON.stringify(state));
    renameSync(`${file}.tmp`, file);
  }
}

function describeError(error: unknown): string {
  const e = error as { name?: string; message?: string; cause?: { code?: string; message?: string } };
  if (e?.name === 'TimeoutError') return 'no answer within 30 s';
  return e?.cause?.code ?? e?.cause?.message ?? e?.message ?? String(error);
}
