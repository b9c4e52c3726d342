/**
 * The professional console against the local stack: signing in through the local Entra's workforce page (code +
 * PKCE, the console's own sealed cookies), Home's counts for the professional's provider only, the session's limits
 * (idle, absolute) as the running app applies them, signing out (a copy of the old cookie refused), a professional
 * without `Invitations.Send` refused with a 403 page, and no link key or token in any log line.
 */
import { randomUUID } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { ConfidentialClientApplication } from '@azure/msal-node';
import { beforeAll, describe, expect, inject, it } from 'vitest';
import { registerProvider } from '../../shared/adapters/table/provider-directory.js';
import { CONSOLE_COOKIE, type ConsoleClaims, consoleSessions } from '../../shared/http/console-session.js';
import { asProfessional } from '../support/console-http.js';
import { call, expectNoSecretInLog, invitationFor, secretsSeen } from '../support/invitations.js';
import {
  type Credentials,
  clears,
  cookieAttributes,
  csrfIn,
  expectHostCookie,
  throughEntra,
  Visitor,
} from '../support/onboarding-http.js';
import { stackDeps } from '../support/onboarding-store.js';
import { api, stack, uniqueEmail } from '../support/stack.js';

const workforce = () => stack().entra.workforce;
/** Asks for a console page without a session, signs in on the local Entra, and follows back to the page. */
async function signIn(who: Credentials, page = '/console?lang=en', visitor = new Visitor()) {
  const asked = await visitor.get(api(page));
  expect(asked.status).toBe(303);
  const toSignIn = asked.location!;
  expect(new URL(toSignIn).pathname).toBe('/api/console/sign-in');
  const started = await visitor.get(toSignIn);
  expect(started.status, started.body.slice(0, 300)).toBe(303);
  const callbackUrl = await throughEntra(visitor, started.location!, who);
  expect(new URL(callbackUrl).pathname).toBe('/api/console/callback');
  const callback = await visitor.get(callbackUrl);
  return { visitor, asked, started, callbackUrl, callback };
}

/** Home's figures, by count (each a link to the Invitations list with its filter). */
function counts(html: string): Record<string, number> {
  return Object.fromEntries(
    [
      ...html.matchAll(
        /data-count="(\w+)"><a href="\/api\/console\/invitations\?[^"]+"><span class="figure">(\d+)<\/span>/g,
      ),
    ].map((m) => [m[1]!, Number(m[2])]),
  );
}

/** A delegated API token of a workforce user (password grant), as the bearer path takes it. */
async function bearerOf(user: { username: string; password: string }): Promise<string> {
  const app = new ConfidentialClientApplication({
    auth: {
      clientId: workforce().professionalClient.clientId,
      clientSecret: workforce().professionalClient.clientSecret,
      authority: workforce().authority,
      knownAuthorities: [new URL(stack().entra.url).host],
    },
  });
  const result = await app.acquireTokenByUsernamePassword({
    scopes: [`${workforce().apiAudience}/.default`],
    username: user.username,
    password: user.password,
  });
  return result!.accessToken;
}

/** The authorization codes and console cookies of this file: none may be in a log line. */
const secrets: string[] = [];

/** A provider of this file alone: only `newProviderUser` acts for it, so its counts are this file's. */
const ownProvider = `console-${randomUUID().slice(0, 8)}`;

beforeAll(async () => {
  await registerProvider(
    stackDeps().tableFor,
    {
      id: ownProvider,
      name: 'Console Test Provider',
      platformName: 'Test Platform',
      platformDescription: '',
      supportEmail: 'support@console-test.example',
      status: 'active',
    },
    [{ tenantId: workforce().tenantId, subject: `user:${workforce().newProviderUser.id}` }],
  );
});

