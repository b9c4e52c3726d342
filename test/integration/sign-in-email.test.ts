/**
 * A client changes the address they sign in with, against the local stack (issue 15 item 4, docs/profile.md
 * "Sign-in email"): from the profile, a code emailed to the new address (ACS's mailbox), a wrong code counted, the right
 * one — then the old address no longer signs in to Entra, the new one does, the old address got a notice, the
 * provider's file shows the new sign-in address. Another account's address is refused; a foreign post changes nothing.
 */
import { randomUUID } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { consoleVisitor } from '../support/console-http.js';
import { call, invitationFor, invite, pageText } from '../support/invitations.js';
import {
  createClientAccount,
  csrfIn,
  onboardThroughEntra,
  signInThroughEntra,
  throughEntra,
  Visitor,
} from '../support/onboarding-http.js';
import { api, stack, uniqueEmail, waitForMessage } from '../support/stack.js';

const PASSWORD = `Pw-${randomUUID()}`;
const COMPANY = {
  name: 'Adresse Nouvelle SARL',
  address: { line1: '1 rue de la Paix', postalCode: '75002', city: 'Paris', country: 'FR' },
};

async function onboardedClient(label: string) {
  const email = uniqueEmail(label);
  const lastName = `Adresse${randomUUID().slice(0, 8)}`;
  await createClientAccount(email, PASSWORD, 'Willy Urs');
  const created = await invite(invitationFor(email, { lastName, sendEmail: false, locale: 'en', company: COMPANY }));
  expect(created.status, created.text).toBe(201);
  const visitor = await onboardThroughEntra(String(created.body.acceptUrl), { email, password: PASSWORD });
  // The session the invitation opened does not say when Entra asked for the password: a fresh sign-in first, which
  // comes back to the page.
  const stale = await visitor.get(api('/Profile/email?lang=en'));
  expect(stale.status).toBe(303);
  expect(new URL(stale.location!).searchParams.get('prompt')).toBe('login');
  const callback = await visitor.get(await throughEntra(visitor, stale.location!, { email, password: PASSWORD }));
  expect(callback.location).toBe(api('/Profile/email'));
  return { email, lastName, visitor };
}

const post = (visitor: Visitor, fields: Record<string, string>) => visitor.post(api('/Profile/email?lang=en'), fields);

describe('changing the sign-in email from the profile', () => {
  it('when the client types the code sent to the new address, then only the new address signs in and the old one is told', async () => {
    const { email: old, lastName, visitor } = await onboardedClient('email-old');
    const profile = await visitor.get(api('/Profile?lang=en'));
    expect(profile.body).toContain('data-change-email>Change sign-in email</a>');

    const form = await visitor.get(api('/Profile/email?lang=en'));
    expect(form.status).toBe(200);
    expect(pageText(form.body)).toContain(`You sign in with ${old}.`);
    expect(form.body).toContain('<label for="email">New sign-in email</label>');

    const fresh = uniqueEmail('email-new');
    const sent = await post(visitor, { csrf: csrfIn(form.body), step: 'address', email: fresh });
    expect(sent.status, sent.body.slice(0, 300)).toBe(200);
    expect(sent.body).toContain('<label for="code">Code</label>');
    const message = await waitForMessage(fresh);
    expect(message.subject).toMatch(/Your code to sign in to .+ with this address/);
    const code = /\b(\d{6})\b/.exec(message.text)?.[1];
    expect(code).toBeDefined();
    // Reloading the page while the code waits shows the code form.
    expect((await visitor.get(api('/Profile/email?lang=en'))).body).toContain(`data-pending="${fresh}"`);

    const wrong = await post(visitor, {
      csrf: csrfIn(sent.body),
      step: 'code',
      code: code === '000000' ? '111111' : '000000',
    });
    expect(wrong.status).toBe(400);
    expect(pageText(wrong.body)).toContain('This is not the code we sent. 4 attempts left.');

    const done = await post(visitor, { csrf: csrfIn(wrong.body), step: 'code', code: code! });
    expect(done.status, done.body.slice(0, 300)).toBe(200);
    expect(pageText(done.body)).toContain(`From now on, you sign in with ${fresh}.`);
    // The profile and the signed-in notice name the new address.
    const profileAfter = await visitor.get(api('/Profile?lang=en'));
    expect(profileAfter.body).toContain(`data-field="sign-in-email">${fresh}</dd>`);
    expect(profileAfter.body).toContain(`<strong data-signed-in-email>${fresh}</strong>`);
    // The provider's file shows the new sign-in address at once (before any sign-in could repair it).
    const found = await call<{ items: Array<{ id: string }> }>(
      'GET',
      `/clients?${new URLSearchParams({ q: lastName })}`,
    );
    const sheet = await call<{ emails: { signIn?: string } }>('GET', `/clients/${found.body.items[0]!.id}`);
    expect(sheet.body.emails.signIn).toBe(fresh);

    await expect(signInThroughEntra(new Visitor(), { email: old, password: PASSWORD })).rejects.toThrow();
    const again = await signInThroughEntra(new Visitor(), { email: fresh, password: PASSWORD });
    expect(again.callback.status, again.callback.body.slice(0, 300)).toBe(303);
    expect(again.callback.location).toBe(api('/Welcome'));

    const notice = await waitForMessage(old, (m) => /has changed/.test(m.subject ?? ''));
    expect(notice.text).toMatch(/signs in with .•••@/);
    expect(notice.text).not.toContain(fresh);
  });

  it('when the address is another account’s, or the post is not the page’s, then nothing is sent or changed', async () => {
    const { email, visitor } = await onboardedClient('email-keep');
    const other = uniqueEmail('email-other');
    await createClientAccount(other, PASSWORD, 'Other');
    const form = await visitor.get(api('/Profile/email?lang=en'));
    const taken = await post(visitor, { csrf: csrfIn(form.body), step: 'address', email: other });
    expect(taken.status).toBe(409);
    expect(pageText(taken.body)).toContain('Another account already signs in with this address.');

    const fresh = uniqueEmail('email-forged');
    const forged = await post(visitor, { csrf: 'forged', step: 'address', email: fresh });
    expect(forged.status).toBe(403);
    const tooLong = await post(visitor, {
      csrf: csrfIn(form.body),
      step: 'address',
      email: `${'a'.repeat(60)}@x.example`,
    });
    expect(tooLong.status).toBe(400);
    expect(pageText(tooLong.body)).toContain('64 characters at most');
    expect((await signInThroughEntra(new Visitor(), { email, password: PASSWORD })).callback.status).toBe(303);
  });
});

