/**
 * Merging two client files of one person (seed 004, docs/merge.md): the survivor keeps both histories (the absorbed
 * login's companies, the absorbed file's addresses as secondary ones), the absorbed file's devices are revoked, the
 * absorbed login's record is merged and its Entra account disabled when no provider serves it any more; each refusal
 * is `merge-refused` with its reason before anything is written; a merge cut short at any write is finished by a retry.
 */
import { describe, expect, it } from 'vitest';
import type { ClientRecord, OwnedCompany } from '../../shared/domain/client.js';
import type { ClientFile, Device } from '../../shared/domain/client-file.js';
import { DomainError } from '../../shared/domain/errors.js';
import { type MergeDeps, mergeClientFiles } from '../../shared/domain/use-cases/merge-clients.js';
import { InMemoryClientFileStore } from '../support/client-file-fakes.js';
import { FakeClientStore, FakeClock, FakeProviderDirectory, GFMS, professionalUser } from '../support/fakes.js';
import { FakeClientDirectory, HORIZON, signedUpAccount } from '../support/onboarding-fakes.js';

const SURVIVOR = '5a000000-0000-4000-8000-000000000001';
const ABSORBED = '5a000000-0000-4000-8000-000000000002';
const SURVIVOR_KEY = 'client-tenant|oid-survivor';
const ABSORBED_KEY = 'client-tenant|oid-absorbed';

function file(id: string, overrides: Partial<ClientFile> = {}): ClientFile {
  const at = new Date('2026-01-05T09:00:00.000Z');
  return {
    id,
    providerId: GFMS.id,
    status: 'prospect',
    firstName: 'Nour',
    lastName: 'Benali',
    emails: { secondary: [] },
    locale: 'fr',
    mobileApp: { offered: false },
    activationFailures: { recent: [] },
    createdAt: at,
    createdBy: 'oid-tamer',
    updatedAt: at,
    ...overrides,
  };
}

const company = (id: string, providerId: string, invitationId: string): OwnedCompany => ({
  id,
  providerId,
  invitationId,
  role: 'owner',
  company: {
    name: `Company ${id}`,
    address: { line1: '1 rue de la Paix', postalCode: '75002', city: 'Paris', country: 'FR' },
  },
  createdAt: new Date('2026-01-06T09:00:00.000Z'),
});

function world() {
  const clock = new FakeClock(new Date('2026-03-02T10:00:00.000Z'));
  const files = new InMemoryClientFileStore();
  const clients = new FakeClientStore();
  const providers = new FakeProviderDirectory();
  providers.put(HORIZON);
  const directory = new FakeClientDirectory();
  const deps: MergeDeps = { clock, files, clients, providers, directory };

  /** A person who signed in: their account with a record at each provider, and its Entra account. */
  async function account(key: string, email: string, providerIds: string[]) {
    const objectId = key.split('|')[1]!;
    directory.put(signedUpAccount(objectId, email));
    for (const providerId of providerIds) {
      const record: ClientRecord = {
        providerId,
        clientId: `client-${objectId}`,
        invitationId: `invitation-${objectId}-${providerId}`,
        firstName: 'Nour',
        lastName: 'Benali',
        email,
        access: { status: 'active', since: clock.now() },
        firstSignInAt: clock.now(),
        createdAt: clock.now(),
      };
      await clients.recordAcceptance(
        {
          key,
          clientId: `client-${objectId}`,
          tenantId: 'client-tenant',
          objectId,
          email,
          displayName: 'Nour Benali',
          createdAt: clock.now(),
        },
        record,
      );
    }
  }

  /** Two clients of GFMS, each with their own login; the absorbed one with a company and a device. */
  async function twoClients(options: { absorbedAlsoAt?: string[] } = {}) {
    await account(SURVIVOR_KEY, 'nour@example.com', [GFMS.id]);
    await account(ABSORBED_KEY, 'nour.pro@example.com', [GFMS.id, ...(options.absorbedAlsoAt ?? [])]);
    await clients.addCompany(SURVIVOR_KEY, company('co-survivor', GFMS.id, `invitation-oid-survivor-${GFMS.id}`));
    await clients.addCompany(ABSORBED_KEY, company('co-absorbed', GFMS.id, `invitation-oid-absorbed-${GFMS.id}`));
    await clients.addCompany(ABSORBED_KEY, company('co-elsewhere', HORIZON.id, 'invitation-horizon'));
    await files.create(
      file(SURVIVOR, {
        status: 'client',
        accountKey: SURVIVOR_KEY,
        emails: { signIn: 'nour@example.com', primary: 'nour@example.com', secondary: ['nour.home@example.com'] },
      }),
    );
    await files.create(
      file(ABSORBED, {
        status: 'client',
        accountKey: ABSORBED_KEY,
        emails: {
          signIn: 'nour.pro@example.com',
          primary: 'nour.pro@example.com',
          secondary: ['nour.old@example.com'],
        },
      }),
    );
    const device = (id: string, revokedAt?: Date): Device => ({
      id,
      activatedAt: clock.now(),
      lastSeenAt: clock.now(),
      ...(revokedAt ? { revokedAt, revokedBy: 'oid-earlier' } : {}),
    });
    await files.putDevice(GFMS.id, ABSORBED, device('d1'));
    await files.putDevice(GFMS.id, ABSORBED, device('d2', new Date('2026-02-01T00:00:00.000Z')));
  }

  return { clock, files, clients, providers, directory, deps, account, twoClients };
}