describe('signing in to the console', () => {
  it('when the dev professional asks for Home, then the workforce sign-in brings them back to it, in a new sealed session of its own', async () => {
    const { visitor, started, callback, callbackUrl } = await signIn(asProfessional(workforce().professionalUser));
    const authorize = new URL(started.location!);
    expect(authorize.pathname).toBe(`/${workforce().tenantId}/oauth2/v2.0/authorize`);
    expect(authorize.searchParams.get('code_challenge_method')).toBe('S256');
    expect(authorize.searchParams.get('client_id')).toBe(workforce().professionalClient.clientId);
    expect(authorize.searchParams.get('nonce')).toBeTruthy();
    const transaction = cookieAttributes(started.setCookies.find((c) => c.startsWith('__Host-console-signin='))!);
    expect(Number(transaction.attributes.get('max-age'))).toBe(15 * 60);

    expect(callback.status, callback.body.slice(0, 300)).toBe(303);
    expect(callback.location).toBe(api('/console?lang=en'));
    for (const line of [...started.setCookies, ...callback.setCookies]) expectHostCookie(line);
    const session = cookieAttributes(callback.setCookies.find((c) => c.startsWith(`${CONSOLE_COOKIE}=`))!);
    expect(Number(session.attributes.get('max-age'))).toBe(8 * 60 * 60);
    secrets.push(session.value, new URL(callbackUrl).searchParams.get('code')!);
    const spent = cookieAttributes(callback.setCookies.find((c) => c.startsWith('__Host-console-signin='))!);
    expect(spent.value).toBe('');
    // The client's session is another cookie altogether.
    expect(visitor.cookie('__Host-session')).toBeUndefined();

    const home = await visitor.get(api('/console?lang=en'));
    expect(home.status).toBe(200);
    expect(home.body).toContain('Tamer Mohamed-Nour · GFMS');
    expect(home.body).toMatch(/<a href="\/api\/console\?lang=en" aria-current="page">Home<\/a>/);
    expect(home.body).toContain('Sign out');
    expect(Object.keys(counts(home.body))).toEqual(['pending', 'expiringSoon', 'deliveryFailed', 'acceptedThisWeek']);
    expect(home.body).toContain('Monday');
    expect(home.body).toContain('Paris time');
  });

  it('when the callback is replayed, then it is refused and starts no session', async () => {
    const { visitor, callbackUrl } = await signIn(asProfessional(workforce().professionalUser));
    const replay = await new Visitor().get(callbackUrl);
    expect(replay.status).toBe(400);
    expect(replay.setCookies.some((c) => c.startsWith(`${CONSOLE_COOKIE}=`) && !clears(c))).toBe(false);
    const again = await visitor.get(callbackUrl);
    expect(again.status).toBe(400);
  });

  it('when the sign-in was asked to come back to another site, then it comes back to the console’s Home', async () => {
    const visitor = new Visitor();
    const started = await visitor.get(api(`/console/sign-in?back=${encodeURIComponent('//evil.example/x')}&lang=en`));
    expect(started.status).toBe(303);
    const callback = await visitor.get(
      await throughEntra(visitor, started.location!, asProfessional(workforce().professionalUser)),
    );
    expect(callback.location).toBe(api('/console?lang=en'));
  });

  it('when a professional lacks Invitations.Send on the console, then Home sends them to Clients, and an invitations page is a 403 page that says which role, with a way to sign out', async () => {
    const { visitor, callback } = await signIn(asProfessional(workforce().clientsOnlyUser));
    expect(callback.status).toBe(303);
    const home = await visitor.get(api('/console?lang=en'));
    expect(home.status).toBe(303);
    expect(home.location).toMatch(/\/api\/console\/clients\?lang=en$/);
    const invitations = await visitor.get(api('/console/invitations?lang=en'));
    expect(invitations.status).toBe(403);
    expect(invitations.body).toContain('Invitations.Send');
    const signedOut = await visitor.post(api('/console/sign-out?lang=en'), { csrf: csrfIn(invitations.body) });
    expect(signedOut.status).toBe(303);
    expect(new URL(signedOut.location!).pathname).toBe(`/${workforce().tenantId}/oauth2/v2.0/logout`);
  });
});

describe('Home counts', () => {
  it('when invitations are sent for the professional’s provider, then Home counts them, and another provider’s professional sees only their own', async () => {
    const mine = await bearerOf(workforce().newProviderUser);
    const sent = [
      await call('POST', '/InviteUser', { as: { raw: mine }, body: invitationFor(uniqueEmail('console-a')) }),
      await call('POST', '/InviteUser', {
        as: { raw: mine },
        body: invitationFor(uniqueEmail('console-b'), { expiresInDays: 1, sendEmail: false }),
      }),
      await call('POST', '/InviteUser', { as: { raw: mine }, body: invitationFor(uniqueEmail('console-c')) }),
    ];
    for (const answer of sent) expect(answer.status, answer.text).toBe(201);
    // The dev professional's provider (GFMS) invites too: never counted for this provider.
    expect((await call('POST', '/InviteUser', { body: invitationFor(uniqueEmail('console-gfms')) })).status).toBe(201);

    const { visitor } = await signIn(asProfessional(workforce().newProviderUser));
    const home = await visitor.get(api('/console?lang=en'));
    expect(home.status).toBe(200);
    expect(home.body).toContain('Alex Bernard · Console Test Provider');
    expect(counts(home.body)).toEqual({ pending: 3, expiringSoon: 1, deliveryFailed: 0, acceptedThisWeek: 0 });

    const gfms = await signIn(asProfessional(workforce().professionalUser));
    const gfmsHome = await gfms.visitor.get(api('/console?lang=en'));
    expect(gfmsHome.body).toContain('· GFMS');
    expect(gfmsHome.body).not.toContain('Console Test Provider');
  });
});

