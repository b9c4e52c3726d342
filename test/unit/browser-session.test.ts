/**
 * The edge's side of defect 10 (issue 9), with the in-memory ports: `requireSession` refuses a session whose cookie
 * still opens once it was signed out or the password changed (401 "session ended", the cookie cleared), says "not
 * signed in" without a cookie and "session expired" only for a cookie past its 8 hours, and answers the access-refused page
 * of sign-in (403, the cookie cleared) when the client was blocked since signing in; `browserSession` (sign-out's
 * reader) sees no session once it was ended.
 */
import { randomBytes } from 'node:crypto';
import azf from '@azure/functions';
import { describe, expect, it } from 'vitest';
import { signOut } from '../../shared/domain/use-cases/client-session.js';
import { browserSession, requireSession, sessionRef } from '../../shared/http/browser-session.js';
import { SESSION_COOKIE } from '../../shared/http/sealed-cookies.js';
import { newSessionExpiry, type SessionClaims, sessions } from '../../shared/http/session.js';
import { GFMS } from '../support/fakes.js';
import { NOUR_KEY, NOUR_SINCE, nourAccount, onboardingWorld } from '../support/onboarding-fakes.js';

const KEY = NOUR_KEY;
const at = NOUR_SINCE;

async function signedIn() {
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
        access: { status: 'active', since: at },
        firstSignInAt: at,
        createdAt: at,
      },
    ],
    companies: [],
  });
  const s = sessions([randomBytes(32).toString('base64')]);
  const claims: SessionClaims = {
    sid: 'sid-1',
    clientKey: KEY,
    clientId: 'client-1',
    email: 'mohamed-nour@example.com',
    name: 'Nour B.',
    locale: 'en',
    current: { providerId: GFMS.id },
  };
  const cookie = await s.session.seal(claims, newSessionExpiry(s));
  const deps = { sessions: s, onboarding: world.onboarding };
  const requestWith = (value: string | undefined) =>
    new azf.HttpRequest({
      method: 'GET',
      url: 'https://onboarding.test/api/Welcome',
      headers: value === undefined ? {} : { cookie: `${SESSION_COOKIE}=${value}` },
    });
  const request = (withCookie = true) => requestWith(withCookie ? cookie : undefined);
  return { world, deps, request, requestWith, s, claims };
}

const clearsSession = (cookies: unknown) =>
  (cookies as Array<{ name: string; maxAge?: number }> | undefined)?.some(
    (c) => c.name === SESSION_COOKIE && c.maxAge === 0,
  ) ?? false;

describe('requireSession', () => {
  it('when the session is on and the client allowed, then signed in, with the profile it read', async () => {
    const { deps, request } = await signedIn();
    const session = await requireSession(request(), deps);
    expect(session).toMatchObject({ signedIn: true, claims: { sid: 'sid-1' }, profile: { account: { key: KEY } } });
  });

  it('when the session was signed out, then a copy of its cookie gets the 401 "session ended" page (not "expired") and is cleared', async () => {
    const { deps, request, world } = await signedIn();
    const before = await requireSession(request(), deps);
    if (!before.signedIn) throw new Error('expected a session');
    await signOut(world.onboarding, { ...sessionRef(before.claims), clientKey: before.claims.clientKey });
    const after = await requireSession(request(), deps);
    if (after.signedIn) throw new Error('expected a refusal');
    expect(after.refusal.status).toBe(401);
    expect(String(after.refusal.body)).toContain('Your session was ended');
    expect(String(after.refusal.body)).toContain('you signed out, or your password was changed');
    expect(String(after.refusal.body)).not.toContain('Your session has expired');
    expect(String(after.refusal.body)).toContain('href="/api/SignIn?go=1&amp;lang=en"');
    expect(clearsSession(after.refusal.cookies)).toBe(true);
    expect((await browserSession(request(), deps)).claims).toBeUndefined();
  });

  it('when the provider blocked the client since sign-in, then the 403 access-refused page, the cookie cleared', async () => {
    const { deps, request, world } = await signedIn();
    const profile = world.clients.profiles.get(KEY)!;
    await world.clients.setAccess(KEY, profile.records[0]!.providerId, {
      status: 'blocked',
      since: at,
      by: 'Camille Passé',
    });
    const refused = await requireSession(request(), deps);
    if (refused.signedIn) throw new Error('expected a refusal');
    expect(refused.refusal.status).toBe(403);
    expect(String(refused.refusal.body)).toContain('Your access has been suspended');
    expect(String(refused.refusal.body)).toContain(GFMS.supportEmail);
    expect(clearsSession(refused.refusal.cookies)).toBe(true);
  });

  it('when there is no cookie (signed out here, or never signed in), then the 401 "not signed in" page with its sign-in button, and no cookie to clear', async () => {
    const { deps, request, world } = await signedIn();
    const refused = await requireSession(request(false), deps);
    if (refused.signedIn) throw new Error('expected a refusal');
    expect(refused.refusal.status).toBe(401);
    const body = String(refused.refusal.body);
    expect(body).toContain('Vous n’êtes pas connecté');
    expect(body).not.toContain('Votre session a expiré');
    expect(body).toContain('href="/api/SignIn?go=1&amp;lang=fr"');
    expect(refused.refusal.cookies ?? []).toEqual([]);
    expect(world.endedSessions.lookups).toBe(0);
  });

  it('when the password was changed (every session ended), then the cookie of a session opened before gets the 401 "session ended" page and is cleared', async () => {
    const { deps, request, world } = await signedIn();
    await world.clients.endSessionsBefore(KEY, new Date(Date.now() + 5_000));
    const refused = await requireSession(request(), deps);
    if (refused.signedIn) throw new Error('expected a refusal');
    expect(refused.refusal.status).toBe(401);
    expect(String(refused.refusal.body)).toContain('Your session was ended');
    expect(String(refused.refusal.body)).not.toContain('Your session has expired');
    expect(clearsSession(refused.refusal.cookies)).toBe(true);
  });

  it('when the cookie is past its 8 hours, then (only then) the 401 "session expired" page, in its language, the cookie cleared', async () => {
    const { deps, requestWith, s, claims, world } = await signedIn();
    const past = Math.floor(Date.now() / 1000) - 60;
    const expired = await s.session.seal(claims, past);
    const refused = await requireSession(requestWith(expired), deps);
    if (refused.signedIn) throw new Error('expected a refusal');
    expect(refused.refusal.status).toBe(401);
    expect(String(refused.refusal.body)).toContain('Your session has expired');
    expect(String(refused.refusal.body)).toContain('href="/api/SignIn?go=1&amp;lang=en"');
    expect(clearsSession(refused.refusal.cookies)).toBe(true);
    expect(world.endedSessions.lookups).toBe(0);
  });

  it('when the cookie does not open (tampered with, or sealed for another purpose), then the 401 "not signed in" page, the cookie cleared', async () => {
    const { deps, requestWith, s, claims } = await signedIn();
    const transaction = await s.transaction.seal(
      { purpose: 'accept-again', invitationId: 'x', locale: 'en' },
      Math.floor(Date.now() / 1000) - 60,
    );
    for (const value of ['not-a-cookie', transaction, `${await s.session.seal(claims, 1)}x`]) {
      const refused = await requireSession(requestWith(value), deps);
      if (refused.signedIn) throw new Error('expected a refusal');
      expect(refused.refusal.status).toBe(401);
      expect(String(refused.refusal.body)).toContain('Vous n’êtes pas connecté');
      expect(clearsSession(refused.refusal.cookies)).toBe(true);
    }
  });
});
