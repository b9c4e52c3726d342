/**
 * The console's client pages in Chromium (seed 000), at 375 px: the dev professional opens "Clients" from the
 * navigation, creates a prospect from "New prospect", searches it by an accent-free lower-case beginning of its
 * name — one result opens its sheet directly —, goes through the sheet's tabs by their links (no script), and
 * finds on "Mobile app" every field of the seed and "Send by SMS", which sends an SMS to the mailbox; the search with two results shows the
 * "Prospects (2)" block. Every page axe-clean with nothing wider than the screen, in English and in French.
 */
import { randomInt } from 'node:crypto';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { axeViolations } from '../support/axe.js';
import { chromiumMissing, type Page } from '../support/chromium.js';
import { CONSOLE_IMAGES, consoleBrowser, overflow, signInToConsole } from '../support/console-browser.js';
import { stack, uniqueEmail, waitForMessage } from '../support/stack.js';

/** Axe-clean, and nothing wider than the 375 px screen. */
async function checked(page: Page, screenshot?: string) {
  expect(await axeViolations(page)).toEqual([]);
  expect(await overflow(page)).toBe(0);
  if (screenshot) await page.screenshot({ path: path.join(CONSOLE_IMAGES, screenshot), fullPage: true });
}

/** A family name no other test uses, letters only, long as a real one can be. */
const uniqueName = () =>
  `Delacroix-Montmorency-${Array.from(crypto.getRandomValues(new Uint8Array(6)), (b) => String.fromCharCode(97 + (b % 26))).join('')}`;

