import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { axeViolations } from '../support/axe.js';
import { chromiumMissing } from '../support/chromium.js';
import { CONSOLE_IMAGES, consoleBrowser, overflow, signInToConsole } from '../support/console-browser.js';
import { stack, uniqueEmail } from '../support/stack.js';

/** 200 rows, UTF-8 with a BOM and semicolons (Excel's "CSV UTF-8"): rows 50, 120 and 180 are bad. */
function twoHundredRows(): { csv: Buffer; bad: number[] } {
  const emails = Array.from({ length: 200 }, (_, i) => uniqueEmail(`console-bulk-e2e.${i + 1}`));
  const lines = emails.map((email, i) => {
    const row = i + 1;
    if (row === 50) return 'pas-une-adresse;Élodie;Bérard';
    if (row === 120) return `${email};Noël;`;
    if (row === 180) return `${emails[0]};Zoé;Dupont`;
    return `${email};Prénom${row};Nom${row}`;
  });
  return {
    csv: Buffer.from(`\uFEFFemail;firstName;lastName\r\n${lines.join('\r\n')}\r\n`, 'utf8'),
    bad: [50, 120, 180],
  };
}

describe.runIf(!chromiumMissing())('the console’s bulk invite, in Chromium', () => {
  const chromium = consoleBrowser();

  it('when the dev professional uploads 200 rows with 3 bad ones, then the progress bar reaches 100 % live and the 3 rows are listed; both pages axe-clean at 375 px in French and English', async () => {
    const { professionalUser } = stack().entra.workforce;
    const context = await chromium().newContext({
      ignoreHTTPSErrors: true,
      locale: 'fr-FR',
      viewport: { width: 375, height: 812 },
    });
    const page = await context.newPage();
    await page.goto(`${stack().console.url}/invite?lang=fr`);
    await signInToConsole(page, professionalUser, 'fr');
    await page.waitForURL(/\/api\/console\/invite\?lang=fr$/);

    await page.getByRole('link', { name: 'Inviter plusieurs personnes' }).click();
    await page.waitForURL(/\/api\/console\/invite\/bulk\?lang=fr$/);
    expect(await page.locator('h1').innerText()).toBe('Inviter plusieurs personnes');
    const { csv, bad } = twoHundredRows();
    await page.getByLabel('Fichier CSV').setInputFiles({ name: 'invitations.csv', mimeType: 'text/csv', buffer: csv });
    await page.getByRole('button', { name: 'Inviter ces personnes' }).click();
    await page.waitForURL(/\/api\/console\/invite\/bulk\/[0-9a-f-]{36}\?lang=fr$/);
    const batchUrl = page.url();
    // A mark on this document: it is still there at 100 % only if the page was never reloaded.
    await page.evaluate(() => {
      (window as unknown as { mark: string }).mark = 'same page';
    });
    const progress = page.locator('#batch-progress');
    expect(await progress.getAttribute('max')).toBe('197');
    await expect.poll(() => progress.getAttribute('value'), { timeout: 60_000 }).toBe('197');
    expect(await page.evaluate(() => (window as unknown as { mark?: string }).mark)).toBe('same page');
    expect(await page.getByText('Lignes traitées : 197 sur 197 (100 %)').count()).toBe(1);
    expect(await page.locator('[data-batch-state]').innerText()).toBe('Terminé');
    expect(await page.locator('[data-total="created"]').innerText()).toBe('197');
    const rows = page.locator('.row-errors > li');
    expect(await rows.evaluateAll((items) => items.map((li) => li.getAttribute('data-row')))).toEqual(bad.map(String));
    expect(await rows.nth(0).innerText()).toContain('pas-une-adresse');
    expect(await rows.nth(0).innerText()).toContain('adresse e-mail non valable');
    expect(await rows.nth(1).innerText()).toContain('lastName : manquant');
    expect(await rows.nth(2).innerText()).toContain('même adresse e-mail que la ligne 1');
    expect(await page.getByRole('link', { name: 'Actualiser' }).count()).toBe(0);

    // axe in a context of the same session that lets it inject its script; both pages, both languages, 375 px.
    const audit = await chromium().newContext({
      bypassCSP: true,
      ignoreHTTPSErrors: true,
      viewport: { width: 375, height: 812 },
      storageState: await context.storageState(),
    });
    const checked = await audit.newPage();
    for (const [url, shot] of [
      [`${stack().console.url}/invite/bulk?lang=fr`, 'console-bulk-fr-375.png'],
      [`${stack().console.url}/invite/bulk?lang=en`, 'console-bulk-en-375.png'],
      [batchUrl, 'console-bulk-batch-fr-375.png'],
      [batchUrl.replace(/lang=fr$/, 'lang=en'), 'console-bulk-batch-en-375.png'],
    ] as const) {
      await checked.goto(url);
      expect(await axeViolations(checked), url).toEqual([]);
      expect(await overflow(checked), url).toBe(0);
      await checked.screenshot({ path: path.join(CONSOLE_IMAGES, shot), fullPage: true });
    }
    expect(await checked.locator('h1').innerText()).toBe('Bulk invitation');
    expect(await checked.getByText('Rows not invited (3)').count()).toBe(1);
    await audit.close();
    await context.close();
  });
});
