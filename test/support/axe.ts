/** axe-core in a Playwright page: the violations of the page as it is now (WCAG 2.x A/AA and best practices). */
import { createRequire } from 'node:module';
import type { AxeResults } from 'axe-core';
import type { Page } from './chromium.js';

const AXE = createRequire(import.meta.url).resolve('axe-core/axe.min.js');

export interface Violation {
  id: string;
  impact: string | null | undefined;
  help: string;
  targets: string[];
}

/** The page's CSP forbids injected scripts: open it in a context created with `bypassCSP: true`. */
export async function axeViolations(page: Page): Promise<Violation[]> {
  await page.addScriptTag({ path: AXE });
  return page.evaluate(async () => {
    const { axe } = globalThis as unknown as { axe: { run(): Promise<AxeResults> } };
    const results = await axe.run();
    return results.violations.map((v) => ({
      id: v.id,
      impact: v.impact,
      help: v.help,
      targets: v.nodes.map((n) => n.target.join(' ')),
    }));
  });
}
