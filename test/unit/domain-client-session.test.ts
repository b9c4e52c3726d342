/**
 * A client's session between sign-in and sign-out (issue 9, defect 10), driven with the in-memory ports: signing out
 * ends it for whoever holds its cookie; every page asks whether it is still on and whether the client is still
 * allowed where the session is (seed 004's reasons, as at sign-in); records of ended sessions are forgotten once the
 * session would have ended anyway.
 */
import { describe, expect, it } from 'vitest';
import type { ClientProfile, ClientRecord, ProviderAccess } from '../../shared/domain/client.js';
import {
  type ClientSession,
  checkSession,
  forgetEndedSessions,
  isSessionEnded,
  signOut,
} from '../../shared/domain/use-cases/client-session.js';
import { GFMS } from '../support/fakes.js';
import { HORIZON, NOUR_KEY, NOUR_SINCE, nourAccount, onboardingWorld } from '../support/onboarding-fakes.js';

const KEY = NOUR_KEY;
const at = NOUR_SINCE;

function record(providerId: string, access: ProviderAccess = { status: 'active', since: at }): ClientRecord {
  return {
    providerId,
    clientId: 'client-1',
    firstName: 'Mohamed-Nour',
    lastName: 'Benali',
    email: 'mohamed-nour@example.com',
    access,
    firstSignInAt: at,
    createdAt: at,
  };
}

function profile(records: ClientRecord[]): ClientProfile {
  return {
    account: nourAccount(),
    records,
    companies: [
      {
        id: 'company-1',
        providerId: GFMS.id,
        invitationId: 'inv-1',
        role: 'owner',
        company: { name: 'Benali SARL' },
        createdAt: at,
      },
    ],
  };
}

/** A world with the client of GFMS (and Horizon) signed in at GFMS, their session ending in 8 hours. */
function signedIn(records: ClientRecord[] = [record(GFMS.id)]) {
  const world = onboardingWorld();
  world.providers.put(HORIZON);
  world.clients.put(profile(records));
  const session: ClientSession = {
    sid: 'sid-1',
    endsAt: new Date(world.clock.now().getTime() + 8 * 3600_000),
    clientKey: KEY,
    current: { providerId: GFMS.id, companyId: 'company-1' },
  };
  return { world, session };
}

describe('signing out', () => {
  it('when the client signs out, then the session is ended for every copy of it, and only that session', async () => {
    const { world, session } = signedIn();
    expect(await isSessionEnded(world.onboarding, session)).toBe(false);
    await signOut(world.onboarding, session);
    expect(await isSessionEnded(world.onboarding, session)).toBe(true);
    expect(await checkSession(world.onboarding, session)).toEqual({ kind: 'ended' });
    expect(await isSessionEnded(world.onboarding, { ...session, sid: 'sid-2' })).toBe(false);
  });

  it('when the client signs out, then the session is marked ended in the client’s partition and recorded with its client, and signing out again changes nothing', async () => {
    const { world, session } = signedIn();
    await signOut(world.onboarding, session);
    await signOut(world.onboarding, session);
    expect(world.clients.markedEnded()).toEqual([`${KEY}|sid-1`]);
    expect([...world.endedSessions.ended.values()]).toEqual([{ sid: 'sid-1', endsAt: session.endsAt, clientKey: KEY }]);
  });

  it('when the session was signed out, then checking it answers ended from the profile read alone, and another session of the client is still on', async () => {
    const { world, session } = signedIn();
    await signOut(world.onboarding, session);
    world.endedSessions.isEnded = () => Promise.reject(new Error('a page must not look up EndedSessions'));
    expect(await checkSession(world.onboarding, session)).toEqual({ kind: 'ended' });
    expect(await checkSession(world.onboarding, { ...session, sid: 'sid-2' })).toMatchObject({ kind: 'signed-in' });
    expect(world.clients.reads).toEqual([KEY, KEY]);
  });
});

