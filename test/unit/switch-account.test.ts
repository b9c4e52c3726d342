/**
 * "Changer de compte" / "Switch account" and the signed-in notice (seed 001, issue 14 item 4), with the in-memory
 * ports: the switch decision (several places → the picker, same session; one → the session ends as signing out ends
 * it, then Entra with `prompt=select_account`), closing the notice for the session, the close form's way back, and
 * the refusals of both posts (another site, no CSRF token) that must change nothing.
 */
import { randomBytes } from 'node:crypto';
import azf, { type Cookie } from '@azure/functions';
import { describe, expect, it } from 'vitest';
import { closeSignedInNoticeHandler } from '../../functions/handlers/close-signed-in-notice.js';
import { switchAccountHandler } from '../../functions/handlers/switch-account.js';
import type { ClientRecord, OwnedCompany } from '../../shared/domain/client.js';
import { placeName, switchAccount } from '../../shared/domain/use-cases/switch-account.js';
import type { BrowserDeps } from '../../shared/http/browser.js';
import { requireSession } from '../../shared/http/browser-session.js';
import { SESSION_COOKIE, SIGN_IN_COOKIE } from '../../shared/http/sealed-cookies.js';
import { csrfFor, newSessionExpiry, type SessionClaims, sessions } from '../../shared/http/session.js';
import { createLogger } from '../../shared/log.js';
import { closeNoticeTarget } from '../../shared/web/portal-shell.js';
import { GFMS } from '../support/fakes.js';
import { HORIZON, NOUR_KEY, NOUR_SINCE, nourAccount, onboardingWorld } from '../support/onboarding-fakes.js';

const BASE = 'https://onboarding.test';
const at = NOUR_SINCE;
const context = () => new azf.InvocationContext({ invocationId: 'inv-1', functionName: 'T', logHandler: () => {} });
const log = createLogger(() => {}, {});

const record = (providerId: string, access: ClientRecord['access'] = { status: 'active', since: at }) => ({
  providerId,
  clientId: 'client-1',
  firstName: 'Mohamed-Nour',
  lastName: 'Benali',
  email: 'mohamed-nour@example.com',
  access,
  firstSignInAt: at,
  createdAt: at,
});

const company = (id: string, providerId: string, name: string): OwnedCompany => ({
  id,
  providerId,
  invitationId: `inv-${id}`,
  role: 'owner',
  company: { name },
  createdAt: at,
});

/** Nour, signed in at GFMS's company "Atelier Nour"; `horizon` adds a second provider, `blockedAtHorizon` blocks it. */
async function world(options: { horizon?: boolean; blockedAtHorizon?: boolean } = {}) {
  const w = onboardingWorld();
  w.providers.put(HORIZON);
  const records: ClientRecord[] = [record(GFMS.id)];
  if (options.horizon || options.blockedAtHorizon) {
    records.push(
      record(
        HORIZON.id,
        options.blockedAtHorizon ? { status: 'blocked', since: at, by: 'pro-1' } : { status: 'active', since: at },
      ),
    );
  }
  w.clients.put({ account: nourAccount(), records, companies: [company('co-1', GFMS.id, 'Atelier Nour')] });
  const s = sessions([randomBytes(32).toString('base64')]);
  const claims: SessionClaims = {
    sid: 'sid-1',
    clientKey: NOUR_KEY,
    clientId: 'client-1',
    email: 'mohamed-nour@example.com',
    name: 'Nour B.',
    locale: 'en',
    current: { providerId: GFMS.id, companyId: 'co-1' },
  };
  const exp = newSessionExpiry(s);
  const cookie = await s.session.seal(claims, exp);
  const deps: BrowserDeps = { publicBaseUrl: BASE, sessions: s, onboarding: w.onboarding };
  const post = (path: string, fields: Record<string, string>, headers: Record<string, string> = {}) =>
    new azf.HttpRequest({
      method: 'POST',
      url: `${BASE}${path}`,
      headers: {
        cookie: `${SESSION_COOKIE}=${cookie}`,
        'content-type': 'application/x-www-form-urlencoded',
        'sec-fetch-site': 'same-origin',
        origin: BASE,
        ...headers,
      },
      body: { string: new URLSearchParams(fields).toString() },
    });
  const page = (path = '/api/Welcome') =>
    new azf.HttpRequest({ method: 'GET', url: `${BASE}${path}`, headers: { cookie: `${SESSION_COOKIE}=${cookie}` } });
  return { w, s, deps, claims, exp, post, page, csrf: csrfFor(s, claims) };
}

