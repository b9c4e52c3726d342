/**
 * Forgot password in the domain (docs/passwords.md): the request does the same work for every address; the worker
 * applies the per-address limit, sends a link or, when access is refused everywhere, why; a link works for 30
 * minutes, once, and only while it is the account's latest; the confirm spends it exactly once, gives it back when
 * Graph fails, and ends the sessions.
 */
import { beforeEach, describe, expect, it } from 'vitest';
import { createLinkKeys } from '../../shared/adapters/link-keys.js';
import type { ClientProfile, ClientRecord } from '../../shared/domain/client.js';
import { DomainError } from '../../shared/domain/errors.js';
import type { ResetRequest } from '../../shared/domain/password-reset.js';
import {
  confirmPasswordReset,
  processResetRequest,
  type ResetConfirmDeps,
  type ResetRequestDeps,
  type ResetWorkerDeps,
  requestPasswordReset,
  viewResetLink,
} from '../../shared/domain/use-cases/reset-password.js';
import { FakeAccountEmails } from '../support/account-email-fakes.js';
import { FakeClock, FakeLimits, FakeProviderDirectory, GFMS } from '../support/fakes.js';
import { FakeClientDirectory, FakeClientStore } from '../support/onboarding-fakes.js';
import { FakeResetRequestQueue, InMemoryResetTokenStore } from '../support/reset-token-fakes.js';

const TENANT = 'tenant-1';
const OID = '11111111-1111-4111-8111-111111111111';
const EMAIL = 'claire.dupont@example.com';
const GOOD = 'Velo-Rouge-42';
/** SECURITY.md's lifetimes are spelled out here, not read back from the constants they check. */
const MINUTE = 60 * 1000;

function record(overrides: Partial<ClientRecord> = {}): ClientRecord {
  const at = new Date('2025-01-01T00:00:00.000Z');
  return {
    providerId: GFMS.id,
    clientId: 'client-1',
    firstName: 'Claire',
    lastName: 'Dupont',
    email: EMAIL,
    access: { status: 'active', since: at },
    firstSignInAt: at,
    createdAt: at,
    ...overrides,
  };
}

function world() {
  const clock = new FakeClock(new Date('2030-06-03T09:00:00.000Z'));
  const limits = new FakeLimits(clock);
  const queue = new FakeResetRequestQueue();
  const directory = new FakeClientDirectory();
  const clients = new FakeClientStore();
  const providers = new FakeProviderDirectory();
  const tokens = new InMemoryResetTokenStore();
  const emails = new FakeAccountEmails();
  const keys = createLinkKeys(['k'.repeat(44)]);
  directory.byObjectId.set(OID, {
    objectId: OID,
    mail: EMAIL,
    identities: [{ signInType: 'emailAddress', issuer: 'clients.example', issuerAssignedId: EMAIL }],
  });
  const profile: ClientProfile = {
    account: {
      key: `${TENANT}|${OID}`,
      clientId: 'client-1',
      tenantId: TENANT,
      objectId: OID,
      email: EMAIL,
      displayName: 'Claire Dupont',
      createdAt: clock.now(),
    },
    records: [record()],
    companies: [],
  };
  clients.put(profile);
  const request: ResetRequestDeps = { clock, limits, resetRequests: queue };
  const worker: ResetWorkerDeps = {
    clock,
    limits,
    clientTenantId: TENANT,
    directory,
    clients,
    providers,
    keys,
    tokens,
    accountEmails: emails,
    resetLink: (token) => `https://portal.example/api/ResetPassword?token=${token}`,
  };
  const confirm: ResetConfirmDeps = {
    clock,
    keys,
    tokens,
    directory,
    accountEmails: emails,
    clients,
  };
  return {
    clock,
    limits,
    queue,
    directory,
    clients,
    providers,
    tokens,
    emails,
    request,
    worker,
    confirm,
    profile,
  };
}

const ask = (email: string, locale: 'fr' | 'en' = 'fr'): ResetRequest => ({
  email,
  locale,
  requestedAt: '2030-06-03T09:00:00.000Z',
});

/** The token of the latest reset link emailed. */
function linkToken(emails: FakeAccountEmails): string {
  const link = emails.of('reset-link').at(-1);
  if (link?.kind !== 'reset-link') throw new Error('no reset link was emailed');
  return new URL(link.url).searchParams.get('token')!;
}

