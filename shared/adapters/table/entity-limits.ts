/**
 * Azure Table Storage's limits, checked before every write so a run against Azurite fails where Azure would: Azure
 * counts strings in UTF-16 (2 bytes a character) where Azurite counts UTF-8, and Azurite does not count properties.
 * Sizes follow the service's documented formula (learn.microsoft.com, "How the size of an entity is calculated"):
 * 4 bytes + 2 × len(PartitionKey + RowKey) + for each property (8 bytes + 2 × len(name) + the value's size: a string
 * 4 + 2 × its length, binary 4 + its length, a date 8, a GUID 16, a double 8, an Int32 4, an Int64 8, a boolean 1).
 * A refused write throws a `TableLimitError` named like Azure's error and sends nothing.
 */
import type { TableClient, TableEntity, TransactionAction } from '@azure/data-tables';
import { FORBIDDEN_KEY_CHARACTERS } from './keys.js';

export const TABLE_LIMITS = {
  /** An entity: 1 MiB by the formula above. */
  entityBytes: 1024 * 1024,
  /** A property value: 64 KiB documented, but the live service refuses above 64 KB ("32K characters or less"). */
  propertyBytes: 64_000,
  /** Properties of an entity, PartitionKey, RowKey and Timestamp included. */
  properties: 255,
  propertyNameChars: 255,
  /** PartitionKey and RowKey: 1 KiB each. */
  keyBytes: 1024,
  transactionEntities: 100,
  /** A transaction's payload must stay under 4 MiB. */
  transactionBytes: 4 * 1024 * 1024,
} as const;

export type TableLimitCode =
  | 'EntityTooLarge'
  | 'PropertyValueTooLarge'
  | 'TooManyProperties'
  | 'PropertyNameTooLong'
  | 'OutOfRangeInput'
  | 'InvalidInput'
  | 'InvalidDuplicateRow'
  | 'CommandsInBatchActOnDifferentPartitions'
  | 'RequestBodyTooLarge';

/** A write Azure would refuse, refused before it is sent (nothing is written). */
export class TableLimitError extends Error {
  override readonly name = 'TableLimitError';
  readonly statusCode: number;
  constructor(
    readonly code: TableLimitCode,
    message: string,
  ) {
    super(`${code}: ${message}`);
    this.statusCode = code === 'RequestBodyTooLarge' ? 413 : 400;
  }
}

type Value = unknown;
const SYSTEM = new Set(['partitionKey', 'rowKey', 'etag', 'timestamp']);

/** The stored properties of an entity given to the SDK: system and undefined/null values left out. */
function properties(entity: object): Array<[string, Value]> {
  return Object.entries(entity).filter(
    ([name, value]) => !SYSTEM.has(name) && !name.startsWith('odata.') && value !== undefined && value !== null,
  );
}

/** Bytes of a value as Azure counts them (its value only, without the 8-byte property overhead). */
export function valueBytes(value: Value): number {
  if (typeof value === 'string') return 4 + 2 * value.length;
  if (typeof value === 'boolean') return 1;
  if (typeof value === 'number' || typeof value === 'bigint') return 8;
  if (value instanceof Date) return 8;
  if (value instanceof Uint8Array) return 4 + value.byteLength;
  if (typeof value === 'object' && value !== null && 'type' in value && 'value' in value) {
    const { type, value: raw } = value as { type: string; value: unknown };
    switch (type) {
      case 'Binary':
        return 4 + Buffer.from(String(raw), 'base64').byteLength;
      case 'Guid':
        return 16;
      case 'Int32':
        return 4;
      case 'Boolean':
        return 1;
      case 'String':
        return 4 + 2 * String(raw).length;
      default:
        return 8; // Int64, Double, DateTime
    }
  }
  return 4 + 2 * String(value).length;
}

/** Bytes of the value alone, for the 64 KB property limit (strings in UTF-16, binary as is). */
function propertyValueBytes(value: Value): number {
  const typed = typeof value === 'object' && value !== null ? (value as { type?: unknown }).type : undefined;
  const variable = typeof value === 'string' || value instanceof Uint8Array || typed === 'Binary' || typed === 'String';
  return variable ? valueBytes(value) - 4 : valueBytes(value);
}

