/**
 * The acceptance callback on the integration stack (docs/sign-in.md, SECURITY.md "Sign-in" and "Reliability"):
 * a wrong account leaves the invitation pending and writes nothing, then "sign in as" the invited address works;
 * concurrent callbacks accept once; an expired or revoked invitation is refused without a write.
 */
import { randomUUID } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { graphClientDirectory } from '../../shared/adapters/entra/graph-directory.js';
import { completeAcceptance } from '../../shared/domain/use-cases/accept-invitation.js';
import { SESSION_COOKIE, SIGN_IN_COOKIE } from '../../shared/http/sealed-cookies.js';
import { call, expiredInvitation, invitationFor, invite } from '../support/invitations.js';
import { acceptThroughEntra, createClientAccount, throughEntra, Visitor } from '../support/onboarding-http.js';
import {
  bodyOf,
  callbackAs,
  clientRows,
  cookiesOf,
  eventsOf,
  fakeSignIn,
  onboardingAs,
  personOf,
  stackDeps,
  storedInvitation,
} from '../support/onboarding-store.js';
import { api, clientTenantApp, stack, uniqueEmail } from '../support/stack.js';

async function newInvitation(email: string): Promise<{ id: string; link: string }> {
  const created = await invite(invitationFor(email, { sendEmail: false, locale: 'en' }));
  expect(created.status).toBe(201);
  return { id: created.body.id, link: String(created.body.acceptUrl) };
}

const cookieNames = (lines: string[]) => lines.map((line) => line.slice(0, line.indexOf('=')));
const setTo = (lines: string[], name: string) =>
  lines
    .find((line) => line.startsWith(`${name}=`))
    ?.slice(name.length + 1)
    .split(';')[0];

describe('a wrong account at the acceptance callback', () => {
  it('when someone signs in with another account than the invited one, then nothing is written and no session starts; signing in as the invited address then accepts it', async () => {
    const invited = { email: uniqueEmail('invited'), password: 'Invited-Pass-1234' };
    const other = { email: uniqueEmail('other'), password: 'Other-Pass-12345' };
    const [invitedOid, otherOid] = await Promise.all([
      createClientAccount(invited.email, invited.password),
      createClientAccount(other.email, other.password),
    ]);
    const invitation = await newInvitation(invited.email);
    const tenantId = stack().entra.external.tenantId;

    const visitor = new Visitor();
    const { callback } = await acceptThroughEntra(visitor, invitation.link, other);
    expect(callback.status).toBe(403);
    expect(callback.body).toContain('You signed in with another account');
    expect(callback.body).toContain(invited.email);
    // No session; the sign-in cookie now only allows "sign in as <invited address>".
    expect(cookieNames(callback.setCookies)).not.toContain(SESSION_COOKIE);
    expect(setTo(callback.setCookies, SIGN_IN_COOKIE)).toBeTruthy();
    expect(visitor.cookie(SESSION_COOKIE)).toBeUndefined();

    // Nothing was written: the invitation is pending, no acceptance event, no client row of anyone.
    expect((await storedInvitation(invitation.id)).status).toBe('pending');
    expect(await eventsOf(invitation.id)).not.toContain('accepted');
    expect(await clientRows({ partitionKey: `${tenantId}|${otherOid}` })).toEqual([]);
    expect(await clientRows({ partitionKey: `${tenantId}|${invitedOid}` })).toEqual([]);
    expect(await clientRows({ mentioning: invitation.id })).toEqual([]);
    expect(await clientRows({ mentioning: other.email })).toEqual([]);
    // Without a session, Create Company is out of reach.
    expect((await visitor.get(api('/CreateCompany'))).status).toBe(401);

    // "Sign in as <invited address>": Entra asks for the password again (prompt=login), with the invited login_hint.
    const again = await visitor.post(api('/AcceptInvitation/again'), { lang: 'en' });
    expect(again.status).toBe(303);
    const authorize = new URL(again.location!);
    expect(authorize.searchParams.get('prompt')).toBe('login');
    expect(authorize.searchParams.get('login_hint')).toBe(invited.email);
    const accepted = await visitor.get(await throughEntra(visitor, again.location!, invited));
    expect(accepted.status).toBe(303);
    expect(accepted.location).toBe(api('/CreateCompany'));
    expect(visitor.cookie(SESSION_COOKIE)).toBeTruthy();
    expect((await storedInvitation(invitation.id)).status).toBe('accepted');
    expect((await eventsOf(invitation.id)).filter((e) => e === 'accepted')).toHaveLength(1);
    expect((await clientRows({ partitionKey: `${tenantId}|${invitedOid}` })).map((r) => r.rowKey).sort()).toEqual([
      'account',
      'provider|gfms',
    ]);
    expect(await clientRows({ partitionKey: `${tenantId}|${otherOid}` })).toEqual([]);
  });
});

