/**
 * Block and unblock (issue 12, item 4): the file first, then the account's record; idempotent; a prospect blocked
 * before it has an account starts blocked; a record left behind is repaired at the next sign-in; what goes with the
 * access — the open session, the devices, activation, the activation SMS — and the provider inactive the same way.
 */

import azf from '@azure/functions';
import { describe, expect, it } from 'vitest';
import { phoneNumbers } from '../../shared/adapters/phone-numbers.js';
import { summarizeClientFile } from '../../shared/domain/client-search.js';
import { DomainError } from '../../shared/domain/errors.js';
import type { ActingProfessional } from '../../shared/domain/provider.js';
import { beginAcceptance, completeAcceptance } from '../../shared/domain/use-cases/accept-invitation.js';
import { activateDevice } from '../../shared/domain/use-cases/activate-device.js';
import { type ClientAccessDeps, changeClientAccess } from '../../shared/domain/use-cases/client-access.js';
import { createClientFile } from '../../shared/domain/use-cases/client-files.js';
import { checkSession } from '../../shared/domain/use-cases/client-session.js';
import { currentDevice } from '../../shared/domain/use-cases/devices.js';
import { inviteUser } from '../../shared/domain/use-cases/invite-user.js';
import { sendActivationSms, sendActivationSmsFromApp } from '../../shared/domain/use-cases/send-activation-sms.js';
import { completeSignIn } from '../../shared/domain/use-cases/sign-in.js';
import { type ClientAccessRouteDeps, clientAccessHandler } from '../../shared/http/client-access-route.js';
import { createLogger } from '../../shared/log.js';
import { FakeClientCodes, InMemoryClientFileStore } from '../support/client-file-fakes.js';
import { ACTIVATION_CODE, clientFileWithCode, deviceWorld, IDENTIFICATION_CODE } from '../support/device-fakes.js';
import { GFMS, invitationDetails, professionalUser } from '../support/fakes.js';
import { NOUR_KEY, onboardingWorld } from '../support/onboarding-fakes.js';
import { clientFile, smsWorld } from '../support/sms-fakes.js';

const EMAIL = 'mohamed-nour@example.com';
const otherProvider: ActingProfessional = { ...professionalUser, oid: 'oid-other', providerId: 'horizon' };

function world() {
  const w = onboardingWorld();
  const files = new InMemoryClientFileStore();
  const access: ClientAccessDeps = {
    clock: w.clock,
    ids: w.ids,
    files,
    codes: new FakeClientCodes(),
    phones: phoneNumbers,
    clients: w.clients,
    invitations: w.store,
    accounts: w.clients,
  };
  w.onboarding.clientFiles = access;
  const accept = async () => {
    const { invitation, key } = await inviteUser(w.deps, professionalUser, invitationDetails({ email: EMAIL }));
    const started = await beginAcceptance(w.onboarding, { invitationId: invitation.id, key }, { locale: 'fr' });
    if (started.kind !== 'redirect') throw new Error(started.kind);
    w.signIn.identity = { tenantId: 'client-tenant', objectId: 'oid-nour', email: EMAIL };
    const attempt = w.signIn.newAttempt();
    const result = await completeAcceptance(
      w.onboarding,
      { attempt, invitationId: invitation.id, read: started.read },
      { state: attempt.state, code: 'c', error: null },
    );
    if (result.kind !== 'accepted' || result.clientFile?.kind === 'failed' || !result.clientFile) {
      throw new Error('not accepted');
    }
    return (result.clientFile as { clientId: string }).clientId;
  };
  const signInAgain = async () => {
    const attempt = w.signIn.newAttempt();
    return completeSignIn(w.onboarding, { attempt }, { state: attempt.state, code: 'c', error: null });
  };
  const record = () => w.clients.profiles.get(NOUR_KEY)?.records.find((r) => r.providerId === GFMS.id);
  const file = async (id: string) => (await files.get(GFMS.id, id))!.value;
  return Object.assign(w, { files, access, accept, signInAgain, record, file });
}

async function refusal(promise: Promise<unknown>): Promise<DomainError> {
  const error = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  if (!(error instanceof DomainError)) throw new Error(`expected a DomainError, got ${String(error)}`);
  return error;
}

