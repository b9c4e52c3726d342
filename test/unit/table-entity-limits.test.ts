import type { TableClient, TransactionAction } from '@azure/data-tables';
import { describe, expect, it } from 'vitest';
import {
  checkEntity,
  checkTransaction,
  entityBytes,
  guardWrites,
  planTransactions,
  TABLE_LIMITS,
  TableLimitError,
  transactionActionBytes,
} from '../../shared/adapters/table/entity-limits.js';

const refusal = (write: () => void) => {
  try {
    write();
  } catch (error) {
    if (error instanceof TableLimitError) return error.code;
    throw error;
  }
  return 'accepted';
};

const columns = (count: number, chars: number, char = 'x') =>
  Object.fromEntries(Array.from({ length: count }, (_, i) => [`C${i}`, char.repeat(chars)]));

describe('Azure Table limits checked by the adapter', () => {
  it("when an entity is sized, then Azure's formula counts keys, names and strings in UTF-16", () => {
    // 4 + 2×(1+1) + [8 + 2×4 + (4 + 2×5)] + [8 + 2×5 + 8] + [8 + 2×4 + 1]
    expect(entityBytes({ partitionKey: 'p', rowKey: 'r', Name: 'hello', Count: 3, Flag: true })).toBe(
      4 + 4 + (8 + 8 + 14) + (8 + 10 + 8) + (8 + 8 + 1),
    );
  });

  it('when a string property passes 32,000 characters, then PropertyValueTooLarge, whatever its UTF-8 size', () => {
    expect(refusal(() => checkEntity({ partitionKey: 'p', rowKey: 'r', ...columns(1, 32_000) }))).toBe('accepted');
    expect(refusal(() => checkEntity({ partitionKey: 'p', rowKey: 'r', ...columns(1, 32_001) }))).toBe(
      'PropertyValueTooLarge',
    );
    expect(refusal(() => checkEntity({ partitionKey: 'p', rowKey: 'r', Bin: new Uint8Array(64_001) }))).toBe(
      'PropertyValueTooLarge',
    );
  });

  it('when the columns add up past 1 MiB in UTF-16 (half of it in UTF-8, which Azurite counts), then EntityTooLarge', () => {
    // 17 × 31,000 ASCII characters: 527,000 bytes in UTF-8, 1,054,000 in UTF-16.
    expect(refusal(() => checkEntity({ partitionKey: 'p', rowKey: 'r', ...columns(17, 31_000) }))).toBe(
      'EntityTooLarge',
    );
    expect(refusal(() => checkEntity({ partitionKey: 'p', rowKey: 'r', ...columns(16, 31_000) }))).toBe('accepted');
  });

  it('when an entity has more than 252 properties of its own, then TooManyProperties', () => {
    expect(refusal(() => checkEntity({ partitionKey: 'p', rowKey: 'r', ...columns(252, 1) }))).toBe('accepted');
    expect(refusal(() => checkEntity({ partitionKey: 'p', rowKey: 'r', ...columns(253, 1) }))).toBe(
      'TooManyProperties',
    );
  });

  it('when a key is over 1 KiB or holds / \\ # ? or a control character, then OutOfRangeInput', () => {
    expect(refusal(() => checkEntity({ partitionKey: 'p'.repeat(512), rowKey: 'r' }))).toBe('accepted');
    expect(refusal(() => checkEntity({ partitionKey: 'p'.repeat(513), rowKey: 'r' }))).toBe('OutOfRangeInput');
    for (const bad of ['a/b', 'a\\b', 'a#b', 'a?b', 'a\u0001b', 'a\u007fb'])
      expect(
        refusal(() => checkEntity({ partitionKey: 'p', rowKey: bad })),
        bad,
      ).toBe('OutOfRangeInput');
  });

  it('when a key holds a character Azure refuses, then every write and point read through the guard is refused and nothing is sent', async () => {
    const sent: string[] = [];
    const send =
      (what: string) =>
      async (..._: unknown[]) => {
        sent.push(what);
        return {};
      };
    const client = {
      getEntity: send('get'),
      createEntity: send('create'),
      upsertEntity: send('upsert'),
      updateEntity: send('update'),
      deleteEntity: send('delete'),
      submitTransaction: send('transaction'),
    } as unknown as TableClient;
    const table = guardWrites(client);
    const code = async (call: () => Promise<unknown>) =>
      call().then(
        () => 'sent',
        (error: unknown) => (error instanceof TableLimitError ? error.code : String(error)),
      );
    for (const bad of ['a#b@example.com', 'a/b@example.com', 'a?b@example.com', 'a\\b@example.com', 'a\u0085b']) {
      const entity = { partitionKey: 'p', rowKey: `email|${bad}` };
      expect(await code(() => table.getEntity('p', entity.rowKey)), bad).toBe('OutOfRangeInput');
      expect(await code(() => table.getEntity(entity.rowKey, 'r')), bad).toBe('OutOfRangeInput');
      expect(await code(() => table.createEntity(entity)), bad).toBe('OutOfRangeInput');
      expect(await code(() => table.upsertEntity(entity, 'Replace')), bad).toBe('OutOfRangeInput');
      expect(await code(() => table.updateEntity(entity, 'Merge')), bad).toBe('OutOfRangeInput');
      expect(await code(() => table.deleteEntity('p', entity.rowKey)), bad).toBe('OutOfRangeInput');
      expect(await code(() => table.submitTransaction([['create', entity]])), bad).toBe('OutOfRangeInput');
    }
    expect(sent).toEqual([]);
    expect(await code(() => table.getEntity('p', 'email|v1:abc'))).toBe('sent');
  });

  it('when a transaction breaks a rule, then it is refused as Azure would', () => {
    const create = (rowKey: string, extra: object = {}, partitionKey = 'p'): TransactionAction => [
      'create',
      { partitionKey, rowKey, ...extra },
    ];
    const many = Array.from({ length: 101 }, (_, i) => create(`r${i}`));
    expect(refusal(() => checkTransaction(many.slice(0, 100)))).toBe('accepted');
    expect(refusal(() => checkTransaction(many))).toBe('InvalidInput');
    expect(refusal(() => checkTransaction([create('a'), create('b', {}, 'q')]))).toBe(
      'CommandsInBatchActOnDifferentPartitions',
    );
    expect(refusal(() => checkTransaction([create('a'), ['delete', { partitionKey: 'p', rowKey: 'a' }]]))).toBe(
      'InvalidDuplicateRow',
    );
    // 9 entities of 16 × 31,000 characters: each within 1 MiB, about 4.5 MB of payload together.
    const large = Array.from({ length: 9 }, (_, i) => create(`r${i}`, columns(16, 31_000)));
    expect(refusal(() => checkTransaction(large))).toBe('RequestBodyTooLarge');
    expect(refusal(() => checkTransaction([create('a', columns(17, 31_000))]))).toBe('EntityTooLarge');
  });

  it('when a transaction nears 4 MiB, then it is refused exactly when its estimate (transactionActionBytes) reaches it', () => {
    const create = (rowKey: string, extra: object): TransactionAction => [
      'create',
      { partitionKey: 'p', rowKey, ...extra },
    ];
    // Plain text, and control characters that JSON writes as 6 bytes each (`\u0001`) where Azure's formula counts 2.
    for (const [chars, char, counts] of [
      [31_000, 'x', [7, 8, 9]],
      [10_000, '\u0001', [3, 4, 5]],
    ] as const) {
      for (const count of counts) {
        const actions = Array.from({ length: count }, (_, i) => create(`r${i}`, columns(16, chars, char)));
        const estimate = actions.reduce((sum, action) => sum + transactionActionBytes(action), 0);
        const expected = estimate >= TABLE_LIMITS.transactionBytes ? 'RequestBodyTooLarge' : 'accepted';
        expect(
          refusal(() => checkTransaction(actions)),
          `${count} × ${chars} ${JSON.stringify(char)}`,
        ).toBe(expected);
      }
    }
  });

  it('when many entities are planned into transactions, then each group is within the limits and in order', () => {
    const actions = Array.from(
      { length: 250 },
      (_, i): TransactionAction => [
        'create',
        { partitionKey: 'p', rowKey: `r${String(i).padStart(3, '0')}`, ...columns(1, i % 2 ? 30_000 : 10) },
      ],
    );
    const groups = planTransactions(actions);
    expect(groups.flat()).toEqual(actions);
    for (const group of groups) {
      expect(group.length).toBeLessThanOrEqual(TABLE_LIMITS.transactionEntities);
      expect(refusal(() => checkTransaction(group))).toBe('accepted');
    }
  });
});
