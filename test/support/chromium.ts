/**
 * Debian's Chromium for browser tests, driven by playwright-core (no downloaded browsers). Tests that need
 * it use `describe.runIf(!chromiumMissing())`, which prints one line saying why they did not run.
 */
import { existsSync } from 'node:fs';
import { type Browser, chromium } from 'playwright-core';

export type { Browser, BrowserContext, Page } from 'playwright-core';

/** `/usr/lib/chromium/chromium` is the binary behind Debian's `/usr/bin/chromium` wrapper: it starts faster. */
const CANDIDATES = ['/usr/lib/chromium/chromium', '/usr/bin/chromium', '/usr/bin/chromium-browser'];

export function findChromium(): string | undefined {
  const configured = process.env.CHROMIUM_PATH;
  if (configured) return existsSync(configured) ? configured : undefined;
  return CANDIDATES.find((candidate) => existsSync(candidate));
}

let warned = false;

/** True when no Chromium is installed; says so once, on one line, so a skipped browser test is never silent. */
export function chromiumMissing(): boolean {
  if (findChromium()) return false;
  if (!warned) {
    warned = true;
    console.warn('Chromium not found at /usr/bin/chromium: browser tests not run (apt-get install chromium)');
  }
  return true;
}

export async function launchChromium(): Promise<Browser> {
  const executablePath = findChromium();
  if (!executablePath) throw new Error('Chromium not found at /usr/bin/chromium (apt-get install chromium)');
  return chromium.launch({
    executablePath,
    headless: true,
    args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-dev-shm-usage'],
  });
}