describe('blocking and unblocking a client', () => {
  it('when a professional blocks a signed-in client, then the file and the account’s record say blocked, by whom, since when and why', async () => {
    const w = world();
    const id = await w.accept();
    const blockedAt = w.clock.now();
    const result = await changeClientAccess(w.access, professionalUser, id, { action: 'block', reason: 'Impayés' });
    const expected = { status: 'blocked', since: blockedAt, by: professionalUser.name, reason: 'Impayés' };
    expect(result).toMatchObject({ changed: true, access: expected, sheet: { access: expected } });
    expect((await w.file(id)).access).toEqual(expected);
    expect(w.record()?.access).toEqual(expected);
    expect(summarizeClientFile(await w.file(id)).state).toBe('blocked');
  });

  it('when a blocked client is blocked again, then nothing changes: who, when and why are kept', async () => {
    const w = world();
    const id = await w.accept();
    const first = await changeClientAccess(w.access, professionalUser, id, { action: 'block', reason: 'Impayés' });
    const stored = (await w.files.get(GFMS.id, id))!;
    w.clock.advance(60_000);
    const again = await changeClientAccess(w.access, { ...professionalUser, name: 'Someone Else' }, id, {
      action: 'block',
      reason: 'Other',
    });
    expect(again).toMatchObject({ changed: false, access: first.access });
    expect((await w.files.get(GFMS.id, id))!.etag).toBe(stored.etag);
    expect(w.record()?.access).toEqual(first.access);
  });

  it('when a blocked client is unblocked, then both say active again, by whom and since when; unblocking again changes nothing', async () => {
    const w = world();
    const id = await w.accept();
    await changeClientAccess(w.access, professionalUser, id, { action: 'block' });
    w.clock.advance(60_000);
    const unblockedAt = w.clock.now();
    const result = await changeClientAccess(w.access, professionalUser, id, { action: 'unblock' });
    const expected = { status: 'active', since: unblockedAt, by: professionalUser.name };
    expect(result).toMatchObject({ changed: true, access: expected });
    expect(w.record()?.access).toEqual(expected);
    expect(summarizeClientFile(await w.file(id)).state).toBe('active');
    w.clock.advance(60_000);
    expect(await changeClientAccess(w.access, professionalUser, id, { action: 'unblock' })).toMatchObject({
      changed: false,
      access: expected,
    });
  });

  it('when another provider’s professional blocks the client, then not found, and nothing is written', async () => {
    const w = world();
    const id = await w.accept();
    const before = (await w.files.get(GFMS.id, id))!.etag;
    expect((await refusal(changeClientAccess(w.access, otherProvider, id, { action: 'block' }))).code).toBe(
      'client-not-found',
    );
    expect((await w.files.get(GFMS.id, id))!.etag).toBe(before);
    expect(w.record()?.access.status).toBe('active');
  });

  it('when the client was merged, then neither block nor unblock (client-merged)', async () => {
    const w = world();
    const id = await w.accept();
    const read = (await w.files.get(GFMS.id, id))!;
    await w.files.replace({ ...read.value, access: { status: 'merged', since: w.clock.now(), into: 'other' } }, read);
    for (const action of ['block', 'unblock'] as const) {
      expect((await refusal(changeClientAccess(w.access, professionalUser, id, { action }))).code).toBe(
        'client-merged',
      );
    }
  });

  it('when the record cannot be written after the file, then the change fails, and the retry brings the record in step without touching the file', async () => {
    const w = world();
    const id = await w.accept();
    const setAccess = w.clients.setAccess.bind(w.clients);
    w.clients.setAccess = () => Promise.reject(new Error('storage down'));
    await expect(changeClientAccess(w.access, professionalUser, id, { action: 'block' })).rejects.toThrow(
      'storage down',
    );
    expect((await w.file(id)).access?.status).toBe('blocked');
    expect(w.record()?.access.status).toBe('active');
    w.clients.setAccess = setAccess;
    const etag = (await w.files.get(GFMS.id, id))!.etag;
    const retry = await changeClientAccess(w.access, professionalUser, id, { action: 'block' });
    expect(retry.changed).toBe(false);
    expect(w.record()?.access).toEqual((await w.file(id)).access);
    expect((await w.files.get(GFMS.id, id))!.etag).toBe(etag);
  });

  it('when the record was left behind, then the client’s next sign-in is refused as blocked and repairs the record', async () => {
    const w = world();
    const id = await w.accept();
    w.clients.setAccess = () => Promise.reject(new Error('storage down'));
    await changeClientAccess(w.access, professionalUser, id, { action: 'block' }).catch(() => undefined);
    const fresh = onboardingWorld().clients;
    w.clients.setAccess = fresh.setAccess.bind(w.clients);
    const result = await w.signInAgain();
    expect(result).toMatchObject({
      kind: 'decided',
      decision: { kind: 'refused', reason: 'blocked', providerId: GFMS.id },
      accessRepairs: [{ providerId: GFMS.id, written: true }],
    });
    expect(w.record()?.access).toEqual((await w.file(id)).access);
    // In step now: the next sign-in repairs nothing.
    expect(await w.signInAgain()).not.toHaveProperty('accessRepairs');
  });

  it('when a prospect is blocked before it has an account, then its record starts blocked when it accepts an invitation', async () => {
    const w = world();
    const prospect = await createClientFile(w.access, professionalUser, {
      firstName: 'Mohamed-Nour',
      lastName: 'Benali',
      email: EMAIL,
    });
    const blocked = await changeClientAccess(w.access, professionalUser, prospect.value.id, {
      action: 'block',
      reason: 'Dossier incomplet',
    });
    expect(blocked.sheet).toMatchObject({ access: { status: 'blocked' }, providers: 0 });
    expect(summarizeClientFile(await w.file(prospect.value.id)).state).toBe('blocked');
    expect(await w.accept()).toBe(prospect.value.id);
    expect(w.record()?.access).toEqual(blocked.access);
    expect(await w.signInAgain()).toMatchObject({ decision: { kind: 'refused', reason: 'blocked' } });
  });
});

