/**
 * Two-step verification in Chromium (issue 14, items 1 and 2): a client signed in at the local Entra turns it on
 * from the profile (the test computes the app's codes from the secret the page shows in `data-totp-secret`), keeps
 * the recovery codes, signs out; signing in again stops at the code page — every other page sends back to it — where
 * a wrong code is refused and the right one lets them in; in a new sign-in the same code is refused, a recovery code
 * works once. The pages are axe-clean at 375 px.
 */
import { describe, expect, it } from 'vitest';
import { nodeTwoStepCrypto } from '../../shared/adapters/totp.js';
import { base32Decode, totp } from '../../shared/domain/two-step.js';
import { axeViolations } from '../support/axe.js';
import { type BrowserContext, chromiumMissing, type Page } from '../support/chromium.js';
import { consoleBrowser, overflow } from '../support/console-browser.js';
import { invitationFor, invite } from '../support/invitations.js';
import { createClientAccount, onboardThroughEntra } from '../support/onboarding-http.js';
import { api, uniqueEmail } from '../support/stack.js';

const PASSWORD = 'TwoStep-E2e-12345';

async function checked(page: Page) {
  expect(await axeViolations(page)).toEqual([]);
  expect(await overflow(page)).toBe(0);
}

/** The authenticator app: the code of the secret `stepsAhead` steps from now (30 s each). */
const appCode = (secret: string, stepsAhead = 0) =>
  totp(nodeTwoStepCrypto, base32Decode(secret)!, new Date(Date.now() + stepsAhead * 30_000));

async function onboardedClient() {
  const email = uniqueEmail('two-step-e2e');
  await createClientAccount(email, PASSWORD, 'Tess Deux');
  const created = await invite(
    invitationFor(email, {
      sendEmail: false,
      locale: 'en',
      company: {
        name: 'Deux Etapes SARL',
        address: { line1: '2 rue du Code', postalCode: '75002', city: 'Paris', country: 'FR' },
      },
    }),
  );
  expect(created.status).toBe(201);
  await onboardThroughEntra(String(created.body.acceptUrl), { email, password: PASSWORD });
  return email;
}

describe.runIf(!chromiumMissing())('two-step verification, in Chromium', () => {
  const chromium = consoleBrowser();
  const options = { bypassCSP: true, ignoreHTTPSErrors: true, viewport: { width: 375, height: 812 } };

  /** A new browser (no Entra session): signs in with the password and lands where the portal sends it. */
  async function signIn(email: string): Promise<{ context: BrowserContext; page: Page }> {
    const context = await chromium().newContext(options);
    const page = await context.newPage();
    await page.goto(api('/SignIn?prompt=login&lang=en'));
    await page.getByLabel('Email').fill(email);
    await page.getByLabel('Password', { exact: true }).fill(PASSWORD);
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.waitForURL(/\/api\/(Welcome|SignIn\/two-step)/);
    return { context, page };
  }

  async function submitCode(page: Page, code: string) {
    await page.getByLabel('Code', { exact: true }).fill(code);
    await page.getByRole('button', { name: 'Verify' }).click();
    await page.waitForLoadState();
  }

  it('when a client turns two-step on, then signing in asks for a code: wrong refused, right in, the same again refused, a recovery code once', async () => {
    const email = await onboardedClient();
    const first = await signIn(email);
    let page = first.page;
    expect(page.url()).toMatch(/\/api\/Welcome/);

    await page.goto(api('/Profile?lang=en'));
    await page.getByRole('link', { name: 'Turn on two-step verification' }).click();
    await page.waitForURL(/\/api\/Profile\/two-step\?lang=en$/);
    const secret = (await page.locator('[data-totp-secret]').getAttribute('data-totp-secret'))!;
    expect(secret).toMatch(/^[A-Z2-7]{32}$/);
    expect(await page.locator('.qr svg').count()).toBe(1);
    await checked(page);
    await page.getByLabel('Code', { exact: true }).fill(appCode(secret));
    await page.getByRole('button', { name: 'Confirm' }).click();
    await page.waitForSelector('[data-recovery-code]');
    const recoveryCodes = await page
      .locator('[data-recovery-code]')
      .evaluateAll((items) => items.map((item) => item.getAttribute('data-recovery-code')!));
    expect(recoveryCodes).toHaveLength(10);
    await checked(page);
    await page.goto(api('/Profile?lang=en'));
    expect(await page.getByRole('link', { name: 'Turn off two-step verification' }).count()).toBe(1);
    await page.getByRole('button', { name: 'Sign out' }).first().click();
    await page.waitForLoadState();
    await first.context.close();

    // Signing in again: the code page, and no other page until the code passes.
    const second = await signIn(email);
    page = second.page;
    expect(page.url()).toMatch(/\/api\/SignIn\/two-step\?/);
    expect(await page.getByRole('link', { name: 'No access to the app' }).getAttribute('href')).toMatch(
      /^\/api\/SignIn\/two-step\/help/,
    );
    await checked(page);
    await page.goto(api('/Profile?lang=en'));
    expect(page.url()).toMatch(/\/api\/SignIn\/two-step\?/);
    await submitCode(page, '000000');
    expect(page.url()).toMatch(/\/api\/SignIn\/two-step\?/);
    expect(await page.locator('[data-problem="wrong"]').count()).toBe(1);
    await checked(page);
    // The next step's code (one step of drift): never the one that confirmed the enrollment.
    const used = appCode(secret, 1);
    await submitCode(page, used);
    await page.waitForURL(/\/api\/Welcome/);
    await page.goto(api('/Profile?lang=en'));
    expect(page.url()).toMatch(/\/api\/Profile\?lang=en$/);
    await second.context.close();

    // A new sign-in: the same code is refused.
    const third = await signIn(email);
    page = third.page;
    await submitCode(page, used);
    expect(page.url()).toMatch(/\/api\/SignIn\/two-step\?/);
    expect(await page.locator('[data-problem]').count()).toBe(1);
    // A recovery code lets them in, once.
    await submitCode(page, recoveryCodes[0]!);
    await page.waitForURL(/\/api\/Welcome/);
    await third.context.close();

    const fourth = await signIn(email);
    page = fourth.page;
    await submitCode(page, recoveryCodes[0]!);
    expect(page.url()).toMatch(/\/api\/SignIn\/two-step\?/);
    expect(await page.locator('[data-problem="wrong"]').count()).toBe(1);
    await submitCode(page, recoveryCodes[1]!);
    await page.waitForURL(/\/api\/Welcome/);
    await fourth.context.close();
  });
});