describe('an account that only claims the invited address', () => {
  it('when an account whose mail an administrator set to the invited address (signing in with a user name) signs in, then the acceptance is refused, the invitation stays pending and no client is written', async () => {
    const invited = uniqueEmail('claimed');
    const mallory = { email: `mallory-${randomUUID().slice(0, 8)}`, password: 'Mallory-Pass-1234' };
    const { settings } = stackDeps();
    const tenantId = stack().entra.external.tenantId;
    // As Graph lets an administrator (or an app with User.ReadWrite.All) do: mail = the invited address, and a user
    // name as the only sign-in identity. Entra's ID token then says `email` = the invited address.
    const malloryOid = await createClientAccount(invited, mallory.password, 'Mallory', [
      { signInType: 'userName', issuer: settings.CLIENT_TENANT_DOMAIN ?? tenantId, issuerAssignedId: mallory.email },
    ]);
    const invitation = await newInvitation(invited);

    const visitor = new Visitor();
    const { callback } = await acceptThroughEntra(visitor, invitation.link, mallory);
    expect(callback.status, callback.body.slice(0, 400)).toBe(403);
    expect(callback.body).toContain('does not prove');
    expect(callback.body).toContain(invited);
    // The page offers to sign in with the account whose sign-in address is the invited one.
    expect(callback.body).toContain('action="/api/AcceptInvitation/again"');
    expect(cookieNames(callback.setCookies)).not.toContain(SESSION_COOKIE);
    expect(visitor.cookie(SESSION_COOKIE)).toBeUndefined();

    expect((await storedInvitation(invitation.id)).status).toBe('pending');
    expect(await eventsOf(invitation.id)).not.toContain('accepted');
    expect(await clientRows({ partitionKey: `${tenantId}|${malloryOid}` })).toEqual([]);
    expect(await clientRows({ mentioning: invitation.id })).toEqual([]);
    expect((await visitor.get(api('/CreateCompany'))).status).toBe(401);

    // "Sign in as <invited address>" starts a sign-in for the invited address, asking for the password again.
    const again = await visitor.post(api('/AcceptInvitation/again'), { lang: 'en' });
    expect(again.status).toBe(303);
    const authorize = new URL(again.location!);
    expect(authorize.searchParams.get('prompt')).toBe('login');
    expect(authorize.searchParams.get('login_hint')).toBe(invited);
  });

  it('when "Sign in as <invited address>" is posted without its sign-in cookie (too late, another browser), then the page sends back to the email’s link, not to a session that never was', async () => {
    const visitor = new Visitor();
    for (const lang of ['fr', 'en'] as const) {
      const again = await visitor.post(
        api('/AcceptInvitation/again'),
        { lang },
        { headers: { 'accept-language': lang } },
      );
      expect(again.status).toBe(400);
      const text = again.body.replaceAll('&#39;', "'");
      expect(text).toContain(lang === 'fr' ? 'Cette page a expiré' : 'This page has expired');
      expect(text).toContain(lang === 'fr' ? 'rouvrez le lien de l’invitation' : 'open the invitation link again');
      expect(text).not.toMatch(/session/i);
      expect(again.location).toBeUndefined();
    }
  });
});

describe('the directory unavailable at the acceptance callback', () => {
  it('when Graph cannot be reached to read the account, then dependency-unavailable, and nothing is written', async () => {
    const email = uniqueEmail('graph-down');
    const invitation = await newInvitation(email);
    const person = personOf(email);
    const down = graphClientDirectory({
      app: clientTenantApp(),
      graphBaseUrl: 'http://127.0.0.1:9',
      identityIssuer: stack().entra.external.tenantId,
    });
    const error = await callbackAs(invitation.id, person, { directory: down }).catch((e: unknown) => e);
    expect(error).toMatchObject({ code: 'dependency-unavailable', details: { dependency: 'graph' } });
    expect((await storedInvitation(invitation.id)).status).toBe('pending');
    expect(await eventsOf(invitation.id)).not.toContain('accepted');
    expect(await clientRows({ partitionKey: `${person.tenantId}|${person.objectId}` })).toEqual([]);
    expect(await clientRows({ mentioning: invitation.id })).toEqual([]);
    // Once Graph answers again, the same person's retried callback accepts it.
    expect((await callbackAs(invitation.id, person)).response.status).toBe(303);
    expect((await storedInvitation(invitation.id)).status).toBe('accepted');
  });
});

