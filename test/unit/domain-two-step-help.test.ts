/**
 * "No access to the app" (issue 14, item 3; shared/domain/use-cases/two-step-help.ts): console sign-ins remembered
 * per provider; the client's request for help emailed to the provider's professionals with Clients.Manage (or its
 * support address), 3 per account per 24 h; a professional turning two-step off — only for their own provider's
 * client, only when on, only once the client has an account — with who and when on the file and the client emailed.
 */
import { describe, expect, it } from 'vitest';
import { phoneNumbers } from '../../shared/adapters/phone-numbers.js';
import { DomainError } from '../../shared/domain/errors.js';
import type { ActingProfessional } from '../../shared/domain/provider.js';
import {
  askTwoStepHelp,
  recordConsoleProfessional,
  type TurnOffTwoStepDeps,
  type TwoStepHelpDeps,
  turnOffTwoStep,
} from '../../shared/domain/use-cases/two-step-help.js';
import { FakeAccountEmails } from '../support/account-email-fakes.js';
import { FakeClientCodes, InMemoryClientFileStore } from '../support/client-file-fakes.js';
import {
  FakeClock,
  FakeIds,
  FakeInvitationStore,
  FakeLimits,
  FakeProfessionalRoster,
  FakeProviderDirectory,
  FakeTwoStepSwitch,
  GFMS,
  professionalUser,
} from '../support/fakes.js';
import { FakeClientStore, HORIZON, NOUR_KEY, nourAccount } from '../support/onboarding-fakes.js';
import { clientFile } from '../support/sms-fakes.js';

const otherProvider: ActingProfessional = { ...professionalUser, oid: 'oid-other', providerId: HORIZON.id };

function world() {
  const clock = new FakeClock();
  const files = new InMemoryClientFileStore();
  const clients = new FakeClientStore();
  const twoStep = new FakeTwoStepSwitch();
  const accountEmails = new FakeAccountEmails();
  const providers = new FakeProviderDirectory();
  providers.put(HORIZON);
  const roster = new FakeProfessionalRoster();
  const limits = new FakeLimits(clock);
  clients.put({
    account: nourAccount(),
    records: [
      {
        providerId: GFMS.id,
        clientId: 'client-1',
        firstName: 'Mohamed-Nour',
        lastName: 'Benali',
        email: 'mohamed-nour@example.com',
        access: { status: 'active', since: clock.now() },
        firstSignInAt: clock.now(),
        createdAt: clock.now(),
      },
    ],
    companies: [],
  });
  const off: TurnOffTwoStepDeps = {
    clock,
    ids: new FakeIds(),
    files,
    codes: new FakeClientCodes(),
    phones: phoneNumbers,
    clients,
    invitations: new FakeInvitationStore(),
    twoStep,
    providers,
    accountEmails,
  };
  const ask: TwoStepHelpDeps = { clock, limits, roster, providers, accountEmails };
  return { clock, files, twoStep, accountEmails, providers, roster, off, ask };
}

const linked = (overrides = {}) =>
  clientFile({
    status: 'client',
    locale: 'en',
    emails: { signIn: 'mohamed-nour@example.com', primary: 'mohamed-nour@example.com', secondary: [] },
    accountKey: NOUR_KEY,
    ...overrides,
  });

async function refusal(promise: Promise<unknown>): Promise<string> {
  try {
    await promise;
  } catch (error) {
    if (error instanceof DomainError) return error.code;
    throw error;
  }
  throw new Error('expected a refusal');
}

describe('turnOffTwoStep', () => {
  it('turns it off, records who and when (and why) on the file, and emails the client in their language', async () => {
    const w = world();
    const { value } = await w.files.create(linked());
    w.twoStep.on.add(NOUR_KEY);
    const at = w.clock.now();
    const result = await turnOffTwoStep(w.off, professionalUser, value.id, { reason: ' Lost phone ' });
    expect(w.twoStep.on.has(NOUR_KEY)).toBe(false);
    expect(w.twoStep.changedAt.get(NOUR_KEY)).toEqual(at);
    expect(result.event).toEqual({ event: 'turned-off', at, by: 'Tamer Haddad', reason: 'Lost phone' });
    expect(result.sheet.file.twoStepEvents).toEqual([result.event]);
    expect((await w.files.get(GFMS.id, value.id))?.value.twoStepEvents).toEqual([result.event]);
    expect(w.accountEmails.queued).toEqual([
      { kind: 'two-step-off', to: 'mohamed-nour@example.com', locale: 'en', at, providerName: 'GFMS' },
    ]);
  });

  it('refuses when it is not on (two-step-off), writing nothing and emailing nobody', async () => {
    const w = world();
    const { value } = await w.files.create(linked());
    expect(await refusal(turnOffTwoStep(w.off, professionalUser, value.id))).toBe('two-step-off');
    expect((await w.files.get(GFMS.id, value.id))?.value.twoStepEvents).toBeUndefined();
    expect(w.accountEmails.queued).toEqual([]);
  });

  it('refuses a client of another provider as not found, leaving it on', async () => {
    const w = world();
    const { value } = await w.files.create(linked());
    w.twoStep.on.add(NOUR_KEY);
    expect(await refusal(turnOffTwoStep(w.off, otherProvider, value.id))).toBe('client-not-found');
    expect(w.twoStep.on.has(NOUR_KEY)).toBe(true);
  });

  it('refuses a prospect without an account (no-account)', async () => {
    const w = world();
    const { value } = await w.files.create(clientFile());
    expect(await refusal(turnOffTwoStep(w.off, professionalUser, value.id))).toBe('no-account');
  });

  it('keeps the latest 20 events only', async () => {
    const w = world();
    const old = Array.from({ length: 20 }, (_, i) => ({
      event: 'turned-off' as const,
      at: new Date(Date.UTC(2025, 0, i + 1)),
      by: `P${i}`,
    }));
    const { value } = await w.files.create(linked({ twoStepEvents: old }));
    w.twoStep.on.add(NOUR_KEY);
    const result = await turnOffTwoStep(w.off, professionalUser, value.id);
    expect(result.sheet.file.twoStepEvents).toHaveLength(20);
    expect(result.sheet.file.twoStepEvents?.[0]?.by).toBe('P1');
    expect(result.sheet.file.twoStepEvents?.at(-1)).toEqual({
      event: 'turned-off',
      at: w.clock.now(),
      by: 'Tamer Haddad',
    });
  });
});

