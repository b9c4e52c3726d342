/**
 * `npm run lint:openapi`: writes the OpenAPI document (built with `buildOpenApi`, as `GET /api/openapi.json` serves
 * it — no host started) to a temporary file and lints it with Spectral (`spectral:oas`, `.spectral.yaml`) and
 * Redocly (`recommended`, `redocly.yaml`). Fails on any error or warning of either. Both run offline: Redocly's
 * telemetry and update check are switched off, and the rulesets are the ones bundled with the CLIs.
 */
import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { apiDocument } from '../shared/http/api-document.js';

const root = path.resolve(import.meta.dirname, '..');
const bin = (name: string) => path.join(root, 'node_modules', '.bin', name);

/** The server as the app in Azure serves it (PUBLIC_BASE_URL + `/api`; the app's name stands for any). */
const SERVER_URL = 'https://client-onboarding.azurewebsites.net/api';

const offline = {
  ...process.env,
  // https://redocly.com/docs/cli/usage-data: no usage data sent; no check for a newer version on npm.
  REDOCLY_TELEMETRY: 'off',
  REDOCLY_SUPPRESS_UPDATE_NOTICE: 'true',
};

/** Runs a linter to its end: its exit status and output. */
function run(command: string, args: string[]): Promise<{ status: number; stdout: string; stderr: string }> {
  return new Promise((done, fail) => {
    execFile(
      command,
      args,
      { cwd: root, env: offline, encoding: 'utf8', timeout: 60_000, maxBuffer: 64 * 1024 * 1024 },
      (error, stdout, stderr) => {
        const status = error ? (typeof error.code === 'number' ? error.code : undefined) : 0;
        if (status === undefined) fail(error);
        else done({ status, stdout, stderr });
      },
    );
  });
}

interface RedoclyReport {
  totals: { errors: number; warnings: number };
  problems: Array<{ ruleId: string; severity: string; message: string; location: Array<{ pointer?: string }> }>;
}

const dir = mkdtempSync(path.join(tmpdir(), 'openapi-'));
let failed = false;
try {
  const file = path.join(dir, 'openapi.json');
  writeFileSync(file, `${JSON.stringify(apiDocument(SERVER_URL), null, 2)}\n`);

  // Both at once: each takes a few seconds, mostly starting up.
  const [spectral, redocly] = await Promise.all([
    run(bin('spectral'), [
      'lint',
      file,
      '--ruleset',
      path.join(root, '.spectral.yaml'),
      '--fail-severity',
      'hint',
      '--quiet',
    ]),
    run(bin('redocly'), ['lint', file, '--config', path.join(root, 'redocly.yaml'), '--format', 'json']),
  ]);
  process.stdout.write(spectral.stdout.trim() ? spectral.stdout : '');
  if (spectral.status !== 0) {
    process.stderr.write(spectral.stderr);
    failed = true;
  }
  process.stdout.write(`Spectral (spectral:oas): ${spectral.status === 0 ? 'no problems' : 'problems above'}\n`);

  let report: RedoclyReport;
  try {
    report = JSON.parse(redocly.stdout) as RedoclyReport;
  } catch {
    process.stderr.write(redocly.stderr);
    throw new Error(`Redocly gave no report (exit ${redocly.status}): see above.`);
  }
  for (const p of report.problems) {
    process.stdout.write(`${p.severity}\t${p.ruleId}\t${p.location[0]?.pointer ?? ''}\t${p.message}\n`);
  }
  const { errors, warnings } = report.totals;
  if (redocly.status !== 0 || errors + warnings > 0) failed = true;
  process.stdout.write(`Redocly (recommended): ${errors} errors, ${warnings} warnings\n`);
} finally {
  rmSync(dir, { recursive: true, force: true });
}
if (failed) {
  process.stderr.write('The OpenAPI document does not pass its linters (shared/http/routes/ describes the routes).\n');
  process.exit(1);
}