describe('a professional proposing a new sign-in email from the sheet', () => {
  it('when the professional sends the code, then only the client, signed in, can make the change with it', async () => {
    const { email: old, lastName, visitor } = await onboardedClient('email-proposed');
    const found = await call<{ items: Array<{ id: string }> }>(
      'GET',
      `/clients?${new URLSearchParams({ q: lastName })}`,
    );
    const id = found.body.items[0]!.id;
    const professional = await consoleVisitor(stack().entra.workforce.professionalUser, '/console/clients?lang=en');
    const sheet = await professional.get(api(`/console/clients/${id}?lang=en`));
    expect(sheet.body).toContain('data-change-sign-in-email>Change sign-in email</a>');
    const form = await professional.get(api(`/console/clients/${id}/sign-in-email?lang=en`));
    expect(form.body).toContain('<label for="email">New sign-in email</label>');
    const invalid = await professional.post(api(`/console/clients/${id}/sign-in-email?lang=en`), {
      csrf: csrfIn(form.body),
      email: 'not an address',
    });
    expect(invalid.status).toBe(400);

    const fresh = uniqueEmail('email-proposed-new');
    const sent = await professional.post(api(`/console/clients/${id}/sign-in-email?lang=en`), {
      csrf: csrfIn(form.body),
      email: fresh,
    });
    expect(sent.status, sent.body.slice(0, 300)).toBe(303);
    expect(sent.location).toMatch(/\?done=email-proposed&lang=en$/);
    const message = await waitForMessage(fresh);
    expect(message.text).toContain('/api/Profile/email');
    expect(message.text).toMatch(/proposes that you sign in/);
    const code = /\b(\d{6})\b/.exec(message.text)?.[1];
    // Nothing changed yet: the old address still signs in.
    expect((await signInThroughEntra(new Visitor(), { email: old, password: PASSWORD })).callback.status).toBe(303);

    // The client, signed in (fresh), finds the code form waiting and types the code.
    const page = await visitor.get(api('/Profile/email?lang=en'));
    expect(page.body).toContain(`data-pending="${fresh}"`);
    const done = await post(visitor, { csrf: csrfIn(page.body), step: 'code', code: code! });
    expect(pageText(done.body)).toContain(`From now on, you sign in with ${fresh}.`);
    await expect(signInThroughEntra(new Visitor(), { email: old, password: PASSWORD })).rejects.toThrow();
  });
});

describe('POST /api/clients/{id}/sign-in-email', () => {
  it('when the client signed in, then 202 and the code goes out; refusals are 400, 409 and 404', async () => {
    const { lastName } = await onboardedClient('email-api');
    const found = await call<{ items: Array<{ id: string }> }>(
      'GET',
      `/clients?${new URLSearchParams({ q: lastName })}`,
    );
    const id = found.body.items[0]!.id;
    const fresh = uniqueEmail('email-api-new');
    const sent = await call('POST', `/clients/${id}/sign-in-email`, { body: { email: fresh } });
    expect(sent.status, sent.text).toBe(202);
    expect(sent.body).toMatchObject({ clientId: id, pendingEmail: fresh });
    expect((await waitForMessage(fresh)).text).toMatch(/proposes that you sign in|vous propose de vous connecter/);

    const invalid = await call('POST', `/clients/${id}/sign-in-email`, { body: { email: 'nope' } });
    expect(invalid.status).toBe(400);
    expect(invalid.body).toMatchObject({ code: 'validation-failed' });
    const other = uniqueEmail('email-api-other');
    await createClientAccount(other, PASSWORD, 'Other');
    const taken = await call('POST', `/clients/${id}/sign-in-email`, { body: { email: other } });
    expect(taken.status).toBe(409);
    expect(taken.body).toMatchObject({ code: 'sign-in-email-refused', reason: 'taken' });
    const prospect = await call<{ id: string }>('POST', '/clients', { body: { firstName: 'P', lastName: 'Q' } });
    const none = await call('POST', `/clients/${prospect.body.id}/sign-in-email`, { body: { email: fresh } });
    expect(none.body).toMatchObject({ code: 'sign-in-email-refused', reason: 'no-account' });
    expect(
      (await call('POST', `/clients/${id}/sign-in-email`, { body: { email: fresh }, as: 'other-provider' })).status,
    ).toBe(404);
  });
});
