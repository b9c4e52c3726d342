/**
 * The contract of `ClientFileStore` (shared/domain/client-file.ts): the same cases against the in-memory fake the
 * unit tests use (test/support/client-file-fakes.ts) and the Table adapter over Azurite
 * (shared/adapters/table/client-file-store.ts). Each case works in a provider (a partition) of its own.
 */
import { randomUUID } from 'node:crypto';
import { describe, expect, inject, it } from 'vitest';
import { tableClientFileStore } from '../../shared/adapters/table/client-file-store.js';
import { parseSettings } from '../../shared/config.js';
import { buildDeps } from '../../shared/deps.js';
import type { ClientFile, ClientFileStore, Device } from '../../shared/domain/client-file.js';
import { summarizeClientFile } from '../../shared/domain/client-search.js';
import { DomainError } from '../../shared/domain/errors.js';
import { InMemoryClientFileStore } from '../support/client-file-fakes.js';

const makeFake = (): ClientFileStore => new InMemoryClientFileStore();
const makeTable = (): ClientFileStore =>
  tableClientFileStore(buildDeps(parseSettings(inject('stackSettings'))).tableFor);

const NOW = new Date('2030-06-03T09:00:00.000Z');
const unique = (prefix: string) => `${prefix}-${randomUUID().slice(0, 8)}`;
const code = () => randomUUID().replaceAll('-', '').slice(0, 8).toUpperCase();

function fileOf(providerId: string, overrides: Partial<ClientFile> = {}): ClientFile {
  return {
    id: randomUUID(),
    providerId,
    status: 'prospect',
    firstName: 'Claire',
    lastName: 'Dupont',
    emails: { secondary: [] },
    locale: 'fr',
    mobileApp: { offered: false },
    identificationCode: code(),
    activationFailures: { recent: [] },
    createdAt: NOW,
    createdBy: 'oid-pro',
    updatedAt: NOW,
    ...overrides,
  };
}

