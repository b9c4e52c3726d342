/**
 * Device credentials and password changes (issue 14, item 5): a credential issued before the account's password last
 * changed is refused as a revoked device — the product's own changes (profile, temporary password, reset link) at
 * once, Entra's own (Graph's `lastPasswordChangeDateTime`) once the cache's bound passes; a new activation works.
 * The Graph cache: one call per account per bound, shared by concurrent calls, the last answer kept through a Graph
 * failure for an hour then closed. And `GET /api/me/companies`: the company picker's places for the credential's
 * account.
 */
import { randomInt } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { createLinkKeys } from '../../shared/adapters/link-keys.js';
import type { ClientRecord, OwnedCompany } from '../../shared/domain/client.js';
import { DomainError } from '../../shared/domain/errors.js';
import {
  cachedPasswordChanges,
  credentialPredatesChange,
  latestChangeFromDirectory,
  PASSWORD_CHECK_STALE_MS,
  type PasswordChangeSource,
} from '../../shared/domain/password-change.js';
import { activateDevice } from '../../shared/domain/use-cases/activate-device.js';
import { changePassword } from '../../shared/domain/use-cases/client-profile.js';
import { currentDevice, deviceCompanies } from '../../shared/domain/use-cases/devices.js';
import { confirmPasswordReset } from '../../shared/domain/use-cases/reset-password.js';
import { setTemporaryPassword } from '../../shared/domain/use-cases/temporary-password.js';
import { FakeAccountEmails } from '../support/account-email-fakes.js';
import {
  ACTIVATION_CODE,
  clientFileWithCode,
  type DeviceWorld,
  deviceWorld,
  IDENTIFICATION_CODE,
  PASSWORD_CHECK_MS,
} from '../support/device-fakes.js';
import { FakeClock, GFMS, professionalUser } from '../support/fakes.js';
import { HORIZON, NOUR_KEY, NOUR_SINCE, nourAccount } from '../support/onboarding-fakes.js';
import { InMemoryResetTokenStore } from '../support/reset-token-fakes.js';

const SECOND = 1000;
const MINUTE = 60 * SECOND;
const CLIENT_ID = 'c0ffee00-0000-4000-8000-000000000001';
const GOOD = 'Lanterne-Verte-42';

async function refusal(promise: Promise<unknown>) {
  try {
    await promise;
  } catch (error) {
    if (error instanceof DomainError) return error.code;
    throw error;
  }
  throw new Error('expected a refusal');
}

const record = (providerId: string, access: ClientRecord['access'] = { status: 'active', since: NOUR_SINCE }) => ({
  providerId,
  clientId: 'client-1',
  firstName: 'Mohamed-Nour',
  lastName: 'Benali',
  email: 'mohamed-nour@example.com',
  access,
  firstSignInAt: NOUR_SINCE,
  createdAt: NOUR_SINCE,
});

const company = (id: string, providerId: string, name: string): OwnedCompany => ({
  id,
  providerId,
  invitationId: `inv-${id}`,
  role: 'owner',
  company: { name },
  createdAt: NOUR_SINCE,
});

/** Nour's file at GFMS, linked to the account, with the app offered and a code sent; the account in the directory. */
async function linkedWorld(): Promise<DeviceWorld> {
  const w = deviceWorld();
  w.providers.put(HORIZON);
  await w.seed(
    clientFileWithCode(w.clock.now(), {
      accountKey: NOUR_KEY,
      firstName: 'Mohamed-Nour',
      lastName: 'Benali',
      emails: { signIn: 'mohamed-nour@example.com', primary: 'mohamed-nour@example.com', secondary: [] },
    }),
  );
  await w.accounts.recordAcceptance(nourAccount(), record(GFMS.id));
  w.directory.put({ objectId: 'oid-nour', mail: 'mohamed-nour@example.com', identities: [] });
  w.directory.passwordChanges.set('oid-nour', NOUR_SINCE);
  return w;
}