describe('the request', () => {
  it('does the same storage calls for an address with an account, one without, and any other', async () => {
    const w = world();
    const calls: string[] = [];
    const limits = {
      take: w.limits.take.bind(w.limits),
      takeSliding: async (key: string, rules: readonly { limit: number; windowSeconds: number }[]) => {
        calls.push(`take ${key.startsWith('reset-password|ip|') ? 'ip' : key} ${rules.map((r) => r.limit).join(',')}`);
        return w.limits.takeSliding(key, rules);
      },
    };
    const queue = {
      send: async (r: ResetRequest) => {
        calls.push('send');
        await w.queue.send(r);
      },
    };
    const deps = { ...w.request, limits, resetRequests: queue };
    const perAddress: string[][] = [];
    for (const email of [EMAIL, 'nobody@example.com', 'x@y.example']) {
      calls.length = 0;
      const outcome = await requestPasswordReset(deps, { email, locale: 'fr', clientAddress: '203.0.113.7' });
      expect(outcome).toEqual({ kind: 'queued' });
      perAddress.push([...calls]);
    }
    expect(perAddress[0]).toEqual(['take ip 20', 'send']);
    expect(perAddress[1]).toEqual(perAddress[0]);
    expect(perAddress[2]).toEqual(perAddress[0]);
    // No directory call at all in the request.
    expect(w.directory.reads).toEqual([]);
  });

  it('queues nothing beyond 20 requests per IP per hour, whatever the address, then again the next hour', async () => {
    const w = world();
    for (let i = 0; i < 20; i++) {
      const outcome = await requestPasswordReset(w.request, {
        email: `p${i}@example.com`,
        locale: 'fr',
        clientAddress: '203.0.113.7',
      });
      expect(outcome.kind).toBe('queued');
    }
    const over = await requestPasswordReset(w.request, { email: EMAIL, locale: 'fr', clientAddress: '203.0.113.7' });
    expect(over).toEqual({ kind: 'ip-limited' });
    // Another address is counted on its own.
    const other = await requestPasswordReset(w.request, { email: EMAIL, locale: 'fr', clientAddress: '198.51.100.1' });
    expect(other.kind).toBe('queued');
    expect(w.queue.sent).toHaveLength(21);
    w.clock.advance(60 * 60 * 1000);
    const later = await requestPasswordReset(w.request, { email: EMAIL, locale: 'fr', clientAddress: '203.0.113.7' });
    expect(later.kind).toBe('queued');
  });
});

