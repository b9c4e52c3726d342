import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { axeViolations } from '../support/axe.js';
import { chromiumMissing, type Page } from '../support/chromium.js';
import {
  CONSOLE_IMAGES,
  consoleBrowser,
  overflow,
  signInToConsole,
  tabToAndPress,
} from '../support/console-browser.js';
import { linkIn } from '../support/invitations.js';
import { stack, uniqueEmail, waitForMessage } from '../support/stack.js';

/** Axe-clean, and nothing wider than the 375 px screen. */
async function checked(page: Page, screenshot?: string) {
  expect(await axeViolations(page)).toEqual([]);
  expect(await overflow(page)).toBe(0);
  if (screenshot) await page.screenshot({ path: path.join(CONSOLE_IMAGES, screenshot), fullPage: true });
}

describe.runIf(!chromiumMissing())('the console’s Invitations pages, in Chromium', () => {
  const chromium = consoleBrowser();

  it('when the dev professional invites, finds the invitation sent in the list, resends it and revokes it, then the old link says a newer invitation was sent; axe-clean at 375 px in both languages; another provider gets the 404 page', async () => {
    const { professionalUser, otherProviderUser } = stack().entra.workforce;
    // The CSP forbids injected scripts: axe needs bypassCSP.
    const options = { bypassCSP: true, ignoreHTTPSErrors: true, viewport: { width: 375, height: 812 } };
    const context = await chromium().newContext(options);
    const page = await context.newPage();
    await page.goto(`${stack().console.url}/invite?lang=en`);
    await signInToConsole(page, professionalUser, 'en');
    await page.waitForURL(/\/api\/console\/invite\?lang=en$/);

    const email = uniqueEmail('console-e2e-list');
    await page.getByLabel('Email', { exact: true }).fill(email);
    await page.getByLabel('First name').fill('Inès');
    await page.getByLabel('Last name').fill('Liste');
    await page.getByRole('button', { name: 'Send the invitation' }).click();
    await page.waitForURL(/\/api\/console\/invite\/sent\/[0-9a-f-]{36}\?lang=en$/);
    const oldLink = linkIn(await waitForMessage(email, (m) => m.kind === 'email'));

    // The list, narrowed to the email: the invitation, `sent` or `delivered` once ACS took it.
    await page.getByRole('navigation', { name: 'Console' }).getByRole('link', { name: 'Invitations' }).click();
    await page.waitForURL(/\/api\/console\/invitations\?lang=en$/);
    await page.getByLabel('Email', { exact: true }).fill(email);
    await page.getByRole('button', { name: 'Apply' }).click();
    await page.waitForURL(/email=/);
    const row = page.locator('tr[data-invitation]');
    await expect
      .poll(async () => {
        await page.reload();
        return row.locator('[data-delivery]').getAttribute('data-delivery');
      })
      .toMatch(/^(sent|delivered)$/);
    expect(await row.count()).toBe(1);
    await checked(page, 'console-invitations-en-375.png');

    // Its page, by keyboard alone: resend (what happens to the old link is said), then the old link's page.
    await tabToAndPress(page, row.getByRole('link', { name: 'Inès Liste' }));
    await page.waitForURL(/\/api\/console\/invitations\/[0-9a-f-]{36}\?lang=en$/);
    const invitationUrl = page.url();
    expect(await page.getByText(/whoever opens it sees that a newer invitation was sent/).count()).toBe(1);
    await checked(page, 'console-invitation-en-375.png');
    await tabToAndPress(page, page.getByRole('button', { name: 'Resend the invitation' }));
    await page.waitForURL(/done=resent/);
    expect(await page.locator('[data-done="resent"]').count()).toBe(1);
    expect(await page.locator('[data-event="resent"]').count()).toBe(1);
    await checked(page);
    const invitee = await context.newPage();
    await invitee.goto(oldLink);
    expect(await invitee.locator('h1').innerText()).toBe('A newer invitation was sent to you');
    await invitee.close();

    // Revoke, after its confirmation page.
    await page.getByRole('link', { name: 'Revoke the invitation…' }).click();
    await page.waitForURL(/\/revoke\?lang=en$/);
    await checked(page);
    await page.getByRole('button', { name: 'Yes, revoke the invitation' }).click();
    await page.waitForURL(/done=revoked/);
    expect(await page.locator('[data-status="revoked"]').count()).toBe(1);
    await checked(page);

    // The same pages in French.
    await page.getByRole('link', { name: 'Français' }).click();
    await page.waitForURL(/lang=fr/);
    expect(await page.locator('[data-status="revoked"]').innerText()).toBe('Révoquée');
    await checked(page, 'console-invitation-fr-375.png');
    await page.getByRole('navigation', { name: 'Console' }).getByRole('link', { name: 'Invitations' }).click();
    await page.waitForURL(/\/api\/console\/invitations\?lang=fr$/);
    await page.getByLabel('E-mail', { exact: true }).fill(email);
    await page.getByLabel('Statut').selectOption('revoked');
    await page.getByRole('button', { name: 'Filtrer' }).click();
    await page.waitForURL(/status=revoked/);
    expect(await row.count()).toBe(1);
    await checked(page, 'console-invitations-fr-375.png');
    await context.close();

    // Another provider's professional: the 404 page on GFMS's invitation.
    const other = await chromium().newContext(options);
    const otherPage = await other.newPage();
    await otherPage.goto(invitationUrl);
    await signInToConsole(otherPage, otherProviderUser, 'en');
    await otherPage.waitForURL(invitationUrl);
    expect(await otherPage.locator('h1').innerText()).toBe('Invitation not found');
    await checked(otherPage);
    await other.close();
  });
});
