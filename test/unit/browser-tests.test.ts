/**
 * The browser tests cannot pass by not running: without Chromium they are skipped with one line on a developer's
 * machine, but with `CI` set the helper throws, so the run fails. And every test file that drives a browser goes
 * through that one helper (`test/support/chromium.ts`), so none has its own, laxer way of skipping.
 */
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { chromiumMissing, inCi } from '../support/chromium.js';

const ROOT = path.resolve(import.meta.dirname, '..');
const NOWHERE = '/nonexistent/chromium-for-this-test';

function testFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) return testFiles(full);
    return entry.name.endsWith('.test.ts') ? [full] : [];
  });
}

describe('Chromium for the browser tests', () => {
  it('when CI is set and Chromium is missing, then asking for it throws (the browser tests fail, not skip)', () => {
    for (const CI of ['true', '1', 'TRUE', 'yes']) {
      expect(() => chromiumMissing({ CI, CHROMIUM_PATH: NOWHERE }), CI).toThrow(/CI is set/);
    }
  });

  it('when CI is not set (or false) and Chromium is missing, then the browser tests are skipped', () => {
    for (const env of [{}, { CI: '' }, { CI: 'false' }, { CI: '0' }]) {
      expect(chromiumMissing({ ...env, CHROMIUM_PATH: NOWHERE }), JSON.stringify(env)).toBe(true);
    }
    expect(inCi({ CI: 'true' })).toBe(true);
    expect(inCi({})).toBe(false);
  });

  it('when Chromium is found, then nothing is missing, in CI or not', () => {
    // Any existing file stands for the binary: only its presence is checked here.
    expect(chromiumMissing({ CI: 'true', CHROMIUM_PATH: process.execPath })).toBe(false);
    expect(chromiumMissing({ CHROMIUM_PATH: process.execPath })).toBe(false);
  });

  it('when a test file drives a browser, then it gates on chromiumMissing() and launches through the shared helper', () => {
    const browserFiles = testFiles(ROOT).filter(
      (file) =>
        file !== import.meta.filename && /playwright|launchChromium|chromium\.launch/.test(readFileSync(file, 'utf8')),
    );
    expect(browserFiles.length).toBeGreaterThan(5);
    for (const file of browserFiles) {
      const source = readFileSync(file, 'utf8');
      const name = path.relative(ROOT, file);
      expect(source, name).not.toMatch(/from 'playwright(-core)?'/);
      expect(source, name).not.toMatch(/chromium\.launch|findChromium|CHROMIUM_PATH/);
      expect(source, name).toMatch(/from '\.\.\/support\/chromium\.js'/);
      expect(source, name).toMatch(/describe\.runIf\(!chromiumMissing\(\)\)/);
      // No other way to skip a browser test.
      expect(source, name).not.toMatch(/\.(skip|skipIf|todo)\(|runIf\((?!!chromiumMissing\(\)\))/);
    }
  });
});