describe('checking the session on each page', () => {
  it('when the session is on and the client still active at their provider, then signed in, with the profile read once and no lookup of the ended sessions', async () => {
    const { world, session } = signedIn();
    world.endedSessions.isEnded = () => Promise.reject(new Error('a page must not look up EndedSessions'));
    const check = await checkSession(world.onboarding, session);
    expect(check).toMatchObject({ kind: 'signed-in', profile: { account: { key: KEY } } });
    expect(world.clients.reads).toEqual([KEY]);
    expect(world.endedSessions.lookups).toBe(0);
  });

  it('when the provider blocked the client since they signed in, then refused as blocked, since when, with the provider to contact', async () => {
    const since = new Date('2025-03-14T09:00:00Z');
    const { world, session } = signedIn([record(GFMS.id, { status: 'blocked', since, by: 'Camille Passé' })]);
    expect(await checkSession(world.onboarding, session)).toEqual({
      kind: 'refused',
      refusal: { kind: 'refused', reason: 'blocked', providerId: GFMS.id, since },
      provider: GFMS,
    });
  });

  it('when the client’s record was merged into another account, then refused as merged, naming the other account', async () => {
    const since = new Date('2025-03-15T09:00:00Z');
    const { world, session } = signedIn([
      record(GFMS.id, { status: 'merged', since, into: 'nour.benali@example.com' }),
    ]);
    expect(await checkSession(world.onboarding, session)).toMatchObject({
      kind: 'refused',
      refusal: { reason: 'merged', providerId: GFMS.id, mergedInto: 'nour.benali@example.com' },
    });
  });

  it('when the provider stopped using the service, then refused as provider inactive', async () => {
    const { world, session } = signedIn();
    world.providers.put({ ...GFMS, status: 'inactive' });
    expect(await checkSession(world.onboarding, session)).toMatchObject({
      kind: 'refused',
      refusal: { reason: 'provider-inactive', providerId: GFMS.id },
      provider: { id: GFMS.id, status: 'inactive' },
    });
  });

  it('when the client’s records are gone, then refused as no access', async () => {
    const { world, session } = signedIn([]);
    expect(await checkSession(world.onboarding, session)).toMatchObject({
      kind: 'refused',
      refusal: { reason: 'no-access' },
    });
  });

  it('when the client is blocked by the provider of the session but active with another, then refused here all the same', async () => {
    const { world, session } = signedIn([
      record(GFMS.id, { status: 'blocked', since: at, by: 'Camille Passé' }),
      record(HORIZON.id),
    ]);
    expect(await checkSession(world.onboarding, session)).toMatchObject({
      kind: 'refused',
      refusal: { reason: 'blocked', providerId: GFMS.id },
    });
    expect(await checkSession(world.onboarding, { ...session, current: { providerId: HORIZON.id } })).toMatchObject({
      kind: 'signed-in',
    });
  });

  it('when the session is at the company picker, then it holds while one of the offered providers still serves the client', async () => {
    const { world, session } = signedIn([
      record(GFMS.id, { status: 'blocked', since: at, by: 'Camille Passé' }),
      record(HORIZON.id),
    ]);
    const { current: _, ...picking } = session;
    const choices = [{ providerId: GFMS.id, companyId: 'company-1' }, { providerId: HORIZON.id }];
    expect(await checkSession(world.onboarding, { ...picking, choices })).toMatchObject({ kind: 'signed-in' });
    world.clients.put(
      profile([
        record(GFMS.id, { status: 'blocked', since: at, by: 'Camille Passé' }),
        record(HORIZON.id, { status: 'blocked', since: at, by: 'Léa Horizon' }),
      ]),
    );
    expect(await checkSession(world.onboarding, { ...picking, choices })).toMatchObject({
      kind: 'refused',
      refusal: { reason: 'blocked' },
    });
  });

  it('when a signed-out session’s client is also blocked, then it is ended (the 401), not refused', async () => {
    const { world, session } = signedIn([record(GFMS.id, { status: 'blocked', since: at, by: 'Camille Passé' })]);
    await signOut(world.onboarding, session);
    expect(await checkSession(world.onboarding, session)).toEqual({ kind: 'ended' });
  });
});

describe('forgetting ended sessions', () => {
  it('when the timer runs, then the records of sessions past their end go and those still running stay', async () => {
    const { world, session } = signedIn();
    const early = { ...session, sid: 'sid-early', endsAt: new Date(world.clock.now().getTime() + 3600_000) };
    await signOut(world.onboarding, session);
    await signOut(world.onboarding, early);
    world.clock.advance(3 * 3600_000);
    const forgotten = await forgetEndedSessions({
      clock: world.clock,
      endedSessions: world.endedSessions,
      clients: world.clients,
    });
    expect(forgotten).toEqual({ before: world.clock.now(), deleted: 1, markers: 1 });
    expect(await isSessionEnded(world.onboarding, early)).toBe(false);
    expect(await isSessionEnded(world.onboarding, session)).toBe(true);
  });

  it('when the timer runs, then the client markers of the forgotten sessions go with them and those of running sessions stay', async () => {
    const { world, session } = signedIn();
    const early = { ...session, sid: 'sid-early', endsAt: new Date(world.clock.now().getTime() + 3600_000) };
    await signOut(world.onboarding, session);
    await signOut(world.onboarding, early);
    world.clock.advance(3 * 3600_000);
    await forgetEndedSessions({ clock: world.clock, endedSessions: world.endedSessions, clients: world.clients });
    expect(world.clients.markedEnded()).toEqual([`${KEY}|sid-1`]);
    expect(await checkSession(world.onboarding, session)).toEqual({ kind: 'ended' });
  });

  it('when a run was cut short after some markers went, then the next run forgets the rest, and records written without a client just go', async () => {
    const { world, session } = signedIn();
    const early = { ...session, sid: 'sid-early', endsAt: new Date(world.clock.now().getTime() + 3600_000) };
    await signOut(world.onboarding, early);
    await signOut(world.onboarding, { ...early, sid: 'sid-early-2' });
    // A record from before records named their client.
    world.endedSessions.ended.set(`${early.endsAt.toISOString().slice(0, 13)}|sid-old`, {
      sid: 'sid-old',
      endsAt: early.endsAt,
    });
    await world.clients.forgetEnded(KEY, 'sid-early');
    world.clock.advance(3 * 3600_000);
    const forgotten = await forgetEndedSessions({
      clock: world.clock,
      endedSessions: world.endedSessions,
      clients: world.clients,
    });
    expect(forgotten).toMatchObject({ deleted: 3, markers: 2 });
    expect(world.clients.markedEnded()).toEqual([]);
    expect(world.endedSessions.ended.size).toBe(0);
  });
});
