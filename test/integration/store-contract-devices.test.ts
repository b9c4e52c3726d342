/**
 * The contract of `ClientFileStore`'s activation and device writes (docs/mobile-app.md): the same cases against the
 * in-memory fake the unit tests use and the Table adapter over Azurite. `activateDevice` writes the file and the new
 * device in one transaction, If-Match; device rows are replaced If-Match.
 */
import { randomUUID } from 'node:crypto';
import { describe, expect, inject, it } from 'vitest';
import { tableClientFileStore } from '../../shared/adapters/table/client-file-store.js';
import { parseSettings } from '../../shared/config.js';
import { buildDeps } from '../../shared/deps.js';
import type { ClientFile, ClientFileStore, Device } from '../../shared/domain/client-file.js';
import { DomainError } from '../../shared/domain/errors.js';
import { InMemoryClientFileStore } from '../support/client-file-fakes.js';

const makeFake = (): ClientFileStore => new InMemoryClientFileStore();
const makeTable = (): ClientFileStore =>
  tableClientFileStore(buildDeps(parseSettings(inject('stackSettings'))).tableFor);

const NOW = new Date('2030-06-03T09:00:00.000Z');
const LATER = new Date(NOW.getTime() + 60_000);

function fileOf(): ClientFile {
  return {
    id: randomUUID(),
    providerId: `p-${randomUUID().slice(0, 8)}`,
    status: 'client',
    firstName: 'Claire',
    lastName: 'Dupont',
    emails: { primary: `claire.${randomUUID().slice(0, 8)}@example.com`, secondary: [] },
    locale: 'fr',
    mobileApp: { offered: true },
    identificationCode: randomUUID().replaceAll('-', '').slice(0, 8).toUpperCase(),
    activation: {
      hash: 'h',
      issuedAt: NOW,
      expiresAt: new Date(NOW.getTime() + 600_000),
      wrongTries: 0,
      requestedBy: 'oid-pro',
      sms: { id: randomUUID(), sentTo: '+33 6 •• •• •• 78', status: 'delivered', at: NOW, attempts: 1 },
    },
    activationFailures: { recent: [] },
    createdAt: NOW,
    createdBy: 'oid-pro',
    updatedAt: NOW,
  };
}

const device = (): Device => ({ id: randomUUID(), activatedAt: LATER, lastSeenAt: LATER, appVersion: '1.4.0' });

async function codeOf(promise: Promise<unknown>): Promise<string> {
  const error = await promise.then(
    () => {
      throw new Error('expected a refusal');
    },
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(DomainError);
  return (error as DomainError).code;
}

const used = (file: ClientFile): ClientFile => ({
  ...file,
  activation: { ...file.activation!, usedAt: LATER },
  appFirstConnectionAt: LATER,
  updatedAt: LATER,
});

describe.each([
  ['the in-memory fake', makeFake],
  ['the Table adapter', makeTable],
])('ClientFileStore, activation and devices: %s', (_name, make) => {
  it('when a device is activated, then the file and the device are written together, and the device reads back with an ETag', async () => {
    const store = make();
    const file = fileOf();
    const created = await store.create(file);
    const made = device();
    const written = await store.activateDevice(used(file), created, made);
    expect(written.etag).not.toBe(created.etag);
    expect(await store.get(file.providerId, file.id)).toEqual({ value: used(file), etag: written.etag });
    expect(await store.devices(file.providerId, file.id)).toEqual([made]);
    const read = await store.device(file.providerId, file.id, made.id);
    expect(read).toEqual({ value: made, etag: expect.any(String) });
    expect(await store.device(file.providerId, file.id, randomUUID())).toBeUndefined();
    expect(await store.device(file.providerId, randomUUID(), made.id)).toBeUndefined();
  });

  it('when two activations race on one ETag, then one writes its file and device, the other neither', async () => {
    const store = make();
    const file = fileOf();
    const created = await store.create(file);
    const [first, second] = [device(), device()];
    await store.activateDevice(used(file), created, first);
    expect(await codeOf(store.activateDevice(used(file), created, second))).toBe('concurrent-update');
    expect(await store.devices(file.providerId, file.id)).toEqual([first]);
  });

  it('when a device is replaced with its ETag, then it is; with a stale one, or when it is gone, concurrent-update', async () => {
    const store = make();
    const file = fileOf();
    const created = await store.create(file);
    const made = device();
    await store.activateDevice(used(file), created, made);
    const read = (await store.device(file.providerId, file.id, made.id))!;
    const revoked = { ...made, revokedAt: LATER, revokedBy: 'oid-pro' };
    const written = await store.replaceDevice(file.providerId, file.id, revoked, read.etag);
    expect(written).toEqual({ value: revoked, etag: expect.any(String) });
    expect(written.etag).not.toBe(read.etag);
    expect(await store.device(file.providerId, file.id, made.id)).toEqual(written);
    const seen = { ...made, lastSeenAt: new Date(LATER.getTime() + 3_600_000) };
    expect(await codeOf(store.replaceDevice(file.providerId, file.id, seen, read.etag))).toBe('concurrent-update');
    expect((await store.device(file.providerId, file.id, made.id))?.value).toEqual(revoked);
    expect(await codeOf(store.replaceDevice(file.providerId, file.id, device(), read.etag))).toBe('concurrent-update');
  });
});