const cookieNamed = (cookies: Cookie[] | undefined, name: string) => cookies?.find((c) => c.name === name);

describe('the switch decision (domain)', () => {
  it('when the account has places at two providers, then the picker offers both, and nothing is signed out', async () => {
    const { w } = await world({ horizon: true });
    const profile = (await w.clients.profile(NOUR_KEY))!;
    const session = { sid: 'sid-1', endsAt: new Date(at.getTime() + 3_600_000), clientKey: NOUR_KEY };
    const outcome = await switchAccount(w.onboarding, { profile, session });
    expect(outcome).toEqual({
      kind: 'pick',
      choices: [{ providerId: GFMS.id, companyId: 'co-1' }, { providerId: HORIZON.id }],
    });
    expect(await w.endedSessions.isEnded(session)).toBe(false);
  });

  it('when the account has one place (the other provider blocked it), then the session is ended as sign-out ends it', async () => {
    const { w } = await world({ blockedAtHorizon: true });
    const profile = (await w.clients.profile(NOUR_KEY))!;
    const session = { sid: 'sid-1', endsAt: new Date(at.getTime() + 3_600_000), clientKey: NOUR_KEY };
    expect(await switchAccount(w.onboarding, { profile, session })).toEqual({ kind: 'signed-out' });
    expect(await w.endedSessions.isEnded(session)).toBe(true);
    expect((await w.clients.profileInSession(NOUR_KEY, 'sid-1')).ended).toBe(true);
  });

  it('when the notice names the place, then it is the company, else the provider, else nothing', async () => {
    const { w } = await world();
    const profile = (await w.clients.profile(NOUR_KEY))!;
    expect(await placeName(w.onboarding, profile, { providerId: GFMS.id, companyId: 'co-1' })).toBe('Atelier Nour');
    expect(await placeName(w.onboarding, profile, { providerId: HORIZON.id })).toBe(HORIZON.name);
    expect(await placeName(w.onboarding, profile, undefined)).toBeUndefined();
  });
});