describe('the worker', () => {
  it('emails a 30-minute link to an address that signs in to an account, in the request’s language', async () => {
    const w = world();
    const outcome = await processResetRequest(w.worker, ask(EMAIL, 'en'));
    expect(outcome).toEqual({ kind: 'link-sent', objectId: OID });
    const [email] = w.emails.queued;
    expect(email).toMatchObject({ kind: 'reset-link', to: EMAIL, locale: 'en' });
    if (email?.kind !== 'reset-link') throw new Error('expected a link');
    expect(email.expiresAt.getTime() - w.clock.now().getTime()).toBe(30 * MINUTE);
    expect(linkToken(w.emails)).toMatch(/^[A-Za-z0-9_-]{43}$/);
  });

  it('speaks the client file’s language when the client has one', async () => {
    const w = world();
    w.worker.clientFiles = {
      byEmail: async (providerId, email) =>
        providerId === GFMS.id && email === EMAIL
          ? ({ value: { locale: 'en' }, etag: 'e' } as unknown as Awaited<
              ReturnType<NonNullable<ResetWorkerDeps['clientFiles']>['byEmail']>
            >)
          : undefined,
    };
    await processResetRequest(w.worker, ask(EMAIL, 'fr'));
    expect(w.emails.queued[0]).toMatchObject({ kind: 'reset-link', locale: 'en' });
  });

  it('stores the token’s hash only, never the token', async () => {
    const w = world();
    await processResetRequest(w.worker, ask(EMAIL));
    const token = linkToken(w.emails);
    const stored = await w.tokens.find(createLinkKeys(['k'.repeat(44)]).hash(token));
    expect(stored?.value.hash).not.toBe(token);
    expect(JSON.stringify(stored)).not.toContain(token);
  });

  it('sends nothing for an address without an account, and nothing past 3 requests per address per hour', async () => {
    const w = world();
    expect(await processResetRequest(w.worker, ask('nobody@example.com'))).toEqual({ kind: 'no-account' });
    expect(w.emails.queued).toEqual([]);
    for (let i = 0; i < 3; i++) expect((await processResetRequest(w.worker, ask(EMAIL))).kind).toBe('link-sent');
    expect(await processResetRequest(w.worker, ask(EMAIL))).toEqual({ kind: 'address-limited' });
    expect(w.emails.queued).toHaveLength(3);
    w.clock.advance(60 * 60 * 1000);
    expect((await processResetRequest(w.worker, ask(EMAIL))).kind).toBe('link-sent');
  });

  it('counts unknown addresses against their limit too', async () => {
    const w = world();
    for (let i = 0; i < 3; i++) await processResetRequest(w.worker, ask('nobody@example.com'));
    expect(await processResetRequest(w.worker, ask('nobody@example.com'))).toEqual({ kind: 'address-limited' });
  });

  it.each([
    ['blocked', { status: 'blocked', since: new Date('2030-05-01T00:00:00.000Z'), by: 'pro' } as const],
    ['merged', { status: 'merged', since: new Date('2030-05-01T00:00:00.000Z'), into: 'autre@example.com' } as const],
  ])('emails why instead of a link when the client is %s everywhere', async (reason, access) => {
    const w = world();
    w.profile.records = [record({ access })];
    w.clients.put(w.profile);
    const outcome = await processResetRequest(w.worker, ask(EMAIL));
    expect(outcome).toEqual({ kind: 'refusal-sent', objectId: OID, reason });
    expect(w.emails.of('reset-link')).toEqual([]);
    const [refused] = w.emails.of('reset-refused');
    expect(refused).toMatchObject({ kind: 'reset-refused', to: EMAIL, reason, providerName: GFMS.name });
    if (reason === 'merged') expect(refused).toMatchObject({ mergedIntoEmail: 'a•••@example.com' });
    expect(w.tokens.calls).not.toContain('issue');
  });

  it('emails why when the provider stopped using the service', async () => {
    const w = world();
    w.providers.providers.set(GFMS.id, { ...GFMS, status: 'inactive' });
    expect(await processResetRequest(w.worker, ask(EMAIL))).toMatchObject({ reason: 'provider-inactive' });
    expect(w.emails.of('reset-refused')).toHaveLength(1);
  });
});

