/**
 * "No access to the app" (issue 14, item 3; docs/two-step-help.md) against the local stack, with real sign-ins at the
 * local Entra ID and the local ACS mailbox:
 * - `POST /api/clients/{id}/two-step/disable`: another provider's 404, not on 409 `two-step-off`, no account 409
 *   `no-account`, a reason too long 400 — nothing written; done, the `two-step` row is gone, `two-step-changed`
 *   written, the file says who and when, the client is emailed;
 * - the help page: refused without the pending mark; with it, the button emails the professional who signed in to
 *   the console (Clients.Manage), the page says who was asked, the 4th request in 24 h is the 429 page;
 * - the console's action on the client sheet.
 */
import { randomUUID } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { consoleVisitor } from '../support/console-http.js';
import { call, invitationFor, invite, pageText } from '../support/invitations.js';
import { createClientAccount, csrfIn, onboardThroughEntra } from '../support/onboarding-http.js';
import { stackDeps } from '../support/onboarding-store.js';
import { api, stack, uniqueEmail, waitForMessage } from '../support/stack.js';
import { accountKeyOf, markTwoStepPending, seedTwoStepOn, twoStepRows } from '../support/two-step.js';

interface Sheet {
  id: string;
}

/** A client of GFMS onboarded for real (the visitor holds the session), and their account key. */
async function signedInClient(label: string) {
  const email = uniqueEmail(label);
  const password = 'TwoStep-Pass-12345';
  await createClientAccount(email, password, 'Tess Wostep');
  const created = await invite(
    invitationFor(email, {
      sendEmail: false,
      locale: 'en',
      company: {
        name: 'Wostep SARL',
        address: { line1: '1 rue de la Paix', postalCode: '75002', city: 'Paris', country: 'FR' },
      },
    }),
  );
  expect(created.status).toBe(201);
  const visitor = await onboardThroughEntra(String(created.body.acceptUrl), { email, password });
  const found = await call<{ items: { id: string }[] }>('GET', `/clients?q=${encodeURIComponent(email)}`);
  const clientId = found.body.items[0]!.id;
  return { email, password, visitor, clientId, accountKey: await accountKeyOf('gfms', clientId) };
}

describe('POST /api/clients/{id}/two-step/disable', () => {
  it('when the request is wrong, not on, or another provider’s, then a clear 4xx and nothing written', async () => {
    const client = await signedInClient('ts-refused');
    const path = `/clients/${client.clientId}/two-step/disable`;

    const notOn = await call('POST', path, { body: {} });
    expect(notOn.status, notOn.text).toBe(409);
    expect(notOn.body.code).toBe('two-step-off');
    expect(notOn.headers.get('content-type')).toContain('application/problem+json');

    await seedTwoStepOn(client.accountKey);
    const long = await call('POST', path, { body: { reason: 'x'.repeat(501) } });
    expect(long.status).toBe(400);
    expect((await call('POST', path, { body: { because: 'no' } })).status).toBe(400);
    const other = await call('POST', path, { body: {}, as: 'other-provider' });
    expect(other.status).toBe(404);
    expect(other.body.code).toBe('client-not-found');
    expect((await call('POST', `/clients/${randomUUID()}/two-step/disable`, { body: {} })).status).toBe(404);
    const rows = await twoStepRows(client.accountKey);
    expect(rows.twoStep?.Status, 'still on').toBe('on');
    expect(rows.changed).toBeUndefined();

    const prospect = await call<Sheet>('POST', '/clients', { body: { firstName: 'No', lastName: 'Account' } });
    const noAccount = await call('POST', `/clients/${prospect.body.id}/two-step/disable`, { body: {} });
    expect(noAccount.status).toBe(409);
    expect(noAccount.body.code).toBe('no-account');
  });

  it('when a professional turns it off, then the row is gone, the change is dated, the file says who, and the client is emailed', async () => {
    const client = await signedInClient('ts-off');
    await seedTwoStepOn(client.accountKey);
    const before = Date.now();
    const done = await call<Sheet>('POST', `/clients/${client.clientId}/two-step/disable`, {
      body: { reason: 'Téléphone perdu' },
    });
    expect(done.status, done.text).toBe(200);
    expect(done.body.id).toBe(client.clientId);
    const rows = await twoStepRows(client.accountKey);
    expect(rows.twoStep).toBeUndefined();
    expect(new Date(rows.changed?.At as string).getTime()).toBeGreaterThanOrEqual(before - 1000);
    const file = await stackDeps().clientFiles.files.get('gfms', client.clientId);
    expect(file?.value.twoStepEvents).toEqual([
      { event: 'turned-off', at: expect.any(Date), by: expect.any(String), reason: 'Téléphone perdu' },
    ]);
    const email = await waitForMessage(client.email, (m) =>
      /Two-step verification was turned off/.test(m.subject ?? ''),
    );
    expect(email.text).toContain('A professional of GFMS turned off two-step verification');
    const again = await call('POST', `/clients/${client.clientId}/two-step/disable`, { body: {} });
    expect(again.status).toBe(409);
    expect(again.body.code).toBe('two-step-off');
  });
});