async function refusal(promise: Promise<unknown>): Promise<{ code: string; reason?: unknown }> {
  try {
    await promise;
  } catch (error) {
    if (error instanceof DomainError) return { code: error.code, reason: error.details.reason };
    throw error;
  }
  throw new Error('expected a refusal');
}

/** Everything a merge may write, to compare two runs. */
async function state(w: ReturnType<typeof world>) {
  return {
    survivor: (await w.files.get(GFMS.id, SURVIVOR))?.value,
    absorbed: (await w.files.get(GFMS.id, ABSORBED))?.value,
    devices: await w.files.devices(GFMS.id, ABSORBED),
    survivorProfile: await w.clients.profile(SURVIVOR_KEY),
    absorbedProfile: await w.clients.profile(ABSORBED_KEY),
    disabled: [...w.directory.disabled],
  };
}

describe('merging two client files of one person', () => {
  it('when both have a login, then the survivor keeps both histories and the absorbed file, record and account are merged, revoked and disabled', async () => {
    const w = world();
    await w.twoClients();
    const outcome = await mergeClientFiles(w.deps, professionalUser, ABSORBED, SURVIVOR);
    expect(outcome).toMatchObject({ devicesRevoked: 1, companiesMoved: 1, absorbedAccount: 'disabled' });
    const after = await state(w);
    expect(after.survivor?.emails).toEqual({
      signIn: 'nour@example.com',
      primary: 'nour@example.com',
      secondary: ['nour.home@example.com', 'nour.pro@example.com', 'nour.old@example.com'],
    });
    expect(after.absorbed?.access).toEqual({ status: 'merged', since: w.clock.now(), into: SURVIVOR });
    // Its addresses stay on it: reserved, as seed 004 says.
    expect(after.absorbed?.emails.primary).toBe('nour.pro@example.com');
    expect(after.devices.map((d) => [d.id, d.revokedBy])).toEqual([
      ['d1', professionalUser.oid],
      ['d2', 'oid-earlier'],
    ]);
    // The survivor's login sees the absorbed company, with the invitation that made it; not the other provider's.
    expect(after.survivorProfile?.companies.map((c) => [c.id, c.invitationId])).toEqual([
      ['co-absorbed', `invitation-oid-absorbed-${GFMS.id}`],
      ['co-survivor', `invitation-oid-survivor-${GFMS.id}`],
    ]);
    expect(after.absorbedProfile?.records[0]?.access).toEqual({
      status: 'merged',
      since: w.clock.now(),
      into: 'nour@example.com',
    });
    expect(after.disabled).toEqual(['oid-absorbed']);
  });

  it('when another provider still serves the absorbed login, then its record here is merged but its account stays enabled', async () => {
    const w = world();
    await w.twoClients({ absorbedAlsoAt: [HORIZON.id] });
    const outcome = await mergeClientFiles(w.deps, professionalUser, ABSORBED, SURVIVOR);
    expect(outcome.absorbedAccount).toBe('kept');
    const profile = await w.clients.profile(ABSORBED_KEY);
    expect(profile?.records.map((r) => [r.providerId, r.access.status])).toEqual([
      [GFMS.id, 'merged'],
      [HORIZON.id, 'active'],
    ]);
    expect(w.directory.disabled.size).toBe(0);
  });

  it('when the other provider left the service, then nobody serves the absorbed login and its account is disabled', async () => {
    const w = world();
    await w.twoClients({ absorbedAlsoAt: [HORIZON.id] });
    w.providers.put({ ...HORIZON, status: 'inactive' });
    expect((await mergeClientFiles(w.deps, professionalUser, ABSORBED, SURVIVOR)).absorbedAccount).toBe('disabled');
    expect([...w.directory.disabled]).toEqual(['oid-absorbed']);
  });

  it('when the absorbed file is a prospect, then only the files change: no account is touched', async () => {
    const w = world();
    await w.account(SURVIVOR_KEY, 'nour@example.com', [GFMS.id]);
    await w.files.create(
      file(SURVIVOR, {
        status: 'client',
        accountKey: SURVIVOR_KEY,
        emails: { signIn: 'nour@example.com', secondary: [] },
      }),
    );
    await w.files.create(file(ABSORBED, { emails: { primary: 'n.benali@example.com', secondary: [] } }));
    const outcome = await mergeClientFiles(w.deps, professionalUser, ABSORBED, SURVIVOR);
    expect(outcome).toMatchObject({ absorbedAccount: 'none', companiesMoved: 0, devicesRevoked: 0 });
    expect(outcome.survivor.emails.secondary).toEqual(['n.benali@example.com']);
    expect(outcome.absorbed.access?.status).toBe('merged');
    expect(w.directory.disabled.size).toBe(0);
  });
});

