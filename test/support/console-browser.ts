/**
 * What the console's browser tests share: where their screenshots go (docs/images with UPDATE_SCREENSHOTS=1, else a
 * temporary folder), the page's sideways overflow, one Chromium for a file, and signing in on the local Entra ID's
 * workforce page in the language it was opened in.
 */
import { mkdir } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { Locator } from 'playwright-core';
import { afterAll, beforeAll } from 'vitest';
import { type Browser, launchChromium, type Page } from './chromium.js';

export const CONSOLE_IMAGES = process.env.UPDATE_SCREENSHOTS
  ? path.resolve(import.meta.dirname, '../../docs/images')
  : path.join(tmpdir(), 'console-screenshots');

/** Sideways overflow of the page: 0 when nothing is wider than the viewport. */
export const overflow = (page: Page) =>
  page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);

/** One Chromium for the file's tests (launched before them, closed after), and the screenshots' folder made. */
export function consoleBrowser(): () => Browser {
  let browser: Browser | undefined;
  beforeAll(async () => {
    browser = await launchChromium();
    await mkdir(CONSOLE_IMAGES, { recursive: true });
  });
  afterAll(async () => {
    await browser?.close();
  });
  return () => {
    if (!browser) throw new Error('Chromium is not started yet');
    return browser;
  };
}

const WORDS = {
  fr: { email: 'E-mail', password: 'Mot de passe', signIn: 'Se connecter', consent: 'Oui' },
  en: { email: 'Email', password: 'Password', signIn: 'Sign in', consent: 'Yes' },
} as const;

/**
 * Signs in on the local Entra's workforce page (in the language it speaks: `ui_locales` of the console page that sent
 * the browser there), consenting if asked; the browser then goes back to the console page asked for.
 */
export async function signInToConsole(
  page: Page,
  user: { username: string; password: string },
  language: keyof typeof WORDS,
): Promise<void> {
  const words = WORDS[language];
  await page.getByLabel(words.email).fill(user.username);
  await page.getByLabel(words.password, { exact: true }).fill(user.password);
  await page.getByRole('button', { name: words.signIn }).click();
  await page.waitForLoadState();
  if (!/\/api\/console/.test(page.url())) await page.getByRole('button', { name: words.consent }).click();
}

/**
 * Keyboard alone: presses Tab until `target` has the focus (at most `limit` times), then Enter — as a professional
 * without a mouse reaches a link or a button. Fails if Tab never reaches it.
 */
export async function tabToAndPress(page: Page, target: Locator, limit = 60): Promise<void> {
  const focused = () => target.evaluate((element) => element === document.activeElement);
  for (let tab = 0; tab < limit && !(await focused()); tab++) await page.keyboard.press('Tab');
  if (!(await focused())) throw new Error(`Tab never reached ${target}`);
  await page.keyboard.press('Enter');
}
