/** axe-core in a Playwright page: the violations of the page as it is now (WCAG 2.x A/AA and best practices). */
import { createRequire } from 'node:module';
import type { AxeResults, RunOptions } from 'axe-core';
import type { Page } from './chromium.js';

const AXE = createRequire(import.meta.url).resolve('axe-core/axe.min.js');

export interface Violation {
  id: string;
  impact: string | null | undefined;
  help: string;
  targets: string[];
}

/**
 * Puts axe-core in the page, unless its window already has it: `setContent` rewrites the document of the same window
 * (document.open), so a file checking many pages parses axe's 500 kB once, not once per page (half of
 * web-pages-a11y's time); a navigation brings a new window, which gets it again.
 */
export async function loadAxe(page: Page): Promise<void> {
  if (!(await page.evaluate(() => 'axe' in globalThis))) await page.addScriptTag({ path: AXE });
}

/** The page's CSP forbids injected scripts: open it in a context created with `bypassCSP: true`. */
export async function axeViolations(page: Page, options: RunOptions = {}): Promise<Violation[]> {
  await loadAxe(page);
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

/** The violations of the given markup, loaded in the page with `setContent` (no server needed). */
export async function markupViolations(page: Page, markup: string, options: RunOptions = {}): Promise<Violation[]> {
  await page.setContent(markup, { waitUntil: 'load' });
  return axeViolations(page, options);
}