/** Activates with the file's current code; a fresh code is put on the file first when `fresh` (a new SMS). */
async function activate(w: DeviceWorld, fresh = false): Promise<string> {
  if (fresh) {
    const file = await w.file();
    const read = await w.files.get(GFMS.id, CLIENT_ID);
    await w.files.replace(
      { ...file, activation: { ...clientFileWithCode(w.clock.now()).activation!, usedAt: undefined } },
      read!,
    );
  }
  const activation = await activateDevice(w.deps, {
    identificationCode: IDENTIFICATION_CODE,
    activationCode: ACTIVATION_CODE,
  });
  return activation.deviceToken;
}

describe('the rule: a credential issued before the last password change', () => {
  it('is refused unless surely issued after the change; none known refuses nothing', () => {
    const change = new Date('2030-06-03T10:00:00.500Z');
    expect(credentialPredatesChange(new Date('2030-06-03T10:00:00.499Z'), change)).toBe(true);
    expect(credentialPredatesChange(new Date('2030-06-03T10:00:00.500Z'), change)).toBe(false);
    expect(credentialPredatesChange(new Date('2030-06-03T09:00:00Z'), undefined)).toBe(false);
  });

  it('takes Graph’s whole-second stamp as a change up to the end of that second', () => {
    const stamp = new Date('2030-06-03T10:00:07Z');
    expect(latestChangeFromDirectory(stamp)).toEqual(new Date('2030-06-03T10:00:08Z'));
    // A credential whose `iat` is the stamp's second may have been issued before the change: refused.
    expect(credentialPredatesChange(new Date('2030-06-03T10:00:07Z'), latestChangeFromDirectory(stamp))).toBe(true);
    expect(credentialPredatesChange(new Date('2030-06-03T10:00:08Z'), latestChangeFromDirectory(stamp))).toBe(false);
  });
});

describe('the Graph cache', () => {
  function source(clock: FakeClock) {
    const calls: string[] = [];
    let stamp: Date | undefined = new Date('2030-06-03T08:00:00Z');
    let down = false;
    const directory: PasswordChangeSource = {
      async lastPasswordChange(objectId) {
        calls.push(objectId);
        await Promise.resolve();
        if (down) throw new DomainError('dependency-unavailable', 'Graph is down');
        return stamp;
      },
    };
    const cache = cachedPasswordChanges(directory, clock, { freshForMs: 5 * MINUTE });
    return {
      calls,
      cache,
      setStamp: (at: Date | undefined) => {
        stamp = at;
      },
      setDown: (value: boolean) => {
        down = value;
      },
    };
  }

  it('asks Graph once per account within the bound, and again once it has passed', async () => {
    const clock = new FakeClock(new Date('2030-06-03T09:00:00Z'));
    const s = source(clock);
    expect(await s.cache.latestChange('oid-a')).toEqual(new Date('2030-06-03T08:00:01Z'));
    s.setStamp(new Date('2030-06-03T09:01:00Z'));
    clock.advance(5 * MINUTE - 1);
    expect(await s.cache.latestChange('oid-a')).toEqual(new Date('2030-06-03T08:00:01Z'));
    expect(s.calls).toEqual(['oid-a']);
    clock.advance(1);
    expect(await s.cache.latestChange('oid-a')).toEqual(new Date('2030-06-03T09:01:01Z'));
    expect(await s.cache.latestChange('oid-b')).toEqual(new Date('2030-06-03T09:01:01Z'));
    expect(s.calls).toEqual(['oid-a', 'oid-a', 'oid-b']);
  });

  it('shares one Graph call among concurrent calls for one account', async () => {
    const s = source(new FakeClock());
    await Promise.all([1, 2, 3, 4].map(() => s.cache.latestChange('oid-a')));
    expect(s.calls).toEqual(['oid-a']);
  });

  it('when Graph fails, then the last answer serves for an hour after it was read (Graph asked again after 30 s), then closed', async () => {
    const clock = new FakeClock(new Date('2030-06-03T09:00:00Z'));
    const s = source(clock);
    await s.cache.latestChange('oid-a');
    s.setDown(true);
    clock.advance(5 * MINUTE);
    expect(await s.cache.latestChange('oid-a')).toEqual(new Date('2030-06-03T08:00:01Z'));
    clock.advance(10 * SECOND);
    expect(await s.cache.latestChange('oid-a')).toEqual(new Date('2030-06-03T08:00:01Z'));
    expect(s.calls).toHaveLength(2);
    clock.advance(30 * SECOND);
    await s.cache.latestChange('oid-a');
    expect(s.calls).toHaveLength(3);
    clock.set(new Date(new Date('2030-06-03T09:00:00Z').getTime() + PASSWORD_CHECK_STALE_MS));
    expect(await refusal(s.cache.latestChange('oid-a'))).toBe('dependency-unavailable');
    // Never read: nothing to fall back on.
    expect(await refusal(s.cache.latestChange('oid-never'))).toBe('dependency-unavailable');
    s.setDown(false);
    expect(await s.cache.latestChange('oid-a')).toEqual(new Date('2030-06-03T08:00:01Z'));
  });

  it('remembers at most its bound of accounts, forgetting the oldest read', async () => {
    const clock = new FakeClock();
    const calls: string[] = [];
    const cache = cachedPasswordChanges(
      {
        lastPasswordChange: async (id) => {
          calls.push(id);
          return undefined;
        },
      },
      clock,
      { freshForMs: MINUTE, maxAccounts: 2 },
    );
    for (const id of ['a', 'b', 'c', 'b']) await cache.latestChange(id);
    expect(cache.size).toBe(2);
    await cache.latestChange('a');
    expect(calls).toEqual(['a', 'b', 'c', 'a']);
  });
});