describe.runIf(!chromiumMissing())('the console’s client pages, in Chromium', () => {
  const chromium = consoleBrowser();

  it('when the dev professional creates a prospect, searches it and opens its sheet, then one result opens the sheet, its tabs are links and the mobile app tab shows the seed’s fields; axe-clean at 375 px in both languages', async () => {
    const { professionalUser } = stack().entra.workforce;
    // The CSP forbids injected scripts: axe needs bypassCSP.
    const options = { bypassCSP: true, ignoreHTTPSErrors: true, viewport: { width: 375, height: 812 } };
    const context = await chromium().newContext(options);
    const page = await context.newPage();
    await page.goto(`${stack().console.url}?lang=en`);
    await signInToConsole(page, professionalUser, 'en');
    await page.waitForURL(/\/api\/console\?lang=en$/);

    // "Clients" in the navigation, then "New prospect".
    await page.getByRole('navigation', { name: 'Console' }).getByRole('link', { name: 'Clients' }).click();
    await page.waitForURL(/\/api\/console\/clients\?lang=en$/);
    await checked(page);
    await page.getByRole('link', { name: 'New prospect' }).click();
    await page.waitForURL(/\/api\/console\/clients\/new\?lang=en$/);
    await checked(page);
    const lastName = uniqueName();
    await page.getByLabel('Title').selectOption('mrs');
    await page.getByLabel('First name').fill('Marie-Amélie-Françoise');
    await page.getByLabel('Last name').fill(lastName);
    await page.getByLabel('Email').fill(uniqueEmail('console-e2e-client'));
    const digits = String(randomInt(1_000_000)).padStart(6, '0');
    await page.getByLabel('Mobile number').fill(`06 12 ${digits.slice(0, 2)} ${digits.slice(2, 4)} ${digits.slice(4)}`);
    await page.getByLabel('Address').fill('12 rue du Général-de-Gaulle-et-de-la-Libération-Nationale');
    await page.getByLabel('Postal code').fill('33000');
    await page.getByLabel('City').fill('Bordeaux');
    await page.getByLabel('Department').fill('33 - Gironde');
    await page.getByLabel('Advisor in charge').fill('Paul Durand');
    await page.getByLabel('Referrer').fill('The invisible man');
    await page.getByRole('radio', { name: 'Yes' }).check();
    await page.getByLabel('The app can be used until').fill('2027-09-24');
    await page.getByRole('button', { name: 'Create the prospect' }).click();
    await page.waitForURL(/\/api\/console\/clients\/[0-9a-f-]{36}\?done=created&lang=en$/);
    const sheetUrl = page.url().replace(/\?.*$/, '');
    expect(await page.locator('[data-done="created"]').count()).toBe(1);
    await checked(page);

    // One result: the search opens the sheet directly.
    await page.getByRole('link', { name: 'Back to the search' }).click();
    await page.getByLabel('Name, email or phone').fill(`marie ${lastName.slice(0, 12).toLowerCase()}`);
    await page.getByRole('button', { name: 'Search' }).click();
    await page.waitForURL((url) => url.toString().startsWith(sheetUrl));

    // The tabs are links: the mobile app tab, with every field of the seed and "Send by SMS".
    await page.getByRole('navigation', { name: 'Client sheet' }).getByRole('link', { name: 'Mobile app' }).click();
    await page.waitForURL(/\?tab=app&lang=en$/);
    const facts = page.locator('dl.facts');
    expect(await facts.locator('[data-field="advisor"]').innerText()).toBe('Paul Durand');
    expect(await facts.locator('[data-field="usableUntil"]').innerText()).toBe('24 September 2027');
    expect(await page.locator('[data-identification-code]').innerText()).toMatch(/^[2-9A-HJKMNP-Z]{8}$/);
    expect(await facts.locator('[data-field="phone"]').innerText()).toBe(
      `+33\u00a06\u00a012\u00a0${digits.slice(0, 2)}\u00a0${digits.slice(2, 4)}\u00a0${digits.slice(4)}`,
    );
    expect(await facts.locator('[data-field="department"]').innerText()).toBe('33 - Gironde');
    expect(await facts.locator('[data-field="referrer"]').innerText()).toBe('The invisible man');
    expect(await page.getByRole('link', { name: 'Mobile app' }).getAttribute('aria-current')).toBe('page');
    await checked(page);

    // "Send by SMS": an SMS with a 6-digit code reaches the number; the sheet says to which masked number.
    await page.getByRole('button', { name: 'Send by SMS' }).click();
    await page.waitForURL(/\?tab=app&done=sms-sent&lang=en$/);
    expect(await page.locator('[data-done="sms-sent"]').innerText()).toContain(`+33 6 •• •• •• ${digits.slice(4)}`);
    const sms = await waitForMessage(`+33612${digits}`, (m) => m.kind === 'sms');
    expect(sms.text).toMatch(/\b\d{6}\b/);
    await checked(page, 'console-client-app-en-375.png');
    for (const tab of ['Identity', 'Access', 'Invitations']) {
      await page.getByRole('navigation', { name: 'Client sheet' }).getByRole('link', { name: tab }).click();
      await page.waitForURL(new RegExp(`\\?tab=${tab.toLowerCase()}&lang=en$`));
      await checked(page);
    }

    // In French: "Appli mobile", "Envoyer par SMS".
    await page.getByRole('link', { name: 'Français' }).click();
    await page.waitForURL(/lang=fr/);
    await page.getByRole('navigation', { name: 'Fiche client' }).getByRole('link', { name: 'Appli mobile' }).click();
    await page.waitForURL(/\?tab=app&lang=fr$/);
    expect(await page.getByRole('button', { name: 'Envoyer par SMS' }).count()).toBe(1);
    await checked(page, 'console-client-app-fr-375.png');

    // A second prospect of the same name: the search lists both, in the "Prospects (2)" block.
    await page.getByRole('link', { name: 'Modifier' }).click();
    await page.waitForURL(/\/edit\?lang=fr$/);
    await checked(page);
    await page.getByRole('navigation', { name: 'Console' }).getByRole('link', { name: 'Clients' }).click();
    await page.getByRole('link', { name: 'Nouveau prospect' }).click();
    await page.getByLabel('Prénom').fill('Pierre');
    await page.getByLabel('Nom', { exact: true }).fill(lastName);
    await page.getByRole('button', { name: 'Créer le prospect' }).click();
    await page.waitForURL(/done=created&lang=fr$/);
    await page.getByRole('link', { name: 'Retour à la recherche' }).click();
    await page.getByLabel('Nom, e-mail ou téléphone').fill(lastName.toLowerCase());
    await page.getByRole('button', { name: 'Rechercher' }).click();
    await page.waitForURL(/\/api\/console\/clients\?lang=fr&q=/);
    expect(await page.locator('caption').innerText()).toBe('Prospects (2)');
    expect(await page.locator('tr[data-client]').count()).toBe(2);
    await checked(page, 'console-clients-search-fr-375.png');
    await page.getByRole('link', { name: 'English' }).click();
    await page.waitForURL(/lang=en/);
    expect(await page.locator('tr[data-client]').count()).toBe(2);
    await checked(page, 'console-clients-search-en-375.png');
    await context.close();
  });
});
