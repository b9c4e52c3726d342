/**
 * Queue triggers for the local Functions host: polls Azure Storage queues (Azurite) like the Functions host's
 * queue listener. Messages are leased while a function runs, deleted on success, made visible again on failure
 * (so the dequeue count grows) and copied to `<queue>-poison` once a failing message reaches `maxDequeueCount`.
 * Idle polling backs off exponentially up to `maxPollingInterval`.
 */
import { randomUUID } from 'node:crypto';
import { type QueueClient, QueueServiceClient, type ReceivedMessageItem } from '@azure/storage-queue';
import { type InvocationEnv, invoke, type Registration, resolveAppSettings, stamp } from './core-shim.js';
import { parseTimeSpan } from './timers.js';

/** host.json `extensions.queues`, with the defaults used when a key is absent. */
export interface QueuesConfig {
  /** Default 2 s for local work (Azure's default is 1 min). */
  maxPollingIntervalMs: number;
  /** Delay before a failed message is retried; default 0, as in Azure. */
  visibilityTimeoutMs: number;
  /** Messages fetched per poll, 1-32; default 16. */
  batchSize: number;
  /** Fetch again once this many or fewer are running; default batchSize / 2. */
  newBatchThreshold: number;
  /** Failed attempts before the message goes to the poison queue; default 5. */
  maxDequeueCount: number;
  messageEncoding: 'base64' | 'none';
}

export function queuesConfig(hostJson: unknown): QueuesConfig {
  const q = ((hostJson as { extensions?: { queues?: Record<string, unknown> } } | undefined)?.extensions?.queues ??
    {}) as Record<string, unknown>;
  const int = (v: unknown, fallback: number, min: number, max: number): number =>
    typeof v === 'number' && Number.isInteger(v) ? Math.min(max, Math.max(min, v)) : fallback;
  const batchSize = int(q.batchSize, 16, 1, 32);
  return {
    maxPollingIntervalMs: Math.max(100, parseTimeSpan(q.maxPollingInterval) ?? 2000),
    visibilityTimeoutMs: parseTimeSpan(q.visibilityTimeout) ?? 0,
    batchSize,
    newBatchThreshold: int(q.newBatchThreshold, Math.floor(batchSize / 2), 0, 1000),
    maxDequeueCount: int(q.maxDequeueCount, 5, 1, 1000),
    messageEncoding: String(q.messageEncoding ?? 'base64').toLowerCase() === 'none' ? 'none' : 'base64',
  };
}

export interface RunningQueueTriggers {
  /** Stops polling and waits for running invocations to finish. */
  close(): Promise<void>;
}

// While a function runs its message stays invisible; the lease is renewed so long runs are not redelivered.
const leaseSeconds = 30;
const minPollMs = 100;
const base64 = /^[A-Za-z0-9+/]*={0,2}$/;

function tryJsonParse(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return text;
  }
}

function sleep(ms: number, signal: AbortSignal): Promise<void> {
  return new Promise((resolve) => {
    const timer = setTimeout(done, ms);
    function done() {
      clearTimeout(timer);
      signal.removeEventListener('abort', done);
      resolve();
    }
    signal.addEventListener('abort', done, { once: true });
  });
}

export function startQueueTriggers(
  env: InvocationEnv,
  registrations: Registration[],
  config: QueuesConfig,
): RunningQueueTriggers {
  const stop = new AbortController();
  const loops: Promise<void>[] = [];
  for (const reg of registrations.filter((r) => r.trigger.type.toLowerCase() === 'queuetrigger')) {
    const connection = String(reg.trigger.connection || 'AzureWebJobsStorage');
    const connectionString = process.env[connection] ?? process.env[`AzureWebJobs${connection}`];
    let queueName: string;
    try {
      queueName = resolveAppSettings(String(reg.trigger.queueName ?? '')).toLowerCase();
      if (!connectionString) throw new Error(`the app setting "${connection}" (the queue connection) is not set`);
    } catch (error) {
      env.log(`${stamp()} [${reg.name}] error: the queue trigger is disabled: ${(error as Error).message}`);
      continue;
    }
    const service = QueueServiceClient.fromConnectionString(connectionString as string, {
      retryOptions: { maxTries: 3, retryDelayInMs: 200, maxRetryDelayInMs: 2000 },
    });
    const listener = new QueueListener(env, reg, config, service.getQueueClient(queueName), stop.signal);
    listener.poison = service.getQueueClient(`${queueName}-poison`);
    loops.push(listener.run());
  }
  return {
    async close() {
      stop.abort();
      await Promise.allSettled(loops);
    },
  };
}

class QueueListener {
  poison!: QueueClient;
  readonly #inFlight = new Set<Promise<void>>();

