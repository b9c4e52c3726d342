/**
 * Releasing a file's addresses (seed 004, docs/merge.md "Releasing the addresses") on the in-memory ports: a merged
 * file whose login no provider serves frees Entra's sign-in name (the address signs up again), the account's record
 * and the file, its history saying so (masked); a login served elsewhere is refused and nothing changes; a prospect is
 * not releasable; a second release has nothing to release; a merged prospect frees its file only.
 */
import { describe, expect, it } from 'vitest';
import { DomainError } from '../../shared/domain/errors.js';
import type { ActingProfessional } from '../../shared/domain/provider.js';
import { createClientFile } from '../../shared/domain/use-cases/client-files.js';
import {
  RELEASED_BY_OPS,
  type ReleaseEmailDeps,
  releasedAddress,
  releaseEmail,
} from '../../shared/domain/use-cases/release-email.js';
import { renderEmailReleases } from '../../shared/web/console-release-email-pages.js';
import { clientFilesWorld, nourClientAt } from '../support/client-file-fakes.js';
import { GFMS, professionalUser } from '../support/fakes.js';
import { NOUR_KEY } from '../support/onboarding-fakes.js';

const horizon: ActingProfessional = { ...professionalUser, oid: 'oid-horizon', providerId: 'horizon' };
const actor = { providerId: professionalUser.providerId, name: 'Paul Martin' };

async function world() {
  const w = clientFilesWorld();
  w.providers.put({ ...GFMS, id: 'horizon', name: 'Agence Horizon' });
  const deps: ReleaseEmailDeps = {
    clock: w.clock,
    files: w.files,
    clients: w.clients,
    providers: w.providers,
    directory: w.directory,
  };
  /** Nour's file at a provider, linked to the login, with the login's record there at `access`. */
  const clientAt = (professional: ActingProfessional, access: 'active' | 'merged') => {
    const since = w.clock.now();
    return access === 'active'
      ? nourClientAt(w, professional)
      : nourClientAt(w, professional, {
          access: { status: 'merged', since, into: 'nour@survivor.example' },
          file: { access: { status: 'merged', since, into: 'survivor-id' } },
        });
  };
  return Object.assign(w, { deps, clientAt });
}

const refusal = async (run: Promise<unknown>) => {
  const error = await run.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(DomainError);
  return (error as DomainError).details.reason;
};

describe('releasing the addresses of a merged file', () => {
  it('when no provider serves its login, then Entra, the account and the file let the address go, and the sheet says so', async () => {
    const w = await world();
    const file = await w.clientAt(professionalUser, 'merged');
    const outcome = await releaseEmail(w.deps, actor, file.id);
    expect(outcome).toEqual({ clientId: file.id, addresses: ['m•••@example.com'], account: true });
    expect(await w.directory.accountSigningInWith('mohamed-nour@example.com')).toBeUndefined();
    expect((await w.directory.accountSigningInWith(releasedAddress('oid-nour')))?.objectId).toBe('oid-nour');
    expect((await w.clients.profile(NOUR_KEY))!.account.email).toBe(releasedAddress('oid-nour'));
    const after = (await w.files.get(professionalUser.providerId, file.id))!.value;
    expect(after.emails).toEqual({ secondary: [] });
    expect(after.emailReleases).toEqual([
      { at: w.clock.now(), by: 'Paul Martin', addresses: ['m•••@example.com'], account: true },
    ]);
    // The address is free at the provider: a new file may hold it.
    await expect(
      createClientFile(w.cf, professionalUser, { firstName: 'N', lastName: 'B', email: 'mohamed-nour@example.com' }),
    ).resolves.toBeDefined();

    expect(await refusal(releaseEmail(w.deps, actor, file.id))).toBe('nothing-to-release');
  });

  it('when the login signs in through Google only, then its mail is released and no local sign-in is added', async () => {
    const w = await world();
    const google = { signInType: 'federated', issuer: 'google.com', issuerAssignedId: '1045' };
    w.directory.put({ objectId: 'oid-nour', mail: 'mohamed-nour@example.com', identities: [google] });
    const file = await w.clientAt(professionalUser, 'merged');
    expect((await releaseEmail(w.deps, actor, file.id)).account).toBe(true);
    expect(w.directory.byObjectId.get('oid-nour')).toEqual({
      objectId: 'oid-nour',
      mail: releasedAddress('oid-nour'),
      identities: [google],
    });
  });

  it('when another provider still serves the login, then it is refused and nothing changes', async () => {
    const w = await world();
    const file = await w.clientAt(professionalUser, 'merged');
    await w.clientAt(horizon, 'active');
    expect(await refusal(releaseEmail(w.deps, actor, file.id))).toBe('account-in-use');
    expect((await w.directory.accountSigningInWith('mohamed-nour@example.com'))?.objectId).toBe('oid-nour');
    expect((await w.files.get(professionalUser.providerId, file.id))!.value.emails.primary).toBe(
      'mohamed-nour@example.com',
    );
  });

  it('when the file is a prospect, then it is not releasable; merged, its file lets go of its addresses only', async () => {
    const w = await world();
    const prospect = await createClientFile(w.cf, professionalUser, {
      firstName: 'A',
      lastName: 'B',
      email: 'a.b@example.com',
    });
    expect(await refusal(releaseEmail(w.deps, actor, prospect.value.id))).toBe('not-releasable');
    const read = (await w.files.get(professionalUser.providerId, prospect.value.id))!;
    await w.files.replace({ ...read.value, access: { status: 'merged', since: w.clock.now(), into: 'x' } }, read);
    expect(await releaseEmail(w.deps, actor, prospect.value.id)).toEqual({
      clientId: prospect.value.id,
      addresses: ['a•••@example.com'],
      account: false,
    });
  });

  it('when another provider’s professional asks, then the file is not found', async () => {
    const w = await world();
    const file = await w.clientAt(professionalUser, 'merged');
    const error = await releaseEmail(w.deps, { providerId: 'horizon', name: 'X' }, file.id).catch((e: unknown) => e);
    expect((error as DomainError).code).toBe('client-not-found');
  });
});

describe('the history of releases on the sheet', () => {
  it('when ops released an address, then the sheet says the operations team did, in French and English', async () => {
    const w = await world();
    const file = await w.clientAt(professionalUser, 'merged');
    await releaseEmail(w.deps, { providerId: professionalUser.providerId, name: RELEASED_BY_OPS }, file.id);
    const after = (await w.files.get(professionalUser.providerId, file.id))!.value;
    expect(String(renderEmailReleases(after, 'fr'))).toContain('par l’équipe d’exploitation\u00a0: m•••@example.com');
    expect(String(renderEmailReleases(after, 'en'))).toContain('by the operations team: m•••@example.com');
    const byProfessional = { ...after, emailReleases: after.emailReleases!.map((r) => ({ ...r, by: 'Paul Martin' })) };
    expect(String(renderEmailReleases(byProfessional, 'fr'))).toContain('par Paul Martin\u00a0:');
  });
});