async function codeOf(promise: Promise<unknown>): Promise<{ code: string; details: Record<string, unknown> }> {
  const error = await promise.then(
    () => {
      throw new Error('expected a refusal');
    },
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(DomainError);
  return { code: (error as DomainError).code, details: (error as DomainError).details };
}

describe.each([
  ['the in-memory fake', makeFake],
  ['the Table adapter', makeTable],
])('ClientFileStore: %s', (_name, make) => {
  it('when a file is created, then it reads back whole (dates, activation, failures) with an ETag', async () => {
    const store = make();
    const file = fileOf(unique('p'), {
      civility: 'mrs',
      emails: { primary: 'claire@example.com', secondary: ['c2@example.com'] },
      phone: '+33612345678',
      address: { line1: '1 rue de la Paix', postalCode: '33000', city: 'Bordeaux', country: 'FR' },
      mobileApp: { offered: true, usableUntil: '2031-01-01' },
      activation: {
        hash: 'h',
        issuedAt: NOW,
        expiresAt: new Date(NOW.getTime() + 600_000),
        wrongTries: 1,
        requestedBy: 'oid-pro',
        sms: { id: randomUUID(), sentTo: '+33 6 •• •• •• 78', status: 'sent', at: NOW, attempts: 1 },
      },
      activationFailures: { recent: [NOW], lockedAt: NOW },
    });
    const created = await store.create(file);
    expect(created.etag).toEqual(expect.any(String));
    const read = await store.get(file.providerId, file.id);
    expect(read).toEqual({ value: file, etag: created.etag });
    expect(await store.get(unique('other'), file.id)).toBeUndefined();
  });

  it('when a file is replaced with its ETag, then the new one reads back; a stale ETag is concurrent-update', async () => {
    const store = make();
    const file = fileOf(unique('p'));
    const created = await store.create(file);
    const replaced = await store.replace({ ...file, advisor: 'Paul Durand' }, created);
    expect(replaced.etag).not.toBe(created.etag);
    expect((await store.get(file.providerId, file.id))?.value.advisor).toBe('Paul Durand');
    expect((await codeOf(store.replace({ ...file, advisor: 'X' }, created))).code).toBe('concurrent-update');
    expect((await codeOf(store.create(file))).code).toBe('concurrent-update');
  });

  it('when a second file has an address another file signs in with or writes to, then client-exists names the holder', async () => {
    const store = make();
    const providerId = unique('p');
    const holder = fileOf(providerId, { emails: { primary: 'a@example.com', secondary: [] } });
    await store.create(holder);
    const second = fileOf(providerId, { emails: { primary: 'a@example.com', secondary: [] } });
    expect(await codeOf(store.create(second))).toEqual({ code: 'client-exists', details: { clientId: holder.id } });
    expect(await store.get(providerId, second.id)).toBeUndefined();
    // Taken by a replace, too; a secondary address may be shared.
    const third = fileOf(providerId, { emails: { secondary: ['a@example.com'] } });
    const created = await store.create(third);
    const refused = store.replace({ ...third, emails: { primary: 'a@example.com', secondary: [] } }, created);
    expect((await codeOf(refused)).code).toBe('client-exists');
    // Another provider has its own files.
    await store.create(fileOf(unique('p'), { emails: { primary: 'a@example.com', secondary: [] } }));
  });

  it('when a file changes its address, then the old one is free and found no more', async () => {
    const store = make();
    const providerId = unique('p');
    const file = fileOf(providerId, { emails: { primary: 'old@example.com', secondary: [] } });
    const created = await store.create(file);
    const moved = { ...file, emails: { primary: 'new@example.com', secondary: [] } };
    await store.replace(moved, created);
    expect(await store.byEmail(providerId, 'old@example.com')).toBeUndefined();
    expect((await store.byEmail(providerId, 'new@example.com'))?.value.id).toBe(file.id);
    expect(await store.search(providerId, { kind: 'email', email: 'old@example.com' }, 10)).toEqual([]);
    await store.create(fileOf(providerId, { emails: { primary: 'old@example.com', secondary: [] } }));
  });

  it('when byEmail looks, then the primary and sign-in addresses find the file, a secondary one does not', async () => {
    const store = make();
    const providerId = unique('p');
    const file = fileOf(providerId, {
      status: 'client',
      emails: { signIn: 's@example.com', primary: 'p@example.com', secondary: ['x@example.com'] },
    });
    await store.create(file);
    expect((await store.byEmail(providerId, 's@example.com'))?.value.id).toBe(file.id);
    expect((await store.byEmail(providerId, 'p@example.com'))?.value.id).toBe(file.id);
    expect(await store.byEmail(providerId, 'x@example.com')).toBeUndefined();
    expect(await store.byEmail(unique('p'), 'p@example.com')).toBeUndefined();
  });

  it('when searched by name, then each word is a token prefix, any order; summaries in name order', async () => {
    const store = make();
    const providerId = unique('p');
    const claire = fileOf(providerId, { firstName: 'Claire', lastName: 'Dupont' });
    const helene = fileOf(providerId, { firstName: 'Hélène', lastName: 'Dupuis-Martin' });
    const jp = fileOf(providerId, { firstName: 'Jean-Pierre', lastName: 'Viron' });
    for (const f of [jp, helene, claire]) await store.create(f);
    await store.create(fileOf(unique('p'), { firstName: 'Claire', lastName: 'Dupont' }));
    const ids = async (tokens: string[]) =>
      (await store.search(providerId, { kind: 'name', tokens }, 10)).map((s) => s.id);
    expect(await ids(['dup'])).toEqual([claire.id, helene.id]);
    expect(await ids(['cla', 'dup'])).toEqual([claire.id]);
    expect(await ids(['martin'])).toEqual([helene.id]);
    expect(await ids(['helene', 'dupuis'])).toEqual([helene.id]);
    expect(await ids(['pierre'])).toEqual([jp.id]);
    expect(await ids(['xyz'])).toEqual([]);
    expect(await store.search(providerId, { kind: 'name', tokens: ['claire'] }, 10)).toEqual([
      summarizeClientFile(claire),
    ]);
  });

  it('when a name changes, then the old words find the file no more and the new ones do', async () => {
    const store = make();
    const providerId = unique('p');
    const file = fileOf(providerId, { firstName: 'Claire', lastName: 'Dupont' });
    const created = await store.create(file);
    await store.replace({ ...file, lastName: 'Martin', status: 'client' }, created);
    expect(await store.search(providerId, { kind: 'name', tokens: ['dupont'] }, 10)).toEqual([]);
    const [found] = await store.search(providerId, { kind: 'name', tokens: ['claire'] }, 10);
    expect(found).toMatchObject({ id: file.id, lastName: 'Martin', status: 'client', state: 'active' });
  });

  it('when searched by phone or email, then exact matches only, secondary addresses too', async () => {
    const store = make();
    const providerId = unique('p');
    const a = fileOf(providerId, { phone: '+33612345678', emails: { primary: 'a@example.com', secondary: [] } });
    const b = fileOf(providerId, { lastName: 'Bernard', emails: { secondary: ['a@example.com'] } });
    await store.create(a);
    await store.create(b);
    expect((await store.search(providerId, { kind: 'phone', phone: '+33612345678' }, 10)).map((s) => s.id)).toEqual([
      a.id,
    ]);
    expect(await store.search(providerId, { kind: 'phone', phone: '+3361234567' }, 10)).toEqual([]);
    const byEmail = await store.search(providerId, { kind: 'email', email: 'a@example.com' }, 10);
    expect(byEmail.map((s) => s.id)).toEqual([b.id, a.id]);
  });

  it('when more files match than the limit, then limit summaries come back', async () => {
    const store = make();
    const providerId = unique('p');
    for (let i = 0; i < 5; i++) await store.create(fileOf(providerId, { firstName: `P${i}`, lastName: 'Martin' }));
    expect(await store.search(providerId, { kind: 'name', tokens: ['mar'] }, 3)).toHaveLength(3);
  });

  it('when an identification code is claimed, then once only, across providers, and it names its file', async () => {
    const store = make();
    const providerId = unique('p');
    const file = fileOf(providerId);
    expect(await store.claimIdentificationCode(file.identificationCode!, providerId, file.id)).toBe(true);
    expect(await store.claimIdentificationCode(file.identificationCode!, unique('p'), randomUUID())).toBe(false);
    expect(await store.byIdentificationCode(file.identificationCode!)).toBeUndefined();
    await store.create(file);
    expect((await store.byIdentificationCode(file.identificationCode!))?.value.id).toBe(file.id);
    expect(await store.byIdentificationCode(code())).toBeUndefined();
  });

  it('when devices are put, then they read back newest first, replaced by id', async () => {
    const store = make();
    const providerId = unique('p');
    const file = fileOf(providerId);
    await store.create(file);
    const older: Device = { id: randomUUID(), activatedAt: NOW, lastSeenAt: NOW };
    const newer: Device = {
      id: randomUUID(),
      activatedAt: new Date(NOW.getTime() + 1000),
      lastSeenAt: new Date(NOW.getTime() + 1000),
      appVersion: '2.1.0',
      label: 'iPhone de Claire',
    };
    await store.putDevice(providerId, file.id, older);
    await store.putDevice(providerId, file.id, newer);
    await store.putDevice(providerId, file.id, { ...older, revokedAt: NOW, revokedBy: 'oid-pro' });
    expect(await store.devices(providerId, file.id)).toEqual([
      newer,
      { ...older, revokedAt: NOW, revokedBy: 'oid-pro' },
    ]);
    expect(await store.devices(providerId, randomUUID())).toEqual([]);
  });
});
