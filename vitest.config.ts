import { execFileSync } from 'node:child_process';
import { rmSync } from 'node:fs';
import path from 'node:path';
import { configDefaults, defineConfig } from 'vitest/config';
import { ensureDevCertificates } from './dev/certificates.js';

// The local Entra ID and ACS speak https with a dev CA. Workers read NODE_EXTRA_CA_CERTS only when they
// start, so it is set here, before any worker forks.
const certificates = await ensureDevCertificates(path.resolve('.dev'));
process.env.NODE_EXTRA_CA_CERTS = certificates.caCertPath;

// The integration and e2e stacks run the built app (as `npm start` does): build once, before any project starts,
// into an empty dist/ (a renamed function file must not leave its old build behind to register twice).
rmSync(path.resolve('dist'), { recursive: true, force: true });
execFileSync(process.execPath, [path.resolve('node_modules/typescript/bin/tsc'), '-p', 'tsconfig.build.json'], {
  stdio: 'inherit',
});
// As `npm run build` does: the OpenAPI document the route serves, written once (shared/http/api-document-file.ts).
execFileSync(process.execPath, [path.resolve('dist/shared/http/api-document-file.js')], { stdio: 'inherit' });

export default defineConfig({
  test: {
    pool: 'forks',
    projects: [
      // Two files at a time where tests share nothing timing-sensitive: the unit tests (pure), and the browser journeys
      // (each its own Chromium, waiting mostly on pages) — on a 2-core machine vitest's default is one (cores − 1).
      // Projects of different worker counts must run as groups one after another (`sequence.groupOrder`).
      // The integration files too: each counts only its own addresses' messages, and those that change ACS's quota or
      // kill the host run a stack of their own (test/support/fault-stack.ts). The dev files stay one at a time: timers
      // of the local servers are tested. See docs/decisions.md, "CI's 15 minutes".
      {
        extends: true,
        test: { name: 'unit', include: ['test/unit/**/*.test.ts'], maxWorkers: 2, sequence: { groupOrder: 0 } },
      },
      {
        extends: true,
        test: {
          name: 'dev',
          include: ['test/dev/**/*.test.ts'],
          // The local Entra ID's pages in Chromium test no timer: they run with the browser journeys, two at a time.
          exclude: [...configDefaults.exclude, 'test/dev/entra-browser.test.ts'],
          testTimeout: 30_000,
          hookTimeout: 60_000,
          sequence: { groupOrder: 1 },
        },
      },
      {
        extends: true,
        test: {
          name: 'integration',
          include: ['test/integration/**/*.test.ts'],
          maxWorkers: 2,
          sequence: { groupOrder: 2 },
          globalSetup: ['test/support/global-setup.ts'],
          testTimeout: 30_000,
          hookTimeout: 60_000,
        },
      },
      {
        extends: true,
        test: {
          name: 'fuzz',
          include: ['test/fuzz/**/*.test.ts'],
          // Beside the integration files, in their group of two workers: its stack is its own, with no trigger.
          maxWorkers: 2,
          sequence: { groupOrder: 2 },
          globalSetup: ['test/support/global-setup.ts'],
          // A full run (`npm run fuzz -- --runs 10000`) takes minutes per route.
          testTimeout: 3_600_000,
          hookTimeout: 60_000,
        },
      },
      {
        extends: true,
        test: {
          name: 'e2e',
          include: ['test/e2e/**/*.test.ts', 'test/dev/entra-browser.test.ts'],
          maxWorkers: 2,
          sequence: { groupOrder: 4 },
          globalSetup: ['test/support/global-setup.ts'],
          testTimeout: 60_000,
          hookTimeout: 60_000,
        },
      },
    ],
  },
});
