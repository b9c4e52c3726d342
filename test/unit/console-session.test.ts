/**
 * The console's session at the edge, with in-memory ports: its sealed cookie (a new id at each sign-in, the absolute
 * lifetime, the idle timeout renewed by activity and re-sealed at most once a minute), the checks every console page
 * runs before its handler (`consolePage`: session, signed out, role, provider, CSRF on posts), sign-out ending the
 * session for good, and where a sign-in may send the browser back to (no open redirect).
 */
import { randomBytes } from 'node:crypto';
import azf, { type Cookie, type HttpResponseInit } from '@azure/functions';
import { describe, expect, it } from 'vitest';
import type { SignedInProfessional } from '../../shared/domain/ports.js';
import type { ConsoleDeps } from '../../shared/domain/use-cases/console.js';
import { type ConsoleEdgeDeps, type ConsoleVisit, consolePage } from '../../shared/http/console-route.js';
import {
  CONSOLE_COOKIE,
  type ConsoleCookieState,
  consoleCsrf,
  consoleSessions,
  newConsoleSession,
  type OpenConsoleSession,
  readConsoleCookie,
  renewedConsoleCookie,
  safeConsolePath,
} from '../../shared/http/console-session.js';
import { csrfToken } from '../../shared/http/sealed-cookies.js';
import { createLogger } from '../../shared/log.js';
import { FakeClock, FakeEndedSessions, FakeInvitationStore, FakeProviderDirectory, GFMS } from '../support/fakes.js';

const TENANT = 'workforce-tenant';
const tamer: SignedInProfessional = {
  tenantId: TENANT,
  oid: 'oid-tamer',
  appId: 'console-app',
  name: 'Tamer Mohamed-Nour',
  kind: 'user',
  roles: ['Invitations.Send', 'Clients.Manage'],
  username: 'fse@gfms.example',
};

function world(limits = { lifetimeHours: 8, idleMinutes: 30 }) {
  const clock = new FakeClock(new Date('2026-11-30T08:00:00.000Z'));
  const s = consoleSessions([randomBytes(32).toString('base64')], limits, () => clock.now());
  const providers = new FakeProviderDirectory();
  providers.grant({ tenantId: TENANT, subject: 'tenant' }, GFMS.id);
  const endedSessions = new FakeEndedSessions();
  const consoleDeps: ConsoleDeps = {
    clock,
    providers,
    endedSessions,
    invitations: new FakeInvitationStore(),
    signIn: {
      newAttempt: () => ({ state: 's', nonce: 'n', codeVerifier: 'v', codeChallenge: 'c' }),
      sameState: (a, b) => a === b,
      authorizeUrl: async () => 'https://entra.test/authorize',
      signOutUrl: ({ state }) => `https://entra.test/logout?state=${state}`,
      redeem: async () => tamer,
    },
  };
  const deps: ConsoleEdgeDeps = { publicBaseUrl: 'https://console.test', console: consoleDeps, consoleSessions: s };
  const lines: string[] = [];
  const log = createLogger((_level, line) => lines.push(line), {}, 'debug');
  const visits: ConsoleVisit[] = [];
  const home = consolePage('Invitations.Send', async (visit) => {
    visits.push(visit);
    return { status: 200, body: 'home' };
  });
  const request = (
    options: { cookie?: string; method?: string; url?: string; headers?: Record<string, string>; body?: string } = {},
  ) =>
    new azf.HttpRequest({
      method: options.method ?? 'GET',
      url: options.url ?? 'https://console.test/api/console?lang=en',
      headers: {
        ...(options.cookie ? { cookie: `${CONSOLE_COOKIE}=${options.cookie}` } : {}),
        ...options.headers,
      },
      ...(options.body !== undefined ? { body: { string: options.body } } : {}),
    });
  const run = (handler: typeof home, req: ReturnType<typeof request>) =>
    handler(req, new azf.InvocationContext(), deps, log) as Promise<HttpResponseInit>;
  return { clock, s, deps, providers, endedSessions, lines, visits, home, request, run };
}

/** The claims of a cookie that opened (the test fails if it did not). */
function opened(state: ConsoleCookieState): OpenConsoleSession {
  if (state.state === 'none') throw new Error('the cookie did not open');
  return state.claims;
}

const cookieNamed = (response: HttpResponseInit, name: string) =>
  (response.cookies as Cookie[] | undefined)?.find((c) => c.name === name);
const location = (response: HttpResponseInit) => (response.headers as Record<string, string>).Location;

