/**
 * `npm run fuzz -- --runs 10000 [--seed 42]`: the fuzz suite (`test/fuzz/`) with that many generated requests in
 * all, spread over the routes, against its own local stack. Without options it runs what CI runs (50 cases a
 * route, seed 20261130). Prints each route's count of requests; exits non-zero on the first failing case, with
 * the case fast-check shrank it to.
 */
import { spawnSync } from 'node:child_process';
import path from 'node:path';
import { parseArgs } from 'node:util';

const { values } = parseArgs({ options: { runs: { type: 'string' }, seed: { type: 'string' } } });
const env: NodeJS.ProcessEnv = { ...process.env };
if (values.runs) {
  if (!/^\d+$/.test(values.runs)) throw new Error(`--runs takes a whole number, not "${values.runs}"`);
  env.FUZZ_RUNS_TOTAL = values.runs;
}
if (values.seed) {
  if (!/^-?\d+$/.test(values.seed)) throw new Error(`--seed takes a whole number, not "${values.seed}"`);
  env.FUZZ_SEED = values.seed;
}
const vitest = path.resolve('node_modules/vitest/vitest.mjs');
const run = spawnSync(process.execPath, [vitest, 'run', '--project', 'fuzz'], { stdio: 'inherit', env });
process.exit(run.status ?? 1);