describe('what goes with the access', () => {
  it('when the client is blocked while signed in, then the open session is refused on its next page, and accepted again after unblock', async () => {
    const w = world();
    const id = await w.accept();
    const session = {
      sid: 'sid-1',
      endsAt: new Date(w.clock.now().getTime() + 3_600_000),
      clientKey: NOUR_KEY,
      current: { providerId: GFMS.id },
    };
    expect(await checkSession(w.onboarding, session)).toMatchObject({ kind: 'signed-in' });
    const { access } = await changeClientAccess(w.access, professionalUser, id, { action: 'block' });
    expect(await checkSession(w.onboarding, session)).toMatchObject({
      kind: 'refused',
      refusal: { reason: 'blocked', since: access.since },
      provider: { name: GFMS.name, supportEmail: GFMS.supportEmail },
    });
    await changeClientAccess(w.access, professionalUser, id, { action: 'unblock' });
    expect(await checkSession(w.onboarding, session)).toMatchObject({ kind: 'signed-in' });
  });

  it('when the client is blocked, then its device credential is refused with why and whom to contact; unblocked, it works again', async () => {
    const w = deviceWorld();
    await w.seed(clientFileWithCode(w.clock.now()));
    const { deviceToken } = await activateDevice(w.deps, {
      identificationCode: IDENTIFICATION_CODE,
      activationCode: ACTIVATION_CODE,
    });
    const since = w.clock.now();
    const read = (await w.files.get(GFMS.id, 'c0ffee00-0000-4000-8000-000000000001'))!;
    await w.files.replace({ ...read.value, access: { status: 'blocked', since, by: 'Tamer' } }, read);
    const refused = await refusal(currentDevice(w.deps, deviceToken));
    expect(refused.code).toBe('access-refused');
    expect(refused.details).toEqual({
      reason: 'blocked',
      since: since.toISOString(),
      provider: GFMS.name,
      contact: GFMS.supportEmail,
    });
    const again = (await w.files.get(GFMS.id, 'c0ffee00-0000-4000-8000-000000000001'))!;
    await w.files.replace({ ...again.value, access: { status: 'active', since, by: 'Tamer' } }, again);
    expect(await currentDevice(w.deps, deviceToken)).toMatchObject({ clientId: again.value.id });
  });

  it('when the provider stopped using the service, then the device credential is refused as provider inactive', async () => {
    const w = deviceWorld();
    await w.seed(clientFileWithCode(w.clock.now()));
    const { deviceToken } = await activateDevice(w.deps, {
      identificationCode: IDENTIFICATION_CODE,
      activationCode: ACTIVATION_CODE,
    });
    w.providers.put({ ...GFMS, status: 'inactive' });
    const refused = await refusal(currentDevice(w.deps, deviceToken));
    expect(refused.code).toBe('access-refused');
    expect(refused.details).toMatchObject({ reason: 'provider-inactive', provider: GFMS.name });
  });

  it('when a blocked client activates with the right code, then access-refused and the code stays unused; a wrong code gets the usual answer', async () => {
    const w = deviceWorld();
    const since = w.clock.now();
    await w.seed(clientFileWithCode(since, { access: { status: 'blocked', since, by: 'Tamer' } }));
    const wrong = await refusal(
      activateDevice(w.deps, { identificationCode: IDENTIFICATION_CODE, activationCode: '000000' }),
    );
    expect(wrong.code).toBe('activation-code-wrong');
    const right = await refusal(
      activateDevice(w.deps, { identificationCode: IDENTIFICATION_CODE, activationCode: ACTIVATION_CODE }),
    );
    expect(right.code).toBe('access-refused');
    expect((await w.file()).activation?.usedAt).toBeUndefined();
    expect(w.credentials.issued).toEqual([]);
  });

  it('when the provider is inactive, then activation with the right code is refused the same way', async () => {
    const w = deviceWorld();
    await w.seed(clientFileWithCode(w.clock.now()));
    w.providers.put({ ...GFMS, status: 'inactive' });
    const right = await refusal(
      activateDevice(w.deps, { identificationCode: IDENTIFICATION_CODE, activationCode: ACTIVATION_CODE }),
    );
    expect(right).toMatchObject({ code: 'access-refused', details: { reason: 'provider-inactive' } });
  });

  it('when a professional sends the activation SMS to a blocked client, then 409 client-access-refused, and nothing is queued', async () => {
    const w = smsWorld();
    const since = new Date('2025-03-01T00:00:00.000Z');
    const { value } = await w.put(clientFile({ access: { status: 'blocked', since, by: 'Tamer' } }));
    const refused = await refusal(sendActivationSms(w.send, professionalUser, value.id));
    expect(refused).toMatchObject({
      code: 'client-access-refused',
      details: { reason: 'blocked', since: since.toISOString() },
    });
    expect(w.journal).toEqual([]);
  });

  it('when the provider is inactive, then the professional’s SMS is refused too', async () => {
    const w = smsWorld();
    const { value } = await w.put();
    w.providers.put({ ...GFMS, status: 'inactive' });
    expect(await refusal(sendActivationSms(w.send, professionalUser, value.id))).toMatchObject({
      code: 'client-access-refused',
      details: { reason: 'provider-inactive' },
    });
  });

  it('when the app asks for a code for a blocked client or an inactive provider’s, then nothing is sent (the app’s answer is the same)', async () => {
    const w = smsWorld();
    const since = new Date('2025-03-01T00:00:00.000Z');
    const { value } = await w.put(clientFile({ access: { status: 'blocked', since, by: 'Tamer' } }));
    expect(await sendActivationSmsFromApp(w.send, value.identificationCode!)).toEqual({
      kind: 'not-sent',
      reason: 'access-refused',
    });
    const read = (await w.files.get(GFMS.id, value.id))!;
    await w.files.replace({ ...read.value, access: { status: 'active', since } }, read);
    w.providers.put({ ...GFMS, status: 'inactive' });
    expect(await sendActivationSmsFromApp(w.send, value.identificationCode!)).toEqual({
      kind: 'not-sent',
      reason: 'access-refused',
    });
    expect(w.journal.filter((line) => line.startsWith('schedule'))).toEqual([]);
  });
});