describe('what a merge refuses, before writing anything', () => {
  async function refusedWith(
    arrange: (w: ReturnType<typeof world>) => Promise<void>,
    absorbed: string,
    into: string,
    code = 'merge-refused',
  ) {
    const w = world();
    await w.twoClients();
    await arrange(w);
    const before = await state(w);
    const answer = await refusal(mergeClientFiles(w.deps, professionalUser, absorbed, into));
    expect(await state(w)).toEqual(before);
    expect(answer.code).toBe(code);
    return answer.reason;
  }

  it('when a file is merged into itself, then same-file', async () => {
    expect(await refusedWith(async () => {}, ABSORBED, ABSORBED)).toBe('same-file');
  });

  it('when the survivor is another provider’s file, or no file, then other-provider', async () => {
    const elsewhere = '5a000000-0000-4000-8000-000000000009';
    const arrange = async (w: ReturnType<typeof world>) => {
      await w.files.create(
        file(elsewhere, { providerId: HORIZON.id, emails: { primary: 'x@example.com', secondary: [] } }),
      );
    };
    expect(await refusedWith(arrange, ABSORBED, elsewhere)).toBe('other-provider');
    expect(await refusedWith(async () => {}, ABSORBED, '5a000000-0000-4000-8000-00000000000a')).toBe('other-provider');
  });

  it('when the file to absorb is another provider’s, then client-not-found, as everywhere else', async () => {
    const w = world();
    await w.twoClients();
    await w.files.create(file('5a000000-0000-4000-8000-000000000009', { providerId: HORIZON.id }));
    expect(
      (await refusal(mergeClientFiles(w.deps, professionalUser, '5a000000-0000-4000-8000-000000000009', SURVIVOR)))
        .code,
    ).toBe('client-not-found');
  });

  it('when the file to absorb was already merged, then already-merged (a second merge is refused, not repeated)', async () => {
    const w = world();
    await w.twoClients();
    await mergeClientFiles(w.deps, professionalUser, ABSORBED, SURVIVOR);
    const before = await state(w);
    expect(await refusal(mergeClientFiles(w.deps, professionalUser, ABSORBED, SURVIVOR))).toEqual({
      code: 'merge-refused',
      reason: 'already-merged',
    });
    expect(await state(w)).toEqual(before);
  });

  it('when the survivor itself was merged into another file, then survivor-merged', async () => {
    const reason = await refusedWith(
      async (w) => {
        const read = (await w.files.get(GFMS.id, SURVIVOR))!;
        await w.files.replace({ ...read.value, access: { status: 'merged', since: w.clock.now(), into: 'x' } }, read);
      },
      ABSORBED,
      SURVIVOR,
    );
    expect(reason).toBe('survivor-merged');
  });

  it('when a client who signed in would be merged into a prospect, then survivor-without-account', async () => {
    const prospect = '5a000000-0000-4000-8000-000000000003';
    const reason = await refusedWith(
      async (w) => {
        await w.files.create(file(prospect, { emails: { primary: 'prospect@example.com', secondary: [] } }));
      },
      ABSORBED,
      prospect,
    );
    expect(reason).toBe('survivor-without-account');
  });
});

