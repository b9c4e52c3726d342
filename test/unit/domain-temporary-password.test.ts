/**
 * A temporary password (shared/domain/use-cases/temporary-password.ts, shared/domain/temporary-password.ts): each
 * refusal before anything is written, the generated password's properties (16 characters, the four classes, ASCII,
 * the client password rule, drawn from the random source), set with a change forced at the next sign-in, the client
 * told by email without the password.
 */
import { randomInt } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import type { ClientRecord } from '../../shared/domain/client.js';
import { DomainError } from '../../shared/domain/errors.js';
import { checkPassword } from '../../shared/domain/password-rules.js';
import {
  generateTemporaryPassword,
  type RandomSource,
  TEMPORARY_PASSWORD_CLASSES,
} from '../../shared/domain/temporary-password.js';
import {
  setTemporaryPassword,
  type TemporaryPasswordDeps,
  temporaryPasswordOffer,
} from '../../shared/domain/use-cases/temporary-password.js';
import { FakeAccountEmails } from '../support/account-email-fakes.js';
import { InMemoryClientFileStore } from '../support/client-file-fakes.js';
import { FakeClock, FakeProviderDirectory, GFMS, professionalUser } from '../support/fakes.js';
import {
  FakeClientDirectory,
  FakeClientStore,
  HORIZON,
  NOUR_KEY,
  NOUR_SINCE,
  nourAccount,
} from '../support/onboarding-fakes.js';
import { clientFile } from '../support/sms-fakes.js';

const cryptoRandom: RandomSource = { int: (max) => randomInt(max) };

const record = (providerId: string): ClientRecord => ({
  providerId,
  clientId: 'client-1',
  firstName: 'Mohamed-Nour',
  lastName: 'Benali',
  email: 'mohamed-nour@example.com',
  access: { status: 'active', since: NOUR_SINCE },
  firstSignInAt: NOUR_SINCE,
  createdAt: NOUR_SINCE,
});

function world(providers: string[] = [GFMS.id]) {
  const files = new InMemoryClientFileStore();
  const clients = new FakeClientStore();
  const directory = new FakeClientDirectory();
  directory.put({ objectId: 'oid-nour', mail: 'mohamed-nour@example.com', identities: [] });
  const accountEmails = new FakeAccountEmails();
  const providerDirectory = new FakeProviderDirectory();
  providerDirectory.put(HORIZON);
  clients.put({ account: nourAccount(), records: providers.map(record), companies: [] });
  const deps: TemporaryPasswordDeps = {
    clock: new FakeClock(),
    files,
    clients,
    directory,
    providers: providerDirectory,
    accountEmails,
    random: cryptoRandom,
  };
  return { deps, files, clients, directory, accountEmails };
}

const linked = (overrides = {}) =>
  clientFile({
    status: 'client',
    firstName: 'Mohamed-Nour',
    lastName: 'Benali',
    emails: { signIn: 'mohamed-nour@example.com', primary: 'mohamed-nour@example.com', secondary: [] },
    accountKey: NOUR_KEY,
    ...overrides,
  });

const refusal = async (p: Promise<unknown>) => {
  try {
    await p;
  } catch (error) {
    if (error instanceof DomainError) return error.code;
    throw error;
  }
  throw new Error('expected a refusal');
};

describe('the generated password', () => {
  it('has 16 characters of the four classes, ASCII, and meets the client password rule for its owner', () => {
    const owner = { email: 'mohamed-nour@example.com', firstName: 'Mohamed-Nour', lastName: 'Benali' };
    const drawn = new Set<string>();
    for (let i = 0; i < 200; i++) {
      const password = generateTemporaryPassword(cryptoRandom, owner);
      expect(password).toHaveLength(16);
      expect(password).toMatch(/^[\x21-\x7e]+$/);
      for (const set of TEMPORARY_PASSWORD_CLASSES) expect([...password].some((c) => set.includes(c))).toBe(true);
      expect(checkPassword(password, owner).unmet).toEqual([]);
      drawn.add(password);
    }
    expect(drawn.size).toBe(200);
  });

  it('is drawn from the random source it is given, and drawn again while the rule refuses it', () => {
    // A source that always answers 0 draws the same characters every time: the owner's words can be made to match.
    const zeros: RandomSource = { int: () => 0 };
    const fromZeros = generateTemporaryPassword(zeros, {});
    expect(generateTemporaryPassword(zeros, {})).toBe(fromZeros);
    // The same draw, refused because it is the owner's own word: no other draw is possible, so it gives up.
    const word = fromZeros.replace(/[^a-zA-Z]/g, '').slice(0, 4);
    expect(() => generateTemporaryPassword(zeros, { firstName: word })).toThrow(/not random/);
  });
});

