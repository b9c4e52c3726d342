/**
 * Debian's Chromium for browser tests, driven by playwright-core (no downloaded browsers). Every test file that
 * needs it uses `describe.runIf(!chromiumMissing())`: on a developer's machine without Chromium that prints one line
 * saying why they did not run; with `CI` set it throws instead, so a CI run without Chromium fails rather than
 * passing with its browser tests skipped (`test/unit/browser-tests.test.ts` checks both, and that every browser
 * test file goes through this helper).
 */
import { existsSync } from 'node:fs';
import { type Browser, chromium } from 'playwright-core';

export type { Browser, BrowserContext, Page } from 'playwright-core';

/** `/usr/lib/chromium/chromium` is the binary behind Debian's `/usr/bin/chromium` wrapper: it starts faster. */
const CANDIDATES = ['/usr/lib/chromium/chromium', '/usr/bin/chromium', '/usr/bin/chromium-browser'];

export function findChromium(env: NodeJS.ProcessEnv = process.env): string | undefined {
  const configured = env.CHROMIUM_PATH;
  if (configured) return existsSync(configured) ? configured : undefined;
  return CANDIDATES.find((candidate) => existsSync(candidate));
}

let warned = false;

/** True when `CI` is set, as CI services set it (`CI=true`, `CI=1`); not when empty, `false` or `0`. */
export function inCi(env: NodeJS.ProcessEnv = process.env): boolean {
  const ci = env.CI?.trim().toLowerCase();
  return ci !== undefined && ci !== '' && ci !== 'false' && ci !== '0';
}

/**
 * True when no Chromium is installed; says so once, on one line, so a skipped browser test is never silent. In CI
 * (`CI` set) a missing Chromium is an error: the test file that asked fails.
 */
export function chromiumMissing(env: NodeJS.ProcessEnv = process.env): boolean {
  if (findChromium(env)) return false;
  if (inCi(env)) {
    const looked = env.CHROMIUM_PATH ? `CHROMIUM_PATH=${env.CHROMIUM_PATH}` : CANDIDATES.join(', ');
    throw new Error(
      `Chromium not found (${looked}) and CI is set: the browser tests must run in CI (apt-get install chromium)`,
    );
  }
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