describe('a merge cut short', () => {
  /** The merge's deps, failing at the `failAt`-th write (1-based) across every port it writes through. */
  function failingAt(deps: MergeDeps, failAt: number) {
    let writes = 0;
    const write =
      <A extends unknown[], R>(f: (...args: A) => Promise<R>) =>
      async (...args: A): Promise<R> => {
        writes += 1;
        if (writes === failAt) throw new Error(`injected failure at write ${failAt}`);
        return f(...args);
      };
    const { files, clients, directory } = deps;
    return {
      deps: {
        ...deps,
        files: {
          get: files.get.bind(files),
          devices: files.devices.bind(files),
          device: files.device.bind(files),
          replace: write(files.replace.bind(files)),
          replaceDevice: write(files.replaceDevice.bind(files)),
        },
        clients: {
          profile: clients.profile.bind(clients),
          addCompany: write(clients.addCompany.bind(clients)),
          setAccess: write(clients.setAccess.bind(clients)),
        },
        directory: { setAccountEnabled: write(directory.setAccountEnabled.bind(directory)) },
      } satisfies MergeDeps,
      writes: () => writes,
    };
  }

  it('when it fails at any of its writes, then nothing says merged yet, and the retry finishes it as one merge would have', async () => {
    const reference = world();
    await reference.twoClients();
    const counting = failingAt(reference.deps, 0);
    await mergeClientFiles(counting.deps, professionalUser, ABSORBED, SURVIVOR);
    const total = counting.writes();
    expect(total).toBe(6); // a company, the survivor file, a device, the record, the account, the absorbed file
    const merged = await state(reference);

    for (let failAt = 1; failAt <= total; failAt++) {
      const w = world();
      await w.twoClients();
      const failing = failingAt(w.deps, failAt);
      await expect(mergeClientFiles(failing.deps, professionalUser, ABSORBED, SURVIVOR)).rejects.toThrow(
        `injected failure at write ${failAt}`,
      );
      // The absorbed file is written last: until then it is not merged, so the retry is not refused.
      expect((await w.files.get(GFMS.id, ABSORBED))?.value.access).toBeUndefined();
      await mergeClientFiles(w.deps, professionalUser, ABSORBED, SURVIVOR);
      expect(await state(w), `cut at write ${failAt}`).toEqual(merged);
    }
  });
});