describe('the link and the confirm', () => {
  let w: ReturnType<typeof world>;
  let token: string;
  beforeEach(async () => {
    w = world();
    await processResetRequest(w.worker, ask(EMAIL));
    token = linkToken(w.emails);
  });

  it('shows the form and changes nothing', async () => {
    const before = [...w.tokens.calls];
    expect(await viewResetLink(w.confirm, token)).toMatchObject({ kind: 'usable', owner: { email: EMAIL } });
    expect(await viewResetLink(w.confirm, token)).toMatchObject({ kind: 'usable' });
    expect(w.tokens.calls.slice(before.length)).toEqual(['find', 'find']);
    expect(w.directory.passwords.size).toBe(0);
  });

  it('refuses a weak password with the rules unmet, and keeps the link', async () => {
    const outcome = await confirmPasswordReset(w.confirm, { token, password: 'claire2030' });
    expect(outcome).toMatchObject({ kind: 'rules-unmet' });
    if (outcome.kind !== 'rules-unmet') throw new Error('expected the rules');
    expect(outcome.unmet).toEqual(expect.arrayContaining(['classes', 'not-personal']));
    expect(w.directory.passwords.size).toBe(0);
    expect((await viewResetLink(w.confirm, token)).kind).toBe('usable');
  });

  it('sets the password, revokes the sessions, ends the portal’s, notifies, and the link is then used', async () => {
    const outcome = await confirmPasswordReset(w.confirm, { token, password: GOOD });
    expect(outcome).toMatchObject({ kind: 'changed', objectId: OID, followUpsFailed: [] });
    expect(w.directory.passwords.get(OID)).toEqual({ password: GOOD, forceChangeAtNextSignIn: false });
    expect(w.directory.revoked).toContain(OID);
    // Every portal session opened before the change is ended (whole seconds, as endClientSessions counts).
    expect(w.clients.sessionsEnded.get(`${TENANT}|${OID}`)).toEqual(w.clock.now());
    // And every device credential issued before it (docs/mobile-app.md, "Password changes").
    expect(await w.clients.passwordChangedAt(`${TENANT}|${OID}`)).toEqual(w.clock.now());
    expect(w.emails.of('password-changed')).toMatchObject([{ to: EMAIL, how: 'reset', locale: 'fr' }]);
    expect(await viewResetLink(w.confirm, token)).toMatchObject({ kind: 'used' });
    expect(await confirmPasswordReset(w.confirm, { token, password: 'Autre-Velo-43' })).toMatchObject({ kind: 'used' });
    expect(w.directory.passwords.get(OID)?.password).toBe(GOOD);
  });

  it('spends the link exactly once under two concurrent confirms', async () => {
    const [a, b] = await Promise.all([
      confirmPasswordReset(w.confirm, { token, password: GOOD }),
      confirmPasswordReset(w.confirm, { token, password: 'Autre-Velo-43' }),
    ]);
    expect([a.kind, b.kind].sort()).toEqual(['changed', 'used']);
    expect(w.emails.of('password-changed')).toHaveLength(1);
    const winner = a.kind === 'changed' ? GOOD : 'Autre-Velo-43';
    expect(w.directory.passwords.get(OID)?.password).toBe(winner);
  });

  it('expires after 30 minutes (the form says so, the confirm sets nothing)', async () => {
    w.clock.advance(30 * MINUTE - 1000);
    expect((await viewResetLink(w.confirm, token)).kind).toBe('usable');
    w.clock.advance(1000);
    expect((await viewResetLink(w.confirm, token)).kind).toBe('expired');
    expect(await confirmPasswordReset(w.confirm, { token, password: GOOD })).toMatchObject({ kind: 'expired' });
    expect(w.directory.passwords.size).toBe(0);
  });

  it('stops working once a newer link is issued', async () => {
    await processResetRequest(w.worker, ask(EMAIL));
    const newer = linkToken(w.emails);
    expect(newer).not.toBe(token);
    expect((await viewResetLink(w.confirm, token)).kind).toBe('expired');
    expect((await viewResetLink(w.confirm, newer)).kind).toBe('usable');
  });

  it('knows no unknown or malformed token', async () => {
    expect(await viewResetLink(w.confirm, 'A'.repeat(43))).toEqual({ kind: 'unknown' });
    expect(await viewResetLink(w.confirm, 'short')).toEqual({ kind: 'unknown' });
    expect(await confirmPasswordReset(w.confirm, { token: `${token}x`, password: GOOD })).toEqual({ kind: 'unknown' });
  });

  it('gives the link back when Graph fails, so the person can try again', async () => {
    w.directory.down = true;
    const failing = {
      ...w.confirm,
      directory: {
        ...w.directory,
        setPassword: async () => {
          throw new DomainError('dependency-unavailable', 'Graph is down');
        },
        revokeSessions: w.directory.revokeSessions.bind(w.directory),
      },
    };
    await expect(confirmPasswordReset(failing, { token, password: GOOD })).rejects.toMatchObject({
      code: 'dependency-unavailable',
    });
    expect(w.tokens.calls.slice(-2)).toEqual(['spend', 'restore']);
    w.directory.down = false;
    expect((await viewResetLink(w.confirm, token)).kind).toBe('usable');
    expect((await confirmPasswordReset(w.confirm, { token, password: GOOD })).kind).toBe('changed');
  });

  it('reports a session step that failed after the password was set, and still notifies', async () => {
    const deps = {
      ...w.confirm,
      clients: {
        recordPasswordChange: w.confirm.clients.recordPasswordChange.bind(w.confirm.clients),
        endSessionsBefore: async () => {
          throw new Error('storage down');
        },
      },
    };
    const outcome = await confirmPasswordReset(deps, { token, password: GOOD });
    expect(outcome).toMatchObject({ kind: 'changed', followUpsFailed: [{ step: 'end-sessions' }] });
    expect(w.emails.of('password-changed')).toHaveLength(1);
  });

  it('reports the devices step when recording the change fails, and still ends the sessions and notifies', async () => {
    const deps = {
      ...w.confirm,
      clients: {
        recordPasswordChange: async () => {
          throw new Error('storage down');
        },
        endSessionsBefore: w.confirm.clients.endSessionsBefore.bind(w.confirm.clients),
      },
    };
    const outcome = await confirmPasswordReset(deps, { token, password: GOOD });
    expect(outcome).toMatchObject({ kind: 'changed', followUpsFailed: [{ step: 'end-devices' }] });
    expect(w.clients.sessionsEnded.get(`${TENANT}|${OID}`)).toEqual(w.clock.now());
    expect(w.emails.of('password-changed')).toHaveLength(1);
  });
});
