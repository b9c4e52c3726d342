/**
 * Merging two client files in the console, in Chromium at 375 px (seed 004, docs/merge.md): from the sheet of one of
 * two prospects of one person, "Merge" → the page to pick the file that stays (a search by name) → the confirmation
 * stating what happens → the page after it, which leads to the survivor's sheet, whose addresses now include the
 * merged file's; the merged file's sheet offers no "Merge" and says into which file. Each page axe-clean with nothing
 * wider than the screen, in English and in French.
 */
import { describe, expect, it } from 'vitest';
import { axeViolations } from '../support/axe.js';
import { chromiumMissing, type Page } from '../support/chromium.js';
import { consoleBrowser, overflow, signInToConsole } from '../support/console-browser.js';
import { call } from '../support/invitations.js';
import { stack, uniqueEmail } from '../support/stack.js';

async function checked(page: Page) {
  expect(await axeViolations(page)).toEqual([]);
  expect(await overflow(page)).toBe(0);
}

const uniqueName = () =>
  `Benali-${Array.from(crypto.getRandomValues(new Uint8Array(8)), (b) => String.fromCharCode(97 + (b % 26))).join('')}`;

/** Two prospects of one person (the dev professional's provider), through the API. */
async function twoProspects() {
  const lastName = uniqueName();
  const ids: string[] = [];
  const emails: string[] = [];
  for (const firstName of ['Nour', 'Noura']) {
    const email = uniqueEmail(`merge-e2e-${firstName.toLowerCase()}`);
    const created = await call<{ id: string }>('POST', '/clients', { body: { firstName, lastName, email } });
    expect(created.status).toBe(201);
    ids.push(created.body.id);
    emails.push(email);
  }
  return { lastName, absorbed: ids[0]!, survivor: ids[1]!, absorbedEmail: emails[0]! };
}

const words = {
  en: {
    merge: 'Merge',
    search: 'Name, email or phone of the file that stays',
    searchButton: 'Search',
    choose: 'Choose ',
    confirm: 'Merge the files',
    done: 'The files are merged',
    open: 'Open ',
  },
  fr: {
    merge: 'Fusionner',
    search: 'Nom, e-mail ou téléphone de la fiche conservée',
    searchButton: 'Rechercher',
    choose: 'Choisir ',
    confirm: 'Fusionner les fiches',
    done: 'Les fiches sont fusionnées',
    open: 'Ouvrir la fiche de ',
  },
} as const;

describe.runIf(!chromiumMissing())('merging client files in the console, in Chromium', () => {
  const chromium = consoleBrowser();

  it.each(['en', 'fr'] as const)(
    'when a professional merges one prospect into another from its sheet (%s), then each step is a page of its own and the survivor keeps both addresses; axe-clean at 375 px',
    async (locale) => {
      const { professionalUser } = stack().entra.workforce;
      const options = { bypassCSP: true, ignoreHTTPSErrors: true, viewport: { width: 375, height: 812 } };
      const context = await chromium().newContext(options);
      const page = await context.newPage();
      await page.goto(`${stack().console.url}?lang=${locale}`);
      await signInToConsole(page, professionalUser, locale);
      await page.waitForURL(new RegExp(`/api/console\\?lang=${locale}$`));
      const w = words[locale];
      const { lastName, absorbed, survivor, absorbedEmail } = await twoProspects();
      await page.goto(`${stack().console.url}/clients/${absorbed}?lang=${locale}`);
      await checked(page);
      await page.getByRole('link', { name: w.merge, exact: true }).click();
      await page.waitForURL(new RegExp(`/clients/${absorbed}/merge\\?lang=${locale}$`));
      await checked(page);

      await page.getByLabel(w.search).fill(lastName.toLowerCase());
      await page.getByRole('button', { name: w.searchButton }).click();
      await page.waitForURL(/merge\?.*q=/);
      // The file itself is not offered: only the other one.
      expect(await page.locator('tr[data-client]').count()).toBe(1);
      await checked(page);
      await page.getByRole('link', { name: new RegExp(`^${w.choose}`) }).click();
      await page.waitForURL(new RegExp(`/clients/${absorbed}/merge/${survivor}\\?lang=${locale}$`));
      expect(await page.locator('[data-happens] li').count()).toBe(4);
      await checked(page);

      await page.getByRole('button', { name: w.confirm }).click();
      await page.waitForURL(new RegExp(`/merge/${survivor}\\?done=none&lang=${locale}$`));
      expect(await page.getByRole('heading', { level: 1 }).innerText()).toBe(w.done);
      await checked(page);

      await page.getByRole('link', { name: new RegExp(`^${w.open}`) }).click();
      await page.waitForURL(new RegExp(`/clients/${survivor}\\?lang=${locale}$`));
      expect(await page.locator('body').innerText()).toContain(absorbedEmail);
      await checked(page);

      // The merged file: no "Merge" any more, and its access tab names the file it went into.
      await page.goto(`${stack().console.url}/clients/${absorbed}?tab=access&lang=${locale}`);
      expect(await page.locator('[data-action="merge"]').count()).toBe(0);
      expect(await page.locator('[data-field="into"] a').getAttribute('href')).toContain(`/clients/${survivor}`);
      await checked(page);
      await context.close();
    },
  );
});