describe('concurrent acceptance callbacks', () => {
  it('when 10 callbacks of the same person (10 redeemed sign-ins) run at once, then the invitation is accepted once and one client account exists', async () => {
    const email = uniqueEmail('concurrent');
    const invitation = await newInvitation(email);
    const person = personOf(email);
    const deps = onboardingAs(person);
    const results = await Promise.all(
      Array.from({ length: 10 }, async (_, i) => {
        const attempt = deps.signIn.newAttempt();
        return completeAcceptance(
          deps,
          { attempt, invitationId: invitation.id },
          { state: attempt.state, code: `code-${i}`, error: null },
        );
      }),
    );
    expect(deps.signIn.redeemed).toHaveLength(10);
    // Each one ends signed in as the same client (or, at worst, refused); never a second acceptance.
    const accepted = results.filter((r) => r.kind === 'accepted');
    expect(accepted.length).toBeGreaterThan(0);
    for (const r of results) expect(r.kind === 'accepted' || r.kind === 'refused').toBe(true);
    expect(new Set(accepted.map((r) => r.kind === 'accepted' && r.account.clientId)).size).toBe(1);
    expect((await eventsOf(invitation.id)).filter((e) => e === 'accepted')).toHaveLength(1);
    expect((await storedInvitation(invitation.id)).status).toBe('accepted');
    const rows = await clientRows({ partitionKey: `${person.tenantId}|${person.objectId}` });
    expect(rows.map((r) => r.rowKey).sort()).toEqual(['account', 'provider|gfms']);
    expect(await clientRows({ mentioning: invitation.id })).toHaveLength(1);
  });

  it('when 10 callbacks through the handler run at once, then one acceptance, and every session started is for the same client', async () => {
    const email = uniqueEmail('concurrent-http');
    const invitation = await newInvitation(email);
    const person = personOf(email);
    const answers = await Promise.all(Array.from({ length: 10 }, () => callbackAs(invitation.id, person)));
    for (const { response } of answers) expect([303, 410]).toContain(response.status);
    const sessions = answers.flatMap((a) => (a.session ? [a.session] : []));
    expect(sessions.length).toBeGreaterThan(0);
    const { sessions: sealer } = stackDeps();
    const clients = await Promise.all(sessions.map(async (s) => (await sealer.session.open(s))?.clientId));
    expect(new Set(clients).size).toBe(1);
    expect((await eventsOf(invitation.id)).filter((e) => e === 'accepted')).toHaveLength(1);
    expect(await clientRows({ partitionKey: `${person.tenantId}|${person.objectId}` })).toHaveLength(2);
  });

  it('when two different people (both proving the invited email) race 10 times, then one of them accepts it and the other is refused', async () => {
    const email = uniqueEmail('race');
    const invitation = await newInvitation(email);
    const first = personOf(email);
    const second = personOf(email);
    const [a, b] = [onboardingAs(first), onboardingAs(second)];
    const results = await Promise.all(
      Array.from({ length: 10 }, async (_, i) => {
        const deps = i % 2 ? a : b;
        const attempt = deps.signIn.newAttempt();
        const result = await completeAcceptance(
          deps,
          { attempt, invitationId: invitation.id },
          { state: attempt.state, code: `code-${i}`, error: null },
        );
        return { who: i % 2 ? first : second, result };
      }),
    );
    const winners = new Set(results.filter((r) => r.result.kind === 'accepted').map((r) => r.who.objectId));
    expect(winners.size).toBe(1);
    const loser = [first, second].find((p) => !winners.has(p.objectId))!;
    for (const r of results.filter((x) => x.who === loser)) {
      expect(r.result).toEqual({ kind: 'refused', problem: 'already-accepted' });
    }
    expect((await eventsOf(invitation.id)).filter((e) => e === 'accepted')).toHaveLength(1);
    expect(await clientRows({ partitionKey: `${loser.tenantId}|${loser.objectId}` })).toEqual([]);
    expect(await clientRows({ mentioning: invitation.id })).toHaveLength(1);
  });
});

describe('an invitation that can no longer be accepted', () => {
  it('when an expired invitation reaches the callback with the invited person signed in, then the "expired" page shows and nothing is written', async () => {
    const email = uniqueEmail('expired');
    const { invitation } = await expiredInvitation(email, { locale: 'en' });
    const person = personOf(email);
    const signIn = fakeSignIn(person);
    const { response, session } = await callbackAs(invitation.id, person, { signIn });
    expect(signIn.redeemed).toHaveLength(1);
    expect(response.status).toBe(410);
    expect(bodyOf(response)).toContain('This invitation has expired');
    expect(session).toBeUndefined();
    expect(cookiesOf(response).map((c) => c.name)).toEqual([SIGN_IN_COOKIE]);
    const stored = await storedInvitation(invitation.id);
    expect(stored.status).toBe('pending');
    expect(stored.clientId).toBeUndefined();
    expect(await eventsOf(invitation.id)).not.toContain('accepted');
    expect(await clientRows({ partitionKey: `${person.tenantId}|${person.objectId}` })).toEqual([]);
    expect(await clientRows({ mentioning: invitation.id })).toEqual([]);
  });

  it('when a revoked invitation reaches the callback with the invited person signed in, then the "no longer valid" page shows and nothing is written', async () => {
    const email = uniqueEmail('revoked');
    const invitation = await newInvitation(email);
    expect((await call('POST', `/invitations/${invitation.id}/revoke`)).status).toBe(200);
    const person = personOf(email, randomUUID());
    const { response, session } = await callbackAs(invitation.id, person);
    expect(response.status).toBe(410);
    expect(bodyOf(response)).toContain('This invitation is no longer valid');
    expect(session).toBeUndefined();
    expect((await storedInvitation(invitation.id)).status).toBe('revoked');
    expect(await eventsOf(invitation.id)).not.toContain('accepted');
    expect(await clientRows({ mentioning: invitation.id })).toEqual([]);
  });
});
