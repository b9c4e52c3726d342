import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { axeViolations } from '../support/axe.js';
import { chromiumMissing } from '../support/chromium.js';
import {
  CONSOLE_IMAGES,
  consoleBrowser,
  overflow,
  signInToConsole,
  tabToAndPress,
} from '../support/console-browser.js';
import { stack, uniqueEmail, waitForMessage } from '../support/stack.js';

describe.runIf(!chromiumMissing())('the professional console, in Chromium', () => {
  const chromium = consoleBrowser();

  it('when the dev professional signs in, then Home shows the counts, English stays English across the navigation, a client invited from the Invite form gets the email, and signing out ends it; axe-clean at 375 px in both languages', async () => {
    const { professionalUser } = stack().entra.workforce;
    // The CSP forbids injected scripts: axe needs bypassCSP (the app's pages carry no script of their own here).
    const context = await chromium().newContext({
      bypassCSP: true,
      ignoreHTTPSErrors: true,
      locale: 'fr-FR',
      viewport: { width: 375, height: 812 },
    });
    const page = await context.newPage();
    await page.goto(stack().console.url);

    // The local Entra's workforce page, in French (ui_locales=fr).
    await signInToConsole(page, professionalUser, 'fr');
    await page.waitForURL(/\/api\/console\?lang=fr$/);

    expect(await page.locator('h1').innerText()).toBe('Accueil');
    expect(await page.locator('[data-count] .figure').count()).toBe(4);
    expect(await page.content()).toContain('Tamer Mohamed-Nour · GFMS');
    expect(await page.getByText(/heure de Paris/).count()).toBeGreaterThan(0);
    expect(await axeViolations(page)).toEqual([]);
    expect(await overflow(page)).toBe(0);
    await page.screenshot({ path: path.join(CONSOLE_IMAGES, 'console-home-fr-375.png'), fullPage: true });

    // English, kept by the navigation's links.
    await page.getByRole('link', { name: 'English' }).click();
    await page.waitForURL(/lang=en/);
    expect(await page.locator('h1').innerText()).toBe('Home');
    await page.getByRole('navigation', { name: 'Console' }).getByRole('link', { name: 'Home' }).click();
    await page.waitForURL(/\/api\/console\?lang=en$/);
    expect(await page.locator('h1').innerText()).toBe('Home');
    expect(await page.getByText('Accepted this week').count()).toBe(1);
    expect(await axeViolations(page)).toEqual([]);
    expect(await overflow(page)).toBe(0);
    await page.screenshot({ path: path.join(CONSOLE_IMAGES, 'console-home-en-375.png'), fullPage: true });

    // Invite, from the navigation: the form in French (axe, 375 px), then in English, a client invited.
    await page.getByRole('navigation', { name: 'Console' }).getByRole('link', { name: 'Invite' }).click();
    await page.waitForURL(/\/api\/console\/invite\?lang=en$/);
    expect(await page.locator('h1').innerText()).toBe('Invite');
    await page.getByRole('link', { name: 'Français' }).click();
    await page.waitForURL(/\/api\/console\/invite\?lang=fr$/);
    expect(await page.locator('h1').innerText()).toBe('Inviter');
    expect(await axeViolations(page)).toEqual([]);
    expect(await overflow(page)).toBe(0);
    await page.screenshot({ path: path.join(CONSOLE_IMAGES, 'console-invite-fr-375.png'), fullPage: true });
    await page.getByRole('link', { name: 'English' }).click();
    await page.waitForURL(/\/api\/console\/invite\?lang=en$/);
    // A wrong email first: the form comes back with the message next to the field, the names kept.
    await page.getByLabel('Email', { exact: true }).fill('not-an-email');
    await page.getByLabel('First name').fill('Anna');
    await page.getByLabel('Last name').fill('Martin');
    await page.getByRole('button', { name: 'Send the invitation' }).click();
    await page.waitForLoadState();
    expect(await page.locator('#invite-email-error').innerText()).toContain('Enter a valid email address');
    expect(await page.getByLabel('First name').inputValue()).toBe('Anna');
    expect(await axeViolations(page)).toEqual([]);
    expect(await overflow(page)).toBe(0);
    await page.screenshot({ path: path.join(CONSOLE_IMAGES, 'console-invite-en-375.png'), fullPage: true });
    const email = uniqueEmail('console-e2e');
    await page.getByLabel('Email', { exact: true }).fill(email);
    await page.getByRole('button', { name: 'Send the invitation' }).click();
    await page.waitForURL(/\/api\/console\/invite\/sent\/[0-9a-f-]{36}\?lang=en$/);
    expect(await page.locator('h1').innerText()).toBe('Invitation created');
    expect(await axeViolations(page)).toEqual([]);
    expect(await overflow(page)).toBe(0);
    const mail = await waitForMessage(email, (m) => m.kind === 'email');
    expect(mail.text).toContain('Anna');

    // Keyboard alone: Tab to "Sign out", Enter.
    await tabToAndPress(page, page.getByRole('button', { name: 'Sign out' }), 20);
    // Through the workforce tenant's sign-out (its session ends too), back to the console's signed-out page.
    await page.waitForURL(/\/api\/console\/signed-out\?state=en$/);
    await expect.poll(() => page.locator('h1').innerText()).toBe('You are signed out');
    expect(await axeViolations(page)).toEqual([]);

    // Signed out: the browser holds no console session any more, nor Entra's single sign-on session.
    expect((await context.cookies()).map((c) => c.name)).not.toContain('__Host-console');
    expect((await context.cookies()).map((c) => c.name).filter((n) => n.includes('lentra-sso'))).toEqual([]);
    // The back button: the console page again, whose sign-in now meets Entra's password, not a silent sign-in.
    await page.goBack();
    await page.waitForURL(/\/oauth2\/v2\.0\/authorize\?/);
    await expect.poll(() => page.getByLabel('Password', { exact: true }).count()).toBe(1);
    expect(page.url()).not.toMatch(/\/api\/console\/invite/);
    await context.close();
  });

  it('when "give me the link" is chosen, then the link is shown once, and the copy button (script under the page\u2019s own CSP) copies it', async () => {
    const { professionalUser } = stack().entra.workforce;
    const context = await chromium().newContext({ ignoreHTTPSErrors: true, viewport: { width: 375, height: 812 } });
    await context.grantPermissions(['clipboard-read', 'clipboard-write'], {
      origin: new URL(stack().console.url).origin,
    });
    const page = await context.newPage();
    await page.goto(`${stack().console.url}/invite?lang=en`);
    // The local Entra's workforce page in English (ui_locales=en), as API.md names its controls.
    await page.getByLabel('Email').fill(professionalUser.username);
    await page.getByLabel('Password', { exact: true }).fill(professionalUser.password);
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.waitForLoadState();
    if (!/\/api\/console/.test(page.url())) await page.getByRole('button', { name: 'Yes' }).click();
    await page.waitForURL(/\/api\/console\/invite\?lang=en$/);

    await page.getByLabel('Email', { exact: true }).fill(uniqueEmail('console-e2e-link'));
    await page.getByLabel('First name').fill('Léa');
    await page.getByLabel('Last name').fill('Lien');
    await page.getByLabel('Give me the link (I will send it myself)').check();
    await page.getByRole('button', { name: 'Send the invitation' }).click();
    await page.waitForURL(/\/api\/console\/invite\/sent\/[0-9a-f-]{36}\?lang=en$/);
    const link = await page.getByLabel('The invitation link').inputValue();
    expect(new URL(link).pathname).toBe('/api/InviteUser');
    await page.getByRole('button', { name: 'Copy the link' }).click();
    await expect.poll(() => page.getByText('Link copied.').count()).toBe(1);
    expect(await page.evaluate(() => navigator.clipboard.readText())).toBe(link);

    await page.reload();
    expect(await page.getByLabel('The invitation link').count()).toBe(0);
    expect(await page.getByText(/shown already/).count()).toBe(1);
    await context.close();
  });
});