describe('recordConsoleProfessional', () => {
  it('remembers a user of a provider with their address and whether they manage clients; nobody without a provider', async () => {
    const w = world();
    w.providers.grant({ tenantId: 'workforce-tenant', subject: 'user:oid-tamer' }, GFMS.id);
    const deps = { clock: w.clock, roster: w.roster, providers: w.providers };
    const signedIn = { ...professionalUser, username: 'Tamer.Haddad@GFMS.example' };
    await recordConsoleProfessional(deps, signedIn, 'en');
    expect(await w.roster.list(GFMS.id)).toEqual([
      {
        tenantId: 'workforce-tenant',
        oid: 'oid-tamer',
        name: 'Tamer Haddad',
        email: 'tamer.haddad@gfms.example',
        manages: true,
        locale: 'en',
        seenAt: w.clock.now(),
      },
    ]);
    await recordConsoleProfessional(deps, { ...signedIn, oid: 'oid-nobody', roles: [] }, 'fr');
    expect(await w.roster.list(GFMS.id)).toHaveLength(1);
  });
});

describe('askTwoStepHelp', () => {
  const requester = {
    clientKey: NOUR_KEY,
    name: 'Mohamed-Nour Benali',
    email: 'mohamed-nour@example.com',
    locale: 'fr' as const,
    providerIds: [GFMS.id],
  };
  const known = (oid: string, manages: boolean, email?: string) => ({
    tenantId: 'workforce-tenant',
    oid,
    name: `Pro ${oid}`,
    ...(email ? { email } : {}),
    manages,
    locale: 'en' as const,
    seenAt: new Date(0),
  });

  it("emails the provider's professionals who manage clients (in their language), and says who was asked", async () => {
    const w = world();
    await w.roster.record(GFMS.id, known('a', true, 'a@gfms.example'));
    await w.roster.record(GFMS.id, known('b', false, 'b@gfms.example'));
    await w.roster.record(GFMS.id, known('c', true));
    const result = await askTwoStepHelp(w.ask, requester);
    expect(result).toEqual({
      kind: 'asked',
      asked: [{ providerName: 'GFMS', professionals: [{ name: 'Pro a', email: 'a@gfms.example' }] }],
    });
    expect(w.accountEmails.queued).toEqual([
      {
        kind: 'two-step-help',
        to: 'a@gfms.example',
        locale: 'en',
        at: w.clock.now(),
        providerName: 'GFMS',
        clientName: 'Mohamed-Nour Benali',
        clientEmail: 'mohamed-nour@example.com',
      },
    ]);
  });

  it("falls back to the provider's support address in the client's language", async () => {
    const w = world();
    const result = await askTwoStepHelp(w.ask, requester);
    expect(result).toEqual({
      kind: 'asked',
      asked: [{ providerName: 'GFMS', professionals: [], supportEmail: 'support@gfms.example' }],
    });
    expect(w.accountEmails.queued.map((e) => [e.to, e.locale])).toEqual([['support@gfms.example', 'fr']]);
  });

  it('says nobody could be asked when the provider has neither', async () => {
    const w = world();
    w.providers.put({ ...GFMS, supportEmail: undefined } as never);
    expect(await askTwoStepHelp(w.ask, requester)).toEqual({ kind: 'nobody' });
  });

  it('allows 3 requests per account in 24 h, then refuses with when to come back', async () => {
    const w = world();
    for (let i = 0; i < 3; i++) expect((await askTwoStepHelp(w.ask, requester)).kind).toBe('asked');
    const limited = await askTwoStepHelp(w.ask, requester);
    expect(limited.kind).toBe('limited');
    expect(limited.kind === 'limited' && limited.retryAfterSeconds).toBeGreaterThan(0);
    expect(w.accountEmails.queued).toHaveLength(3);
    w.clock.advance(24 * 3600 * 1000 + 1000);
    expect((await askTwoStepHelp(w.ask, requester)).kind).toBe('asked');
  });
});