describe('blocking and unblocking through the API, as security events', () => {
  it('when a professional blocks then unblocks a client, then each is logged as a security event naming who and which client, never the reason', async () => {
    const w = world();
    const clientId = await w.accept();
    const lines: Array<{ level: string; line: string }> = [];
    const log = createLogger((level, line) => lines.push({ level, line }));
    const deps = {
      auth: {
        professionalTokens: { verify: async () => ({ ...professionalUser, roles: ['Clients.Manage' as const] }) },
        providers: { providerOf: async () => GFMS.id } as unknown as ClientAccessRouteDeps['auth']['providers'],
      },
      // No Idempotency-Key is sent: the store is never asked.
      idempotency: {} as ClientAccessRouteDeps['idempotency'],
      clientAccess: w.access,
    } satisfies ClientAccessRouteDeps;
    const context = new azf.InvocationContext({ invocationId: 'inv-1', functionName: 'BlockClient' });
    const post = (action: string, body: object) =>
      new azf.HttpRequest({
        method: 'POST',
        url: `https://onboarding.example/api/clients/${clientId}/${action}`,
        params: { id: clientId },
        headers: { authorization: 'Bearer a.b.c', 'content-type': 'application/json' },
        body: { string: JSON.stringify(body) },
      });
    const reason = 'Unpaid invoices since March';
    expect((await clientAccessHandler('block')(post('block', { reason }), context, deps, log)).status).toBe(200);
    expect((await clientAccessHandler('unblock')(post('unblock', {}), context, deps, log)).status).toBe(200);

    const events = lines.map(({ level, line }) => ({ level, ...(JSON.parse(line) as Record<string, unknown>) }));
    expect(events).toEqual([
      expect.objectContaining({
        level: 'warn',
        event: 'security.client.blocked',
        clientId,
        by: professionalUser.oid,
        status: 'blocked',
      }),
      expect.objectContaining({
        level: 'warn',
        event: 'security.client.unblocked',
        clientId,
        by: professionalUser.oid,
        status: 'active',
      }),
    ]);
    expect(lines.map((l) => l.line).join('\n')).not.toContain('Unpaid');
  });
});
