/**
 * The invitation email, every page of the invitation link and every page of the professional console, in both languages, rendered by real Chromium and
 * checked by axe-core (WCAG 2.x A/AA and best practices). Pages are loaded with `setContent`, so no server is
 * needed; the e2e project's global setup starts the local stack anyway. Screenshots of the French landing page and
 * email are checked (the button painted, the page as wide as the screen) and kept in a folder of their own per run
 * (its path is printed) for a human to look at.
 */
import { mkdtempSync, readdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { RunOptions } from 'axe-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { LOCALES } from '../../shared/domain/locale.js';
import { markupViolations } from '../support/axe.js';
import { type Browser, chromiumMissing, launchChromium, type Page } from '../support/chromium.js';
import { consolePages } from '../support/console-views.js';
import { allPages, emailHtml, provider } from '../support/invitation-views.js';
import { countColour, readPng } from '../support/png.js';

/** The primary button's orange (#C2410C, shared/web/layout.ts). */
const ORANGE: [number, number, number] = [194, 65, 12];

/**
 * An email is shown inside the mail client's own page, which has the landmarks; a `<main>` in the email would
 * duplicate the client's. So, for the email only, the two page-landmark rules are off; it follows the email
 * accessibility practice instead (`role="article"`, `aria-roledescription="email"`, `lang`).
 */
const EMAIL_RULES: RunOptions = { rules: { region: { enabled: false }, 'landmark-one-main': { enabled: false } } };

describe.runIf(!chromiumMissing())('invitation pages and email in Chromium, checked by axe-core', () => {
  let browser: Browser;
  let page: Page;
  /** This run's own folder for the screenshots: runs side by side never write over each other's. */
  let screenshots: string;
  beforeAll(async () => {
    screenshots = mkdtempSync(path.join(tmpdir(), 'web-pages-a11y-'));
    browser = await launchChromium();
    page = await (await browser.newContext({ viewport: { width: 1024, height: 900 } })).newPage();
  });
  afterAll(async () => {
    await browser?.close();
  });

  for (const locale of LOCALES) {
    for (const [name, markup] of allPages(locale)) {
      it(`when the ${name} page is shown in ${locale}, then axe finds no violation`, async () => {
        expect(await markupViolations(page, markup)).toEqual([]);
      });
    }

    for (const { name, markup } of consolePages(locale)) {
      it(`when the ${name} page is shown in ${locale}, then axe finds no violation`, async () => {
        expect(await markupViolations(page, markup)).toEqual([]);
      });
    }

    it(`when the invitation email is shown in ${locale}, then axe finds no violation`, async () => {
      expect(await markupViolations(page, emailHtml(locale), EMAIL_RULES)).toEqual([]);
      // With the P.S. that links the provider's documentation.
      const resent = emailHtml(locale, {
        reason: 'resent',
        message: undefined,
        provider: { ...provider, documentationUrl: 'https://docs.gfms.example/my-rconnect' },
      });
      expect(await markupViolations(page, resent, EMAIL_RULES)).toEqual([]);
    });
  }

  it('when a faulty page is checked after a clean one in the same window, then axe (loaded once) still finds its faults', async () => {
    const [clean] = allPages('fr');
    expect(await markupViolations(page, clean![1])).toEqual([]);
    const faulty = '<!doctype html><html><head></head><body><img src="photo.png"><input type="text"></body></html>';
    const found = (await markupViolations(page, faulty)).map((v) => v.id);
    expect(found).toEqual(expect.arrayContaining(['document-title', 'html-has-lang', 'image-alt', 'label']));
  });

  it('when the email is shown, then its button and its written-out link both lead to the accept URL', async () => {
    await page.setContent(emailHtml('fr'));
    const button = page.getByRole('link', { name: "Accepter l'invitation" });
    const href = await button.getAttribute('href');
    expect(href).toMatch(/^https:\/\/invite\.example\/api\/InviteUser\?invitationId=.+&key=.+$/);
    await expect.poll(() => page.getByRole('link', { name: href! }).getAttribute('href')).toBe(href);
  });

  it('when the French landing page (desktop and phone) and the email are captured, then each capture shows its orange button, fits its width, and is kept in this run’s folder', async () => {
    const [landing] = allPages('fr');
    const captures: Array<[string, string, 'button' | 'link', number]> = [
      ['landing.png', landing![1], 'button', 1024],
      ['landing-mobile.png', landing![1], 'button', 390],
      ['email.png', emailHtml('fr'), 'link', 1024],
    ];
    for (const [file, markup, role, width] of captures) {
      await page.setViewportSize({ width, height: width === 390 ? 844 : 900 });
      await page.setContent(markup, { waitUntil: 'load' });
      const button = page.getByRole(role, { name: "Accepter l'invitation" });
      await button.waitFor({ state: 'visible' });
      const box = await button.boundingBox();
      expect(box, file).not.toBeNull();
      const png = await page.screenshot({ path: path.join(screenshots, file), fullPage: true });
      const pixels = readPng(png);
      // Not blank, not cut: the page is as wide as the screen (nothing scrolls sideways) and the button, where the
      // page lays it out, is painted in its orange.
      expect(pixels.width, `${file}: width`).toBe(width);
      expect(countColour(pixels, ORANGE, box!), `${file}: orange pixels of the button`).toBeGreaterThan(
        (box!.width * box!.height) / 2,
      );
    }
    expect(readdirSync(screenshots).sort()).toEqual(captures.map(([file]) => file).sort());
    console.info(`web-pages-a11y: screenshots for a human to look at in ${screenshots}`);
  });
});
