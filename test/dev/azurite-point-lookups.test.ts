/**
 * The preload that gives Azurite constant-time point operations (dev/azurite-point-lookups.cjs): LokiJS no longer
 * scans a partition to find one entity, and Table Storage's answers stay exactly what they were — conflicts,
 * ETags, deletes, re-creates and rolled-back transactions in one partition, through the real SDK.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { type TableClient, TableClient as Tables, TableTransaction } from '@azure/data-tables';
import { QueueClient } from '@azure/storage-queue';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type RunningAzurite, startAzurite } from '../../dev/azurite.js';

const require = createRequire(import.meta.url);

describe('LokiJS with the preload', () => {
  // biome-ignore lint/suspicious/noExplicitAny: LokiJS has no types here.
  const Loki = require('lokijs') as any;
  require('../../dev/azurite-point-lookups.cjs');

  function entities(count: number) {
    const db = new Loki('t');
    const collection = db.addCollection('entities', { indices: ['PartitionKey', 'RowKey'] });
    for (let n = 0; n < count; n++) collection.insert({ PartitionKey: 'p', RowKey: `r${n}`, n });
    return collection;
  }

  it('answers a point query without scanning the partition', () => {
    const collection = entities(500);
    const find = Loki.Resultset.prototype.find;
    let scans = 0;
    Loki.Resultset.prototype.find = function (...args: unknown[]) {
      scans++;
      return find.apply(this, args);
    };
    try {
      expect(collection.findOne({ PartitionKey: 'p', RowKey: 'r321' })?.n).toBe(321);
      expect(collection.findOne({ PartitionKey: 'p', RowKey: 'absent' })).toBeNull();
      expect(scans).toBe(0);
      // Any other query shape still goes to LokiJS.
      expect(collection.findOne({ PartitionKey: 'p' })).not.toBeNull();
      expect(scans).toBe(1);
    } finally {
      Loki.Resultset.prototype.find = find;
    }
  });

  it('follows inserts, updates and removals', () => {
    const collection = entities(10);
    const doc = collection.findOne({ PartitionKey: 'p', RowKey: 'r3' });
    collection.remove(doc);
    expect(collection.findOne({ PartitionKey: 'p', RowKey: 'r3' })).toBeNull();
    collection.insert({ PartitionKey: 'p', RowKey: 'r3', n: 'again' });
    expect(collection.findOne({ PartitionKey: 'p', RowKey: 'r3' })?.n).toBe('again');
    const replaced = { ...collection.findOne({ PartitionKey: 'p', RowKey: 'r4' }), n: 'updated' };
    collection.update(replaced);
    expect(collection.findOne({ PartitionKey: 'p', RowKey: 'r4' })?.n).toBe('updated');
    collection.clear();
    expect(collection.findOne({ PartitionKey: 'p', RowKey: 'r5' })).toBeNull();
    collection.insert({ PartitionKey: 'p', RowKey: 'r5', n: 'after clear' });
    expect(collection.findOne({ PartitionKey: 'p', RowKey: 'r5' })?.n).toBe('after clear');
  });
});

describe('Azurite started by the local stack', () => {
  let azurite: RunningAzurite;
  let table: TableClient;

  beforeAll(async () => {
    azurite = await startAzurite();
    table = Tables.fromConnectionString(azurite.connectionString, 'Points', { allowInsecureConnection: true });
    await table.createTable();
  }, 60_000);
  afterAll(() => azurite?.stop());

  it('runs with the preload', () => {
    expect(azurite.process.spawnargs).toContain('--require');
    expect(azurite.process.spawnargs.some((a) => a.endsWith('azurite-point-lookups.cjs'))).toBe(true);
  });

  it('keeps Table Storage answers in one partition', async () => {
    const p = 'partition';
    for (let n = 0; n < 200; n++) await table.createEntity({ partitionKey: p, rowKey: `row${n}`, N: n });
    expect((await table.getEntity<{ N: number }>(p, 'row150')).N).toBe(150);
    await expect(table.createEntity({ partitionKey: p, rowKey: 'row7', N: 0 })).rejects.toMatchObject({
      statusCode: 409,
    });

    const read = await table.getEntity(p, 'row9');
    await table.updateEntity({ partitionKey: p, rowKey: 'row9', N: 900 }, 'Replace', { etag: read.etag });
    await expect(
      table.updateEntity({ partitionKey: p, rowKey: 'row9', N: 901 }, 'Replace', { etag: read.etag }),
    ).rejects.toMatchObject({ statusCode: 412 });
    expect((await table.getEntity<{ N: number }>(p, 'row9')).N).toBe(900);

    await table.deleteEntity(p, 'row10');
    await expect(table.getEntity(p, 'row10')).rejects.toMatchObject({ statusCode: 404 });
    await table.createEntity({ partitionKey: p, rowKey: 'row10', N: 1000 });
    expect((await table.getEntity<{ N: number }>(p, 'row10')).N).toBe(1000);

    await table.upsertEntity({ partitionKey: p, rowKey: 'row11', N: 1100 }, 'Merge');
    await table.upsertEntity({ partitionKey: p, rowKey: 'new', N: -1 }, 'Replace');
    expect((await table.getEntity<{ N: number }>(p, 'row11')).N).toBe(1100);
    expect((await table.getEntity<{ N: number }>(p, 'new')).N).toBe(-1);
  });

  it('rolls a failed transaction back', async () => {
    const p = 'transactions';
    await table.createEntity({ partitionKey: p, rowKey: 'taken', N: 1 });
    await table.createEntity({ partitionKey: p, rowKey: 'kept', N: 1 });
    await table.createEntity({ partitionKey: p, rowKey: 'other', N: 1 });
    const transaction = new TableTransaction();
    transaction.createEntity({ partitionKey: p, rowKey: 'fresh', N: 2 });
    transaction.updateEntity({ partitionKey: p, rowKey: 'kept', N: 2 }, 'Replace');
    transaction.deleteEntity(p, 'taken');
    transaction.createEntity({ partitionKey: p, rowKey: 'other', N: 3 }); // exists: the whole transaction fails
    await expect(table.submitTransaction(transaction.actions)).rejects.toMatchObject({ statusCode: 409 });
    await expect(table.getEntity(p, 'fresh')).rejects.toMatchObject({ statusCode: 404 });
    expect((await table.getEntity<{ N: number }>(p, 'kept')).N).toBe(1);
    expect((await table.getEntity<{ N: number }>(p, 'taken')).N).toBe(1);
    const rows = [];
    for await (const row of table.listEntities({ queryOptions: { filter: `PartitionKey eq '${p}'` } })) rows.push(row);
    expect(rows.map((r) => r.rowKey).sort()).toEqual(['kept', 'other', 'taken']);
  });

  it('still lets a queue message expire on time when the queue holds messages that never expire', async () => {
    const queue = new QueueClient(azurite.connectionString, 'expiring');
    await queue.create();
    await queue.sendMessage('forever', { messageTimeToLive: -1 });
    // A first look makes the queue remember its earliest expiry (never); a later short-lived message must lower it.
    expect((await queue.peekMessages({ numberOfMessages: 32 })).peekedMessageItems).toHaveLength(1);
    await queue.sendMessage('brief', { messageTimeToLive: 1 });
    const before = await queue.peekMessages({ numberOfMessages: 32 });
    expect(before.peekedMessageItems.map((m) => m.messageText).sort()).toEqual(['brief', 'forever']);
    await new Promise((resolve) => setTimeout(resolve, 1_500));
    const after = await queue.peekMessages({ numberOfMessages: 32 });
    expect(after.peekedMessageItems.map((m) => m.messageText)).toEqual(['forever']);
    const received = await queue.receiveMessages({ numberOfMessages: 32 });
    expect(received.receivedMessageItems.map((m) => m.messageText)).toEqual(['forever']);
  });
});

describe('Azurite with a data folder (npm start)', () => {
  it('finds, refuses and replaces entities the same after a restart that loads them from disk', async () => {
    const location = await mkdtemp(path.join(tmpdir(), 'azurite-points-'));
    try {
      let azurite = await startAzurite({ location });
      let table = Tables.fromConnectionString(azurite.connectionString, 'Kept', { allowInsecureConnection: true });
      await table.createTable();
      for (let n = 0; n < 20; n++) await table.createEntity({ partitionKey: 'p', rowKey: `row${n}`, N: n });
      await azurite.stop();

      azurite = await startAzurite({ location });
      try {
        table = Tables.fromConnectionString(azurite.connectionString, 'Kept', { allowInsecureConnection: true });
        expect((await table.getEntity<{ N: number }>('p', 'row13')).N).toBe(13);
        await expect(table.createEntity({ partitionKey: 'p', rowKey: 'row13', N: 0 })).rejects.toMatchObject({
          statusCode: 409,
        });
        await table.upsertEntity({ partitionKey: 'p', rowKey: 'row13', N: 1300 }, 'Replace');
        expect((await table.getEntity<{ N: number }>('p', 'row13')).N).toBe(1300);
        await expect(table.getEntity('p', 'row99')).rejects.toMatchObject({ statusCode: 404 });
      } finally {
        await azurite.stop();
      }
    } finally {
      await rm(location, { recursive: true, force: true });
    }
  }, 60_000);
});