describe('device calls after a password change', () => {
  it('when the client changes it from the profile, then the old credential is refused at once as a revoked device; a new activation works', async () => {
    const w = await linkedWorld();
    const old = await activate(w);
    expect(await currentDevice(w.deps, old)).toMatchObject({ clientId: CLIENT_ID });
    w.clock.advance(MINUTE);
    const changed = await changePassword(
      { clock: w.clock, directory: w.directory, accountEmails: new FakeAccountEmails(), clients: w.accounts },
      {
        profile: (await w.accounts.profile(NOUR_KEY))!,
        locale: 'fr',
        authTime: new Date(w.clock.now().getTime() - MINUTE),
      },
      { password: GOOD, confirmation: GOOD },
    );
    expect(changed.kind).toBe('changed');
    // Graph's cache still holds the old stamp (read a minute ago): the product's own record refuses.
    const readsBefore = w.directory.passwordChangeReads.length;
    const refused = await currentDevice(w.deps, old).catch((error: DomainError) => error);
    expect(refused).toMatchObject({ code: 'device-revoked' });
    expect((refused as DomainError).message).toMatch(/password/);
    expect(w.directory.passwordChangeReads).toHaveLength(readsBefore);

    w.clock.advance(2 * SECOND);
    const fresh = await activate(w, true);
    expect(await currentDevice(w.deps, fresh)).toMatchObject({ clientId: CLIENT_ID });
    // Once Graph is asked again, its own stamp (the same change) does not refuse the new credential.
    w.clock.advance(PASSWORD_CHECK_MS);
    expect(await currentDevice(w.deps, fresh)).toMatchObject({ clientId: CLIENT_ID });
    expect(await refusal(currentDevice(w.deps, old))).toBe('device-revoked');
  });

  it('when a professional sets a temporary password, then the old credential is refused; a new activation works', async () => {
    const w = await linkedWorld();
    const old = await activate(w);
    w.clock.advance(MINUTE);
    await setTemporaryPassword(
      {
        clock: w.clock,
        files: w.files,
        clients: w.accounts,
        directory: w.directory,
        providers: w.providers,
        accountEmails: new FakeAccountEmails(),
        random: { int: (max) => randomInt(max) },
      },
      professionalUser,
      CLIENT_ID,
    );
    expect(await refusal(currentDevice(w.deps, old))).toBe('device-revoked');
    w.clock.advance(2 * SECOND);
    expect(await currentDevice(w.deps, await activate(w, true))).toMatchObject({ clientId: CLIENT_ID });
  });

  it('when the client resets it with the emailed link, then the old credential is refused; a new activation works', async () => {
    const w = await linkedWorld();
    const old = await activate(w);
    w.clock.advance(MINUTE);
    const keys = createLinkKeys(['k'.repeat(44)]);
    const tokens = new InMemoryResetTokenStore();
    const { key, hash } = keys.issue();
    await tokens.issue({
      hash,
      clientKey: NOUR_KEY,
      objectId: 'oid-nour',
      owner: { email: 'mohamed-nour@example.com', firstName: 'Mohamed-Nour', lastName: 'Benali' },
      locale: 'fr',
      issuedAt: w.clock.now(),
      expiresAt: new Date(w.clock.now().getTime() + 30 * MINUTE),
    });
    const outcome = await confirmPasswordReset(
      {
        clock: w.clock,
        keys,
        tokens,
        directory: w.directory,
        accountEmails: new FakeAccountEmails(),
        clients: w.accounts,
      },
      { token: key, password: GOOD },
    );
    expect(outcome).toMatchObject({ kind: 'changed', followUpsFailed: [] });
    expect(await refusal(currentDevice(w.deps, old))).toBe('device-revoked');
    w.clock.advance(2 * SECOND);
    expect(await currentDevice(w.deps, await activate(w, true))).toMatchObject({ clientId: CLIENT_ID });
  });

  it('when the password changes in Entra (self-service), then the old credential is refused once the cache bound passes; a new activation works', async () => {
    const w = await linkedWorld();
    const old = await activate(w);
    expect(await currentDevice(w.deps, old)).toMatchObject({ clientId: CLIENT_ID });
    w.clock.advance(MINUTE);
    // Entra's own "forgot password": the product hears nothing; only Graph's stamp moves.
    w.directory.passwordChanges.set('oid-nour', w.clock.now());
    expect(await currentDevice(w.deps, old)).toMatchObject({ clientId: CLIENT_ID });
    w.clock.advance(PASSWORD_CHECK_MS);
    expect(await refusal(currentDevice(w.deps, old))).toBe('device-revoked');
    w.clock.advance(2 * SECOND);
    const fresh = await activate(w, true);
    expect(await currentDevice(w.deps, fresh)).toMatchObject({ clientId: CLIENT_ID });
  });

  it('when Graph cannot be reached past the grace, then 503 dependency-unavailable (the credential is not refused); before it, the last answer serves', async () => {
    const w = await linkedWorld();
    const token = await activate(w);
    await currentDevice(w.deps, token);
    w.directory.down = true;
    w.clock.advance(PASSWORD_CHECK_MS);
    expect(await currentDevice(w.deps, token)).toMatchObject({ clientId: CLIENT_ID });
    w.clock.advance(PASSWORD_CHECK_STALE_MS);
    expect(await refusal(currentDevice(w.deps, token))).toBe('dependency-unavailable');
    w.directory.down = false;
    expect(await currentDevice(w.deps, token)).toMatchObject({ clientId: CLIENT_ID });
  });

  it('when Graph is down and the product recorded a change, then device-revoked, not 503', async () => {
    const w = await linkedWorld();
    const token = await activate(w);
    w.directory.down = true;
    await w.accounts.recordPasswordChange(NOUR_KEY, new Date(w.clock.now().getTime() + SECOND));
    w.clock.advance(PASSWORD_CHECK_STALE_MS + PASSWORD_CHECK_MS);
    expect(await refusal(currentDevice(w.deps, token))).toBe('device-revoked');
  });

  it('when the file has no account (a prospect given the app), then Graph is not asked', async () => {
    const w = deviceWorld();
    await w.seed(clientFileWithCode(w.clock.now()));
    const token = await activate(w);
    expect(await currentDevice(w.deps, token)).toMatchObject({ clientId: CLIENT_ID });
    expect(w.directory.passwordChangeReads).toEqual([]);
  });

  it('when Graph no longer knows the account, then nothing is compared (the file still holds the app)', async () => {
    const w = await linkedWorld();
    const token = await activate(w);
    w.directory.byObjectId.delete('oid-nour');
    w.clock.advance(PASSWORD_CHECK_MS);
    expect(await currentDevice(w.deps, token)).toMatchObject({ clientId: CLIENT_ID });
  });
});