describe('the help page (SignInTwoStepHelp)', () => {
  it('when the session is not at the two-step code step, then the page and the post are refused', async () => {
    const client = await signedInClient('ts-help-refused');
    const page = await client.visitor.get(api('/SignIn/two-step/help?lang=en'));
    expect(page.status).toBe(403);
    expect(pageText(page.body)).toContain('This page is for signing in with two-step verification');
    const post = await client.visitor.post(api('/SignIn/two-step/help?lang=en'), { csrf: 'x' });
    expect(post.status).toBe(403);
    const nobody = await fetch(api('/SignIn/two-step/help'), { redirect: 'manual' });
    expect(nobody.status).toBe(401);
  });

  it('when a pending client asks, then the professional who manages clients is emailed, the page says who; the 4th time in 24 h is a 429 page', async () => {
    const professional = stack().entra.workforce.professionalUser;
    // Signing in to the console makes the professional known to GFMS (with their address and Clients.Manage).
    await consoleVisitor(professional, '/console?lang=en');
    const client = await signedInClient('ts-help');
    await seedTwoStepOn(client.accountKey);
    await markTwoStepPending(client.visitor);

    const page = await client.visitor.get(api('/SignIn/two-step/help?lang=en'));
    expect(page.status, page.body.slice(0, 300)).toBe(200);
    expect(page.body).toContain('Ask for two-step verification to be turned off');
    expect(page.body).toContain('href="/api/SignIn/two-step?lang=en"');
    const french = await client.visitor.get(api('/SignIn/two-step/help?lang=fr'));
    expect(french.body).toContain('Demander la désactivation de la vérification en deux étapes');

    const refused = await client.visitor.post(api('/SignIn/two-step/help?lang=en'), {});
    expect(refused.status, 'no CSRF token').toBe(403);

    const asked = await client.visitor.post(api('/SignIn/two-step/help?lang=en'), { csrf: csrfIn(page.body) });
    expect(asked.status).toBe(200);
    const text = pageText(asked.body);
    expect(text).toContain('Your request was sent');
    const known = await stackDeps().twoStepHelp.ask.roster.list('gfms');
    const me = known.find((p) => p.email === professional.username.toLowerCase());
    expect(me?.manages, 'the console sign-in recorded the professional').toBe(true);
    expect(text).toContain(me!.name);
    expect(text).not.toContain(professional.username);
    expect(text).toContain(`•••@${professional.username.split('@')[1]}`);
    const mail = await waitForMessage(
      professional.username,
      (m) => (m.subject ?? '').includes('two-step verification') && m.text.includes(client.email),
    );
    expect(mail.text).toContain('Turn off two-step verification');

    for (let i = 0; i < 2; i++) {
      expect(
        (await client.visitor.post(api('/SignIn/two-step/help?lang=en'), { csrf: csrfIn(page.body) })).status,
      ).toBe(200);
    }
    const limited = await client.visitor.post(api('/SignIn/two-step/help?lang=en'), { csrf: csrfIn(page.body) });
    expect(limited.status).toBe(429);
    expect(pageText(limited.body)).toContain('You already asked 3 times in the last 24 hours');
  });
});

describe('the console’s Turn off two-step verification', () => {
  it('when two-step is on, then the sheet says so and offers the action; turned off with a reason, the sheet says who', async () => {
    const client = await signedInClient('ts-console');
    const sheetPath = `/console/clients/${client.clientId}?tab=access&lang=en`;
    const visitor = await consoleVisitor(stack().entra.workforce.professionalUser, sheetPath);
    const off = await visitor.get(api(sheetPath));
    expect(off.body).toContain('data-state="off"');
    expect(off.body).not.toContain('two-step/disable');

    await seedTwoStepOn(client.accountKey);
    const sheet = await visitor.get(api(sheetPath));
    expect(sheet.body).toContain('data-state="on"');
    const href = `/api/console/clients/${client.clientId}/two-step/disable?lang=en`;
    const action = api(`/console/clients/${client.clientId}/two-step/disable?lang=en`);
    expect(sheet.body).toContain(`href="${href}"`);
    expect(pageText(sheet.body)).toContain('Turn off two-step verification');

    const form = await visitor.get(action);
    expect(form.status).toBe(200);
    expect(form.body).toContain('<label for="two-step-reason">Reason');
    expect(pageText(form.body)).toContain('Turn off');
    const formToken = /name="formToken" value="([^"]+)"/.exec(form.body)![1]!;
    const long = await visitor.post(action, { csrf: csrfIn(form.body), formToken, reason: 'x'.repeat(501) });
    expect(long.status).toBe(400);
    const done = await visitor.post(action, { csrf: csrfIn(form.body), formToken, reason: 'Nouveau téléphone' });
    expect(done.status).toBe(303);
    expect(done.location).toContain('done=two-step-off');
    const after = await visitor.get(done.location!);
    const text = pageText(after.body);
    expect(text).toContain('Two-step verification is off');
    expect(text).toContain('Reason: Nouveau téléphone');
    expect(after.body).toContain('data-state="off"');
    expect((await twoStepRows(client.accountKey)).twoStep).toBeUndefined();

    const other = await consoleVisitor(stack().entra.workforce.otherProviderUser, '/console?lang=en');
    expect((await other.get(action)).status).toBe(404);
  });
});
