/**
 * The invitation email and every page of the invitation link, in both languages, rendered by real Chromium and
 * checked by axe-core (WCAG 2.x A/AA and best practices). Pages are loaded with `setContent`, so no server is
 * needed; the e2e project's global setup starts the local stack anyway.
 */
import { createRequire } from 'node:module';
import type { AxeResults, RunOptions } from 'axe-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { LOCALES } from '../../shared/domain/locale.js';
import { type Browser, chromiumMissing, launchChromium, type Page } from '../support/chromium.js';
import { allPages, emailHtml } from '../support/invitation-views.js';

const AXE = createRequire(import.meta.url).resolve('axe-core/axe.min.js');

interface Violation {
  id: string;
  impact: string | null | undefined;
  help: string;
  targets: string[];
}

/**
 * An email is shown inside the mail client's own page, which has the landmarks; a `<main>` in the email would
 * duplicate the client's. So, for the email only, the two page-landmark rules are off; it follows the email
 * accessibility practice instead (`role="article"`, `aria-roledescription="email"`, `lang`).
 */
const EMAIL_RULES: RunOptions = { rules: { region: { enabled: false }, 'landmark-one-main': { enabled: false } } };

async function axeViolations(page: Page, markup: string, options: RunOptions = {}): Promise<Violation[]> {
  await page.setContent(markup, { waitUntil: 'load' });
  await page.addScriptTag({ path: AXE });
  return page.evaluate(async (options) => {
    const { axe } = globalThis as unknown as { axe: { run(options: RunOptions): Promise<AxeResults> } };
    const results = await axe.run(options);
    return results.violations.map((v) => ({
      id: v.id,
      impact: v.impact,
      help: v.help,
      targets: v.nodes.map((n) => n.target.join(' ')),
    }));
  }, options);
}

describe.runIf(!chromiumMissing())('invitation pages and email in Chromium, checked by axe-core', () => {
  let browser: Browser;
  let page: Page;
  beforeAll(async () => {
    browser = await launchChromium();
    page = await (await browser.newContext({ viewport: { width: 1024, height: 900 } })).newPage();
  });
  afterAll(async () => {
    await browser?.close();
  });

  for (const locale of LOCALES) {
    for (const [name, markup] of allPages(locale)) {
      it(`when the ${name} page is shown in ${locale}, then axe finds no violation`, async () => {
        expect(await axeViolations(page, markup)).toEqual([]);
      });
    }

    it(`when the invitation email is shown in ${locale}, then axe finds no violation`, async () => {
      expect(await axeViolations(page, emailHtml(locale), EMAIL_RULES)).toEqual([]);
      const resent = emailHtml(locale, { reason: 'resent', message: undefined });
      expect(await axeViolations(page, resent, EMAIL_RULES)).toEqual([]);
    });
  }

  it('when the email is shown, then its button and its written-out link both lead to the accept URL', async () => {
    await page.setContent(emailHtml('fr'));
    const button = page.getByRole('link', { name: "Accepter l'invitation" });
    const href = await button.getAttribute('href');
    expect(href).toMatch(/^https:\/\/invite\.example\/api\/InviteUser\?invitationId=.+&key=.+$/);
    await expect.poll(() => page.getByRole('link', { name: href! }).getAttribute('href')).toBe(href);
  });

  it('when the French landing page and the email are shown, then screenshots are taken for a human to look at', async () => {
    const [landing] = allPages('fr');
    await page.setContent(landing![1]);
    await page.getByRole('button', { name: "Accepter l'invitation" }).waitFor();
    await page.screenshot({ path: '/tmp/landing.png', fullPage: true });
    await page.setViewportSize({ width: 390, height: 844 });
    await page.screenshot({ path: '/tmp/landing-mobile.png', fullPage: true });
    await page.setViewportSize({ width: 1024, height: 900 });
    await page.setContent(emailHtml('fr'));
    await page.screenshot({ path: '/tmp/email.png', fullPage: true });
  });
});