describe('POST /api/SignIn/switch', () => {
  it('when the account has several places, then back to the picker in the same session, no place, no sign-in', async () => {
    const { deps, s, post, csrf, exp, w } = await world({ horizon: true });
    const answer = await switchAccountHandler(post('/api/SignIn/switch', { csrf }), context(), deps, log);
    expect(answer.status).toBe(303);
    expect((answer.headers as Record<string, string>).Location).toBe('/api/SignIn/choose?lang=en');
    const session = await s.session.open(cookieNamed(answer.cookies, SESSION_COOKIE)?.value);
    expect(session).toMatchObject({
      sid: 'sid-1',
      exp,
      choices: [{ providerId: GFMS.id }, { providerId: HORIZON.id }],
    });
    expect(session?.current).toBeUndefined();
    expect(w.signIn.authorizeRequests).toHaveLength(0);
    expect(cookieNamed(answer.cookies, SIGN_IN_COOKIE)).toBeUndefined();
  });

  it('when the account has one place, then the session ends (a copy of its cookie is refused) and Entra asks with prompt=select_account', async () => {
    const { deps, post, csrf, page, w } = await world();
    const answer = await switchAccountHandler(post('/api/SignIn/switch', { csrf }), context(), deps, log);
    expect(answer.status).toBe(303);
    const location = new URL((answer.headers as Record<string, string>).Location!);
    expect(location.origin).toBe('https://entra.test');
    expect(location.searchParams.get('prompt')).toBe('select_account');
    expect(location.searchParams.get('login_hint')).toBeNull();
    expect(w.signIn.authorizeRequests.at(-1)).toMatchObject({
      prompt: 'select_account',
      redirectPath: '/api/SignIn/callback',
    });
    expect(cookieNamed(answer.cookies, SESSION_COOKIE)?.maxAge).toBe(0);
    expect(cookieNamed(answer.cookies, SIGN_IN_COOKIE)?.value).toBeTruthy();
    const after = await requireSession(page(), deps);
    expect(after.signedIn).toBe(false);
  });

  it('when the post has no CSRF token or comes from another site, then 403 and the session goes on untouched', async () => {
    const { deps, post, csrf, page, w } = await world();
    for (const request of [
      post('/api/SignIn/switch', {}),
      post('/api/SignIn/switch', { csrf: `${csrf}x` }),
      post('/api/SignIn/switch', { csrf }, { 'sec-fetch-site': 'cross-site', origin: 'https://evil.example' }),
    ]) {
      const answer = await switchAccountHandler(request, context(), deps, log);
      expect(answer.status).toBe(403);
      expect(answer.cookies ?? []).toEqual([]);
    }
    expect(w.signIn.authorizeRequests).toHaveLength(0);
    expect((await requireSession(page(), deps)).signedIn).toBe(true);
  });

  it('when nobody is signed in, then the 401 page and no sign-in starts', async () => {
    const { deps, w } = await world();
    const request = new azf.HttpRequest({
      method: 'POST',
      url: `${BASE}/api/SignIn/switch`,
      headers: { 'content-type': 'application/x-www-form-urlencoded', 'sec-fetch-site': 'same-origin' },
      body: { string: 'csrf=x' },
    });
    const answer = await switchAccountHandler(request, context(), deps, log);
    expect(answer.status).toBe(401);
    expect(w.signIn.authorizeRequests).toHaveLength(0);
  });
});

describe('POST /api/SignIn/notice', () => {
  it('when the notice is closed, then the same session (id, expiry) remembers it, and the browser goes back to the page', async () => {
    const { deps, s, post, csrf, exp } = await world();
    const answer = await closeSignedInNoticeHandler(
      post('/api/SignIn/notice', { csrf, back: '/api/Profile?lang=en' }),
      context(),
      deps,
      log,
    );
    expect(answer.status).toBe(303);
    expect((answer.headers as Record<string, string>).Location).toBe('/api/Profile?lang=en');
    const session = await s.session.open(cookieNamed(answer.cookies, SESSION_COOKIE)?.value);
    expect(session).toMatchObject({ sid: 'sid-1', exp, noticeClosed: true, current: { companyId: 'co-1' } });
  });

  it('when the post has no CSRF token or comes from another site, then 403 and the notice stays open', async () => {
    const { deps, post, csrf } = await world();
    for (const request of [
      post('/api/SignIn/notice', { back: '/api/Welcome' }),
      post('/api/SignIn/notice', { csrf }, { 'sec-fetch-site': 'cross-site', origin: 'https://evil.example' }),
    ]) {
      const answer = await closeSignedInNoticeHandler(request, context(), deps, log);
      expect(answer.status).toBe(403);
      expect(cookieNamed(answer.cookies, SESSION_COOKIE)).toBeUndefined();
    }
  });

  it('when `back` names anything but a portal page, then the way back is the welcome page', () => {
    expect(closeNoticeTarget('/api/SignIn/choose?lang=fr')).toBe('/api/SignIn/choose?lang=fr');
    expect(closeNoticeTarget('/api/Profile/password')).toBe('/api/Profile/password');
    for (const back of [
      null,
      '',
      'https://evil.example/api/Welcome',
      '//evil.example/api/Welcome',
      '/\\evil.example',
      '/api/SignOut',
      '/api/Profile?lang=de',
      '/api/Profile?lang=en&next=https://evil.example',
      '/api/Profile#x',
      'javascript:alert(1)',
    ]) {
      expect(closeNoticeTarget(back), String(back)).toBe('/api/Welcome');
    }
  });
});
