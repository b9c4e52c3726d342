/**
 * Passwords from the profile and from a professional (issue 12, items 2 and 3), over HTTP on the integration stack
 * with real sign-ins at the local Entra:
 * - changing the password needs a fresh sign-in (prompt=login, max_age, the ID token's auth_time); then the new
 *   password signs in and the old one is refused; the client's other portal sessions end, this one goes on;
 * - a temporary password for a one-provider client is answered once (no-store) and the next sign-in forces a change;
 *   a prospect is 409 `no-account`, a client of two providers 409 `multiple-providers`; no password in the logs.
 */
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { call, invitationFor, invite, pageText, sleep } from '../support/invitations.js';
import {
  acceptThroughEntra,
  createClientAccount,
  csrfIn,
  onboardThroughEntra,
  signInThroughEntra,
  throughEntra,
  Visitor,
} from '../support/onboarding-http.js';
import { api, uniqueEmail, waitForMessage } from '../support/stack.js';

/** The integration stack's log (test/support/global-setup.ts), once it holds what `ready` waits for. */
async function logLinesUntil(ready: (text: string) => boolean): Promise<string> {
  const file = path.resolve('.dev/test-integration/stack.log');
  for (let tries = 0; tries < 50; tries++) {
    const text = await readFile(file, 'utf8');
    if (ready(text)) return text;
    await sleep(100);
  }
  throw new Error('the stack log never showed the line waited for');
}

const PASSWORD = 'Profile-Pass-12345';
const COMPANY = {
  name: 'Urs Profils SARL',
  address: { line1: '1 rue de la Paix', postalCode: '75002', city: 'Paris', country: 'FR' },
};

/** A client of GFMS onboarded for real; the visitor's jar holds the session opened by the invitation. */
async function onboardedClient(label: string) {
  const email = uniqueEmail(label);
  await createClientAccount(email, PASSWORD, 'Willy Urs');
  const created = await invite(invitationFor(email, { sendEmail: false, locale: 'en', company: COMPANY }));
  expect(created.status).toBe(201);
  const visitor = await onboardThroughEntra(String(created.body.acceptUrl), { email, password: PASSWORD });
  return { email, visitor };
}

/** The client file's id, through the search API (the file the acceptance linked). */
async function clientIdOf(email: string, as?: 'other-provider'): Promise<string> {
  const found = await call<{ items: Array<{ id: string }> }>('GET', `/clients?${new URLSearchParams({ q: email })}`, {
    ...(as ? { as } : {}),
  });
  expect(found.status).toBe(200);
  expect(found.body.items).toHaveLength(1);
  return found.body.items[0]!.id;
}

/** Posts a password to the local Entra's sign-in page; the page it answers (200: refused) or the redirect. */
async function trySignIn(email: string, password: string) {
  const visitor = new Visitor();
  const started = await visitor.get(api('/SignIn?prompt=login&lang=en'));
  const page = await visitor.get(started.location!);
  const action = new URL(/<form method="post" action="([^"]+)"/.exec(page.body)![1]!, page.url).toString();
  const field = (name: string) => new RegExp(`name="${name}" value="([^"]+)"`).exec(page.body)![1]!;
  return visitor.post(action, { tx: field('tx'), csrf: field('csrf'), email, password });
}

describe('change password from the profile', () => {
  it('when the session is not fresh, then Entra asks for the password again and brings the client back; the new password works, the old is refused, other sessions end', async () => {
    const { email, visitor } = await onboardedClient('change');
    const other = new Visitor();
    expect((await signInThroughEntra(other, { email, password: PASSWORD })).callback.status).toBe(303);
    expect((await other.get(api('/Welcome'))).status).toBe(200);
    // Sessions are ended in whole seconds, and one opened in the same second as the change stays (endClientSessions):
    // the other session must be at least one second older than the change.
    await sleep(1000 - (Date.now() % 1000) + 50);

    const profile = await visitor.get(api('/Profile?lang=en'));
    expect(profile.status).toBe(200);
    expect(pageText(profile.body)).toContain(email);
    expect(profile.body).toContain('Change password');

    // A foreign post starts nothing, not even a sign-in: refused before the freshness is asked.
    const forged = await visitor.post(api('/Profile/password?lang=en'), {
      csrf: 'forged',
      password: 'Lanterne-Verte-42',
      confirmation: 'Lanterne-Verte-42',
    });
    expect(forged.status).toBe(403);
    // The session the invitation opened says nothing of when Entra asked for the password: a fresh sign-in first.
    const stale = await visitor.get(api('/Profile/password?lang=en'));
    expect(stale.status).toBe(303);
    const authorize = new URL(stale.location!);
    expect(authorize.searchParams.get('prompt')).toBe('login');
    expect(authorize.searchParams.get('max_age')).toBe('300');
    expect(authorize.searchParams.get('login_hint')).toBe(email);
    const callback = await visitor.get(await throughEntra(visitor, stale.location!, { email, password: PASSWORD }));
    expect(callback.status).toBe(303);
    expect(callback.location).toBe(api('/Profile/password'));

    const form = await visitor.get(api('/Profile/password?lang=en'));
    expect(form.status).toBe(200);
    expect(form.body).toContain('<label for="password">New password</label>');
    const csrf = csrfIn(form.body);
    const weak = await visitor.post(api('/Profile/password?lang=en'), {
      csrf,
      password: 'Willy-Urs-2025',
      confirmation: 'Willy-Urs-2025',
    });
    expect(weak.status).toBe(400);
    expect(weak.body).toContain('data-problem="rule"');
    const foreign = await visitor.post(
      api('/Profile/password?lang=en'),
      { csrf: 'not-the-token', password: 'Lanterne-Verte-42', confirmation: 'Lanterne-Verte-42' },
      {},
    );
    expect(foreign.status).toBe(403);

    const changed = await visitor.post(api('/Profile/password?lang=en'), {
      csrf,
      password: 'Lanterne-Verte-42',
      confirmation: 'Lanterne-Verte-42',
    });
    expect(changed.status, changed.body.slice(0, 400)).toBe(200);
    expect(pageText(changed.body)).toContain('Your password has been updated.');
    expect((await visitor.get(api('/Welcome'))).status, 'this session goes on, re-issued').toBe(200);
    const ended = await other.get(api('/Welcome?lang=en'));
    expect(ended.status, 'the other session has ended').toBe(401);
    expect(pageText(ended.body), 'it says so, not "expired"').toContain('This session was ended');
    expect(pageText(ended.body)).not.toContain('Your session has expired');

    const old = await trySignIn(email, PASSWORD);
    expect(old.status).toBe(200);
    expect(old.body).toContain('Your account or password is incorrect.');
    const fresh = await signInThroughEntra(new Visitor(), { email, password: 'Lanterne-Verte-42' });
    expect(fresh.callback.status).toBe(303);
    expect(fresh.callback.location).toBe(api('/Welcome'));

    const notice = await waitForMessage(email, (m) => m.subject === 'Your My rConnect password was changed');
    expect(notice.text).not.toContain('Lanterne-Verte-42');
  });
});

