/**
 * The profile and passwords in Chromium (issue 12, items 2 and 3): a client signed in at the local Entra opens "My
 * profile" from the welcome page, then "Change password" (the sign-in is fresh: straight to the form), sees the
 * criteria checked as they type, and changes the password; the dev professional generates a temporary password from
 * the client sheet's access tab (its section says which address signs in), confirms, and sees it once. Every page
 * axe-clean at 375 px, in English and in French.
 */
import { describe, expect, it } from 'vitest';
import { axeViolations } from '../support/axe.js';
import { chromiumMissing, type Page } from '../support/chromium.js';
import { consoleBrowser, overflow, signInToConsole } from '../support/console-browser.js';
import { call, invitationFor, invite } from '../support/invitations.js';
import { createClientAccount, onboardThroughEntra } from '../support/onboarding-http.js';
import { api, stack, uniqueEmail } from '../support/stack.js';

const PASSWORD = 'Profile-E2e-12345';

async function checked(page: Page) {
  expect(await axeViolations(page)).toEqual([]);
  expect(await overflow(page)).toBe(0);
}

/** A client of GFMS onboarded over HTTP (the account exists and consented), and their file's id. */
async function onboardedClient() {
  const email = uniqueEmail('profile-e2e');
  await createClientAccount(email, PASSWORD, 'Willy Urs');
  const created = await invite(
    invitationFor(email, {
      sendEmail: false,
      locale: 'en',
      company: {
        name: 'Urs Navigateurs SARL',
        address: { line1: '1 rue de la Paix', postalCode: '75002', city: 'Paris', country: 'FR' },
      },
    }),
  );
  expect(created.status).toBe(201);
  await onboardThroughEntra(String(created.body.acceptUrl), { email, password: PASSWORD });
  const found = await call<{ items: Array<{ id: string }> }>('GET', `/clients?${new URLSearchParams({ q: email })}`);
  return { email, clientId: found.body.items[0]!.id };
}

describe.runIf(!chromiumMissing())('the profile and passwords, in Chromium', () => {
  const chromium = consoleBrowser();
  const options = { bypassCSP: true, ignoreHTTPSErrors: true, viewport: { width: 375, height: 812 } };

  it('when a signed-in client opens their profile and changes the password, then each page is axe-clean in both languages and the criteria follow the typing', async () => {
    const { email } = await onboardedClient();
    const context = await chromium().newContext(options);
    const page = await context.newPage();
    await page.goto(api('/SignIn?prompt=login&lang=en'));
    await page.getByLabel('Email').fill(email);
    await page.getByLabel('Password', { exact: true }).fill(PASSWORD);
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.waitForURL(/\/api\/Welcome/);

    await page.getByRole('link', { name: 'Sign-in and password' }).click();
    await page.waitForURL(/\/api\/Profile$/);
    expect(await page.locator('[data-field="sign-in-email"]').innerText()).toBe(email);
    await checked(page);
    await page.goto(api('/Profile?lang=fr'));
    expect(await page.getByRole('link', { name: 'Changer le mot de passe' }).count()).toBe(1);
    await checked(page);

    await page.goto(api('/Profile/password?lang=fr'));
    expect(await page.getByLabel('Nouveau mot de passe', { exact: true }).count()).toBe(1);
    await checked(page);
    await page.goto(api('/Profile?lang=en'));
    await page.getByRole('link', { name: 'Change password' }).click();
    await page.waitForURL(/\/api\/Profile\/password\?lang=en$/);
    await checked(page);

    const password = page.getByLabel('New password', { exact: true });
    await password.fill('willy');
    const criterion = (name: string) => page.locator(`[data-criterion="${name}"]`);
    expect(await criterion('length').getAttribute('data-state')).toBe('unmet');
    expect(await criterion('not-personal').getAttribute('data-state')).toBe('unmet');
    await password.fill('Lanterne-Verte-42');
    for (const name of ['length', 'characters', 'classes', 'not-common', 'not-personal']) {
      expect(await criterion(name).getAttribute('data-state'), name).toBe('met');
    }
    await page.getByLabel('Confirm the new password').fill('Lanterne-Verte-4');
    expect(await page.locator('[data-confirmation-status]').innerText()).toBe('The two passwords are not the same.');
    await page.getByLabel('Confirm the new password').fill('Lanterne-Verte-42');
    expect(await page.locator('[data-confirmation-status]').innerText()).toBe('The two passwords match.');
    await checked(page);
    await page.getByRole('button', { name: 'Change password' }).click();
    await page.waitForSelector('[data-password-changed]');
    expect(await page.locator('[data-password-changed]').innerText()).toBe('Your password has been updated.');
    await checked(page);
    await context.close();
  });

  it('when the dev professional generates a temporary password from the sheet, then the confirmation and the result are axe-clean in both languages and the password is shown once', async () => {
    const { email, clientId } = await onboardedClient();
    const context = await chromium().newContext(options);
    await context.grantPermissions(['clipboard-read', 'clipboard-write'], {
      origin: new URL(stack().console.url).origin,
    });
    const page = await context.newPage();
    const sheet = `${stack().console.url}/clients/${clientId}`;
    await page.goto(`${sheet}?tab=access&lang=en`);
    await signInToConsole(page, stack().entra.workforce.professionalUser, 'en');
    await page.waitForURL(/tab=access/);
    expect(await page.locator('[data-field="signs-in-with"]').innerText()).toBe(email);
    await checked(page);

    await page.getByRole('link', { name: 'Generate a temporary password' }).click();
    await page.waitForURL(/\/temporary-password\?lang=en$/);
    await checked(page);
    await page.getByRole('button', { name: 'Generate the password' }).click();
    await page.waitForSelector('[data-temporary-password]');
    const shown = await page.locator('output[data-temporary-password]').innerText();
    expect(shown).toHaveLength(16);
    // Seed 004, step 5: copy the password to send it to the client.
    await page.getByRole('button', { name: 'Copy the password' }).click();
    await expect.poll(() => page.getByText('Password copied.').count()).toBe(1);
    expect(await page.evaluate(() => navigator.clipboard.readText())).toBe(shown);
    expect(await page.getByText(email).count()).toBeGreaterThan(0);
    await checked(page);

    await page.goto(`${sheet}/temporary-password?lang=fr`);
    await checked(page);
    await page.getByRole('button', { name: 'Générer le mot de passe' }).click();
    await page.waitForSelector('output[data-temporary-password]');
    expect(await page.locator('output[data-temporary-password]').innerText()).not.toBe(shown);
    await checked(page);
    await context.close();
  });
});
