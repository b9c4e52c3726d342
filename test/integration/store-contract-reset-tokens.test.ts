/**
 * The contract of `ResetTokenStore` (docs/passwords.md): the same cases against the in-memory fake the unit tests use
 * and the Table adapter over Azurite. A link is found by its hash with whether it is its account's latest; spending is
 * If-Match (one spender); a spent link given back works again; forgetting an account deletes its links and its pointer;
 * the stored rows never hold the token.
 */
import { createHash, randomBytes, randomUUID } from 'node:crypto';
import { describe, expect, inject, it } from 'vitest';
import { hashedKey } from '../../shared/adapters/table/keys.js';
import { odata } from '../../shared/adapters/table/odata.js';
import { tableResetTokenStore } from '../../shared/adapters/table/reset-token-store.js';
import { parseSettings } from '../../shared/config.js';
import { buildDeps } from '../../shared/deps.js';
import type { ResetToken } from '../../shared/domain/password-reset.js';
import type { ResetTokenStore } from '../../shared/domain/ports.js';
import { InMemoryResetTokenStore } from '../support/reset-token-fakes.js';

const tableFactory = () => buildDeps(parseSettings(inject('stackSettings'))).tableFor;
const makeFake = (): ResetTokenStore => new InMemoryResetTokenStore();
const makeTable = (): ResetTokenStore => tableResetTokenStore(tableFactory());

const NOW = new Date('2030-06-03T09:00:00.000Z');

function linkOf(clientKey = `tenant|${randomUUID()}`): { token: string; link: ResetToken } {
  const token = randomBytes(32).toString('base64url');
  return {
    token,
    link: {
      hash: createHash('sha256').update(token).digest('base64url'),
      clientKey,
      objectId: clientKey.split('|')[1]!,
      owner: { email: `claire.${randomUUID().slice(0, 8)}@example.com`, firstName: 'Claire', lastName: 'Dupont' },
      locale: 'en',
      issuedAt: NOW,
      expiresAt: new Date(NOW.getTime() + 30 * 60 * 1000),
    },
  };
}

describe.each([
  ['in-memory fake', makeFake],
  ['Table adapter', makeTable],
])('ResetTokenStore (%s)', (_name, make) => {
  it('finds a link by its hash, as issued, latest and unused', async () => {
    const store = make();
    const { link } = linkOf();
    await store.issue(link);
    const found = await store.find(link.hash);
    expect(found?.latest).toBe(true);
    expect(found?.value).toEqual(link);
    expect(await store.find(linkOf().link.hash)).toBeUndefined();
  });

  it('a newer link of the account makes the older one not the latest; another account’s does not', async () => {
    const store = make();
    const first = linkOf();
    const other = linkOf();
    await store.issue(first.link);
    await store.issue(other.link);
    expect((await store.find(first.link.hash))?.latest).toBe(true);
    const newer = linkOf(first.link.clientKey);
    await store.issue(newer.link);
    expect((await store.find(first.link.hash))?.latest).toBe(false);
    expect((await store.find(newer.link.hash))?.latest).toBe(true);
    expect((await store.find(other.link.hash))?.latest).toBe(true);
  });

  it('spends a link once: the second spend of the same version, or of a stale one, is refused', async () => {
    const store = make();
    const { link } = linkOf();
    await store.issue(link);
    const read = (await store.find(link.hash))!;
    const [a, b] = await Promise.all([store.spend(read, NOW), store.spend(read, NOW)]);
    expect([a, b].filter((e) => e !== undefined)).toHaveLength(1);
    const after = (await store.find(link.hash))!;
    expect(after.value.usedAt).toEqual(NOW);
    expect(await store.spend(after, NOW)).toBeUndefined();
  });

  it('gives a spent link back with the ETag of its spend, and only with it', async () => {
    const store = make();
    const { link } = linkOf();
    await store.issue(link);
    const etag = (await store.spend((await store.find(link.hash))!, NOW))!;
    expect(await store.restore(link.hash, 'W/"datetime\'2000-01-01T00%3A00%3A00.0000000Z\'"')).toBe(false);
    expect(await store.restore(link.hash, etag)).toBe(true);
    const back = (await store.find(link.hash))!;
    expect(back.value.usedAt).toBeUndefined();
    expect(await store.spend(back, NOW)).toBeDefined();
    expect(await store.restore(linkOf().link.hash, etag)).toBe(false);
  });

  it('forgetting an account deletes every link issued to it, spent or not; another account’s link stays', async () => {
    const store = make();
    const first = linkOf();
    const second = linkOf(first.link.clientKey);
    const other = linkOf();
    await store.issue(first.link);
    await store.spend((await store.find(first.link.hash))!, NOW);
    await store.issue(second.link);
    await store.issue(other.link);

    await store.forgetAccount(first.link.clientKey);

    expect(await store.find(first.link.hash)).toBeUndefined();
    expect(await store.find(second.link.hash)).toBeUndefined();
    expect(await store.find(other.link.hash)).toMatchObject({ value: other.link, latest: true });
    // Forgetting it again, or an account with no link: no change.
    await store.forgetAccount(first.link.clientKey);
    await store.forgetAccount(linkOf().link.clientKey);
    expect((await store.find(other.link.hash))?.latest).toBe(true);
  });
});

describe('ResetTokens rows', () => {
  it('hold neither the token nor a key made of typed text', async () => {
    const tables = tableFactory();
    const store = tableResetTokenStore(tables);
    const { token, link } = linkOf();
    await store.issue(link);
    const rows: Record<string, unknown>[] = [];
    for await (const row of (await tables('ResetTokens')).listEntities()) rows.push(row);
    const text = JSON.stringify(rows);
    expect(text).toContain(link.hash);
    expect(text).not.toContain(token);
    for (const row of rows) {
      expect(String(row.partitionKey)).not.toContain(link.owner.email);
      expect(String(row.partitionKey)).not.toContain(link.clientKey);
    }
  });

  it('of a forgotten account are all gone: its links and its latest-link pointer', async () => {
    const tables = tableFactory();
    const store = tableResetTokenStore(tables);
    const { link } = linkOf();
    await store.issue(link);
    await store.issue(linkOf(link.clientKey).link);
    const pointer = `account|${hashedKey(link.clientKey)}`;
    const rowsOfTheAccount = async () => {
      const table = await tables('ResetTokens');
      const rows: unknown[] = [];
      for await (const row of table.listEntities({ queryOptions: { filter: odata`ClientKey eq ${link.clientKey}` } })) {
        rows.push(row);
      }
      for await (const row of table.listEntities({ queryOptions: { filter: odata`PartitionKey eq ${pointer}` } })) {
        rows.push(row);
      }
      return rows;
    };
    expect(await rowsOfTheAccount()).toHaveLength(3);
    await store.forgetAccount(link.clientKey);
    expect(await rowsOfTheAccount()).toEqual([]);
  });
});
