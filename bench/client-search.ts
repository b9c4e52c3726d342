/**
 * The client search's bench (issue 11, item 2): 10,000 client files in one provider, written as the Table adapter
 * writes them (the file and its index rows, `clientFileEntities`) in transactions of 100 rows; then name searches
 * through `GET /api/clients?q=` timed against the one raw range query that reads the same rows (same partition,
 * same RowKey range, same columns, same page size), interleaved.
 */
import { randomUUID } from 'node:crypto';
import { TableClient, type TransactionAction } from '@azure/data-tables';
import { clientFileEntities, nameRange } from '../shared/adapters/table/client-file-store.js';
import { odata } from '../shared/adapters/table/odata.js';
import type { ClientFile } from '../shared/domain/client-file.js';

const FIRST = ['Claire', 'Élodie', 'Jean-Pierre', 'Hélène', 'François', 'Zoé', 'Mathéo', 'Léa', 'Noël', 'Inès'];
const LAST = [
  'Dupont',
  'Lefèvre',
  'Martin',
  'Bernard',
  'Durand',
  'Moreau',
  'Laurent',
  'Girard',
  'Rousseau',
  'Garnier',
  'Faure',
  'Mercier',
  'Blanc',
  'Guérin',
  'Boyer',
  'Chevalier',
  'François',
  'Legrand',
  'Gauthier',
  'Perrin',
];

/** Writes `count` files into the provider's partition (the dev professional's: the API searches it). */
export async function seedClientFiles(connectionString: string, providerId: string, count: number): Promise<void> {
  const run = randomUUID().slice(0, 8);
  const table = TableClient.fromConnectionString(connectionString, 'ProviderIndex', { allowInsecureConnection: true });
  await table.createTable();
  const now = new Date();
  const entities = Array.from({ length: count }, (_, i) => {
    const file: ClientFile = {
      id: randomUUID(),
      providerId,
      status: i % 3 === 0 ? 'client' : 'prospect',
      // A number per file: 10,000 distinct last names, 200 of each stem (`Dupont17`…), as a provider's list is.
      firstName: FIRST[i % FIRST.length]!,
      lastName: `${LAST[Math.floor(i / FIRST.length) % LAST.length]!}${Math.floor(i / (FIRST.length * LAST.length))}`,
      emails: { primary: `c${i}.${run}@example.com`, secondary: [] },
      phone: `+336${String(10_000_000 + i).slice(-8)}`,
      locale: 'fr',
      mobileApp: { offered: i % 2 === 0 },
      identificationCode: `B${String(i).padStart(7, '0')}`,
      activationFailures: { recent: [] },
      createdAt: now,
      createdBy: 'bench',
      updatedAt: now,
    };
    return clientFileEntities(file);
  }).flat();
  const batches: TransactionAction[][] = [];
  for (let i = 0; i < entities.length; i += 100) {
    batches.push(entities.slice(i, i + 100).map((e): TransactionAction => ['create', e]));
  }
  let next = 0;
  await Promise.all(
    Array.from({ length: 8 }, async () => {
      while (next < batches.length) await table.submitTransaction(batches[next++]!);
    }),
  );
}

/** The searches timed: a last name's stem and number (a few files each), and two words. */
export const SEARCHES = ['dupont1', 'martin4 cla', 'faure', 'gue', 'leg', 'rousseau3', 'mercier2 hel', 'boy'];

/** The raw baseline of a search: the one range query the store makes for its longest word, as the store makes it. */
export function rawSearch(connectionString: string): (providerId: string, q: string) => Promise<number> {
  const table = TableClient.fromConnectionString(connectionString, 'ProviderIndex', { allowInsecureConnection: true });
  return async (providerId, q) => {
    const word = q
      .normalize('NFD')
      .replace(/\p{M}+/gu, '')
      .toLowerCase()
      .split(/\s+/)
      .sort((a, b) => b.length - a.length)[0]!;
    const { from, to } = nameRange(word);
    const pages = table
      .listEntities({
        queryOptions: {
          filter: odata`PartitionKey eq ${providerId} and RowKey ge ${from} and RowKey lt ${to}`,
          select: ['ClientId', 'Tokens', 'Summary'],
        },
      })
      .byPage({ maxPageSize: 100 });
    let rows = 0;
    for await (const page of pages) {
      rows += page.length;
      break;
    }
    return rows;
  };
}
