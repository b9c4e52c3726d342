/**
 * `GET /api/SignIn/callback` and `GET /api/AcceptInvitation/callback` with the in-memory ports (SECURITY.md, "Sign-in" and "Responses and logs"): a verified
 * sign-in starts a session of its own — a new session id, never the one a cookie already held — and is logged as the
 * security event it is; a refused one (a foreign `state`, a code that does not redeem) starts no session, writes
 * nothing and is logged as refused. No log line holds the state, the code or a cookie.
 */
import { randomBytes } from 'node:crypto';
import azf, { type Cookie, type HttpResponseInit } from '@azure/functions';
import { describe, expect, it } from 'vitest';
import { acceptCallbackHandler } from '../../functions/handlers/accept-invitation-callback.js';
import { signInCallbackHandler } from '../../functions/handlers/sign-in-callback.js';
import { DomainError } from '../../shared/domain/errors.js';
import { inviteUser } from '../../shared/domain/use-cases/invite-user.js';
import type { BrowserDeps } from '../../shared/http/browser.js';
import { SESSION_COOKIE, SIGN_IN_COOKIE } from '../../shared/http/sealed-cookies.js';
import {
  newSessionCookie,
  readSession,
  type SessionClaims,
  sessions,
  transactionCookie,
} from '../../shared/http/session.js';
import { createLogger } from '../../shared/log.js';
import { GFMS, invitationDetails, professionalUser } from '../support/fakes.js';
import { NOUR_KEY, nourOfGfms, onboardingWorld } from '../support/onboarding-fakes.js';

const BASE = 'https://onboarding.test';

/** Nour, a client of GFMS at one company, about to come back from Entra. */
function world() {
  const w = onboardingWorld();
  w.clients.put(nourOfGfms());
  w.signIn.identity = {
    tenantId: 'client-tenant',
    objectId: 'oid-nour',
    email: 'mohamed-nour@example.com',
    name: 'Nour B.',
  };
  const s = sessions([randomBytes(32).toString('base64')]);
  const deps: BrowserDeps = { publicBaseUrl: BASE, sessions: s, onboarding: w.onboarding };
  const lines: string[] = [];
  const log = createLogger((_level, line) => lines.push(line));
  const context = new azf.InvocationContext({ invocationId: 'inv-1', functionName: 'SignInCallback' });

  /** Entra's redirect back, with the browser's cookies: this attempt's transaction, and `session` if any. */
  async function callback(query: { state?: string; code?: string }, session?: string) {
    const attempt = w.signIn.newAttempt();
    const transaction = await transactionCookie(s, { purpose: 'sign-in', attempt, locale: 'en' });
    const cookies = [`${SIGN_IN_COOKIE}=${transaction.value}`, ...(session ? [`${SESSION_COOKIE}=${session}`] : [])];
    const url = new URL(`${BASE}/api/SignIn/callback`);
    url.searchParams.set('state', query.state ?? attempt.state);
    if (query.code !== '') url.searchParams.set('code', query.code ?? 'code-of-entra');
    const request = new azf.HttpRequest({
      method: 'GET',
      url: url.toString(),
      headers: { cookie: cookies.join('; ') },
    });
    return { attempt, response: await signInCallbackHandler(request, context, deps, log) };
  }
  return { w, s, lines, callback };
}

const cookieNamed = (response: HttpResponseInit, name: string): Cookie | undefined =>
  response.cookies?.find((c) => c.name === name);

/** The session a response starts, opened. */
async function sessionOf(s: ReturnType<typeof sessions>, response: HttpResponseInit) {
  const cookie = cookieNamed(response, SESSION_COOKIE);
  if (!cookie?.value) return undefined;
  const request = new azf.HttpRequest({
    method: 'GET',
    url: `${BASE}/api/Welcome`,
    headers: { cookie: `${SESSION_COOKIE}=${cookie.value}` },
  });
  return readSession(request, s);
}

const events = (lines: string[]) => lines.map((line) => JSON.parse(line) as { event: string; level: string });