  constructor(
    readonly env: InvocationEnv,
    readonly reg: Registration,
    readonly config: QueuesConfig,
    readonly queue: QueueClient,
    readonly signal: AbortSignal,
  ) {}

  #log(line: string): void {
    this.env.log(`${stamp()} [${this.reg.name}] ${line}`);
  }

  async run(): Promise<void> {
    let delay = minPollMs;
    let ready = false;
    let failing = false;
    while (!this.signal.aborted) {
      try {
        if (!ready) {
          await this.queue.createIfNotExists({ abortSignal: this.signal });
          ready = true;
        }
        if (this.#inFlight.size > this.config.newBatchThreshold) {
          await Promise.race(this.#inFlight);
          continue;
        }
        const { receivedMessageItems } = await this.queue.receiveMessages({
          numberOfMessages: this.config.batchSize,
          visibilityTimeout: leaseSeconds,
          abortSignal: this.signal,
        });
        if (failing) this.#log(`queue "${this.queue.name}" is reachable again.`);
        failing = false;
        if (receivedMessageItems.length > 0) {
          delay = minPollMs;
          for (const item of receivedMessageItems) this.#track(this.#process(item));
          continue;
        }
      } catch (error) {
        if (this.signal.aborted) break;
        if (!failing) this.#log(`error: polling queue "${this.queue.name}" failed: ${(error as Error).message}`);
        failing = true;
        delay = this.config.maxPollingIntervalMs;
      }
      await sleep(delay, this.signal);
      delay = Math.min(delay * 2, this.config.maxPollingIntervalMs);
    }
    await Promise.allSettled([...this.#inFlight]);
  }

  #track(work: Promise<void>): void {
    this.#inFlight.add(work);
    void work.finally(() => this.#inFlight.delete(work));
  }

  async #process(item: ReceivedMessageItem): Promise<void> {
    const { maxDequeueCount, messageEncoding, visibilityTimeoutMs } = this.config;
    let popReceipt = item.popReceipt;
    try {
      if (item.dequeueCount > maxDequeueCount) return await this.#toPoison(item, popReceipt);
      const raw = item.messageText;
      if (messageEncoding === 'base64' && (raw.length % 4 !== 0 || !base64.test(raw))) {
        this.#log('error: the message is not valid base64 (host.json messageEncoding is "base64").');
        return await this.#toPoison(item, popReceipt);
      }
      const text = messageEncoding === 'base64' ? Buffer.from(raw, 'base64').toString('utf8') : raw;
      // Renewals are chained so the pop receipt used to delete is always the latest one.
      let lease: Promise<void> = Promise.resolve();
      const renew = setInterval(
        () => {
          lease = lease.then(async () => {
            const renewed = await this.queue.updateMessage(item.messageId, popReceipt, undefined, leaseSeconds);
            popReceipt = renewed.popReceipt ?? popReceipt;
          });
          lease = lease.catch(() => undefined);
        },
        (leaseSeconds * 1000) / 2,
      );
      let succeeded = true;
      try {
        await invoke(this.env, this.reg, {
          inputs: [tryJsonParse(text)],
          reason: `New queue message detected on '${this.queue.name}'.`,
          triggerMetadata: {
            queueTrigger: text,
            id: item.messageId,
            dequeueCount: item.dequeueCount,
            insertionTime: item.insertedOn.toISOString(),
            expirationTime: item.expiresOn.toISOString(),
            nextVisibleTime: item.nextVisibleOn.toISOString(),
            popReceipt: item.popReceipt,
            sys: { methodName: this.reg.name, utcNow: new Date().toISOString(), randGuid: randomUUID() },
          },
        });
      } catch {
        succeeded = false; // invoke() logged it
      } finally {
        clearInterval(renew);
        await lease;
      }
      if (succeeded) await this.queue.deleteMessage(item.messageId, popReceipt);
      else if (item.dequeueCount >= maxDequeueCount) await this.#toPoison(item, popReceipt);
      else {
        const seconds = Math.round(visibilityTimeoutMs / 1000);
        await this.queue.updateMessage(item.messageId, popReceipt, undefined, seconds);
      }
    } catch (error) {
      this.#log(`error: settling message ${item.messageId} failed: ${(error as Error).message}`);
    }
  }

  async #toPoison(item: ReceivedMessageItem, popReceipt: string): Promise<void> {
    const name = this.poison.name;
    this.#log(
      `warning: Message has reached MaxDequeueCount of ${this.config.maxDequeueCount}. Moving message to queue '${name}'.`,
    );
    await this.poison.createIfNotExists();
    await this.poison.sendMessage(item.messageText);
    await this.queue.deleteMessage(item.messageId, popReceipt);
  }
}