/** The entity's size by Azure's formula. */
export function entityBytes(entity: Record<string, unknown>): number {
  return entityBytesOf(entity, properties(entity));
}

function entityBytesOf(entity: Record<string, unknown>, props: Array<[string, Value]>): number {
  let bytes = 4 + 2 * (String(entity.partitionKey ?? '').length + String(entity.rowKey ?? '').length);
  for (const [name, value] of props) bytes += 8 + 2 * name.length + valueBytes(value);
  return bytes;
}

function checkKey(name: 'PartitionKey' | 'RowKey', key: unknown): void {
  const text = String(key ?? '');
  if (2 * text.length > TABLE_LIMITS.keyBytes)
    throw new TableLimitError('OutOfRangeInput', `the ${name} is ${2 * text.length} bytes; at most 1 KiB is allowed`);
  if (FORBIDDEN_KEY_CHARACTERS.test(text))
    throw new TableLimitError('OutOfRangeInput', `the ${name} holds a character Azure refuses (/ \\ # ? or a control)`);
}

/** Checks the keys of any write (deletes included). */
export function checkKeys(entity: { partitionKey?: unknown; rowKey?: unknown }): void {
  checkKey('PartitionKey', entity.partitionKey);
  checkKey('RowKey', entity.rowKey);
}

/** Checks an entity about to be inserted, replaced or merged (a merge: the properties it sends). */
export function checkEntity(entity: Record<string, unknown>): void {
  checkedProperties(entity);
}

/** `checkEntity`, giving back the entity's stored properties (listed once for every check). */
function checkedProperties(entity: Record<string, unknown>): Array<[string, Value]> {
  checkKeys(entity);
  const props = properties(entity);
  if (props.length + 3 > TABLE_LIMITS.properties)
    throw new TableLimitError(
      'TooManyProperties',
      `${props.length} properties besides PartitionKey, RowKey and Timestamp; at most ${TABLE_LIMITS.properties - 3}`,
    );
  for (const [name, value] of props) {
    if (name.length > TABLE_LIMITS.propertyNameChars)
      throw new TableLimitError('PropertyNameTooLong', `the property name "${name.slice(0, 40)}…" is too long`);
    const bytes = propertyValueBytes(value);
    if (bytes > TABLE_LIMITS.propertyBytes)
      throw new TableLimitError(
        'PropertyValueTooLarge',
        `the property "${name}" is ${bytes} bytes (UTF-16); at most ${TABLE_LIMITS.propertyBytes}`,
      );
  }
  const bytes = entityBytesOf(entity, props);
  if (bytes > TABLE_LIMITS.entityBytes)
    throw new TableLimitError('EntityTooLarge', `the entity is ${bytes} bytes; at most ${TABLE_LIMITS.entityBytes}`);
  return props;
}

/** An upper estimate of one operation's share of a transaction's payload (UTF-8 JSON, its headers, OData types). */
export function transactionActionBytes(action: TransactionAction): number {
  const entity = action[1] as object;
  return Buffer.byteLength(JSON.stringify(entity)) + typedBytes(properties(entity));
}

/** The OData type annotations of the entity's properties that are not strings, and the operation's headers. */
const typedBytes = (props: Array<[string, Value]>) =>
  48 * props.reduce((typed, [, v]) => (typeof v !== 'string' ? typed + 1 : typed), 0) + 600;

/**
 * At least `Buffer.byteLength(JSON.stringify(entity))`, without writing the JSON: a UTF-16 unit is at most 6 bytes
 * of it (`\u001f`), a number at most 24 characters, a date its quoted ISO text. Other values are measured as JSON.
 */
function jsonBytesAtMost(entity: object): number {
  let bytes = 2;
  for (const [name, value] of Object.entries(entity)) {
    bytes += 6 * name.length + 4;
    if (typeof value === 'string') bytes += 6 * value.length + 2;
    else if (value === undefined || value === null || typeof value === 'number' || typeof value === 'boolean')
      bytes += 24;
    else if (value instanceof Date) bytes += 32;
    else bytes += Buffer.byteLength(JSON.stringify(value) ?? '');
  }
  return bytes;
}

