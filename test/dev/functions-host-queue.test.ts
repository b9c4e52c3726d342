/**
 * Queue triggers in the local Functions host, against a real Azurite (in memory) and the real storage SDK:
 * delivery with the Functions host's payload rules, and the poison queue after five failed dequeues.
 */
import path from 'node:path';
import { type QueueClient, QueueServiceClient } from '@azure/storage-queue';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type RunningAzurite, startAzurite } from '../../dev/azurite.js';
import { type RunningFunctionsHost, startFunctionsHost } from '../../dev/functions-host/host.js';

type Event = { fn: string; message: unknown; metadata?: Record<string, unknown>; dequeueCount?: number };
const events = () => ((globalThis as Record<symbol, unknown>)[Symbol.for('host-app.events')] ?? []) as Event[];
const base64 = (text: string) => Buffer.from(text, 'utf8').toString('base64');

async function waitFor<T>(probe: () => T | undefined | Promise<T | undefined>, timeoutMs = 15_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (value !== undefined && value !== false) return value;
    if (Date.now() > deadline) throw new Error('timed out waiting');
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

describe('local Functions host queue triggers', () => {
  let azurite: RunningAzurite;
  let host: RunningFunctionsHost;
  let service: QueueServiceClient;
  const lines: string[] = [];
  const queue = (name: string): QueueClient => service.getQueueClient(name);
  const count = async (name: string) => (await queue(name).getProperties()).approximateMessagesCount ?? 0;

  beforeAll(async () => {
    azurite = await startAzurite();
    service = QueueServiceClient.fromConnectionString(azurite.connectionString);
    host = await startFunctionsHost({
      scriptRoot: path.resolve('test/fixtures/host-app'),
      port: 0,
      entry: ['functions/queue.js'],
      settings: { AzureWebJobsStorage: azurite.connectionString, FAILING_QUEUE: 'always-fails' },
      log: (line) => lines.push(line),
    });
  });
  afterAll(async () => {
    await host?.close();
    await azurite?.stop();
  });

  it('when it starts, then it lists the queue functions with their resolved queue names', () => {
    expect(host.registrations).toEqual([
      { name: 'workItem', type: 'queueTrigger', queueName: 'work-items' },
      { name: 'alwaysFails', type: 'queueTrigger', queueName: 'always-fails' },
    ]);
  });

  it('when a JSON message is posted, then the function gets the parsed object, metadata, and the message is deleted', async () => {
    await queue('work-items').createIfNotExists();
    const sent = await queue('work-items').sendMessage(base64(JSON.stringify({ invitationId: 'inv-1', n: 1 })));
    const event = await waitFor(() => events().find((e) => e.fn === 'workItem' && e.metadata?.id === sent.messageId));
    expect(event.message).toEqual({ invitationId: 'inv-1', n: 1 });
    expect(event.metadata).toMatchObject({
      id: sent.messageId,
      dequeueCount: 1,
      queueTrigger: '{"invitationId":"inv-1","n":1}',
      insertionTime: sent.insertedOn.toISOString(),
      expirationTime: sent.expiresOn.toISOString(),
    });
    expect(typeof event.metadata?.popReceipt).toBe('string');
    expect(typeof event.metadata?.nextVisibleTime).toBe('string');
    await waitFor(async () => (await count('work-items')) === 0);
    expect(lines.some((l) => l.includes(`[workItem] processing ${sent.messageId}`))).toBe(true);
  });

  it('when the message is not JSON, then the function gets the string', async () => {
    const sent = await queue('work-items').sendMessage(base64('plain text, not JSON'));
    const event = await waitFor(() => events().find((e) => e.fn === 'workItem' && e.metadata?.id === sent.messageId));
    expect(event.message).toBe('plain text, not JSON');
  });

  it('when a message always fails, then it lands in <queue>-poison after exactly 5 dequeues', async () => {
    await queue('always-fails').createIfNotExists();
    const original = base64(JSON.stringify({ doomed: true }));
    await queue('always-fails').sendMessage(original);
    const poisoned = await waitFor(async () => {
      if (!(await queue('always-fails-poison').exists())) return undefined;
      const { peekedMessageItems } = await queue('always-fails-poison').peekMessages();
      return peekedMessageItems[0];
    });
    expect(poisoned.messageText).toBe(original);
    const seen = events().filter((e) => e.fn === 'alwaysFails');
    expect(seen.map((e) => e.dequeueCount)).toEqual([1, 2, 3, 4, 5]);
    expect(seen.every((e) => (e.message as { doomed?: boolean }).doomed === true)).toBe(true);
    // The host copies the message to the poison queue, then deletes it here: the peek above can land in between.
    expect(await waitFor(async () => ((await count('always-fails')) === 0 ? true : undefined))).toBe(true);
    expect(lines.some((l) => l.includes("Moving message to queue 'always-fails-poison'"))).toBe(true);
  });

  it('when a message is not valid base64, then it goes to the poison queue without running the function', async () => {
    const before = events().length;
    await queue('work-items').sendMessage('not base64!');
    const poisoned = await waitFor(async () => {
      if (!(await queue('work-items-poison').exists())) return undefined;
      return (await queue('work-items-poison').peekMessages()).peekedMessageItems[0];
    });
    expect(poisoned.messageText).toBe('not base64!');
    expect(events().length).toBe(before);
  });
});
