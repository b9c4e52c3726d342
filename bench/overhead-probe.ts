/**
 * A quick probe of sections 1 and 2 of the bench (request overhead and throughput) without the rest of
 * `npm run bench`: the same stack, the same requests, the same raw baseline, the same interleaving, fewer samples.
 * For work on the host's cost per request; the bench's figures stay those of `npm run bench`.
 *
 *   npm run build && npx tsc -p bench/tsconfig.json && node dist/bench/overhead-probe.js \
 *     [--sequential 300] [--rounds 2] [--levels 1,2,4,8,16,32] [--phases overhead,throughput] [--cpu-prof DIR]
 *     [--setting NAME=VALUE …]
 *
 * `--setting` gives the Functions host an app setting (repeatable), e.g. to try worker arguments:
 * `--setting 'languageWorkers__node__arguments=--max-old-space-size=384 --max-semi-space-size=16'`.
 * `--cpu-prof DIR` profiles the Functions host (bench/cpu-profile.cjs, preloaded: Node 20 refuses `--cpu-prof` in
 * NODE_OPTIONS) and leaves its `.cpuprofile` in DIR when it stops; open it in Chrome DevTools or VS Code.
 */
import { createWriteStream } from 'node:fs';
import { mkdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { GFMS_PROVIDER_ID } from '../dev/seed.js';
import { devProfessionalToken } from '../scripts/stack-client.js';
import { startBenchStack } from './bench-stack.js';
import { azuritePid, cpuMeter, cpuMinus } from './cpu.js';
import { ApiClient, combine, type LoadResult, runLoad } from './load.js';
import { ms, summarize } from './measure.js';
import { rawInvitationWriter } from './raw-storage.js';
import { findRoot } from './root.js';

const { values } = parseArgs({
  options: {
    sequential: { type: 'string', default: '300' },
    rounds: { type: 'string', default: '2' },
    levels: { type: 'string', default: '1,2,4,8,16,32' },
    slice: { type: 'string', default: '1500' },
    'cpu-prof': { type: 'string' },
    phases: { type: 'string', default: 'overhead,throughput' },
    'cpu-requests': { type: 'string', default: '1000' },
    setting: { type: 'string', multiple: true, default: [] },
  },
});
const root = findRoot(import.meta.dirname);
const dataDir = path.join(root, '.dev', 'probe');
await mkdir(dataDir, { recursive: true });
const log = createWriteStream(path.join(dataDir, 'stack.log'), { flags: 'w' });
const say = (line: string) => process.stdout.write(`[probe] ${line}\n`);
const runId = Date.now().toString(36);
let sequence = 0;
const uniqueEmail = (label: string) => `${label}.${runId}.${sequence++}@example.com`;
const inviteBody = (email: string) => ({ email, firstName: 'Bench', lastName: 'Api', sendEmail: false });

const profileDir = values['cpu-prof'] ? path.resolve(values['cpu-prof']) : undefined;
const settings = Object.fromEntries(
  values.setting.map((pair) => {
    const at = pair.indexOf('=');
    if (at < 1) throw new Error(`--setting takes NAME=VALUE, not ${pair}`);
    return [pair.slice(0, at), pair.slice(at + 1)];
  }),
);
const stack = await startBenchStack({
  root,
  dataDir,
  log,
  functionSettings: {
    ...settings,
    // Node 20 refuses --cpu-prof in NODE_OPTIONS: a preloaded script profiles through the inspector instead.
    ...(profileDir && {
      NODE_OPTIONS: `--require ${path.join(root, 'bench', 'cpu-profile.cjs')}`,
      CPU_PROF_DIR: profileDir,
    }),
  },
});
try {
  const ca = await readFile(stack.info.entra.caCertPath, 'utf8');
  const api = new ApiClient(stack.info.functions.baseUrl, await devProfessionalToken({ info: stack.info, ca }));
  const raw = await rawInvitationWriter(stack.info.storage.connectionString, GFMS_PROVIDER_ID, {
    oid: stack.identities.professionalUser.id,
    name: stack.identities.professionalUser.displayName,
  });
  const invite = async (label: string): Promise<true | string> => {
    const answer = await api.request('POST', '/InviteUser', inviteBody(uniqueEmail(label)));
    return answer.status === 201 ? true : `HTTP ${answer.status}`;
  };
  for (let i = 0; i < 30; i++) {
    const outcome = await invite('warm');
    if (outcome !== true) throw new Error(`warm-up failed: ${outcome}`);
    await raw.write(uniqueEmail('warm-raw'));
  }
  const phases = values.phases.split(',');
  if (phases.includes('overhead')) {
    const apiMs: number[] = [];
    const rawMs: number[] = [];
    const httpMs: number[] = [];
    const refusedMs: number[] = [];
    const timed = async (list: number[], call: () => Promise<number>, expected: number) => {
      const t0 = performance.now();
      const status = await call();
      if (status === expected) list.push(performance.now() - t0);
      else say(`unexpected HTTP ${status}`);
    };
    for (let i = 0; i < Number(values.sequential); i++) {
      await timed(
        apiMs,
        async () => (await api.request('POST', '/InviteUser', inviteBody(uniqueEmail('seq')))).status,
        201,
      );
      rawMs.push(await raw.write(uniqueEmail('seq-raw')));
      await timed(httpMs, async () => (await api.request('GET', '/InviteUser')).status, 404);
      await timed(refusedMs, async () => (await api.request('POST', '/InviteUser', {})).status, 400);
    }
    const [a, r, h, f] = [apiMs, rawMs, httpMs, refusedMs].map(summarize) as [
      ReturnType<typeof summarize>,
      ReturnType<typeof summarize>,
      ReturnType<typeof summarize>,
      ReturnType<typeof summarize>,
    ];
    say(
      `overhead: InviteUser ${ms(a.median)} (p95 ${ms(a.p95)}), raw ${ms(r.median)} (p95 ${ms(r.p95)}), ` +
        `ratio ${(a.median / r.median).toFixed(2)}×; floors: GET 404 ${ms(h.median)}, POST {} 400 ${ms(f.median)}`,
    );
  }
  if (phases.includes('cpu')) {
    // CPU time, not latency: what one request costs the host process, Azurite and the probe (bench/cpu.ts).
    const meter = cpuMeter(stack.functionsHost.pid!, await azuritePid());
    const count = Number(values['cpu-requests']);
    const perRequest = async (label: string, task: () => Promise<true | string>) => {
      const before = await meter.read();
      let next = 0;
      let done = 0;
      const worker = async () => {
        while (next++ < count) if ((await task()) === true) done++;
      };
      await Promise.all(Array.from({ length: 8 }, worker));
      const spent = cpuMinus(await meter.read(), before);
      const per = (value: number) => `${(value / done).toFixed(3)} ms per request`;
      say(
        `cpu ${label}: host ${per(spent.hostMs)}, probe ${per(spent.benchMs)}, Azurite ${per(spent.azuriteMs)} ` +
          `(${done} at 8 in flight)`,
      );
    };
    // Twice each, alternately: the first pass also warms Azurite's, the host's and the probe's code (the JIT), which
    // costs InviteUser's host and Azurite a third more CPU per request than once warm.
    for (let pass = 1; pass <= 2; pass++) {
      await perRequest(`InviteUser (pass ${pass})`, () => invite('cpu'));
      await perRequest(`raw write (pass ${pass})`, async () => {
        await raw.write(uniqueEmail('cpu-raw'));
        return true;
      });
    }
    await perRequest('GET 404', async () =>
      (await api.request('GET', '/InviteUser')).status === 404 ? true : 'status',
    );
  }
  if (phases.includes('throughput')) {
    const levels = values.levels.split(',').map(Number);
    const apiTask = () => invite('load');
    const rawTask = async (): Promise<true> => {
      await raw.write(uniqueEmail('load-raw'));
      return true;
    };
    await runLoad(32, 2_000, apiTask);
    await runLoad(32, 2_000, rawTask);
    const ours = new Map<number, LoadResult[]>(levels.map((c) => [c, []]));
    const base = new Map<number, LoadResult[]>(levels.map((c) => [c, []]));
    for (let round = 0; round < Number(values.rounds); round++) {
      for (const c of levels) {
        ours.get(c)!.push(await runLoad(c, Number(values.slice), apiTask));
        base.get(c)!.push(await runLoad(c, Number(values.slice), rawTask));
      }
    }
    let bestOurs = 0;
    let bestBase = 0;
    for (const c of levels) {
      const o = combine(ours.get(c)!);
      const b = combine(base.get(c)!);
      bestOurs = Math.max(bestOurs, o.rate);
      bestBase = Math.max(bestBase, b.rate);
      const failed = Object.keys(o.failures).length ? ` failures ${JSON.stringify(o.failures)}` : '';
      say(`  ${c} in flight: InviteUser ${o.rate.toFixed(0)}/s, raw ${b.rate.toFixed(0)}/s${failed}`);
    }
    say(
      `throughput: best ${bestOurs.toFixed(0)}/s vs raw best ${bestBase.toFixed(0)}/s: ${((bestOurs / bestBase) * 100).toFixed(0)} %`,
    );
  }
  api.close();
} finally {
  await stack.stop();
  log.end();
}
