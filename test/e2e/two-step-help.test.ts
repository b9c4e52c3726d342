/**
 * "No access to the app" end to end in Chromium (issue 14, item 3; docs/two-step-help.md): a client with two-step
 * verification on signs in, stops at the code page, follows its link "No access to the app" to the help page, asks with "Ask for two-step verification to be turned off" and is told who was asked; the
 * professional's mailbox gets the request; the professional opens the client's sheet in the console, sees two-step
 * on, turns it off with a reason, and the sheet says so; the client gets the email that it was turned off, and their
 * next sign-in has no code page. Every page axe-clean at 375 px.
 */
import { describe, expect, it } from 'vitest';
import { axeViolations } from '../support/axe.js';
import { chromiumMissing, type Page } from '../support/chromium.js';
import { consoleBrowser, overflow, signInToConsole } from '../support/console-browser.js';
import { consoleVisitor } from '../support/console-http.js';
import { call, invitationFor, invite } from '../support/invitations.js';
import { createClientAccount, onboardThroughEntra } from '../support/onboarding-http.js';
import { api, stack, uniqueEmail, waitForMessage } from '../support/stack.js';
import { accountKeyOf, seedTwoStepOn, twoStepRows } from '../support/two-step.js';

const PASSWORD = 'TwoStep-E2e-12345';

async function checked(page: Page) {
  expect(await axeViolations(page)).toEqual([]);
  expect(await overflow(page)).toBe(0);
}

describe.runIf(!chromiumMissing())('no access to the app, in Chromium', () => {
  const chromium = consoleBrowser();
  const options = { bypassCSP: true, ignoreHTTPSErrors: true, viewport: { width: 375, height: 812 } };

  it('when the client asks from the help page, then the professional is emailed, turns two-step off from the console, the client is emailed and signs in without a code', async () => {
    const { professionalUser } = stack().entra.workforce;
    // The professional has signed in to the console once: GFMS knows their address and that they manage clients.
    await consoleVisitor(professionalUser, '/console?lang=en');

    const email = uniqueEmail('two-step-e2e');
    await createClientAccount(email, PASSWORD, 'Lou Stphone');
    const created = await invite(
      invitationFor(email, {
        sendEmail: false,
        locale: 'en',
        company: {
          name: 'Stphone SARL',
          address: { line1: '1 rue de la Paix', postalCode: '75002', city: 'Paris', country: 'FR' },
        },
      }),
    );
    expect(created.status).toBe(201);
    await onboardThroughEntra(String(created.body.acceptUrl), { email, password: PASSWORD });
    const found = await call<{ items: Array<{ id: string }> }>('GET', `/clients?${new URLSearchParams({ q: email })}`);
    const clientId = found.body.items[0]!.id;
    const accountKey = await accountKeyOf('gfms', clientId);
    await seedTwoStepOn(accountKey);

    // The client signs in: two-step is on, so the sign-in stops at the code page, whose link leads to the help page.
    const signIn = async (page: Page) => {
      await page.goto(api('/SignIn?prompt=login&lang=en'));
      await page.getByLabel('Email').fill(email);
      await page.getByLabel('Password', { exact: true }).fill(PASSWORD);
      await page.getByRole('button', { name: 'Sign in' }).click();
    };
    const context = await chromium().newContext(options);
    const page = await context.newPage();
    await signIn(page);
    await page.waitForURL(/\/api\/SignIn\/two-step(\?|$)/);
    await page.getByRole('link', { name: 'No access to the app' }).click();
    await page.waitForURL(/\/api\/SignIn\/two-step\/help/);
    await checked(page);
    expect(await page.getByRole('link', { name: 'Back to the code' }).getAttribute('href')).toBe(
      '/api/SignIn/two-step?lang=en',
    );
    await page.getByRole('button', { name: 'Ask for two-step verification to be turned off' }).click();
    await page.getByRole('heading', { name: 'Your request was sent' }).waitFor();
    const asked = await page.locator('[data-field="asked"]').innerText();
    expect(asked).toContain(`•••@${professionalUser.username.split('@')[1]}`);
    await checked(page);

    const request = await waitForMessage(
      professionalUser.username,
      (m) => (m.subject ?? '').includes('asks for two-step verification to be turned off') && m.text.includes(email),
    );
    expect(request.text).toContain('Turn off two-step verification');

    // The professional turns it off from the client's sheet.
    const consoleContext = await chromium().newContext(options);
    const pro = await consoleContext.newPage();
    const sheet = api(`/console/clients/${clientId}?tab=access&lang=en`);
    await pro.goto(sheet);
    await signInToConsole(pro, professionalUser, 'en');
    await pro.waitForURL(/\/api\/console\/clients\/.*tab=access/);
    expect(await pro.locator('[data-field="two-step"]').getAttribute('data-state')).toBe('on');
    await checked(pro);
    await pro.getByRole('link', { name: 'Turn off two-step verification' }).click();
    await pro.waitForURL(/\/two-step\/disable\?lang=en$/);
    await checked(pro);
    await pro.getByLabel('Reason').fill('Phone lost, checked by a call');
    await pro.getByRole('button', { name: 'Turn off', exact: true }).click();
    await pro.waitForURL(/done=two-step-off/);
    expect(await pro.locator('[data-done="two-step-off"]').innerText()).toContain('Two-step verification is off');
    expect(await pro.locator('[data-field="two-step"]').getAttribute('data-state')).toBe('off');
    expect(await pro.locator('[data-field="two-step-history"]').innerText()).toContain('Phone lost, checked by a call');
    await checked(pro);
    expect((await twoStepRows(accountKey)).twoStep).toBeUndefined();

    const told = await waitForMessage(email, (m) => (m.subject ?? '').includes('Two-step verification was turned off'));
    expect(told.text).toContain('A professional of GFMS turned off two-step verification');
    // The next sign-in has no code page.
    const later = await chromium().newContext(options);
    const again = await later.newPage();
    await signIn(again);
    await again.waitForURL(/\/api\/Welcome/);
    await context.close();
    await consoleContext.close();
    await later.close();
  });
});
