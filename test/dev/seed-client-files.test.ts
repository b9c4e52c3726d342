/**
 * `npm start`'s client files (dev/seed.ts): a few prospects and a client for GFMS, French names with accents, mobile
 * numbers, one with the app offered; written once, left as they are at the next start.
 */
import { TableClient } from '@azure/data-tables';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type RunningAzurite, startAzurite } from '../../dev/azurite.js';
import { GFMS_PROVIDER_ID, seedClientFiles } from '../../dev/seed.js';
import { phoneNumbers } from '../../shared/adapters/phone-numbers.js';
import { tableClientFileStore } from '../../shared/adapters/table/client-file-store.js';
import { tableFactory } from '../../shared/adapters/table/tables.js';

let azurite: RunningAzurite;
beforeAll(async () => {
  azurite = await startAzurite();
}, 60_000);
afterAll(() => azurite?.stop());

const store = () =>
  tableClientFileStore(
    tableFactory((name) =>
      TableClient.fromConnectionString(azurite.connectionString, name, { allowInsecureConnection: true }),
    ),
  );

describe('the seeded client files', () => {
  it('when seeded twice, then the files are there once, unchanged, searchable without accents', async () => {
    await seedClientFiles(azurite.connectionString);
    const files = store();
    const first = await files.search(GFMS_PROVIDER_ID, { kind: 'name', tokens: ['helene'] }, 10);
    expect(first.map((s) => `${s.firstName} ${s.lastName}`)).toEqual(['Hélène Dupuis-Martin']);
    const before = await files.get(GFMS_PROVIDER_ID, first[0]!.id);

    await seedClientFiles(azurite.connectionString);

    expect(await files.get(GFMS_PROVIDER_ID, first[0]!.id)).toEqual(before);
    const all = await files.search(GFMS_PROVIDER_ID, { kind: 'name', tokens: ['d'] }, 50);
    expect(all.length).toBeGreaterThanOrEqual(2);
    const claire = (await files.search(GFMS_PROVIDER_ID, { kind: 'name', tokens: ['dupont', 'claire'] }, 10))[0]!;
    const sheet = (await files.get(GFMS_PROVIDER_ID, claire.id))!.value;
    expect(sheet.mobileApp.offered).toBe(true);
    expect(phoneNumbers.parse(sheet.phone!)?.line).toBe('mobile');
    expect((await files.byIdentificationCode(sheet.identificationCode!))?.value.id).toBe(claire.id);
    // A file gets its identification code when the app is offered on it: the others have none.
    for (const summary of all) {
      const file = (await files.get(GFMS_PROVIDER_ID, summary.id))!.value;
      expect(file.identificationCode === undefined, file.id).toBe(!file.mobileApp.offered);
    }
    const statuses = new Set(
      (await files.search(GFMS_PROVIDER_ID, { kind: 'name', tokens: ['f'] }, 50)).map((s) => s.status),
    );
    expect(statuses.has('client')).toBe(true);
  });
});
