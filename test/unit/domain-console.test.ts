/**
 * The console's rules in the domain, with the in-memory ports: Home's counts (pending, expiring within 48 hours,
 * email not delivered, accepted since Monday 00:00 in Paris) for the professional's provider only, the start of the
 * week in Paris whatever the season, and the sign-in's callback refusing a foreign state before redeeming anything.
 */
import { describe, expect, it } from 'vitest';
import { createInvitation, type Invitation } from '../../shared/domain/invitation.js';
import type { ProfessionalSignIn } from '../../shared/domain/ports.js';
import {
  completeConsoleSignIn,
  consoleAccess,
  consoleHome,
  countInvitations,
  weekStartInParis,
} from '../../shared/domain/use-cases/console.js';
import {
  FakeClock,
  FakeInvitationStore,
  FakeProviderDirectory,
  GFMS,
  invitationDetails,
  professionalUser,
} from '../support/fakes.js';

const HOUR = 3600_000;

describe('the week in Paris', () => {
  it.each([
    // Winter (UTC+1): Monday 00:00 in Paris is Sunday 23:00 UTC.
    ['2026-11-30T18:00:00Z', '2026-11-29T23:00:00.000Z'],
    ['2026-12-06T22:59:59Z', '2026-11-29T23:00:00.000Z'],
    ['2026-12-06T23:00:00Z', '2026-12-06T23:00:00.000Z'],
    // Summer (UTC+2): Sunday 22:00 UTC.
    ['2026-07-15T12:00:00Z', '2026-07-12T22:00:00.000Z'],
    // The week of the change to summer time (Sunday 29 March 2026): Monday 23 March was still winter.
    ['2026-03-29T12:00:00Z', '2026-03-22T23:00:00.000Z'],
    ['2026-03-30T00:30:00Z', '2026-03-29T22:00:00.000Z'],
  ])('when it is %s, then the week began at %s', (now, monday) => {
    expect(weekStartInParis(new Date(now)).toISOString()).toBe(monday);
  });
});

function invitation(store: FakeInvitationStore, clock: FakeClock, providerId: string): Invitation {
  const n = store.invitations.size + 1;
  return createInvitation(invitationDetails({ email: `person${n}@example.com` }), {
    id: `inv-${n}`,
    providerId,
    invitedBy: { oid: 'oid', name: 'Tamer' },
    now: clock.now(),
    keyHash: 'hash',
  });
}

describe('Home counts', () => {
  it('when the provider has invitations in every state, then each count holds exactly its own', () => {
    const now = new Date('2026-11-30T18:00:00Z');
    const weekStart = weekStartInParis(now);
    const at = (ms: number) => new Date(now.getTime() + ms);
    const counts = countInvitations(
      [
        { invitationId: 'a', pending: true, expiresAt: at(5 * 24 * HOUR), deliveryFailed: false },
        { invitationId: 'b', pending: true, expiresAt: at(47 * HOUR), deliveryFailed: false },
        { invitationId: 'c', pending: true, expiresAt: at(48 * HOUR), deliveryFailed: true },
        { invitationId: 'd', pending: true, expiresAt: at(49 * HOUR), deliveryFailed: true },
        { invitationId: 'expired', pending: true, expiresAt: at(-1), deliveryFailed: true },
        { invitationId: 'revoked', pending: false, expiresAt: at(HOUR), deliveryFailed: true },
        { invitationId: 'accepted', pending: false, expiresAt: at(HOUR), deliveryFailed: false, acceptedAt: at(-HOUR) },
        { invitationId: 'monday', pending: false, expiresAt: at(HOUR), deliveryFailed: false, acceptedAt: weekStart },
        {
          invitationId: 'last-week',
          pending: false,
          expiresAt: at(HOUR),
          deliveryFailed: false,
          acceptedAt: new Date(weekStart.getTime() - 1),
        },
      ],
      now,
      weekStart,
    );
    expect(counts).toMatchObject({ pending: 4, expiringSoon: 2, deliveryFailed: 2, acceptedThisWeek: 2 });
  });

  it('when two providers have invitations, then Home counts only the professional’s provider’s', async () => {
    const clock = new FakeClock(new Date('2026-11-30T18:00:00Z'));
    const store = new FakeInvitationStore();
    for (const providerId of [GFMS.id, GFMS.id, 'agence-horizon']) {
      const i = invitation(store, clock, providerId);
      await store.claimEmail({ providerId, email: i.email, id: i.id, createdAt: i.createdAt, expiresAt: i.expiresAt });
      await store.create(i, undefined, []);
    }
    expect(await consoleHome({ clock, invitations: store }, GFMS.id)).toMatchObject({ pending: 2 });
    expect(await consoleHome({ clock, invitations: store }, 'agence-horizon')).toMatchObject({ pending: 1 });
  });
});

describe('console access', () => {
  it('when the professional lacks the role, then access is refused for it before any provider is looked up', async () => {
    const providers = new FakeProviderDirectory();
    let looked = 0;
    const counting = {
      ...providers,
      providerOf: async () => {
        looked += 1;
        return GFMS.id;
      },
      get: providers.get.bind(providers),
    };
    expect(
      await consoleAccess(
        { providers: counting as never },
        { ...professionalUser, roles: ['Clients.Manage'] },
        'Invitations.Send',
      ),
    ).toEqual({
      kind: 'role-missing',
      role: 'Invitations.Send',
    });
    expect(looked).toBe(0);
  });

  it('when the professional acts for an active provider, then it is theirs', async () => {
    const providers = new FakeProviderDirectory();
    providers.grant({ tenantId: professionalUser.tenantId, subject: `user:${professionalUser.oid}` }, GFMS.id);
    expect(await consoleAccess({ providers }, professionalUser, 'Invitations.Send')).toMatchObject({
      kind: 'allowed',
      providerId: GFMS.id,
    });
  });
});

describe('the console sign-in callback', () => {
  const signIn = (redeemed: string[]): ProfessionalSignIn => ({
    newAttempt: () => ({ state: 'state-1', nonce: 'n', codeVerifier: 'v', codeChallenge: 'c' }),
    sameState: (a, b) => a === b,
    authorizeUrl: async () => 'https://entra.test',
    signOutUrl: () => 'https://entra.test/logout',
    redeem: async ({ code }) => {
      redeemed.push(code);
      return { ...professionalUser };
    },
  });
  const attempt = { state: 'state-1', nonce: 'n', codeVerifier: 'v', codeChallenge: 'c' };

  it('when the state is missing, foreign or there is no transaction, then nothing is redeemed', async () => {
    const redeemed: string[] = [];
    const deps = { signIn: signIn(redeemed) };
    expect(await completeConsoleSignIn(deps, attempt, { state: 'other', code: 'c', error: null })).toEqual({
      kind: 'refused',
      problem: 'state-mismatch',
    });
    expect((await completeConsoleSignIn(deps, undefined, { state: 'state-1', code: 'c', error: null })).kind).toBe(
      'refused',
    );
    expect((await completeConsoleSignIn(deps, attempt, { state: null, code: 'c', error: null })).kind).toBe('refused');
    expect(redeemed).toEqual([]);
    expect(
      await completeConsoleSignIn(deps, attempt, { state: 'state-1', code: null, error: 'access_denied' }),
    ).toEqual({
      kind: 'refused',
      problem: 'cancelled',
    });
    expect(await completeConsoleSignIn(deps, attempt, { state: 'state-1', code: 'code-1', error: null })).toMatchObject(
      {
        kind: 'signed-in',
      },
    );
    expect(redeemed).toEqual(['code-1']);
  });
});
