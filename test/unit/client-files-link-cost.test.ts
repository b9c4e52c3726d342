/**
 * What linking the invited address's file asks of the store (issue 11: the onboarding journey's storage budget). An
 * invitation just accepted creates the file without reading first; a prospect holding the address fails that create,
 * and only then is it read and linked; a sign-in's repair reads first (a linked file costs no write).
 */
import { describe, expect, it } from 'vitest';
import { phoneNumbers } from '../../shared/adapters/phone-numbers.js';
import type { ClientFileStore } from '../../shared/domain/client-file.js';
import { type Acceptance, createClientFile, linkClientFile } from '../../shared/domain/use-cases/client-files.js';
import { FakeClientCodes, InMemoryClientFileStore } from '../support/client-file-fakes.js';
import { professionalUser } from '../support/fakes.js';
import { NOUR_KEY, onboardingWorld } from '../support/onboarding-fakes.js';

/** The store, each call of the acceptance's methods listed by name. */
function counted(calls: string[]): InMemoryClientFileStore {
  const files = new InMemoryClientFileStore();
  const methods = ['claimIdentificationCode', 'create', 'get', 'replace', 'byEmail'] as const;
  for (const name of methods) {
    const call = (files[name] as (...args: unknown[]) => Promise<unknown>).bind(files);
    (files as unknown as Record<string, unknown>)[name] = (...args: unknown[]) => {
      calls.push(name);
      return call(...args);
    };
  }
  return files;
}

function world(calls: string[]) {
  const w = onboardingWorld();
  const files: ClientFileStore = counted(calls);
  const link = { clock: w.clock, ids: w.ids, files, codes: new FakeClientCodes() };
  return { ...link, cf: { ...link, phones: phoneNumbers, clients: w.clients, invitations: w.store } };
}

const acceptance: Acceptance = {
  providerId: professionalUser.providerId,
  email: 'mohamed-nour@example.com',
  invitationId: 'inv-1',
  firstName: 'Mohamed-Nour',
  lastName: 'Benali',
  locale: 'fr',
};
const account = { key: NOUR_KEY, email: 'mohamed-nour@example.com' };

describe('linking the invited address’s file, in store calls', () => {
  it('when an invitation was just accepted and the address has no file, then the file is created: nothing read first', async () => {
    const calls: string[] = [];
    const deps = world(calls);
    expect(await linkClientFile(deps, acceptance, account, { createFirst: true })).toMatchObject({ kind: 'created' });
    expect(calls.filter((c) => c !== 'claimIdentificationCode')).toEqual(['create']);
  });

  it('when a prospect holds the address, then the create fails, and the prospect is read and linked', async () => {
    const calls: string[] = [];
    const deps = world(calls);
    const prospect = await createClientFile(deps.cf, professionalUser, {
      firstName: 'Mohamed-Nour',
      lastName: 'Benali',
      email: acceptance.email,
    });
    calls.length = 0;
    expect(await linkClientFile(deps, acceptance, account, { createFirst: true })).toEqual({
      kind: 'linked',
      clientId: prospect.value.id,
    });
    expect(calls.filter((c) => c !== 'claimIdentificationCode')).toEqual(['create', 'byEmail', 'replace']);
  });

  it('when a sign-in repairs a file already linked, then it reads the address and writes nothing', async () => {
    const calls: string[] = [];
    const deps = world(calls);
    await linkClientFile(deps, acceptance, account, { createFirst: true });
    calls.length = 0;
    expect(await linkClientFile(deps, acceptance, account)).toMatchObject({ kind: 'unchanged' });
    expect(calls).toEqual(['byEmail']);
  });
});
