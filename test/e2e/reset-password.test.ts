/**
 * The forgot-password pages in Chromium (docs/passwords.md): each page in both languages checked by axe-core (WCAG 2.x
 * A/AA and best practices); then the emailed link's page served by the local stack, where the criteria are checked
 * live as the person types (the page's module script, under the page's own CSP), the two passwords compared, and a
 * good password leads to the "password updated" page, which moves on to the sign-in by itself.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { LOCALES } from '../../shared/domain/locale.js';
import { RESET_TOKEN_TTL_MS } from '../../shared/domain/password-reset.js';
import {
  renderChoosePasswordPage,
  renderPasswordChangedPage,
  renderResetLinkProblemPage,
  renderResetRefusedPage,
  renderResetRequestPage,
  renderResetSentPage,
} from '../../shared/web/reset-password-pages.js';
import { axeViolations } from '../support/axe.js';
import { type Browser, chromiumMissing, launchChromium, type Page } from '../support/chromium.js';
import { createClientAccount } from '../support/onboarding-http.js';
import { stackDeps } from '../support/onboarding-store.js';
import { api, uniqueEmail } from '../support/stack.js';

const owner = { email: 'claire.dupont@example.com', firstName: 'Claire', lastName: 'Dupont' };
const token = 'A'.repeat(43);

describe.runIf(!chromiumMissing())('forgot-password pages in Chromium', () => {
  let browser: Browser;
  let page: Page;
  beforeAll(async () => {
    browser = await launchChromium();
    page = await (
      await browser.newContext({ viewport: { width: 1024, height: 900 }, ignoreHTTPSErrors: true })
    ).newPage();
  });
  afterAll(async () => {
    await browser?.close();
  });

  for (const locale of LOCALES) {
    const pages: Array<[string, string]> = [
      ['email form', renderResetRequestPage({ locale }).value],
      ['email form with its error', renderResetRequestPage({ locale, invalid: true }).value],
      ['check your mailbox', renderResetSentPage({ locale, ttlMinutes: 30 }).value],
      ['new password', renderChoosePasswordPage({ locale, token, owner }).value],
      [
        'new password refused',
        renderChoosePasswordPage({ locale, token, owner, unmet: ['classes', 'not-personal'], mismatch: true }).value,
      ],
      ['password updated', renderPasswordChangedPage({ locale }).value.replace(/<meta http-equiv="refresh"[^>]*>/, '')],
      ['link used', renderResetLinkProblemPage({ locale, problem: 'used' }).value],
      ['link expired', renderResetLinkProblemPage({ locale, problem: 'expired' }).value],
      ['link unknown', renderResetLinkProblemPage({ locale, problem: 'unknown' }).value],
      ['form refused', renderResetRefusedPage(locale).value],
    ];
    for (const [name, markup] of pages) {
      it(`when the ${name} page is shown in ${locale}, then axe finds no violation`, async () => {
        await page.setContent(markup, { waitUntil: 'load' });
        expect(await axeViolations(page)).toEqual([]);
      });
    }
  }

  it('the emailed link’s page checks the criteria live, and a good password leads to the sign-in', async () => {
    const email = uniqueEmail('reset-e2e');
    const objectId = await createClientAccount(email, 'Old-Bicycle-2029', 'Claire Dupont');
    const { worker } = stackDeps().passwordReset;
    const { key, hash } = worker.keys.issue();
    const now = new Date();
    await worker.tokens.issue({
      hash,
      clientKey: `${worker.clientTenantId}|${objectId}`,
      objectId,
      owner: { email, firstName: 'Claire', lastName: 'Dupont' },
      locale: 'en',
      issuedAt: now,
      expiresAt: new Date(now.getTime() + RESET_TOKEN_TTL_MS),
    });
    const errors: string[] = [];
    page.on('pageerror', (error) => errors.push(error.message));
    page.on('console', (message) => {
      // A missing resource is reported by its response below, with its URL.
      if (message.type() === 'error' && !message.text().startsWith('Failed to load resource'))
        errors.push(message.text());
    });
    page.on('response', (response) => {
      if (response.status() >= 400 && !response.url().endsWith('/favicon.ico'))
        errors.push(`${response.status()} ${response.url()}`);
    });
    await page.goto(api(`/ResetPassword?token=${key}`));
    const state = (criterion: string) => page.locator(`[data-criterion="${criterion}"]`).getAttribute('data-state');
    await page.getByLabel('New password', { exact: true }).fill('claire');
    await expect.poll(() => state('length')).toBe('unmet');
    expect(await state('not-personal')).toBe('unmet');
    // Accented letters: Entra refuses them, so the page says so before the post (QA: « Élégant-Passé-2027 »).
    await page.getByLabel('New password', { exact: true }).fill('Élégant-Passé-2027');
    await expect.poll(() => state('characters')).toBe('unmet');
    expect(await state('length')).toBe('met');
    await page.getByLabel('New password', { exact: true }).fill('Green-Kayak-4711');
    await expect.poll(() => state('length')).toBe('met');
    for (const criterion of ['characters', 'classes', 'not-common', 'not-personal'])
      expect(await state(criterion)).toBe('met');
    await page.getByLabel('Confirm the new password').fill('Green-Kayak-471');
    await expect.poll(() => page.locator('#confirmation-status').textContent()).toContain('not the same');
    await page.getByLabel('Confirm the new password').fill('Green-Kayak-4711');
    await expect.poll(() => page.locator('#confirmation-status').textContent()).toBe('The two passwords match.');
    await page.getByRole('button', { name: 'Save the new password' }).click();
    await page.waitForURL(/ResetPassword\/confirm/);
    expect(await page.locator('h1').textContent()).toBe('Password reset');
    expect(await page.getByRole('link', { name: 'Sign in' }).getAttribute('href')).toBe('/api/SignIn?go=1&lang=en');
    expect(errors).toEqual([]);
    // The page moves on by itself (meta refresh): to the sign-in, which sends the browser to Entra.
    await page.waitForURL((url) => !url.pathname.endsWith('/ResetPassword/confirm'), {
      timeout: 15_000,
      waitUntil: 'commit',
    });
  }, 60_000);
});
