/**
 * What linking the client file costs the acceptance callback in storage (issue 11; DESIGN.md §5: ≤ 20 operations for
 * the whole onboarding journey). The common case — no file for the invited address — creates the file at once: no
 * read before it, and no identification code (the file gets one when the mobile app is offered on it). A prospect
 * holding the address makes that create fail; only then is it read and linked.
 */
import { randomUUID } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { createClientCodes } from '../../shared/adapters/client-codes.js';
import { phoneNumbers } from '../../shared/adapters/phone-numbers.js';
import { tableClientFileStore } from '../../shared/adapters/table/client-file-store.js';
import { tableClientStore } from '../../shared/adapters/table/client-store.js';
import { tableInvitationStore } from '../../shared/adapters/table/invitation-store.js';
import { tableLimits } from '../../shared/adapters/table/limits.js';
import { createInvitation } from '../../shared/domain/invitation.js';
import { event } from '../../shared/domain/timeline.js';
import { beginAcceptance, completeAcceptance } from '../../shared/domain/use-cases/accept-invitation.js';
import { createClientFile } from '../../shared/domain/use-cases/client-files.js';
import { countingTables } from '../support/counting-tables.js';
import { FakeClock, fakeWorld, GFMS, invitationDetails, professionalUser } from '../support/fakes.js';
import { onboardingWorld, signedUpAccount } from '../support/onboarding-fakes.js';

const SESSION_KEYS = [Buffer.alloc(32, 7).toString('base64')];

/** Onboarding over the Table adapters (invitations, clients, client files), the sign-in and directory in memory. */
function world(requests: string[]) {
  const fakes = onboardingWorld();
  const clock = new FakeClock(new Date('2031-01-15T10:20:00.000Z'));
  const tables = countingTables(requests);
  const base = { ...fakes.onboarding, ...fakeWorld().deps, clock };
  const files = tableClientFileStore(tables);
  const invitations = tableInvitationStore(tables);
  const clientFiles = { clock, ids: base.ids, files, codes: createClientCodes(SESSION_KEYS) };
  const deps = {
    ...base,
    invitations,
    limits: tableLimits(tables, clock),
    clients: tableClientStore(tables),
    clientFiles,
  };
  const cf = { ...clientFiles, phones: phoneNumbers, clients: deps.clients, invitations };
  return { fakes, deps, cf };
}

/** An invitation of GFMS to a fresh address, clicked by its invitee (an account proving the address). */
async function clicked(w: ReturnType<typeof world>, email = `accept.${randomUUID().slice(0, 8)}@example.com`) {
  const { deps, fakes } = w;
  const key = `key-${randomUUID()}`;
  const now = deps.clock.now();
  const invitation = createInvitation(invitationDetails({ email }), {
    id: randomUUID(),
    providerId: GFMS.id,
    invitedBy: { name: professionalUser.name, oid: professionalUser.oid },
    keyHash: deps.keys.hash(key),
    now,
  });
  await deps.invitations.claimEmail(invitation);
  await deps.invitations.create(invitation, undefined, [event(now, 'created')]);
  const objectId = `oid-${randomUUID()}`;
  fakes.directory.put(signedUpAccount(objectId, email));
  fakes.signIn.identity = { tenantId: 'client-tenant', objectId, email };
  const started = await beginAcceptance(deps, { invitationId: invitation.id, key }, { locale: 'fr' });
  if (started.kind !== 'redirect') throw new Error(`not a redirect: ${started.kind}`);
  return { invitationId: invitation.id, started, email };
}

async function callback(w: ReturnType<typeof world>, c: Awaited<ReturnType<typeof clicked>>) {
  const { attempt } = c.started;
  return completeAcceptance(
    w.deps,
    { attempt, invitationId: c.invitationId, read: c.started.read },
    { state: attempt.state, code: 'code-1', error: null },
  );
}

/** The provider's listing summary of an invitation, as the console's counts read it. */
async function summaryOf(w: ReturnType<typeof world>, invitationId: string) {
  return (await w.deps.invitations.summaries(GFMS.id)).find((s) => s.invitationId === invitationId);
}