describe('the console session', () => {
  const keys = () => inject('stackSettings').SESSION_KEYS!.split(',');
  const claimsOf = (at: Date): ConsoleClaims => ({
    sid: randomUUID(),
    tid: workforce().tenantId,
    oid: randomUUID(),
    appId: workforce().professionalClient.clientId,
    name: 'Sealed by the test',
    roles: ['Invitations.Send'],
    locale: 'en',
    signedInAt: Math.floor(at.getTime() / 1000),
    seenAt: Math.floor(at.getTime() / 1000),
  });

  it('when the session sat idle past 30 minutes, or is past its absolute end, then Home sends the browser to sign in again', async () => {
    const thirtyOneMinutesAgo = new Date(Date.now() - 31 * 60_000);
    const sealedThen = consoleSessions(keys(), { lifetimeHours: 8, idleMinutes: 30 }, () => thirtyOneMinutesAgo);
    const idle = await sealedThen.session.seal(claimsOf(thirtyOneMinutesAgo), Math.floor(Date.now() / 1000) + 3600);
    const visitor = new Visitor();
    visitor.setCookie(CONSOLE_COOKIE, idle);
    const idleAnswer = await visitor.get(api('/console?lang=en'));
    expect(idleAnswer.status).toBe(303);
    expect(idleAnswer.location).toBe(
      api(`/console/sign-in?back=${encodeURIComponent('/api/console?lang=en')}&lang=en`),
    );
    expect(idleAnswer.setCookies.some((c) => c.startsWith(`${CONSOLE_COOKIE}=`) && clears(c))).toBe(true);

    const now = new Date();
    const fresh = consoleSessions(
      keys(),
      { lifetimeHours: 8, idleMinutes: 30 },
      () => new Date(now.getTime() - 8 * 3600_000),
    );
    const over = await fresh.session.seal(claimsOf(now), Math.floor(now.getTime() / 1000) - 1);
    const overVisitor = new Visitor();
    overVisitor.setCookie(CONSOLE_COOKIE, over);
    expect((await overVisitor.get(api('/console?lang=en'))).status).toBe(303);
  });

  it('when the professional signs out, then a copy of the old cookie is refused, and sign-out without the CSRF token is refused', async () => {
    const { visitor } = await signIn(asProfessional(workforce().professionalUser));
    const home = await visitor.get(api('/console?lang=en'));
    const copy = visitor.cookie(CONSOLE_COOKIE)!;
    const forged = await visitor.post(api('/console/sign-out?lang=en'), { csrf: 'not-the-token' });
    expect(forged.status).toBe(403);
    const crossSite = await visitor.post(
      api('/console/sign-out?lang=en'),
      { csrf: csrfIn(home.body) },
      { headers: { 'sec-fetch-site': 'cross-site' } },
    );
    expect(crossSite.status).toBe(403);
    expect((await visitor.get(api('/console?lang=en'))).status).toBe(200);

    const out = await visitor.post(api('/console/sign-out?lang=en'), { csrf: csrfIn(home.body) });
    // On to the workforce tenant's sign-out (test/integration/sign-out-entra.test.ts follows it).
    expect(out.status).toBe(303);
    expect(new URL(out.location!).pathname).toBe(`/${workforce().tenantId}/oauth2/v2.0/logout`);
    expect(out.setCookies.some((c) => c.startsWith(`${CONSOLE_COOKIE}=`) && clears(c))).toBe(true);

    const replay = new Visitor();
    replay.setCookie(CONSOLE_COOKIE, copy);
    const refused = await replay.get(api('/console?lang=en'));
    expect(refused.status).toBe(303);
    expect(new URL(refused.location!).pathname).toBe('/api/console/sign-in');
  });
});

describe('the stack log after these requests', () => {
  it('when the tests above have run, then no invitation key and no bearer token of theirs is in any log line', async () => {
    expect(secretsSeen().keys.length).toBeGreaterThan(0);
    await expectNoSecretInLog('integration');
    const log = await readFile(path.resolve(import.meta.dirname, '../../.dev/test-integration/stack.log'), 'utf8');
    expect(log).toContain('security.console.sign-in.succeeded');
    expect(secrets.length).toBeGreaterThan(1);
    for (const secret of secrets) expect(log.includes(secret), 'a console cookie or code in the stack log').toBe(false);
  });
});