describe('console session cookie', () => {
  it('when a professional signs in twice, then each sign-in has a new session id and carries the ID token’s roles', async () => {
    const { s } = world();
    const first = await newConsoleSession(s, tamer, 'fr');
    const second = await newConsoleSession(s, tamer, 'fr');
    expect(first.claims.sid).not.toBe(second.claims.sid);
    expect(first.claims.roles).toEqual(['Invitations.Send', 'Clients.Manage']);
    expect(first.cookie).toMatchObject({
      name: '__Host-console',
      httpOnly: true,
      secure: true,
      sameSite: 'Lax',
      path: '/',
    });
    expect(first.cookie.maxAge).toBe(8 * 3600);
  });

  it('when the cookie is tampered with or sealed for the client session, then it does not open', async () => {
    const { s, request } = world();
    const { cookie } = await newConsoleSession(s, tamer, 'fr');
    const tampered = `${cookie.value.slice(0, -4)}AAAA`;
    expect((await readConsoleCookie(request({ cookie: tampered }), s)).state).toBe('none');
    const other = consoleSessions([randomBytes(32).toString('base64')], { lifetimeHours: 8, idleMinutes: 30 });
    expect((await readConsoleCookie(request({ cookie: cookie.value }), other)).state).toBe('none');
  });

  it('when the professional asks for no page for 30 minutes, then the session is idle; a page within them renews the clock', async () => {
    const { s, clock, request } = world();
    const { cookie } = await newConsoleSession(s, tamer, 'fr');
    clock.advance(29 * 60_000);
    const open = await readConsoleCookie(request({ cookie: cookie.value }), s);
    expect(open.state).toBe('open');
    const renewed = await renewedConsoleCookie(s, opened(open));
    expect(renewed).toBeDefined();
    clock.advance(29 * 60_000);
    expect((await readConsoleCookie(request({ cookie: renewed!.value }), s)).state).toBe('open');
    expect((await readConsoleCookie(request({ cookie: cookie.value }), s)).state).toBe('idle');
  });

  it('when pages follow each other within a minute, then the cookie is not sealed again', async () => {
    const { s, clock, request } = world();
    const { cookie } = await newConsoleSession(s, tamer, 'fr');
    clock.advance(59_000);
    const open = await readConsoleCookie(request({ cookie: cookie.value }), s);
    expect(await renewedConsoleCookie(s, opened(open))).toBeUndefined();
    clock.advance(1_000);
    expect(await renewedConsoleCookie(s, opened(open))).toBeDefined();
  });

  it('when activity goes on past the absolute lifetime, then the session ends at 8 hours from sign-in all the same', async () => {
    const { s, clock, request } = world();
    let value = (await newConsoleSession(s, tamer, 'fr')).cookie.value;
    for (let minutes = 0; minutes < 8 * 60 - 20; minutes += 20) {
      clock.advance(20 * 60_000);
      const open = await readConsoleCookie(request({ cookie: value }), s);
      expect(open.state).toBe('open');
      const renewed = await renewedConsoleCookie(s, opened(open));
      value = renewed!.value;
      expect(renewed!.maxAge).toBeLessThanOrEqual(8 * 3600 - minutes * 60);
    }
    clock.advance(21 * 60_000);
    expect((await readConsoleCookie(request({ cookie: value }), s)).state).toBe('none');
  });

  it('when the settings say 1 hour and 5 minutes, then those are the limits', async () => {
    const { s, clock, request } = world({ lifetimeHours: 1, idleMinutes: 5 });
    const { cookie } = await newConsoleSession(s, tamer, 'fr');
    expect(cookie.maxAge).toBe(3600);
    clock.advance(5 * 60_000);
    expect((await readConsoleCookie(request({ cookie: cookie.value }), s)).state).toBe('idle');
  });

  it('when a client page’s CSRF token for the same id is presented, then it is not the console’s', async () => {
    const { s } = world();
    const { claims } = await newConsoleSession(s, tamer, 'fr');
    expect(consoleCsrf(s, claims)).not.toBe(csrfToken(s.sessionKeys, claims.sid));
  });
});

