/**
 * `ClientStore.endSessionsBefore`, the fake and the Table adapter alike: the instant is read back with the profile
 * (and in a session's read), a later instant replaces an earlier one, an earlier one changes nothing, and the other
 * rows of the partition are untouched. `recordPasswordChange` / `passwordChangedAt` the same way, by a point read.
 */
import { randomUUID } from 'node:crypto';
import { describe, expect, inject, it } from 'vitest';
import { tableClientStore } from '../../shared/adapters/table/client-store.js';
import { parseSettings } from '../../shared/config.js';
import { buildDeps } from '../../shared/deps.js';
import type { ClientAccount, ClientRecord } from '../../shared/domain/client.js';
import type { ClientStore } from '../../shared/domain/ports.js';
import { FakeClientStore } from '../support/fakes.js';

const stores: Array<[string, () => ClientStore]> = [
  ['fake', () => new FakeClientStore()],
  ['table', () => tableClientStore(buildDeps(parseSettings(inject('stackSettings'))).tableFor)],
];

function person(): { key: string; account: ClientAccount; record: ClientRecord } {
  const tenantId = randomUUID();
  const objectId = randomUUID();
  const key = `${tenantId}|${objectId}`;
  const now = new Date('2030-06-03T09:00:00.000Z');
  const account: ClientAccount = {
    key,
    clientId: randomUUID(),
    tenantId,
    objectId,
    email: `ended-${randomUUID().slice(0, 8)}@example.com`,
    displayName: 'Willy Urs',
    createdAt: now,
  };
  const record: ClientRecord = {
    providerId: 'gfms',
    clientId: account.clientId,
    firstName: 'Willy',
    lastName: 'Urs',
    email: account.email,
    access: { status: 'active', since: now },
    firstSignInAt: now,
    createdAt: now,
  };
  return { key, account, record };
}

describe.each(stores)('ending every session of a client (%s store)', (_name, make) => {
  it('when sessions are ended before an instant, then the profile says so, in and out of a session', async () => {
    const clients = make();
    const { key, account, record } = person();
    await clients.recordAcceptance(account, record);
    expect((await clients.profile(key))?.sessionsEndedAt).toBeUndefined();
    const at = new Date('2030-06-03T10:00:00.000Z');
    await clients.endSessionsBefore(key, at);
    expect(await clients.profile(key)).toEqual({ account, records: [record], companies: [], sessionsEndedAt: at });
    const { profile, ended } = await clients.profileInSession(key, 'a-session');
    expect(ended).toBe(false);
    expect(profile?.sessionsEndedAt).toEqual(at);
  });

  it('when a later instant comes, then it replaces the earlier one; an earlier one changes nothing', async () => {
    const clients = make();
    const { key, account, record } = person();
    await clients.recordAcceptance(account, record);
    const first = new Date('2030-06-03T10:00:00.000Z');
    const later = new Date('2030-06-03T11:00:00.000Z');
    await clients.endSessionsBefore(key, first);
    await clients.endSessionsBefore(key, later);
    await clients.endSessionsBefore(key, first);
    expect((await clients.profile(key))?.sessionsEndedAt).toEqual(later);
  });

  it('when several end sessions at once, then the latest instant is kept', async () => {
    const clients = make();
    const { key, account, record } = person();
    await clients.recordAcceptance(account, record);
    const instants = [3, 1, 4, 2, 5].map((h) => new Date(`2030-06-03T1${h}:00:00.000Z`));
    await Promise.all(instants.map((at) => clients.endSessionsBefore(key, at)));
    expect((await clients.profile(key))?.sessionsEndedAt).toEqual(new Date('2030-06-03T15:00:00.000Z'));
  });
});

describe.each(stores)('recording the product’s password changes (%s store)', (_name, make) => {
  it('when a change is recorded, then a point read answers it; a later one replaces it, an earlier one changes nothing; the profile is untouched', async () => {
    const clients = make();
    const { key, account, record } = person();
    await clients.recordAcceptance(account, record);
    expect(await clients.passwordChangedAt(key)).toBeUndefined();
    const first = new Date('2030-06-03T10:00:00.250Z');
    const later = new Date('2030-06-03T11:00:00.750Z');
    await clients.recordPasswordChange(key, first);
    expect(await clients.passwordChangedAt(key)).toEqual(first);
    await clients.recordPasswordChange(key, later);
    await clients.recordPasswordChange(key, first);
    expect(await clients.passwordChangedAt(key)).toEqual(later);
    expect(await clients.profile(key)).toEqual({ account, records: [record], companies: [] });
  });

  it('when several record at once, then the latest instant is kept; an account never changed answers nothing', async () => {
    const clients = make();
    const { key, account, record } = person();
    await clients.recordAcceptance(account, record);
    const instants = [3, 1, 5, 2, 4].map((h) => new Date(`2030-06-03T1${h}:00:00.000Z`));
    await Promise.all(instants.map((at) => clients.recordPasswordChange(key, at)));
    expect(await clients.passwordChangedAt(key)).toEqual(new Date('2030-06-03T15:00:00.000Z'));
    expect(await clients.passwordChangedAt(person().key)).toBeUndefined();
  });
});
