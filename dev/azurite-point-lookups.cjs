/**
 * Preloaded into Azurite (`node --require`): point operations on a table entity in constant time, as in Table Storage.
 *
 * Azurite 3.x keeps entities in LokiJS and finds one by `findOne({ PartitionKey, RowKey })`, which uses the binary
 * index of `PartitionKey` and then filters the whole partition row by row: every insert, upsert, update, delete and
 * point read costs time in proportion to the partition's size (a CPU profile of 6,000 claim transactions into one
 * partition spent 54 % of Azurite's time in that scan; the rate fell from 290/s to 165/s as the partition grew).
 * Table Storage does not slow down so (docs/decisions.md, "Azurite's point lookups"), so without this the local stack
 * would penalize designs that Azure serves well, and every benchmark would measure the emulator's scan.
 *
 * What it does: for that exact query shape only, `findOne` answers from a map (partition key, row key) → document,
 * built from the collection on first use and kept up to date by `insertOne` and `update` (collections that clone
 * their documents are left to LokiJS). An answer from the map is
 * checked against the collection (same keys, still stored under its `$loki` id); a stale one falls back to LokiJS's
 * own search. Removals need no hook: a removed document fails that check. Any other query goes to LokiJS unchanged.
 */
'use strict';

const Loki = require('lokijs');

const Collection = Loki.Collection;
const index = Symbol('pointIndex');
const keyOf = (partitionKey, rowKey) => `${partitionKey}\u0000${rowKey}`;
const isPointQuery = (query) => {
  if (!query || typeof query !== 'object') return false;
  const names = Object.keys(query);
  return (
    names.length === 2 &&
    typeof query.PartitionKey === 'string' &&
    typeof query.RowKey === 'string' &&
    names.includes('PartitionKey') &&
    names.includes('RowKey')
  );
};
const isEntity = (doc) => doc && typeof doc.PartitionKey === 'string' && typeof doc.RowKey === 'string';

function pointIndex(collection) {
  let map = collection[index];
  if (!map) {
    map = new Map();
    for (const doc of collection.data) if (isEntity(doc)) map.set(keyOf(doc.PartitionKey, doc.RowKey), doc);
    collection[index] = map;
  }
  return map;
}

/** Indexes a document just stored (only collections that do not clone are indexed, so it is the stored one). */
function remember(collection, written) {
  const map = collection[index];
  if (!map || !written || written.$loki === undefined) return;
  if (isEntity(written)) map.set(keyOf(written.PartitionKey, written.RowKey), written);
}

const insertOne = Collection.prototype.insertOne;
Collection.prototype.insertOne = function (doc, bulkInsert) {
  const written = insertOne.call(this, doc, bulkInsert);
  remember(this, written);
  return written;
};

const update = Collection.prototype.update;
Collection.prototype.update = function (doc) {
  const result = update.call(this, doc);
  if (!Array.isArray(doc) && doc && doc.$loki !== undefined) remember(this, this.get(doc.$loki));
  return result;
};

const findOne = Collection.prototype.findOne;
Collection.prototype.findOne = function (query) {
  if (this.cloneObjects || !isPointQuery(query)) return findOne.call(this, query);
  const map = pointIndex(this);
  const key = keyOf(query.PartitionKey, query.RowKey);
  const doc = map.get(key);
  if (doc === undefined) return null;
  const current = doc.$loki === undefined ? null : this.get(doc.$loki);
  if (current === doc && doc.PartitionKey === query.PartitionKey && doc.RowKey === query.RowKey) return doc;
  // Removed or replaced since: ask LokiJS, and remember its answer.
  map.delete(key);
  const found = findOne.call(this, query);
  if (found) remember(this, found);
  return found;
};

/*
 * Queues: Azurite keeps every message of every queue in one LokiJS collection and, before each receive, peek, update
 * and delete, scans a queue's messages for expired ones. With a bulk's 10,000 paced dispatch messages waiting (our
 * messages never expire), that scan was Azurite's largest single cost (a CPU profile of the bulk benchmark: 11 % of
 * its busy time). Here each queue remembers the earliest expiry among its messages (lowered on insert, recomputed
 * after a scan): until that time nothing can have expired, and the scan is skipped. Expired messages still go at the
 * same moment as before.
 */
let QueueStore;
try {
  QueueStore = require('azurite/dist/src/queue/persistence/LokiQueueMetadataStore.js').default;
} catch {
  QueueStore = undefined; // an Azurite without that module: its queues are left as they are
}
if (QueueStore) {
  const soonest = new WeakMap();
  const expiries = (store) => {
    let map = soonest.get(store);
    if (!map) {
      map = new Map();
      soonest.set(store, map);
    }
    return map;
  };
  const queueKey = (account, queue) => `${account}\u0000${queue}`;
  const time = (value) => (value instanceof Date ? value.getTime() : Number(new Date(value)));

  const insertMessage = QueueStore.prototype.insertMessage;
  QueueStore.prototype.insertMessage = async function (message, context) {
    await insertMessage.call(this, message, context);
    const map = expiries(this);
    const key = queueKey(message.accountName, message.queueName);
    const known = map.get(key);
    // Unknown (never scanned): stays unknown, so the next clean-up scans.
    if (known !== undefined) map.set(key, Math.min(known, time(message.expirationTime)));
  };

  const clearExpiredMessages = QueueStore.prototype.clearExpiredMessages;
  QueueStore.prototype.clearExpiredMessages = async function (account, queue, context) {
    const map = expiries(this);
    const key = queueKey(account, queue);
    const next = map.get(key);
    if (next !== undefined && Date.now() < next) {
      this.checkQueueExist(account, queue, context);
      return;
    }
    await clearExpiredMessages.call(this, account, queue, context);
    let earliest = Number.POSITIVE_INFINITY;
    for (const doc of this.db
      .getCollection(this.MESSAGES_COLLECTION)
      .find({ accountName: account, queueName: queue })) {
      earliest = Math.min(earliest, time(doc.expirationTime));
    }
    map.set(key, earliest);
  };
}
