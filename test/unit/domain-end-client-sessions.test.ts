/**
 * Ending every portal session of a client (a password changed or reset, access taken away): sessions opened before
 * the instant are refused on their next page as if signed out; one opened after it — the page that asked opens a
 * fresh one — stays; a session whose start is unknown is treated as old.
 */
import { describe, expect, it } from 'vitest';
import { type ClientSession, checkSession, endClientSessions } from '../../shared/domain/use-cases/client-session.js';
import { GFMS } from '../support/fakes.js';
import { NOUR_KEY, NOUR_SINCE, nourAccount, onboardingWorld } from '../support/onboarding-fakes.js';

function signedIn() {
  const world = onboardingWorld();
  world.clients.put({
    account: nourAccount(),
    records: [
      {
        providerId: GFMS.id,
        clientId: 'client-1',
        firstName: 'Mohamed-Nour',
        lastName: 'Benali',
        email: 'mohamed-nour@example.com',
        access: { status: 'active', since: NOUR_SINCE },
        firstSignInAt: NOUR_SINCE,
        createdAt: NOUR_SINCE,
      },
    ],
    companies: [],
  });
  const session = (sid: string, startedAt?: Date): ClientSession => ({
    sid,
    endsAt: new Date(world.clock.now().getTime() + 8 * 3600_000),
    ...(startedAt ? { startedAt } : {}),
    clientKey: NOUR_KEY,
    current: { providerId: GFMS.id },
  });
  return { world, session };
}

describe("ending a client's sessions", () => {
  it('when sessions are ended, then one opened a second earlier is ended', async () => {
    const { world, session } = signedIn();
    const earlier = session('sid-old', new Date(world.clock.now().getTime() - 1000));
    expect(await checkSession(world.onboarding, earlier)).toMatchObject({ kind: 'signed-in' });
    await endClientSessions({ clock: world.clock, clients: world.clients }, NOUR_KEY);
    expect(await checkSession(world.onboarding, earlier)).toEqual({ kind: 'ended' });
  });

  it('when a session is opened after the sessions were ended, then it stays signed in', async () => {
    const { world, session } = signedIn();
    const at = await endClientSessions({ clock: world.clock, clients: world.clients }, NOUR_KEY);
    expect(await checkSession(world.onboarding, session('sid-same-second', at))).toMatchObject({ kind: 'signed-in' });
    world.clock.advance(5_000);
    expect(await checkSession(world.onboarding, session('sid-new', world.clock.now()))).toMatchObject({
      kind: 'signed-in',
    });
  });

  it('when a session does not say when it started, then it is treated as opened before', async () => {
    const { world, session } = signedIn();
    await endClientSessions({ clock: world.clock, clients: world.clients }, NOUR_KEY);
    expect(await checkSession(world.onboarding, session('sid-unknown'))).toEqual({ kind: 'ended' });
  });
});