describe('setTemporaryPassword', () => {
  it('sets the password with a change forced at the next sign-in, tells the client by email, and answers it once', async () => {
    const w = world();
    const { value } = await w.files.create(linked());
    const result = await setTemporaryPassword(w.deps, professionalUser, value.id);
    expect(result).toMatchObject({
      mustChangeAtNextSignIn: true,
      signInEmail: 'mohamed-nour@example.com',
      clientId: value.id,
    });
    expect(w.directory.passwords.get('oid-nour')).toEqual({
      password: result.temporaryPassword,
      forceChangeAtNextSignIn: true,
    });
    // The account's device credentials stop working (docs/mobile-app.md, "Password changes").
    expect(w.clients.passwordChanged.get(NOUR_KEY)).toEqual(new Date('2025-03-03T09:00:00.000Z'));
    expect(w.accountEmails.queued).toEqual([
      {
        kind: 'temporary-password',
        to: 'mohamed-nour@example.com',
        locale: 'fr',
        at: new Date('2025-03-03T09:00:00.000Z'),
        providerName: GFMS.name,
      },
    ]);
    expect(JSON.stringify(w.accountEmails.queued)).not.toContain(result.temporaryPassword);
    // Each call draws a new one: nothing is kept to replay.
    const again = await setTemporaryPassword(w.deps, professionalUser, value.id);
    expect(again.temporaryPassword).not.toBe(result.temporaryPassword);
  });

  it('refuses a prospect (no account), a file of another provider, and a client of two providers, writing nothing', async () => {
    const w = world([GFMS.id, HORIZON.id]);
    const prospect = await w.files.create(clientFile({ id: 'c-prospect' }));
    expect(await refusal(setTemporaryPassword(w.deps, professionalUser, prospect.value.id))).toBe('no-account');
    const other = await w.files.create(linked({ id: 'c-other', providerId: HORIZON.id }));
    expect(await refusal(setTemporaryPassword(w.deps, professionalUser, other.value.id))).toBe('client-not-found');
    const shared = await w.files.create(linked({ id: 'c-shared' }));
    expect(await refusal(setTemporaryPassword(w.deps, professionalUser, shared.value.id))).toBe('multiple-providers');
    expect(w.directory.passwords.size).toBe(0);
    expect(w.clients.passwordChanged.size).toBe(0);
    expect(w.accountEmails.queued).toEqual([]);
  });

  it('refuses a file linked to an account the store no longer has (no-account)', async () => {
    const w = world();
    const { value } = await w.files.create(linked({ accountKey: 'client-tenant|oid-gone' }));
    expect(await refusal(setTemporaryPassword(w.deps, professionalUser, value.id))).toBe('no-account');
  });

  it('the sheet offers the action only for an account at one provider, and says why otherwise', () => {
    expect(temporaryPasswordOffer({ file: {}, providers: 0 })).toEqual({ kind: 'refused', reason: 'no-account' });
    expect(temporaryPasswordOffer({ file: { accountKey: NOUR_KEY }, providers: 0 })).toEqual({
      kind: 'refused',
      reason: 'no-account',
    });
    expect(temporaryPasswordOffer({ file: { accountKey: NOUR_KEY }, providers: 1 })).toEqual({ kind: 'offered' });
    expect(temporaryPasswordOffer({ file: { accountKey: NOUR_KEY }, providers: 2 })).toEqual({
      kind: 'refused',
      reason: 'multiple-providers',
    });
  });

  it('refuses a client this provider blocked, or merged into another client, before anything is written', async () => {
    const w = world();
    const blocked = await w.files.create(
      linked({ id: 'c-blocked', access: { status: 'blocked', since: NOUR_SINCE, by: 'oid-pro' } }),
    );
    expect(await refusal(setTemporaryPassword(w.deps, professionalUser, blocked.value.id))).toBe(
      'client-access-refused',
    );
    const w2 = world();
    const merged = await w2.files.create(
      linked({ id: 'c-merged', access: { status: 'merged', since: NOUR_SINCE, by: 'oid-pro', into: 'c-blocked' } }),
    );
    expect(await refusal(setTemporaryPassword(w2.deps, professionalUser, merged.value.id))).toBe('client-merged');
    for (const each of [w, w2]) {
      expect(each.directory.passwords.size).toBe(0);
      expect(each.accountEmails.queued).toEqual([]);
    }
  });

  it("refuses when the account's record at this provider is blocked and the file says nothing", async () => {
    const w = world();
    w.clients.put({
      account: nourAccount(),
      records: [{ ...record(GFMS.id), access: { status: 'blocked', since: NOUR_SINCE, by: 'oid-pro' } }],
      companies: [],
    });
    const { value } = await w.files.create(linked());
    expect(await refusal(setTemporaryPassword(w.deps, professionalUser, value.id))).toBe('client-access-refused');
    expect(w.directory.passwords.size).toBe(0);
  });

  it('the sheet says why a blocked or merged client gets no temporary password', () => {
    const file = { accountKey: NOUR_KEY };
    expect(temporaryPasswordOffer({ file, providers: 1, access: { status: 'blocked' } })).toEqual({
      kind: 'refused',
      reason: 'blocked',
    });
    expect(temporaryPasswordOffer({ file, providers: 2, access: { status: 'merged' } })).toEqual({
      kind: 'refused',
      reason: 'merged',
    });
    expect(temporaryPasswordOffer({ file, providers: 1, access: { status: 'active' } })).toEqual({ kind: 'offered' });
  });
});
