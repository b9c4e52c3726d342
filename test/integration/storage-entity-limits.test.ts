import { TableClient } from '@azure/data-tables';
import { describe, expect, inject, it } from 'vitest';
import { TableLimitError } from '../../shared/adapters/table/entity-limits.js';
import { parseSettings } from '../../shared/config.js';
import { buildDeps } from '../../shared/deps.js';
import { invitationFor, invite } from '../support/invitations.js';
import { stack } from '../support/stack.js';

const columns = (count: number, chars: number) =>
  Object.fromEntries(Array.from({ length: count }, (_, i) => [`C${i}`, 'x'.repeat(chars)]));

/** The app's own Batches table, through the adapter's TableFactory (as every repository gets it). */
const appTable = () => buildDeps(parseSettings(inject('stackSettings'))).tableFor('Batches');
/** The same table straight at Azurite, with no check of ours. */
const azurite = () =>
  TableClient.fromConnectionString(stack().storage.connectionString, 'Batches', { allowInsecureConnection: true });

async function codeOf(write: Promise<unknown>): Promise<string> {
  try {
    await write;
    return 'accepted';
  } catch (error) {
    if (error instanceof TableLimitError) return error.code;
    throw error;
  }
}

async function exists(partitionKey: string, rowKey: string): Promise<boolean> {
  try {
    await azurite().getEntity(partitionKey, rowKey);
    return true;
  } catch (error) {
    if ((error as { statusCode?: number }).statusCode === 404) return false;
    throw error;
  }
}

describe("Azure's entity limits, checked by the Table adapter where Azurite is lenient", () => {
  const partition = `limits-${Date.now().toString(36)}`;

  it('when an entity is over 1 MiB counted in UTF-16, then Azurite takes it but the adapter refuses it, writing nothing', async () => {
    const entity = { partitionKey: partition, rowKey: 'large', ...columns(17, 31_000) };
    await appTable(); // the table exists
    await azurite().createEntity({ ...entity, rowKey: 'large-in-azurite' });
    expect(await exists(partition, 'large-in-azurite')).toBe(true);
    expect(await codeOf((await appTable()).createEntity(entity))).toBe('EntityTooLarge');
    expect(await codeOf((await appTable()).upsertEntity(entity, 'Replace'))).toBe('EntityTooLarge');
    expect(await exists(partition, 'large')).toBe(false);
  });

  it('when an entity has 253 properties of its own, then Azurite takes it but the adapter refuses it', async () => {
    const entity = { partitionKey: partition, rowKey: 'wide', ...columns(253, 1) };
    await azurite().createEntity({ ...entity, rowKey: 'wide-in-azurite' });
    expect(await codeOf((await appTable()).createEntity(entity))).toBe('TooManyProperties');
    expect(await exists(partition, 'wide')).toBe(false);
  });

  it('when one entity of a transaction is over the limit, then none of it is written', async () => {
    const table = await appTable();
    const code = await codeOf(
      table.submitTransaction([
        ['create', { partitionKey: partition, rowKey: 'small', Value: 'ok' }],
        ['create', { partitionKey: partition, rowKey: 'too-large', ...columns(17, 31_000) }],
      ]),
    );
    expect(code).toBe('EntityTooLarge');
    expect(await exists(partition, 'small')).toBe(false);
  });

  it('when entities are within the limits, then the adapter writes them as before', async () => {
    const table = await appTable();
    await table.submitTransaction([
      ['create', { partitionKey: partition, rowKey: 'a', ...columns(16, 31_000) }],
      ['create', { partitionKey: partition, rowKey: 'b', Value: 'ok' }],
    ]);
    expect(await exists(partition, 'a')).toBe(true);
    expect(await exists(partition, 'b')).toBe(true);
  });
});

describe('keys built from what people type', () => {
  it("when an address holds / # ? or % (valid in an email's local part, refused in a key), then the invitation is made, once", async () => {
    for (const local of ['a/b', 'c#d', 'e?f', 'g%2Fh']) {
      const email = `${local}.${Date.now().toString(36)}@example.com`;
      const first = await invite(invitationFor(email));
      expect(first.status, first.text).toBe(201);
      const again = await invite(invitationFor(email));
      expect(again.status, again.text).toBe(409);
      expect(again.body.code).toBe('invitation-pending');
    }
  });
});