describe('a temporary password', () => {
  it('when a professional sets one, then it is answered once, not replayed, and the next sign-in forces a change', async () => {
    const { email } = await onboardedClient('temporary');
    const clientId = await clientIdOf(email);
    const first = await call<{ temporaryPassword: string; mustChangeAtNextSignIn: boolean }>(
      'POST',
      '/ResetPassword/temporary',
      { body: { clientId }, idempotencyKey: `tp-${clientId}` },
    );
    expect(first.status, first.text).toBe(201);
    expect(first.headers.get('cache-control')).toBe('no-store');
    expect(first.body.mustChangeAtNextSignIn).toBe(true);
    expect(first.body.temporaryPassword).toHaveLength(16);
    // The Idempotency-Key is ignored: a retry is a new password, the first stops working.
    const second = await call<{ temporaryPassword: string }>('POST', '/ResetPassword/temporary', {
      body: { clientId },
      idempotencyKey: `tp-${clientId}`,
    });
    expect(second.status).toBe(201);
    expect(second.body.temporaryPassword).not.toBe(first.body.temporaryPassword);
    expect((await trySignIn(email, first.body.temporaryPassword)).body).toContain(
      'Your account or password is incorrect.',
    );

    const forced = await trySignIn(email, second.body.temporaryPassword);
    expect(forced.status).toBe(200);
    expect(forced.body).toContain('name="newPassword"');

    const notice = await waitForMessage(email, (m) => (m.subject ?? '').startsWith('A temporary password was set'));
    expect(`${notice.text}${notice.html ?? ''}`).not.toContain(second.body.temporaryPassword);
    // The security event is logged (who, which client), never the password.
    const log = await logLinesUntil((text) => text.includes(`"clientId":"${clientId}"`));
    expect(log).toContain('security.temporary-password.set');
    expect(log).not.toContain(first.body.temporaryPassword);
    expect(log).not.toContain(second.body.temporaryPassword);
  });

  it('when the client is a prospect or the client of two providers, then 409 no-account or multiple-providers', async () => {
    const prospect = await call<{ id: string }>('POST', '/clients', {
      body: { firstName: 'Paula', lastName: 'Prospect', email: uniqueEmail('prospect') },
    });
    expect(prospect.status).toBe(201);
    const noAccount = await call('POST', '/ResetPassword/temporary', { body: { clientId: prospect.body.id } });
    expect(noAccount.status).toBe(409);
    expect(noAccount.body.code).toBe('no-account');

    const { email } = await onboardedClient('two');
    const horizon = await invite(invitationFor(email, { sendEmail: false, locale: 'en' }), { as: 'other-provider' });
    expect(horizon.status).toBe(201);
    const accepted = await acceptThroughEntra(new Visitor(), String(horizon.body.acceptUrl), {
      email,
      password: PASSWORD,
    });
    expect(accepted.callback.status).toBe(303);
    const shared = await call('POST', '/ResetPassword/temporary', { body: { clientId: await clientIdOf(email) } });
    expect(shared.status).toBe(409);
    expect(shared.body.code).toBe('multiple-providers');
    // Another provider's file is not found for this professional.
    const foreign = await call('POST', '/ResetPassword/temporary', {
      body: { clientId: await clientIdOf(email, 'other-provider') },
    });
    expect(foreign.status).toBe(404);
  });
});