describe('GET /api/me/companies', () => {
  it('when the account is the client of two providers, then every company at each is listed, named', async () => {
    const w = await linkedWorld();
    await w.accounts.recordAcceptance(nourAccount(), record(HORIZON.id));
    await w.accounts.addCompany(NOUR_KEY, company('co-gfms-1', GFMS.id, 'Benali Conseil'));
    await w.accounts.addCompany(NOUR_KEY, company('co-gfms-2', GFMS.id, 'Benali Export'));
    const token = await activate(w);
    const { companies } = await deviceCompanies(w.deps, token);
    expect(companies).toEqual([
      { providerId: GFMS.id, providerName: GFMS.name, companyId: 'co-gfms-1', companyName: 'Benali Conseil' },
      { providerId: GFMS.id, providerName: GFMS.name, companyId: 'co-gfms-2', companyName: 'Benali Export' },
      { providerId: HORIZON.id, providerName: HORIZON.name },
    ]);
  });

  it('when one provider blocked the client, or it stopped using the service, then its places are left out', async () => {
    const w = await linkedWorld();
    await w.accounts.recordAcceptance(nourAccount(), record(HORIZON.id));
    await w.accounts.addCompany(NOUR_KEY, company('co-h', HORIZON.id, 'Horizon SARL'));
    const token = await activate(w);
    await w.accounts.setAccess(NOUR_KEY, HORIZON.id, { status: 'blocked', since: NOUR_SINCE, by: 'Someone' });
    expect((await deviceCompanies(w.deps, token)).companies).toEqual([
      { providerId: GFMS.id, providerName: GFMS.name },
    ]);
    await w.accounts.setAccess(NOUR_KEY, HORIZON.id, { status: 'active', since: NOUR_SINCE });
    w.providers.put({ ...HORIZON, status: 'inactive', inactiveSince: NOUR_SINCE });
    expect((await deviceCompanies(w.deps, token)).companies).toEqual([
      { providerId: GFMS.id, providerName: GFMS.name },
    ]);
  });

  it('when the credential is missing, bad, revoked by a password change, then the device answers, never the list', async () => {
    const w = await linkedWorld();
    const token = await activate(w);
    expect(await refusal(deviceCompanies(w.deps, undefined))).toBe('unauthenticated');
    expect(await refusal(deviceCompanies(w.deps, `${token}x`))).toBe('unauthenticated');
    await w.accounts.recordPasswordChange(NOUR_KEY, new Date(w.clock.now().getTime() + SECOND));
    w.clock.advance(2 * SECOND);
    expect(await refusal(deviceCompanies(w.deps, token))).toBe('device-revoked');
  });

  it('when the file has no account, then its own provider only', async () => {
    const w = deviceWorld();
    await w.seed(clientFileWithCode(w.clock.now()));
    const token = await activate(w);
    expect((await deviceCompanies(w.deps, token)).companies).toEqual([
      { providerId: GFMS.id, providerName: GFMS.name },
    ]);
  });
});