describe('the sign-in callback', () => {
  it('when the sign-in is verified, then a session of a new id starts, even over an open one, and security.sign-in.succeeded is logged', async () => {
    const { s, lines, callback } = world();
    const earlier: SessionClaims = {
      sid: 'sid-the-browser-already-had',
      clientKey: NOUR_KEY,
      clientId: 'client-1',
      email: 'mohamed-nour@example.com',
      name: 'Nour B.',
      locale: 'en',
    };
    const open = await newSessionCookie(s, earlier);

    const first = await callback({}, open.value);
    expect(first.response.status).toBe(303);
    const started = await sessionOf(s, first.response);
    expect(started).toMatchObject({ clientKey: NOUR_KEY, current: { providerId: GFMS.id, companyId: 'co-1' } });
    expect(started!.sid).not.toBe(earlier.sid);
    expect(cookieNamed(first.response, SIGN_IN_COOKIE)).toMatchObject({ value: '', maxAge: 0 });

    const second = await callback({});
    expect((await sessionOf(s, second.response))!.sid).not.toBe(started!.sid);

    expect(events(lines).filter((e) => e.event === 'security.sign-in.succeeded')).toHaveLength(2);
    for (const secret of [first.attempt.state, 'code-of-entra', open.value]) {
      expect(lines.join('\n')).not.toContain(secret);
    }
  });

  it('when the state is another attempt’s, the code is missing or does not redeem, then no session starts, nothing is written, and security.sign-in.refused is logged', async () => {
    const { w, s, lines, callback } = world();
    const before = JSON.stringify([...w.clients.profiles]);
    let redeemed = 0;
    w.signIn.redeem = async () => {
      redeemed += 1;
      throw new DomainError('sign-in-failed', 'The sign-in could not be verified: the ID token is not valid.');
    };

    const refusals = [
      await callback({ state: 'state-of-another-attempt' }),
      await callback({ code: '' }),
      await callback({}),
    ];
    expect(refusals.map((r) => r.response.status)).toEqual([400, 401, 401]);
    expect(redeemed).toBe(1);
    for (const { response } of refusals) {
      expect(cookieNamed(response, SESSION_COOKIE)?.value ?? '').toBe('');
      expect(await sessionOf(s, response)).toBeUndefined();
      expect(cookieNamed(response, SIGN_IN_COOKIE)).toMatchObject({ value: '', maxAge: 0 });
    }
    expect(JSON.stringify([...w.clients.profiles])).toBe(before);

    const logged = events(lines);
    expect(logged.filter((e) => e.event === 'security.sign-in.refused')).toHaveLength(3);
    expect(logged.every((e) => e.level === 'warn')).toBe(true);
    expect(logged.some((e) => e.event === 'security.sign-in.succeeded')).toBe(false);
    for (const { attempt } of refusals) expect(lines.join('\n')).not.toContain(attempt.state);
  });
});

/** An invitation to mohamed-nour@example.com, and Entra's redirect back to its acceptance callback. */
async function invitedWorld() {
  const w = onboardingWorld();
  const { invitation } = await inviteUser(w.deps, professionalUser, invitationDetails());
  w.signIn.identity = { tenantId: 'client-tenant', objectId: 'oid-nour', email: 'mohamed-nour@example.com' };
  const s = sessions([randomBytes(32).toString('base64')]);
  // Two-step is read only for an account that existed before: a throwing port shows it was not needed.
  const twoStep = new Proxy(
    {},
    {
      get: () => {
        throw new Error('two-step was read');
      },
    },
  );
  const deps = { publicBaseUrl: BASE, sessions: s, onboarding: w.onboarding, twoStep } as Parameters<
    typeof acceptCallbackHandler
  >[2];
  const lines: string[] = [];
  const log = createLogger((_level, line) => lines.push(line));
  const context = new azf.InvocationContext({ invocationId: 'inv-1', functionName: 'AcceptInvitationCallback' });
  async function callback(query: { state?: string } = {}) {
    const attempt = w.signIn.newAttempt();
    const transaction = await transactionCookie(s, {
      purpose: 'accept',
      attempt,
      invitationId: invitation.id,
      locale: 'en',
    });
    const url = new URL(`${BASE}/api/AcceptInvitation/callback`);
    url.searchParams.set('state', query.state ?? attempt.state);
    url.searchParams.set('code', 'code-of-entra');
    const request = new azf.HttpRequest({
      method: 'GET',
      url: url.toString(),
      headers: { cookie: `${SIGN_IN_COOKIE}=${transaction.value}` },
    });
    return { attempt, response: await acceptCallbackHandler(request, context, deps, log) };
  }
  const status = () => w.store.invitation(invitation.id).status;
  return { w, s, lines, callback, status };
}

describe('the acceptance callback', () => {
  it('when the invited person’s sign-in is verified, then the invitation is accepted, a session starts and security.sign-in.succeeded is logged', async () => {
    const { s, lines, callback, status } = await invitedWorld();
    const { response, attempt } = await callback();
    expect(response.status).toBe(303);
    expect(status()).toBe('accepted');
    expect((await sessionOf(s, response))?.sid).toMatch(/^[A-Za-z0-9_-]{22}$/);
    expect(events(lines).map((e) => e.event)).toContain('security.sign-in.succeeded');
    expect(lines.join('\n')).not.toContain(attempt.state);
    expect(lines.join('\n')).not.toContain('mohamed-nour@');
  });

  it('when the ID token is refused, or another account signed in, then no session starts, the invitation stays pending, and each is logged as a security event', async () => {
    const { w, s, lines, callback, status } = await invitedWorld();
    const redeem = w.signIn.redeem.bind(w.signIn);
    w.signIn.redeem = async () => {
      throw new DomainError('sign-in-failed', 'The sign-in could not be verified: the ID token is not valid.');
    };
    const failed = await callback();
    w.signIn.redeem = redeem;
    const foreign = await callback({ state: 'state-of-another-attempt' });
    w.signIn.identity = { tenantId: 'client-tenant', objectId: 'oid-other', email: 'someone.else@example.com' };
    const wrong = await callback();

    expect([failed, foreign, wrong].map((c) => c.response.status)).toEqual([401, 400, 403]);
    for (const { response } of [failed, foreign, wrong]) expect(await sessionOf(s, response)).toBeUndefined();
    expect(status()).toBe('pending');
    expect(w.clients.profiles.size).toBe(0);
    expect(events(lines).map((e) => e.event)).toEqual([
      'security.sign-in.refused',
      'security.sign-in.refused',
      'security.sign-in.wrong-account',
    ]);
  });
});