describe('the acceptance callback links the client file in storage', () => {
  it('when the address has no file, then the file is created at once: no read of the address, no code claimed', async () => {
    const requests: string[] = [];
    const w = world(requests);
    // Tables are created once per process, on first use: a first acceptance makes them all exist.
    await callback(w, await clicked(w));
    const c = await clicked(w);
    requests.length = 0;

    const result = await callback(w, c);

    expect(result).toMatchObject({ kind: 'accepted', clientFile: { kind: 'created' } });
    // The invitation with its event, the client's rows, the file with the invitation's listing summary: three
    // transactions, nothing read, no code claimed, no merge of the listing row on its own.
    expect(requests, requests.join('\n')).toEqual([
      'POST /devstoreaccount1/$batch',
      'POST /devstoreaccount1/$batch',
      'POST /devstoreaccount1/$batch',
    ]);
    const reads = requests.filter((r) => r.startsWith('GET '));
    expect(reads, requests.join('\n')).toEqual([]);
    expect(
      requests.filter((r) => r.includes('IdentificationCodes')),
      requests.join('\n'),
    ).toEqual([]);
    const file = (await w.deps.clientFiles.files.byEmail(GFMS.id, c.email))?.value;
    expect(file).toMatchObject({ status: 'client', createdBy: 'invitation', mobileApp: { offered: false } });
    expect(file?.identificationCode).toBeUndefined();
    expect(await summaryOf(w, c.invitationId)).toMatchObject({ pending: false, acceptedAt: expect.any(Date) });
  });

  it('when a prospect holds the address, then the create fails and the prospect is read and linked', async () => {
    const w = world([]);
    const email = `prospect.${randomUUID().slice(0, 8)}@example.com`;
    const prospect = await createClientFile(
      w.cf,
      { ...professionalUser, providerId: GFMS.id },
      {
        firstName: 'Claire',
        lastName: 'Martin',
        email,
      },
    );

    const c = await clicked(w, email);
    const { invitationId } = c;
    const result = await callback(w, c);

    expect(result).toMatchObject({ kind: 'accepted', clientFile: { kind: 'linked', clientId: prospect.value.id } });
    expect((await w.deps.clientFiles.files.get(GFMS.id, prospect.value.id))?.value).toMatchObject({
      status: 'client',
      emails: { signIn: email, primary: email },
    });
    // The create failed: the listing summary was written on its own all the same.
    expect(await summaryOf(w, invitationId)).toMatchObject({ pending: false, acceptedAt: expect.any(Date) });
  });
});

describe('one partition per provider, two stores', () => {
  it('when a provider has invitations and client files for the same address, then each store’s queries read only its own rows', async () => {
    const w = world([]);
    const { invitations } = w.deps;
    const files = w.deps.clientFiles.files;
    const providerId = `shared-${randomUUID().slice(0, 8)}`;
    const email = `both.${randomUUID().slice(0, 8)}@example.com`;
    const now = w.deps.clock.now();
    const invitation = createInvitation(invitationDetails({ email }), {
      id: randomUUID(),
      providerId,
      invitedBy: { name: professionalUser.name, oid: professionalUser.oid },
      keyHash: w.deps.keys.hash('k'),
      now,
    });
    expect(await invitations.claimEmail(invitation)).toEqual({ claimed: true });
    await invitations.create(invitation, undefined, [event(now, 'created')]);
    // Names that spell the invitations' own prefixes: their tokens stay under `n|`.
    const file = await createClientFile(
      w.cf,
      { ...professionalUser, providerId },
      {
        firstName: 'Invitation',
        lastName: 'Email',
        email,
        secondaryEmails: [`other.${email}`],
        phone: '+33612345678',
        mobileApp: { offered: true },
      },
    );
    await files.putDevice(providerId, file.value.id, { id: 'd1', activatedAt: now, lastSeenAt: now });

    expect((await invitations.list(providerId, { limit: 50, order: 'newest' })).invitationIds).toEqual([invitation.id]);
    expect((await invitations.list(providerId, { limit: 50, order: 'oldest' })).invitationIds).toEqual([invitation.id]);
    expect((await invitations.list(providerId, { limit: 50, order: 'newest', email })).invitationIds).toEqual([
      invitation.id,
    ]);
    expect((await invitations.summaries(providerId)).map((s) => s.invitationId)).toEqual([invitation.id]);
    const second = { ...invitation, id: randomUUID() };
    expect(await invitations.claimEmail(second)).toMatchObject({ claimed: false });

    const ids = (found: { id: string }[]) => found.map((s) => s.id);
    expect(ids(await files.search(providerId, { kind: 'email', email }, 10))).toEqual([file.value.id]);
    expect(ids(await files.search(providerId, { kind: 'phone', phone: '+33612345678' }, 10))).toEqual([file.value.id]);
    for (const token of ['invitation', 'email', 'e', 'i']) {
      expect(ids(await files.search(providerId, { kind: 'name', tokens: [token] }, 10)), token).toEqual([
        file.value.id,
      ]);
    }
    expect((await files.byEmail(providerId, email))?.value.id).toBe(file.value.id);
    expect((await files.devices(providerId, file.value.id)).map((d) => d.id)).toEqual(['d1']);
  });
});