describe('consolePage: the checks before every console page', () => {
  it('when nobody is signed in, then 303 to the console sign-in with the page asked for, and the handler does not run', async () => {
    const { home, run, request, visits } = world();
    const response = await run(home, request({ url: 'https://console.test/api/console?lang=en' }));
    expect(response.status).toBe(303);
    expect(location(response)).toBe(`/api/console/sign-in?back=${encodeURIComponent('/api/console?lang=en')}&lang=en`);
    expect(visits).toHaveLength(0);
  });

  it('when the session sat idle, then 303 to the sign-in and its cookie is cleared', async () => {
    const { home, run, request, s, clock, visits } = world();
    const { cookie } = await newConsoleSession(s, tamer, 'fr');
    clock.advance(31 * 60_000);
    const response = await run(home, request({ cookie: cookie.value }));
    expect(response.status).toBe(303);
    expect(cookieNamed(response, CONSOLE_COOKIE)?.maxAge).toBe(0);
    expect(visits).toHaveLength(0);
  });

  it('when the session was signed out, then a copy of its cookie is sent to the sign-in and cleared', async () => {
    const { home, run, request, s, endedSessions, visits } = world();
    const { cookie, claims } = await newConsoleSession(s, tamer, 'fr');
    const { exp } = opened(await readConsoleCookie(request({ cookie: cookie.value }), s));
    await endedSessions.end({ sid: claims.sid, endsAt: new Date(exp * 1000) });
    const response = await run(home, request({ cookie: cookie.value }));
    expect(response.status).toBe(303);
    expect(cookieNamed(response, CONSOLE_COOKIE)?.maxAge).toBe(0);
    expect(visits).toHaveLength(0);
  });

  it('when the professional lacks the page’s role, then a 403 page names it and the handler does not run', async () => {
    const { home, run, request, s, visits } = world();
    const { cookie } = await newConsoleSession(s, { ...tamer, roles: ['Clients.Manage'] }, 'en');
    const response = await run(home, request({ cookie: cookie.value }));
    expect(response.status).toBe(403);
    expect(String(response.body)).toContain('Invitations.Send');
    expect(String(response.body)).toContain('Sign out');
    expect(visits).toHaveLength(0);
  });

  it('when the professional acts for no provider (or a stopped one), then a 403 page says so', async () => {
    const { home, run, request, s, providers, visits } = world();
    const stranger = await newConsoleSession(s, { ...tamer, tenantId: 'another-tenant' }, 'en');
    const refused = await run(home, request({ cookie: stranger.cookie.value }));
    expect(refused.status).toBe(403);
    expect(String(refused.body)).toContain('acts for no provider');
    providers.put({ ...GFMS, status: 'inactive' });
    const member = await newConsoleSession(s, tamer, 'en');
    expect((await run(home, request({ cookie: member.cookie.value }))).status).toBe(403);
    expect(visits).toHaveLength(0);
  });

  it('when allowed, then the handler gets the professional with their provider, the same one the bearer path finds', async () => {
    const { home, run, request, s, visits } = world();
    const { cookie } = await newConsoleSession(s, tamer, 'fr');
    const response = await run(home, request({ cookie: cookie.value }));
    expect(response.status).toBe(200);
    expect(visits[0]?.professional).toMatchObject({ oid: 'oid-tamer', appId: 'console-app', providerId: GFMS.id });
    expect(visits[0]?.locale).toBe('en');
  });

  it('when a minute passed since the last renewal, then the answer carries the renewed cookie; within it, none', async () => {
    const { home, run, request, s, clock } = world();
    const { cookie } = await newConsoleSession(s, tamer, 'fr');
    expect(cookieNamed(await run(home, request({ cookie: cookie.value })), CONSOLE_COOKIE)).toBeUndefined();
    clock.advance(61_000);
    expect(cookieNamed(await run(home, request({ cookie: cookie.value })), CONSOLE_COOKIE)?.value).toBeTruthy();
  });

  it('when a post lacks the CSRF token, carries another session’s, or comes from another site, then 403 and the handler does not run', async () => {
    const { run, request, s, visits } = world();
    const post = consolePage('Invitations.Send', async (visit) => {
      visits.push(visit);
      return { status: 200 };
    });
    const { cookie, claims } = await newConsoleSession(s, tamer, 'fr');
    const other = await newConsoleSession(s, tamer, 'fr');
    const form = { 'content-type': 'application/x-www-form-urlencoded', 'sec-fetch-site': 'same-origin' };
    const send = (body: string, headers: Record<string, string> = form) =>
      run(post, request({ cookie: cookie.value, method: 'POST', headers, body }));
    expect((await send('x=1')).status).toBe(403);
    expect((await send(`csrf=${consoleCsrf(s, other.claims)}`)).status).toBe(403);
    expect((await send(`csrf=${consoleCsrf(s, claims)}`, { ...form, 'sec-fetch-site': 'cross-site' })).status).toBe(
      403,
    );
    expect(visits).toHaveLength(0);
    expect((await send(`csrf=${consoleCsrf(s, claims)}`)).status).toBe(200);
    expect(visits[0]?.form.get('csrf')).toBe(consoleCsrf(s, claims));
  });

  it('when the console is not configured, then its pages answer 404 with a page saying so', async () => {
    const { home, request, deps } = world();
    const response = (await home(
      request(),
      new azf.InvocationContext(),
      { ...deps, console: undefined },
      createLogger(() => {}),
    )) as HttpResponseInit;
    expect(response.status).toBe(404);
  });
});

describe('where a sign-in sends the browser back', () => {
  it.each([
    ['/api/console', '/api/console'],
    ['/api/console?lang=en', '/api/console?lang=en'],
    ['/api/console/invitations?status=pending&lang=en', '/api/console/invitations?status=pending&lang=en'],
  ])('when asked for %s, then it goes back there', (asked, expected) => {
    expect(safeConsolePath(asked)).toBe(expected);
  });

  it.each([
    null,
    '',
    'https://evil.example/api/console',
    '//evil.example/api/console',
    '/\\evil.example',
    '\\\\evil.example',
    '/api/console/../Welcome',
    '/api/console/%2e%2e/Welcome',
    '/api/Welcome',
    '/api/consoles',
    'javascript:alert(1)',
    '/api/console\n/evil',
    '/api/console/sign-in?back=//evil.example',
    '/api/console/callback?code=x',
  ])('when asked for %j, then it goes to the console’s home instead', (asked) => {
    expect(safeConsolePath(asked)).toBe('/api/console');
  });
});