/** Checks a transaction: ≤ 100 operations, one partition, each entity once, payload under 4 MiB, each entity. */
export function checkTransaction(actions: TransactionAction[]): void {
  if (actions.length === 0) return;
  if (actions.length > TABLE_LIMITS.transactionEntities)
    throw new TableLimitError('InvalidInput', `${actions.length} operations; a transaction holds at most 100`);
  const partition = String(actions[0]![1].partitionKey);
  const rows = new Set<string>();
  // The payload's estimate from an upper bound of each entity's JSON; its exact JSON only when that bound is too large.
  let atMost = 0;
  for (const action of actions) {
    const entity = action[1] as TableEntity;
    if (String(entity.partitionKey) !== partition)
      throw new TableLimitError('CommandsInBatchActOnDifferentPartitions', 'a transaction writes one partition only');
    if (rows.has(String(entity.rowKey)))
      throw new TableLimitError('InvalidDuplicateRow', `the row "${String(entity.rowKey)}" appears twice`);
    rows.add(String(entity.rowKey));
    let props: Array<[string, Value]>;
    if (action[0] === 'delete') {
      checkKeys(entity);
      props = properties(entity);
    } else props = checkedProperties(entity);
    atMost += jsonBytesAtMost(entity) + typedBytes(props);
  }
  const bytes =
    atMost < TABLE_LIMITS.transactionBytes ? atMost : actions.reduce((sum, a) => sum + transactionActionBytes(a), 0);
  if (bytes >= TABLE_LIMITS.transactionBytes)
    throw new TableLimitError(
      'RequestBodyTooLarge',
      `the transaction is about ${bytes} bytes; it must stay under 4 MiB`,
    );
}

/**
 * Groups entities into transactions within the limits (≤ 100 operations, payload under 4 MiB), in order, so a
 * caller can write a large set as few transactions as possible.
 */
export function planTransactions(actions: TransactionAction[]): TransactionAction[][] {
  const groups: TransactionAction[][] = [];
  let group: TransactionAction[] = [];
  let bytes = 0;
  for (const action of actions) {
    const size = transactionActionBytes(action);
    if (
      group.length &&
      (group.length >= TABLE_LIMITS.transactionEntities || bytes + size >= TABLE_LIMITS.transactionBytes)
    ) {
      groups.push(group);
      group = [];
      bytes = 0;
    }
    group.push(action);
    bytes += size;
  }
  if (group.length) groups.push(group);
  return groups;
}

/**
 * Wraps a TableClient's write methods once: every write is checked against Azure's limits before it is sent. A point
 * read's keys are checked too: a key holding a character Azure refuses could never have been written, and Azurite
 * answers such a read 404 (or 500 for `/`) where it should have been found — a raw key must fail in the tests.
 */
export function guardWrites(table: TableClient): TableClient {
  const getEntity = table.getEntity.bind(table);
  const createEntity = table.createEntity.bind(table);
  const upsertEntity = table.upsertEntity.bind(table);
  const updateEntity = table.updateEntity.bind(table);
  const deleteEntity = table.deleteEntity.bind(table);
  const submitTransaction = table.submitTransaction.bind(table);
  table.getEntity = (async (partitionKey, rowKey, options) => {
    checkKeys({ partitionKey, rowKey });
    return getEntity(partitionKey, rowKey, options);
  }) as TableClient['getEntity'];
  table.createEntity = (async (entity, options) => {
    checkEntity(entity);
    return createEntity(entity, options);
  }) as TableClient['createEntity'];
  table.upsertEntity = (async (entity, mode, options) => {
    checkEntity(entity);
    return upsertEntity(entity, mode, options);
  }) as TableClient['upsertEntity'];
  table.updateEntity = (async (entity, mode, options) => {
    checkEntity(entity);
    return updateEntity(entity, mode, options);
  }) as TableClient['updateEntity'];
  table.deleteEntity = (async (partitionKey, rowKey, options) => {
    checkKeys({ partitionKey, rowKey });
    return deleteEntity(partitionKey, rowKey, options);
  }) as TableClient['deleteEntity'];
  table.submitTransaction = (async (actions, options) => {
    checkTransaction(actions);
    return submitTransaction(actions, options);
  }) as TableClient['submitTransaction'];
  return table;
}
