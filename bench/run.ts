/**
 * `npm run bench` (DESIGN.md §5): starts its own local stacks on free ports (in memory), measures each number the
 * service must reach against its baseline side by side in the same run — request overhead, throughput, storage
 * operations per invitation, a 10,000-row bulk, cold start, memory — prints a table and writes
 * docs/benchmarks.md with the machine and the date. Traffic goes to 127.0.0.1/localhost only; the whole run stops
 * by itself within 5 minutes.
 */
import { type ChildProcess, fork } from 'node:child_process';
import { createWriteStream } from 'node:fs';
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { TableClient } from '@azure/data-tables';
import { QueueClient } from '@azure/storage-queue';
import { azuriteConnectionString, stopChild } from '../dev/azurite.js';
import { workerArguments } from '../dev/functions-host/worker-arguments.js';
import { GFMS_PROVIDER_ID } from '../dev/seed.js';
import { type RunningStack, SHADOWED_LOCAL_SETTINGS } from '../dev/stack.js';
import { devProfessionalToken, type LocalStack, mailboxFor } from '../scripts/stack-client.js';
import { paceInterval } from '../shared/domain/bulk.js';
import { MAX_CLAIMS_TOGETHER } from '../shared/domain/ports.js';
import { ROWS_IN_FLIGHT } from '../shared/domain/use-cases/invite-user.js';
import { QUOTA, startBenchStack } from './bench-stack.js';
import { rawSearch, SEARCHES, seedClientFiles } from './client-search.js';
import { type ColdStartRun, coldStart, importCost } from './cold-start.js';
import { azuritePid, type CpuSample, cpuMeter, cpuMinus, cpuPlus, NO_CPU } from './cpu.js';
import { createClientAccount, JOURNEY_STEPS, type JourneyStep, onboardingJourney } from './journey.js';
import { ApiClient, combine, type LoadResult, runLoad } from './load.js';
import { type MemorySampler, mb, ms, rssOf, sampleMemory, seconds, sleep, summarize } from './measure.js';
import { rawInvitationWriter } from './raw-storage.js';
import { resetPasswordTiming } from './reset-password.js';
import { findRoot } from './root.js';
import { type StorageCall, startCountingProxy } from './storage-proxy.js';

/** Phases plan to end by then (from the start of this process)… */
const BUDGET_MS = 270_000;
/** …and the bench stops the stack and exits at this point whatever happens (the build runs before: < 5 min in all). */
const HARD_LIMIT_MS = 285_000;
const SEQUENTIAL_REQUESTS = 300;
const CONCURRENCY = 32;
/** The levels of the throughput sweep: requests (or raw writes) in flight. */
const SWEEP = [1, 2, 4, 8, 16, 32, 64];
const SWEEP_SLICE_MS = 1_500;
const THROUGHPUT_WARM_UP_MS = 2_500;
const COLD_START_RUNS = 5;
const BULK_ROWS = 10_000;

const root = findRoot(import.meta.dirname);
const dataDir = path.join(root, '.dev', 'bench');
const runId = Date.now().toString(36);
let sequence = 0;
const uniqueEmail = (label: string) => `${label}.${runId}.${sequence++}@example.com`;
const say = (line: string) => process.stdout.write(`[bench] ${line}\n`);

/** `reported`: a figure the issue asks for without a bound. */
type Verdict = 'met' | 'met, within 10 %' | 'MISSED' | 'not measured' | 'reported';

/** Met or missed; a figure within 10 % of its bound is flagged, as run-to-run noise can move it across. */
function verdict(value: number, bound: number, atMost: boolean): Verdict {
  const ok = atMost ? value <= bound : value >= bound;
  if (!ok) return 'MISSED';
  return (atMost ? value > bound * 0.9 : value < bound * 1.1) ? 'met, within 10 %' : 'met';
}

interface Row {
  /** The number of the measure in the brief (1 overhead … 6 memory): the order of the report. */
  n: number;
  measure: string;
  ours: string;
  baseline: string;
  ratio: string;
  target: string;
  verdict: Verdict;
}

interface Section {
  n: number;
  title: string;
  lines: string[];
}

const rows: Row[] = [];
const sections: Section[] = [];
/** What costs the time of a missed target, as measured in this run (the report's last section). */
const misses: string[] = [];
const loadAtStart = os.loadavg();

function failed(n: number, measure: string, target: string, error: unknown): void {
  const reason = error instanceof Error ? error.message : String(error);
  say(`${measure}: not measured: ${reason}`);
  rows.push({ n, measure, ours: '—', baseline: '—', ratio: '—', target, verdict: 'not measured' });
  sections.push({ n, title: `${n}. ${measure}`, lines: [`Not measured in this run: ${reason}`] });
}

interface Context {
  stack: RunningStack;
  local: LocalStack;
  api: ApiClient;
  raw: Awaited<ReturnType<typeof rawInvitationWriter>>;
  hostEnv: NodeJS.ProcessEnv;
  deadline: number;
}

const inviteBody = (email: string, sendEmail = false) => ({ email, firstName: 'Bench', lastName: 'Api', sendEmail });

async function inviteOnce(ctx: Context, label = 'api'): Promise<true | string> {
  const answer = await ctx.api.request('POST', '/InviteUser', inviteBody(uniqueEmail(label)));
  return answer.status === 201 ? true : `HTTP ${answer.status}`;
}

// --- 1. request overhead -----------------------------------------------------------------------------------------

async function requestOverhead(ctx: Context): Promise<void> {
  const measure = 'Request overhead: InviteUser median latency';
  const target = '≤ 1.5×';
  try {
    say(`request overhead: ${SEQUENTIAL_REQUESTS} sequential InviteUser (sendEmail false) and raw writes, interleaved`);
    const apiMs: number[] = [];
    const rawMs: number[] = [];
    const httpMs: number[] = [];
    const refusedMs: number[] = [];
    const failures: Record<string, number> = {};
    const timed = async (list: number[], call: () => Promise<number>, expected: number) => {
      const t0 = performance.now();
      const status = await call();
      if (status === expected) list.push(performance.now() - t0);
      else failures[`HTTP ${status}`] = (failures[`HTTP ${status}`] ?? 0) + 1;
    };
    for (let i = 0; i < SEQUENTIAL_REQUESTS; i++) {
      await timed(
        apiMs,
        async () => (await ctx.api.request('POST', '/InviteUser', inviteBody(uniqueEmail('seq')))).status,
        201,
      );
      rawMs.push(await ctx.raw.write(uniqueEmail('seq-raw')));
      // Floors of the same request path without storage: the link page without a link (no token, no storage) and
      // an invitation refused by validation (token checked, body parsed, no storage).
      await timed(httpMs, async () => (await ctx.api.request('GET', '/InviteUser')).status, 404);
      await timed(refusedMs, async () => (await ctx.api.request('POST', '/InviteUser', {})).status, 400);
    }
    const api = summarize(apiMs);
    const raw = summarize(rawMs);
    const floor = summarize(httpMs);
    const refused = summarize(refusedMs);
    const ratio = api.median / raw.median;
    const row = (name: string, v: ReturnType<typeof summarize>) =>
      `| ${name} | ${ms(v.median)} | ${ms(v.p95)} | ${ms(v.mean)} | ${ms(v.min)} | ${ms(v.max)} |`;
    rows.push({
      n: 1,
      measure,
      ours: `${ms(api.median)} (p95 ${ms(api.p95)})`,
      baseline: `${ms(raw.median)} (p95 ${ms(raw.p95)}) raw 2 table transactions`,
      ratio: `${ratio.toFixed(2)}×`,
      target,
      verdict: verdict(ratio, 1.5, true),
    });
    const beyond = api.median - raw.median - refused.median;
    sections.push({
      n: 1,
      title: '1. Request overhead',
      lines: [
        `${SEQUENTIAL_REQUESTS} sequential \`POST /api/InviteUser\` (one invitation, \`sendEmail: false\`, a new email each, ` +
          'bearer token of the dev professional) timed by the client over keep-alive HTTP, interleaved one for one with the ' +
          'storage round trips that request must make, done directly with `@azure/data-tables` from the bench process: the ' +
          'claim transaction in `ProviderIndex` (claim + listing rows) and the invitation transaction in `Invitations` ' +
          '(invitation row + `created` event), same entity shapes as the adapter. No queue message is sent without email. ' +
          'Two floors of the same host are interleaved too, to show where the difference goes.',
        '',
        '| | median | p95 | mean | min | max |',
        '|---|---|---|---|---|---|',
        row('**InviteUser** (HTTP, end to end)', api),
        row('**baseline**: the 2 table transactions, raw', raw),
        row(
          'floor: `GET /api/InviteUser` without a link (404 page: HTTP in and out of the host, no token, no storage)',
          floor,
        ),
        row('floor: `POST /api/InviteUser` with `{}` (token validated, body refused with 400, no storage)', refused),
        '',
        `Ratio of medians ${ratio.toFixed(2)}× (p95: ${(api.p95 / raw.p95).toFixed(2)}×). Of the ` +
          `${ms(api.median - raw.median)} the function adds at the median, about ${ms(refused.median)} is the request ` +
          `reaching the function and being answered with its token checked (of which ${ms(floor.median)} is the bare ` +
          `HTTP round trip through the local host), and about ${ms(Math.max(0, beyond))} is spent around the two ` +
          'transactions inside the host (validation, domain, adapter, the SDK pipeline in a process that is also ' +
          'serving HTTP).',
        ...(Object.keys(failures).length ? ['', `Unexpected answers: ${JSON.stringify(failures)}`] : []),
      ],
    });
    if (ratio > 0.9 * 1.5)
      misses.push(
        `**Request overhead, ${ratio.toFixed(2)}× (target 1.5×${ratio > 1.5 ? '' : ', met but close'}).** The two transactions take ${ms(raw.median)}; the ` +
          `function answers in ${ms(api.median)}. A request that stops after the token check and validation already ` +
          `costs ${ms(refused.median)} (${ms(floor.median)} for HTTP alone through the local host), i.e. ` +
          `${((refused.median / raw.median) * 100).toFixed(0)} % of the storage time before any storage is touched, so ` +
          `with two in-memory Azurite transactions (${ms(raw.median)} together) as the baseline the fixed per-request cost of ` +
          'the host and the edge (HTTP, token, validation) decides the ratio. Against Table Storage in Azure, where a ' +
          `transaction crosses the network, the same fixed cost weighs less; locally it ${ratio > 1.5 ? 'does not fit' : 'barely fits'} in 1.5×.`,
      );
  } catch (error) {
    failed(1, measure, target, error);
  }
}

// --- 2 and 6. throughput and memory --------------------------------------------------------------------------------

async function throughput(ctx: Context): Promise<void> {
  const measure = "Throughput: InviteUser's best rate";
  const target = '≥ 80 %';
  const memoryMeasure = 'Memory: host RSS peak under the throughput test';
  let sampler: MemorySampler | undefined;
  try {
    const pid = ctx.stack.functionsHost.pid!;
    const idle = (await rssOf(pid)) ?? 0;
    say(
      `throughput: InviteUser and raw writes at ${SWEEP.join(', ')} in flight, interleaved ${SWEEP_SLICE_MS / 1000} s ` +
        'slices, the sweep twice',
    );
    sampler = sampleMemory(pid, 200);
    const apiTask = () => inviteOnce(ctx, 'load');
    const rawTask = async (): Promise<true> => {
      await ctx.raw.write(uniqueEmail('load-raw'));
      return true;
    };
    // Warm-up, not counted: both until their code is warm (the JIT) at the in-flight levels where they peak, so the
    // sweep compares steady states (bench/overhead-probe.ts `--phases cpu`: a cold host spends a third more CPU per
    // request than a warm one).
    for (const c of [8, CONCURRENCY]) {
      await runLoad(c, THROUGHPUT_WARM_UP_MS, apiTask);
      await runLoad(c, THROUGHPUT_WARM_UP_MS, rawTask);
    }
    const api = new Map<number, LoadResult[]>(SWEEP.map((c) => [c, []]));
    const raw = new Map<number, LoadResult[]>(SWEEP.map((c) => [c, []]));
    // CPU time of the host, Azurite and the bench process over every slice of each kind: where a request's cost goes.
    const meter = cpuMeter(pid, await azuritePid());
    let apiCpu = NO_CPU;
    let rawCpu = NO_CPU;
    const metered = async (task: () => Promise<LoadResult>, add: (spent: CpuSample) => void) => {
      const before = await meter.read();
      const result = await task();
      add(cpuMinus(await meter.read(), before));
      return result;
    };
    for (let round = 0; round < 2; round++) {
      for (const c of SWEEP) {
        api.get(c)!.push(
          await metered(
            () => runLoad(c, SWEEP_SLICE_MS, apiTask),
            (spent) => {
              apiCpu = cpuPlus(apiCpu, spent);
            },
          ),
        );
        raw.get(c)!.push(
          await metered(
            () => runLoad(c, SWEEP_SLICE_MS, rawTask),
            (spent) => {
              rawCpu = cpuPlus(rawCpu, spent);
            },
          ),
        );
      }
    }
    // The host's CPU per request of the same route without storage: a function invoked and answered (the link page
    // without a link, 404), and an invitation refused by validation (token checked, JSON parsed, 400).
    const floorCpu = async (task: () => Promise<true | string>) => {
      let spent = NO_CPU;
      const result = await metered(
        () => runLoad(CONCURRENCY, SWEEP_SLICE_MS, task),
        (s) => {
          spent = s;
        },
      );
      return spent.hostMs / Math.max(1, result.ok);
    };
    const pageFloorMs = await floorCpu(async () =>
      (await ctx.api.request('GET', '/InviteUser')).status === 404 ? true : 'status',
    );
    const refusedFloorMs = await floorCpu(async () =>
      (await ctx.api.request('POST', '/InviteUser', {})).status === 400 ? true : 'status',
    );
    const memory = await sampler.stop();
    sampler = undefined;
    const levels = SWEEP.map((c) => ({ c, ours: combine(api.get(c)!), base: combine(raw.get(c)!) }));
    const best = (pick: (l: (typeof levels)[number]) => LoadResult) =>
      levels.reduce((a, b) => (pick(b).rate > pick(a).rate ? b : a));
    const oursBest = best((l) => l.ours);
    const baseBest = best((l) => l.base);
    const ratio = oursBest.ours.rate / baseBest.base.rate;
    const apiDone = levels.reduce((n, l) => n + l.ours.ok, 0);
    const rawDone = levels.reduce((n, l) => n + l.base.ok, 0);
    const per = (spent: number, done: number) => `${(spent / done).toFixed(2)} ms`;
    const apiTotal = apiCpu.hostMs + apiCpu.azuriteMs + apiCpu.benchMs;
    const rawTotal = rawCpu.hostMs + rawCpu.azuriteMs + rawCpu.benchMs;
    const cpuLine =
      `CPU time per request over the whole sweep (\`/proc\`, bench/cpu.ts): InviteUser ${per(apiTotal, apiDone)} — ` +
      `the Functions host ${per(apiCpu.hostMs, apiDone)}, Azurite ${per(apiCpu.azuriteMs, apiDone)}, the load ` +
      `client ${per(apiCpu.benchMs, apiDone)}; a raw write ${per(rawTotal, rawDone)} — the bench process (the SDK ` +
      `calls of one invitation written alone) ${per(rawCpu.benchMs, rawDone)}, Azurite ${per(rawCpu.azuriteMs, rawDone)}, the ` +
      `idle host ${per(rawCpu.hostMs, rawDone)}. Every process shares the machine's ${os.cpus().length} cores, so ` +
      `where both are bound by CPU the best rates stand about as the inverse of these totals ` +
      `(${((rawTotal / rawDone / (apiTotal / apiDone)) * 100).toFixed(0)} %). InviteUser's share is lowered by its ` +
      'claims sharing transactions at the higher levels (section 3), which the raw writes do not do. Without ' +
      `storage, the same route costs the host ${pageFloorMs.toFixed(2)} ms for a function invoked and answered ` +
      `(\`GET /api/InviteUser\` without a link, 404 page) and ${refusedFloorMs.toFixed(2)} ms for an invitation ` +
      `refused by validation (\`POST\` with \`{}\`: token checked, JSON parsed, 400), each at ${CONCURRENCY} in ` +
      `flight for ${SWEEP_SLICE_MS / 1000} s after the sweep.`;
    rows.push({
      n: 2,
      measure,
      ours: `${oursBest.ours.rate.toFixed(0)} invitations/s (at ${oursBest.c} in flight)`,
      baseline: `${baseBest.base.rate.toFixed(0)} raw invitation writes/s at their best (${baseBest.c} in flight)`,
      ratio: `${(ratio * 100).toFixed(0)} %`,
      target,
      verdict: verdict(ratio, 0.8, false),
    });
    rows.push({
      n: 6,
      measure: memoryMeasure,
      ours: mb(memory.peak),
      baseline: `${mb(idle)} idle before the test`,
      ratio: '—',
      target: '≤ 250 MB',
      verdict: verdict(memory.peak, 250 * 1024 * 1024, true),
    });
    const failures = levels.flatMap((l) =>
      Object.keys(l.ours.failures).length ? [`at ${l.c}: ${JSON.stringify(l.ours.failures)}`] : [],
    );
    sections.push({
      n: 2,
      title: '2. Throughput',
      lines: [
        `\`POST /api/InviteUser\` with a new email each (\`sendEmail: false\`) over keep-alive connections, against ` +
          'the same raw writes as in 1 (the two table transactions of one invitation, `submitTransaction` from the ' +
          `bench process), each at ${SWEEP.join(', ')} in flight: ${SWEEP_SLICE_MS / 1000} s slices, InviteUser then ` +
          `raw at each level, the whole sweep twice (after ${(2 * THROUGHPUT_WARM_UP_MS) / 1000} s of warm-up each, at 8 then ${CONCURRENCY} in flight), so both see the same tables. The ` +
          "target compares InviteUser's best rate with the raw writes' best rate, wherever each peaks (DESIGN.md §5). " +
          "The raw writes make each invitation's claim transaction on its own, as one InviteUser alone does; with " +
          "several in flight, InviteUser's claims of one provider share transactions (group commit, section 3), so " +
          'past a few in flight its rate can pass the raw writes’: that is the service writing less, the baseline is ' +
          'unchanged.',
        '',
        '| in flight | InviteUser rate | median latency | raw writes rate | median latency | InviteUser / raw |',
        '|---|---|---|---|---|---|',
        ...levels.map(
          (l) =>
            `| ${l.c} | ${l.ours.rate.toFixed(0)}/s | ${ms(summarize(l.ours.latenciesMs).median)} | ` +
            `${l.base.rate.toFixed(0)}/s | ${ms(summarize(l.base.latenciesMs).median)} | ` +
            `${((l.ours.rate / l.base.rate) * 100).toFixed(0)} % |`,
        ),
        '',
        `InviteUser peaks at ${oursBest.ours.rate.toFixed(0)}/s (${oursBest.c} in flight), the raw writes at ` +
          `${baseBest.base.rate.toFixed(0)}/s (${baseBest.c} in flight): ${(ratio * 100).toFixed(0)} %.` +
          (failures.length ? ` Unexpected answers: ${failures.join('; ')}.` : ''),
        '',
        cpuLine,
      ],
    });
    if (ratio < 0.8)
      misses.push(
        `**Throughput, best ${(ratio * 100).toFixed(0)} % of the raw writes' best (target 80 %).** See section 1 for ` +
          'the fixed cost per request, which weighs most where the raw writes peak. ' +
          cpuLine,
      );
    if (memory.peak > 250 * 1024 * 1024)
      misses.push(`**Memory under load, RSS peak ${mb(memory.peak)} (target 250 MB)**, from ${mb(idle)} idle.`);
    sections.push({
      n: 6,
      title: '6. Memory',
      lines: [
        `RSS of the Functions host process (\`stack.functionsHost.pid\`), sampled every 200 ms during the whole ` +
          `throughput test (${memory.samples.length} samples): peak ${mb(memory.peak)}, at the end ${mb(memory.last)}, ` +
          `idle before ${mb(idle)}.`,
      ],
    });
  } catch (error) {
    await sampler?.stop();
    failed(2, measure, target, error);
    failed(6, memoryMeasure, '≤ 250 MB', error);
  }
}

// --- 3. storage operations per invitation --------------------------------------------------------------------------

/** The port of one service's endpoint in an Azurite connection string. */
function endpointPort(connectionString: string, service: 'Blob' | 'Queue' | 'Table'): number {
  const endpoint = connectionString
    .split(';')
    .find((part) => part.startsWith(`${service}Endpoint=`))
    ?.slice(`${service}Endpoint=`.length);
  if (!endpoint) throw new Error(`no ${service}Endpoint in the storage connection string`);
  return Number(new URL(endpoint).port);
}

/**
 * Starts a Functions host of our own for the stack's app (the stack's host stopped first): with other storage
 * settings (the counting proxy) or Node.js flags (--trace-gc), on the given port (0: a free one).
 */
function startOwnHost(
  ctx: Context,
  options: { port: number; env?: Record<string, string>; execArgv?: string[]; onLine?: (line: string) => void },
): Promise<{ child: ChildProcess; url: string }> {
  const child = fork(
    path.join(root, 'dist/dev/functions-host/main.js'),
    ['--script-root', root, '--port', String(options.port)],
    {
      cwd: root,
      env: { ...ctx.hostEnv, ...options.env },
      // The worker's arguments of the settings (as the stack starts its host), then the bench's own flags.
      execArgv: [...workerArguments({ ...ctx.hostEnv, ...options.env }), ...(options.execArgv ?? [])],
      stdio: ['ignore', options.onLine ? 'pipe' : 'ignore', 'ignore', 'ipc'],
    },
  );
  let pending = '';
  child.stdout?.on('data', (chunk: Buffer) => {
    const lines = (pending + chunk.toString()).split('\n');
    pending = lines.pop() ?? '';
    for (const line of lines) options.onLine?.(line);
  });
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error('our Functions host was not ready in 30 s')), 30_000);
    child.once('message', (message: { type: string; url?: string }) => {
      clearTimeout(timer);
      if (message.type === 'ready' && message.url) resolve({ child, url: message.url });
      else reject(new Error(`our Functions host failed: ${JSON.stringify(message)}`));
    });
  });
}

/** The port of the stack's own Functions host (the Entra redirect URIs and Event Grid subscriptions name it). */
const stackPort = (ctx: Context) => Number(new URL(ctx.stack.info.functions.baseUrl).port);

/**
 * Replaces the stack's Functions host by one whose storage goes through counting proxies in front of Azurite (where
 * the stack's own host goes too), on `port` (0: a free one). What it starts is undone by `cleanups`, in order.
 */
async function countingHost(ctx: Context, port: number, cleanups: Array<() => Promise<void>>) {
  const azurite = (service: 'Blob' | 'Queue' | 'Table') =>
    endpointPort(ctx.stack.settings.AzureWebJobsStorage!, service);
  const tableProxy = await startCountingProxy('table', azurite('Table'));
  cleanups.push(() => tableProxy.close());
  const queueProxy = await startCountingProxy('queue', azurite('Queue'));
  cleanups.push(() => queueProxy.close());
  const connection = azuriteConnectionString('127.0.0.1', {
    blob: azurite('Blob'),
    queue: queueProxy.port,
    table: tableProxy.port,
  });
  await stopChild(ctx.stack.functionsHost);
  cleanups.push(() => ctx.stack.restartFunctions());
  const host = await startOwnHost(ctx, { port, env: { AzureWebJobsStorage: connection } });
  cleanups.unshift(() => stopChild(host.child));
  return { host, tableProxy, queueProxy };
}

interface Counted {
  calls: StorageCall[];
  start: number;
  emailMs: number;
}

async function countOneInvitation(
  ctx: Context,
  api: ApiClient,
  calls: StorageCall[],
  queueCalls: StorageCall[],
): Promise<Counted> {
  calls.length = 0;
  queueCalls.length = 0;
  const email = uniqueEmail('count');
  const start = Date.now();
  const answer = await api.request('POST', '/InviteUser', inviteBody(email, true));
  if (answer.status !== 201) throw new Error(`InviteUser answered ${answer.status}: ${answer.text.slice(0, 200)}`);
  let emailMs = Number.NaN;
  while (Date.now() - start < 15_000) {
    if ((await mailboxFor(ctx.local, email)).length > 0) {
      emailMs = Date.now() - start;
      break;
    }
    await sleep(50);
  }
  if (Number.isNaN(emailMs)) throw new Error('the email was not sent within 15 s');
  // The dispatch ends when its message is deleted (after the send is recorded).
  const until = Date.now() + 5_000;
  while (!queueCalls.some((c) => c.kind === 'delete' && c.target === 'outbox') && Date.now() < until) await sleep(20);
  await sleep(200);
  return { calls: [...calls, ...queueCalls].sort((a, b) => a.at - b.at), start, emailMs };
}

const CLAIMS_UNDER_LOAD_MS = 1_500;

/**
 * Invitations (no email) sent at 1, 8 and 32 in flight through the counting host: how many `ProviderIndex`
 * transactions (claims, with their listing rows) and `Invitations` transactions they made.
 */
async function claimsUnderLoad(api: ApiClient, calls: StorageCall[]) {
  const levels = [];
  for (const concurrency of [1, 8, 32]) {
    calls.length = 0;
    const load = await runLoad(concurrency, CLAIMS_UNDER_LOAD_MS, async () => {
      const answer = await api.request('POST', '/InviteUser', inviteBody(uniqueEmail('claims')));
      return answer.status === 201 ? true : `HTTP ${answer.status}`;
    });
    const transactions = (table: string) => calls.filter((c) => c.kind === 'transaction' && c.target === table);
    const claimWrites = transactions('ProviderIndex');
    levels.push({
      concurrency,
      invitations: load.ok,
      claimWrites: claimWrites.length,
      // A claim and its listing row: two entities per invitation.
      mostClaims: Math.max(0, ...claimWrites.map((c) => (c.entities ?? 0) / 2)),
      invitationWrites: transactions('Invitations').length,
    });
  }
  return levels;
}

const attributable = (c: StorageCall) =>
  !['receive (empty)', 'create table', 'create queue'].includes(c.kind) && !c.kind.endsWith(' queue');

/** Calls counted by operation and table or queue: `2 × point read ProviderIndex, 1 × send outbox`. */
function byKind(list: StorageCall[]): string {
  const counts = new Map<string, number>();
  for (const c of list) counts.set(`${c.kind} ${c.target}`, (counts.get(`${c.kind} ${c.target}`) ?? 0) + 1);
  return [...counts].map(([k, n]) => `${n} × ${k}`).join(', ');
}

function tally(counted: Counted) {
  const own = counted.calls.filter(attributable);
  const table = own.filter((c) => c.service === 'table');
  const queue = own.filter((c) => c.service === 'queue');
  return {
    table: table.length,
    queue: queue.length,
    tableKinds: byKind(table),
    queueKinds: byKind(queue),
    emptyPolls: counted.calls.filter((c) => c.kind === 'receive (empty)').length,
    oneOffs: counted.calls.filter((c) => !attributable(c) && c.kind !== 'receive (empty)').length,
    entities: table.reduce((n, c) => n + (c.entities ?? 0), 0),
  };
}

async function transactionsPerInvitation(ctx: Context): Promise<void> {
  const measure = 'Storage operations per invitation (POST → email sent)';
  const target = '≤ 20 for the whole journey';
  const cleanups: Array<() => Promise<void>> = [];
  try {
    say('storage operations: the Functions host restarted behind a counting proxy, one invitation with email');
    const { host, tableProxy, queueProxy } = await countingHost(ctx, 0, cleanups);
    const api = new ApiClient(host.url, ctx.api.token);
    cleanups.unshift(async () => api.close());
    const first = tally(await countOneInvitation(ctx, api, tableProxy.calls, queueProxy.calls));
    const warm = await countOneInvitation(ctx, api, tableProxy.calls, queueProxy.calls);
    const counts = tally(warm);
    const total = counts.table + counts.queue;
    const underLoad = await claimsUnderLoad(api, tableProxy.calls);
    rows.push({
      n: 3,
      measure,
      ours: `${total} (${counts.table} table + ${counts.queue} queue)`,
      baseline: `${first.table + first.queue} on a fresh host (cold caches)`,
      ratio: '—',
      target,
      verdict: verdict(total, 20, true),
    });
    const timeline = warm.calls.map(
      (c) =>
        `| +${c.at - warm.start} ms | ${c.service} | ${c.kind} | ${c.target}${c.entities ? ` (${c.entities} entities)` : ''} | ${c.status} |`,
    );
    sections.push({
      n: 3,
      title: '3. Storage operations per invitation',
      lines: [
        'The Functions host of the bench stack is stopped and a new one started with `AzureWebJobsStorage` pointing at ' +
          'a counting HTTP proxy in front of Azurite (Table and Queue endpoints), so every storage request of the ' +
          'service is seen. One invitation (`sendEmail: true`) is sent through it and followed until its email is in the ' +
          "mailbox and its queue message deleted. The first invitation warms the host's caches (provider, JWKS, tables " +
          'created on first use); the second one is the figure.',
        '',
        `Counted (second invitation, email in the mailbox after ${seconds(warm.emailMs)}): **${counts.table} table ` +
          `operations** (${counts.tableKinds}; ${counts.entities} entities written in the transactions) and ` +
          `**${counts.queue} queue operations** (${counts.queueKinds}): ${total} in all. A transaction counts as one ` +
          'operation, as Azure bills an entity group transaction.',
        `Not counted: ${counts.emptyPolls} empty polls of the host's queue listeners during those ${seconds(
          warm.calls.at(-1)!.at - warm.start,
        )} (they happen whether or not anything is sent; with \`maxPollingInterval\` 2 s the idle rate is about one ` +
          'per queue every 2 s).',
        `The first invitation on the fresh host made ${first.table} table and ${first.queue} queue operations ` +
          `(${first.tableKinds}; ${first.queueKinds}) plus ${first.oneOffs} one-off creations of tables and queues.`,
        '',
        `This is the first part of the onboarding journey, whose budget is ${target.replace(' for the whole journey', '')} ` +
          'operations in all (invite → email → open → accept → callback → create company); the rest is not measured here.',
        '',
        '| at | service | operation | table / queue | status |',
        '|---|---|---|---|---|',
        ...timeline,
        '',
        'Under load the claims of one provider share their writes (group commit, ' +
          '`shared/adapters/table/claim-coalescing.ts`): a claim that arrives while a claim write of its provider is ' +
          'out goes with the others in the next one, so the `ProviderIndex` transactions per invitation fall below 1; ' +
          `each invitation keeps its own \`Invitations\` transaction. Through the same proxy, ${seconds(
            CLAIMS_UNDER_LOAD_MS,
          )} of \`POST /api/InviteUser\` (no email) at each level:`,
        '',
        '| in flight | invitations | `ProviderIndex` transactions | claims per transaction (mean / most) | `Invitations` transactions |',
        '|---|---|---|---|---|',
        ...underLoad.map(
          (l) =>
            `| ${l.concurrency} | ${l.invitations} | ${l.claimWrites} | ${(l.invitations / Math.max(1, l.claimWrites)).toFixed(1)} / ${l.mostClaims} | ${l.invitationWrites} |`,
        ),
      ],
    });
  } catch (error) {
    failed(3, measure, target, error);
  } finally {
    for (const cleanup of cleanups) await cleanup().catch((error: unknown) => say(`cleanup failed: ${String(error)}`));
  }
}

// --- 7. the onboarding journey -------------------------------------------------------------------------------------

const JOURNEYS = 10;

/**
 * The whole onboarding journey (invite → email → open → accept → callback → create company), over HTTP, through a
 * Functions host behind the counting proxies, on the stack's own port (the Entra redirect URIs name it). One warm-up
 * journey, then JOURNEYS measured ones: their median storage operations and median time.
 */
async function onboardingJourneys(ctx: Context): Promise<void> {
  const measure = 'Onboarding journey: storage operations (invite → email → open → accept → callback → create company)';
  // DESIGN.md's budget: ≤ 20 Table/Queue operations for one full journey (its email's delivery report included).
  const target = '≤ 20';
  const cleanups: Array<() => Promise<void>> = [];
  try {
    say(`onboarding journey: ${JOURNEYS + 1} journeys over HTTP through a host behind the counting proxy`);
    const { tableProxy, queueProxy } = await countingHost(ctx, stackPort(ctx), cleanups);
    const token = await devProfessionalToken(ctx.local);
    const runs: Array<{
      ms: number;
      table: number;
      queue: number;
      steps: Map<JourneyStep, number>;
      calls: Array<StorageCall & { step: JourneyStep }>;
    }> = [];
    for (let i = 0; i <= JOURNEYS; i++) {
      // Each person at an address of their own, as invitees are (the service counts Accept clicks per address).
      const who = { email: uniqueEmail('journey'), password: 'Bench-Journey-Pass-9', address: `127.0.1.${i + 1}` };
      await createClientAccount(ctx.local, who.email, who.password);
      tableProxy.calls.length = 0;
      queueProxy.calls.length = 0;
      const marks: Array<{ step: JourneyStep; at: number }> = [];
      const start = Date.now();
      await onboardingJourney(ctx.local, token, who, (step) => marks.push({ step, at: Date.now() }));
      const ms = Date.now() - start;
      await sleep(300); // the dispatcher's last queue delete, if still in flight
      const own = [...tableProxy.calls, ...queueProxy.calls].filter(attributable).filter((c) => c.at >= start);
      const steps = new Map<JourneyStep, number>();
      const calls: Array<StorageCall & { step: JourneyStep }> = [];
      for (const call of own) {
        const step = [...marks].reverse().find((m) => m.at <= call.at)?.step ?? 'invite';
        steps.set(step, (steps.get(step) ?? 0) + 1);
        calls.push({ ...call, step });
      }
      runs.push({
        ms,
        table: own.filter((c) => c.service === 'table').length,
        queue: own.filter((c) => c.service === 'queue').length,
        steps,
        calls,
      });
    }
    const measured = runs.slice(1);
    const totals = summarize(measured.map((r) => r.table + r.queue));
    const times = summarize(measured.map((r) => r.ms));
    const typical = measured.find((r) => r.table + r.queue === totals.median) ?? measured[0]!;
    rows.push({
      n: 7,
      measure,
      ours: `${totals.median} (${typical.table} table + ${typical.queue} queue), median of ${measured.length}`,
      baseline: `journey median ${ms(times.median)} (p95 ${ms(times.p95)})`,
      ratio: '—',
      target,
      verdict: verdict(totals.median, 20, true),
    });
    if (totals.median > 20) {
      const count = (pattern: RegExp) => typical.calls.filter((c) => pattern.test(`${c.kind} ${c.target}`)).length;
      misses.push(
        `**Onboarding journey, ${totals.median} storage operations (target 20).** Section 7 lists them. Among them: ` +
          `${count(/ Limits$/)} on \`Limits\` (the accept step's counter per client address: one insert when it is ` +
          "the first click of its window; the invitation's own counter is written with the click's event), " +
          `${count(/query ClientAccounts$/)} queries of \`ClientAccounts\` (each signed-in page reads the ` +
          "client's partition once: the profile, to re-decide access, and its session's sign-out marker), and the " +
          'delivery report of the invitation email (a query ' +
          'and a transaction), which lands during the journey.',
      );
    }
    sections.push({
      n: 7,
      title: '7. The onboarding journey',
      lines: [
        `${JOURNEYS} journeys (after one warm-up) over HTTP, each for a new person with an account made through Graph ` +
          'beforehand (CAS 1, not counted) and a browser at an address of its own (127.0.1.n: the service counts ' +
          'Accept clicks per address, and invitees click from their own): the dev professional invites, the email arrives, the link is opened, ' +
          '"Accept" is posted, the local Entra sign-in and consent are answered, the callback runs, Create Company is ' +
          'shown and posted. Storage operations are counted by the proxy in front of Azurite (a transaction is one ' +
          "operation; the host's empty queue polls and one-off table creations are not counted).",
        '',
        `Storage operations per journey: min ${totals.min}, median ${totals.median}, max ${totals.max}. ` +
          `Journey time: median ${ms(times.median)}, p95 ${ms(times.p95)} (the email step includes the dispatch delay ` +
          'of 1 s and the queue polling).',
        '',
        '| step | storage operations (typical journey) |',
        '|---|---|',
        ...JOURNEY_STEPS.map((step) => `| ${step} | ${typical.steps.get(step) ?? 0} |`),
        '',
        'Every operation of that journey, in order:',
        '',
        '| step | service | operation | table / queue |',
        '|---|---|---|---|',
        ...typical.calls.map(
          (c) =>
            `| ${c.step} | ${c.service} | ${c.kind}${c.entities ? ` (${c.entities} entities)` : ''} | ${c.target} |`,
        ),
      ],
    });
  } catch (error) {
    failed(7, measure, target, error);
  } finally {
    for (const cleanup of cleanups) await cleanup().catch((error: unknown) => say(`cleanup failed: ${String(error)}`));
  }
}

// --- 9. storage operations per activation SMS ----------------------------------------------------------------------

type SmsStep = 'SendActivationSms' | 'DispatchActivationSms' | 'SmsDeliveryReport';
const SMS_STEPS: SmsStep[] = ['SendActivationSms', 'DispatchActivationSms', 'SmsDeliveryReport'];

interface SmsCount {
  calls: Array<StorageCall & { step: SmsStep }>;
  start: number;
  smsMs: number;
}

/**
 * One activation SMS followed to its end: the request (professional or app), the SMS in the mailbox, the dispatch's
 * queue delete, then the delivery report's write on the file. Each storage call is put under the step it belongs to
 * by time: before the answer, up to the dispatch's delete, after it.
 */
async function countOneSms(
  ctx: Context,
  proxies: { table: StorageCall[]; queue: StorageCall[] },
  send: () => Promise<{ status: number; text: string }>,
  phone: string,
): Promise<SmsCount> {
  await sleep(1_000); // what an earlier step left in flight (delivery reports, queue deletes) lands before the count
  proxies.table.length = 0;
  proxies.queue.length = 0;
  const start = Date.now();
  const answer = await send();
  const answeredAt = Date.now();
  if (answer.status !== 202)
    throw new Error(`SendActivationSms answered ${answer.status}: ${answer.text.slice(0, 200)}`);
  let smsMs = Number.NaN;
  while (Date.now() - start < 15_000) {
    if ((await mailboxFor(ctx.local, phone)).length > 0) {
      smsMs = Date.now() - start;
      break;
    }
    await sleep(50);
  }
  if (Number.isNaN(smsMs)) throw new Error(`no SMS reached ${phone.slice(0, 5)}… within 15 s`);
  const deleted = () => proxies.queue.find((c) => c.kind === 'delete' && c.target === 'sms-outbox');
  const reported = (after: number) =>
    proxies.table.some(
      (c) => c.at > after && c.target === 'ProviderIndex' && c.kind !== 'point read' && c.kind !== 'query',
    );
  const until = Date.now() + 10_000;
  while (!deleted() && Date.now() < until) await sleep(20);
  const deletedAt = deleted()?.at;
  if (deletedAt === undefined) throw new Error('the SMS outbox message was not deleted within 10 s');
  while (!reported(deletedAt) && Date.now() < until) await sleep(20);
  if (!reported(deletedAt)) throw new Error('the SMS delivery report was not recorded within 10 s');
  await sleep(300);
  const calls = [...proxies.table, ...proxies.queue]
    .filter(attributable)
    .filter((c) => c.at >= start)
    .sort((a, b) => a.at - b.at)
    .map((c) => ({
      ...c,
      step: (c.at <= answeredAt
        ? 'SendActivationSms'
        : c.at <= deletedAt
          ? 'DispatchActivationSms'
          : 'SmsDeliveryReport') as SmsStep,
    }));
  return { calls, start, smsMs };
}

/** A prospect with the app offered and a French mobile number of its own; its id and identification code. */
async function smsProspect(api: ApiClient, n: number): Promise<{ id: string; code: string; phone: string }> {
  const phone = `+3367${String(Date.now() % 1_000_000).padStart(6, '0')}${n}`;
  const answer = await api.request('POST', '/clients', {
    civility: 'mrs',
    firstName: 'Bench',
    lastName: `Sms${n}`,
    email: uniqueEmail('sms'),
    phone,
    mobileApp: { offered: true, usableUntil: '2035-12-31' },
  });
  if (answer.status !== 201)
    throw new Error(`POST /api/clients answered ${answer.status}: ${answer.text.slice(0, 200)}`);
  const file = JSON.parse(answer.text) as { id: string; mobileApp: { identificationCode?: string } };
  if (!file.mobileApp.identificationCode) throw new Error('the prospect has no identification code');
  return { id: file.id, code: file.mobileApp.identificationCode, phone };
}

async function smsOperations(ctx: Context): Promise<void> {
  const measure = 'Storage operations per activation SMS (send → SMS → delivery report)';
  const target = 'reported (no budget set)';
  const cleanups: Array<() => Promise<void>> = [];
  try {
    say('SMS storage operations: the Functions host restarted behind a counting proxy, three activation SMS');
    const { host, tableProxy, queueProxy } = await countingHost(ctx, stackPort(ctx), cleanups);
    const professional = new ApiClient(host.url, ctx.api.token);
    const app = new ApiClient(host.url, '');
    cleanups.unshift(async () => {
      professional.close();
      app.close();
    });
    const proxies = { table: tableProxy.calls, queue: queueProxy.calls };
    const [warm, fromSheet, fromApp] = [
      await smsProspect(professional, 1),
      await smsProspect(professional, 2),
      await smsProspect(professional, 3),
    ];
    // The first send warms the host's caches (provider, JWKS, tables created on first use): not reported.
    await countOneSms(
      ctx,
      proxies,
      () => professional.request('POST', '/SendActivationSms', { clientId: warm.id }),
      warm.phone,
    );
    const counts = {
      professional: await countOneSms(
        ctx,
        proxies,
        () => professional.request('POST', '/SendActivationSms', { clientId: fromSheet.id }),
        fromSheet.phone,
      ),
      app: await countOneSms(
        ctx,
        proxies,
        () => app.request('POST', '/SendActivationSms', { identificationCode: fromApp.code }),
        fromApp.phone,
      ),
    };
    const perStep = (count: SmsCount, step: SmsStep) => count.calls.filter((c) => c.step === step);
    const total = (count: SmsCount) => count.calls.length;
    rows.push({
      n: 9,
      measure,
      ours: `${total(counts.professional)} from the client sheet (${perStep(counts.professional, 'SendActivationSms').length} in the request)`,
      baseline: `${total(counts.app)} from the app (${perStep(counts.app, 'SendActivationSms').length} in the request)`,
      ratio: '—',
      target,
      verdict: 'reported',
    });
    const limitCalls = counts.professional.calls.filter((c) => c.target === 'Limits').length;
    sections.push({
      n: 9,
      title: '9. Storage operations per activation SMS',
      lines: [
        'The Functions host is restarted behind the counting proxies in front of Azurite (as in section 3), on the ' +
          "stack's port so that the local Event Grid delivers the SMS delivery reports to it. Three prospects with the " +
          "app offered are created through `POST /api/clients` (not counted). The first one's SMS warms the host; " +
          "then one SMS is sent from the client sheet (`{ clientId }`, the professional's token) and one from the app " +
          '(`{ identificationCode }`, no token), each followed until the SMS is in the mailbox, its `sms-outbox` ' +
          'message deleted and its delivery report written on the file. A transaction counts as one operation; empty ' +
          'queue polls and one-off creations are not counted.',
        '',
        '| step | from the client sheet | from the app |',
        '|---|---|---|',
        ...SMS_STEPS.map(
          (step) => `| ${step} | ${perStep(counts.professional, step).length} | ${perStep(counts.app, step).length} |`,
        ),
        `| **in all** | **${total(counts.professional)}** | **${total(counts.app)}** |`,
        '',
        `SMS in the mailbox after ${seconds(counts.professional.smsMs)} (sheet) and ${seconds(counts.app.smsMs)} ` +
          `(app), the dispatcher's delay included. Of the sheet's operations, ${limitCalls} are on \`Limits\` ` +
          "(SECURITY.md's SMS limits: one sliding row per phone, client, professional and provider, and the global " +
          'daily budget; a row costs one insert on its first use, else an insert refused, a read and a conditional ' +
          'write).',
        '',
        ...SMS_STEPS.flatMap((step) => [
          `- ${step}, from the sheet: ${byKind(perStep(counts.professional, step)) || 'none'}; from the app: ` +
            `${byKind(perStep(counts.app, step)) || 'none'}.`,
        ]),
      ],
    });
  } catch (error) {
    failed(9, measure, target, error);
  } finally {
    for (const cleanup of cleanups) await cleanup().catch((error: unknown) => say(`cleanup failed: ${String(error)}`));
  }
}

// --- 10. ResetPassword: the same answer in the same time --------------------------------------------------------

const RESET_REQUESTS = 100;

/**
 * SECURITY.md's uniform answers: `POST /api/ResetPassword` for an address with an account and one without, interleaved,
 * side by side — the medians within noise of each other, and every answer the same 202.
 */
async function resetPasswordUniformity(ctx: Context): Promise<void> {
  const measure = 'ResetPassword: median answer, an address with an account vs one without';
  const target = 'ratio within 0.9–1.1×, answers identical';
  try {
    const existing = uniqueEmail('reset');
    await createClientAccount(ctx.local, existing, 'Bench-Reset-Pass-9');
    say(
      `reset password: ${RESET_REQUESTS} requests for an address with an account, ${RESET_REQUESTS} without, interleaved`,
    );
    const timing = await resetPasswordTiming({
      apiBase: ctx.stack.info.functions.baseUrl,
      existing,
      unknown: uniqueEmail('reset-nobody'),
      n: RESET_REQUESTS,
      storageConnectionString: ctx.stack.info.storage.connectionString,
    });
    const ratio = timing.existingMedianMs / timing.unknownMedianMs;
    const within = ratio >= 0.9 && ratio <= 1.1 && timing.uniform;
    rows.push({
      n: 10,
      measure,
      ours: `${ms(timing.existingMedianMs)} with an account`,
      baseline: `${ms(timing.unknownMedianMs)} without`,
      ratio: `${ratio.toFixed(2)}×`,
      target,
      verdict: within ? (ratio < 0.95 || ratio > 1.05 ? 'met, within 10 %' : 'met') : 'MISSED',
    });
    sections.push({
      n: 10,
      title: '10. ResetPassword: the same answer in the same time',
      lines: [
        `${timing.n} requests \`POST /api/ResetPassword\` for an address an account signs in with (made through Graph ` +
          `beforehand) and ${timing.n} for an address no account has, interleaved, each timed from the send to the ` +
          "answer's last byte. The request does the same work for both (the address checked, the per-IP limit taken, " +
          'the request queued); the worker that looks the account up runs after the answer. The per-IP counter of ' +
          'the loopback address is forgotten before each request, so every one takes the whole path.',
        '',
        `Medians: ${ms(timing.existingMedianMs)} with an account, ${ms(timing.unknownMedianMs)} without ` +
          `(${ratio.toFixed(2)}×). ${timing.uniform ? 'Every answer was the same `202` with the same body.' : 'The answers differed.'}`,
      ],
    });
  } catch (error) {
    failed(10, measure, target, error);
  }
}

// --- 4. bulk --------------------------------------------------------------------------------------------------------

interface BatchProgressJson {
  status: string;
  created: number;
  refused: unknown[];
  delivery: { sent: number; failed: number; pending: number };
}

async function bulk(ctx: Context): Promise<void> {
  const measure = `Bulk: ${BULK_ROWS.toLocaleString('en')} invitations in one request, fully created`;
  const target = '≤ 60 s';
  const rateMeasure = 'Bulk: rate of invitations fully created';
  const rateTarget = '≥ 80 %';
  const memoryMeasure = 'Bulk: host RSS peak while the bulk is processed';
  let sampler: MemorySampler | undefined;
  let stopOwnHost = async () => {};
  try {
    say(`bulk: ${BULK_ROWS} invitations in one JSON request, then until every chunk is done (or time is up)`);
    // The stack's host is replaced by the same host with --trace-gc on the same port, so the report can tell the
    // live heap (after each full collection) from the RSS, which also counts garbage not yet collected.
    const port = stackPort(ctx);
    await stopChild(ctx.stack.functionsHost);
    const fullGcs: Array<{ before: number; after: number; committed: number }> = [];
    let scavenges = 0;
    const host = await startOwnHost(ctx, {
      port,
      execArgv: ['--trace-gc'],
      onLine: (line) => {
        const full = /Mark-Compact (?:\(reduce\) )?([\d.]+) \(([\d.]+)\) -> ([\d.]+) \(([\d.]+)\) MB/.exec(line);
        if (full) fullGcs.push({ before: Number(full[1]), after: Number(full[3]), committed: Number(full[2]) });
        else if (line.includes('Scavenge')) scavenges++;
      },
    });
    stopOwnHost = () => stopChild(host.child);
    const pid = host.child.pid!;
    const invitations = Array.from({ length: BULK_ROWS }, (_, i) => ({
      email: uniqueEmail('bulk'),
      firstName: 'Bulk',
      lastName: `Row ${i}`,
    }));
    const bodyBytes = Buffer.byteLength(JSON.stringify({ invitations }));
    const hostBatchSize = (
      JSON.parse(await readFile(path.join(root, 'host.json'), 'utf8')) as {
        extensions: { queues: { batchSize: number } };
      }
    ).extensions.queues.batchSize;
    // The baseline: the storage round trips of one bulk row with its email, raw, at each level of the sweep — once
    // before the bulk and once after, on the same stack (another provider's partition, the bench's own queue).
    const rawBulk = await rawInvitationWriter(
      ctx.stack.info.storage.connectionString,
      'bench-raw-provider',
      { oid: ctx.stack.identities.professionalUser.id, name: ctx.stack.identities.professionalUser.displayName },
      'bench-raw-outbox',
    );
    const rawTask = async (): Promise<true> => {
      await rawBulk.write(uniqueEmail('bulk-raw'));
      return true;
    };
    const rawLevels = new Map<number, LoadResult[]>(SWEEP.map((c) => [c, []]));
    const rawSweep = async () => {
      for (const c of SWEEP) rawLevels.get(c)!.push(await runLoad(c, SWEEP_SLICE_MS, rawTask));
    };
    await runLoad(8, 1_000, rawTask); // warm-up, not counted
    await rawSweep();
    sampler = sampleMemory(pid, 500);
    const postedAt = Date.now();
    const started = performance.now();
    const answer = await ctx.api.request('POST', '/InviteUser', { invitations });
    const acceptedMs = performance.now() - started;
    if (answer.status !== 202) throw new Error(`the bulk answered ${answer.status}: ${answer.text.slice(0, 300)}`);
    const { batchId, accepted } = JSON.parse(answer.text) as { batchId: string; accepted: number };
    say(`bulk: 202 after ${seconds(acceptedMs)}, ${accepted} accepted; waiting for the chunks`);
    let progress: BatchProgressJson;
    let lastSaid = performance.now();
    for (;;) {
      const read = await ctx.api.request('GET', `/invitations/batches/${batchId}`);
      if (read.status !== 200) throw new Error(`the batch answered ${read.status}: ${read.text.slice(0, 200)}`);
      progress = JSON.parse(read.text) as BatchProgressJson;
      if (progress.status === 'completed' || performance.now() > ctx.deadline - 15_000) break;
      if (performance.now() - lastSaid > 15_000) {
        lastSaid = performance.now();
        say(`bulk: ${progress.created} invited after ${seconds(performance.now() - started)}`);
      }
      await sleep(1_000);
    }
    const doneMs = performance.now() - started;
    const memory = await sampler.stop();
    sampler = undefined;
    const completed = progress.status === 'completed';
    // When the last invitation was created: the last chunk's outcome row was written right after its last row
    // (Azurite stamps each write; the bench and Azurite share the machine's clock).
    let lastChunkAt = 0;
    for await (const row of TableClient.fromConnectionString(ctx.stack.info.storage.connectionString, 'Batches', {
      allowInsecureConnection: true,
    }).listEntities<{ timestamp?: string }>({
      queryOptions: { filter: `PartitionKey eq '${batchId}'` },
    })) {
      if (String(row.rowKey).startsWith('chunk|') && row.timestamp)
        lastChunkAt = Math.max(lastChunkAt, Date.parse(row.timestamp));
    }
    const createdMs = completed && lastChunkAt > 0 ? lastChunkAt - postedAt : doneMs;
    if (completed) await rawSweep();
    const rawByLevel = SWEEP.map((c) => ({ c, result: combine(rawLevels.get(c)!) }));
    const rawBest = rawByLevel.reduce((a, b) => (b.result.rate > a.result.rate ? b : a));
    const createdRate = progress.created / (createdMs / 1000);
    const rateRatio = createdRate / rawBest.result.rate;
    const live = fullGcs.map((g) => g.after);
    const heapSummary = fullGcs.length
      ? `live heap after each full collection ${Math.min(...live).toFixed(0)}–${Math.max(...live).toFixed(0)} MB ` +
        `(the last ${live.at(-1)!.toFixed(0)} MB), heap at most ${Math.max(...fullGcs.map((g) => g.before)).toFixed(0)} MB ` +
        `used and ${Math.max(...fullGcs.map((g) => g.committed)).toFixed(0)} MB committed before a collection`
      : 'no full collection seen';
    const backgroundRate = progress.created / ((doneMs - acceptedMs) / 1000);

    const connection = ctx.stack.info.storage.connectionString;
    const pacer = await TableClient.fromConnectionString(connection, 'Limits', { allowInsecureConnection: true })
      .getEntity<{ NextAt: string }>('pacer|email', 'next')
      .catch(() => undefined);
    const outbox = await new QueueClient(connection, 'outbox')
      .getProperties()
      .then((p) => p.approximateMessagesCount)
      .catch(() => undefined);
    const interval = paceInterval(QUOTA);
    const hoursAfter = (at: number) => `+${((at - postedAt) / 3_600_000).toFixed(1)} h`;
    const pacing = pacer
      ? (() => {
          const nextAt = Date.parse(pacer.NextAt);
          const reserved = Math.round((nextAt - postedAt) / 1000 / interval);
          return (
            `The pacer's row (\`Limits\`, partition \`pacer|email\`) holds NextAt = ${pacer.NextAt}: about ` +
            `${reserved.toLocaleString('en')} send times are reserved (each chunk reserves one per row when it starts), ` +
            `the first about 1 s after the request, the last at ${new Date(nextAt - interval * 1000).toISOString()} ` +
            `(${hoursAfter(nextAt - interval * 1000)}); all ${accepted.toLocaleString('en')} end at ` +
            `${hoursAfter(postedAt + accepted * interval * 1000)}. Queue Storage cannot show invisible messages ` +
            '(peek skips them), so the schedule is read from the pacer.'
          );
        })()
      : 'The pacer row could not be read.';

    rows.push({
      n: 4,
      measure,
      ours: completed
        ? seconds(createdMs)
        : `not completed: ${progress.created.toLocaleString('en')} of ${accepted.toLocaleString('en')} after ${seconds(doneMs)}`,
      baseline: `202 after ${seconds(acceptedMs)}`,
      ratio: '—',
      target,
      verdict: completed ? verdict(createdMs, 60_000, true) : 'MISSED',
    });
    rows.push({
      n: 4,
      measure: rateMeasure,
      ours: `${createdRate.toFixed(0)} invitations/s`,
      baseline:
        `${rawBest.result.rate.toFixed(0)} raw bulk-row writes/s at their best (${rawBest.c} in flight; ` +
        '2 transactions + 1 queue message each)',
      ratio: `${(rateRatio * 100).toFixed(0)} %`,
      target: rateTarget,
      verdict: completed ? verdict(rateRatio, 0.8, false) : 'MISSED',
    });
    rows.push({
      n: 4,
      measure: memoryMeasure,
      ours: mb(memory.peak),
      baseline: '—',
      ratio: '—',
      target: '≤ 250 MB',
      verdict: verdict(memory.peak, 250 * 1024 * 1024, true),
    });
    if (memory.peak > 0.9 * 250 * 1024 * 1024)
      misses.push(
        `**Bulk memory, RSS peak ${mb(memory.peak)} (target 250 MB${memory.peak > 250 * 1024 * 1024 ? '' : ', met but close: other runs can go over'}).** Not a leak: ${heapSummary}. The peak is ` +
          'the V8 heap growing with garbage between full collections while up to 12 chunks are invited at once ' +
          '(each row allocates its SDK requests and responses), plus the native memory of the process. The host runs ' +
          'with the old space of `languageWorkers__node__arguments` (docs/decisions.md, "The worker\'s heap is sized ' +
          'to the instance"); inviting fewer chunks at once (host.json `queues.batchSize`) would lower the peak further.',
      );
    if (!completed || createdMs > 60_000)
      misses.push(
        `**Bulk, ${completed ? seconds(createdMs) : 'not completed'} to create every invitation (target 60 s).** See ` +
          'section 4.',
      );
    if (completed && rateRatio < 0.8)
      misses.push(
        `**Bulk rate, ${(rateRatio * 100).toFixed(0)} % of the raw writes' best (target 80 %).** See section 4.`,
      );
    sections.push({
      n: 4,
      title: '4. Bulk',
      lines: [
        'On a fresh stack of its own (the phases before leave thousands of invitations behind): one ' +
          `\`POST /api/InviteUser\` with \`{ invitations: [...] }\` of ${BULK_ROWS.toLocaleString('en')} rows ` +
          '(email, first and last name; emails on), then `GET /api/invitations/batches/{id}` every second until the ' +
          'batch is `completed` or the bench has to stop; RSS of the Functions host sampled every 0.5 s from the ' +
          'request on. *Fully created* is the time from the request to the last chunk done (the time Azurite stamped ' +
          "on the last chunk's outcome row, written right after its last invitation): every invitation written and " +
          'its email queued. The baseline is the same storage work per row done raw from the bench process — the ' +
          'claim transaction, the dispatch message, the invitation transaction with its outbox row and two events ' +
          `(bench/raw-storage.ts) — at ${SWEEP.join(', ')} in flight, ${SWEEP_SLICE_MS / 1000} s each, once before ` +
          "the bulk and once after, on the same stack (another provider's partition); its best level is the target's " +
          'baseline (DESIGN.md §5).',
        '',
        `- accepted: **202 after ${seconds(acceptedMs)}** (${accepted.toLocaleString('en')} rows accepted, request ` +
          `body ${mb(bodyBytes)}); the rows are stored in ${Math.ceil(accepted / 100)} chunks and invited in the ` +
          `background, ${hostBatchSize} chunks at a time (host.json \`queues.batchSize\`), ${ROWS_IN_FLIGHT} rows of ` +
          `a chunk at once, their claims taken ${MAX_CLAIMS_TOGETHER} per write`,
        completed
          ? `- **fully created after ${seconds(createdMs)}** (${progress.created.toLocaleString('en')} ` +
            `invitations created, ${progress.refused.length} refused): **${createdRate.toFixed(0)} invitations/s** from ` +
            `the request, ${(rateRatio * 100).toFixed(0)} % of the raw writes' best`
          : `- **not completed** when the bench had to stop waiting, after ${seconds(doneMs)}: ` +
            `${progress.created.toLocaleString('en')} of ${accepted.toLocaleString('en')} invited ` +
            `(${backgroundRate.toFixed(0)} invitations/s in the background, so about ` +
            `${seconds(acceptedMs + (accepted / backgroundRate) * 1000)} for all)`,
        '',
        '| in flight | raw bulk-row writes | median latency |',
        '|---|---|---|',
        ...rawByLevel.map(
          (l) => `| ${l.c} | ${l.result.rate.toFixed(0)}/s | ${ms(summarize(l.result.latenciesMs).median)} |`,
        ),
        '',
        `- host RSS: peak **${mb(memory.peak)}** ${seconds(memory.peakAtMs)} after the request, ${mb(memory.last)} at the ` +
          `end (${memory.samples.length} samples; ${mb(summarize(memory.samples).median)} median)`,
        `- host JS heap (the host runs with \`--trace-gc\` for this phase): ${fullGcs.length} full collections and ` +
          `${scavenges} scavenges; ${heapSummary}`,
        `- pacing to the quota of ${QUOTA.perMinute}/min and ${QUOTA.perHour}/h (the defaults): one email every ` +
          `${interval} s. ${pacing}`,
        `- the \`outbox\` queue holds ${outbox?.toLocaleString('en') ?? 'an unknown number of'} dispatch pointers ` +
          `(approximate count, invisible ones included); the batch shows the progress: ` +
          `${progress.delivery.sent} sent, ${progress.delivery.failed} failed, ` +
          `${progress.delivery.pending.toLocaleString('en')} pending when the bench stopped.`,
      ],
    });
  } catch (error) {
    await sampler?.stop();
    failed(4, measure, target, error);
    failed(4, rateMeasure, rateTarget, error);
    failed(4, memoryMeasure, '≤ 250 MB', error);
  } finally {
    await stopOwnHost();
  }
}

// --- 5. cold start --------------------------------------------------------------------------------------------------

async function coldStarts(ctx: Context): Promise<void> {
  const measure = 'Cold start: first response of the built app';
  const target = '≤ 1.5×';
  try {
    say(`cold start: the built app and a hello-world app, alternately, ${COLD_START_RUNS} runs each (+1 warm-up)`);
    const helloRoot = path.join(root, 'bench', 'hello-app');
    const app = () => coldStart(root, root, 'openapi.json', ctx.hostEnv);
    const hello = () => coldStart(root, helloRoot, 'hello', ctx.hostEnv);
    await app();
    await hello();
    const apps: ColdStartRun[] = [];
    const hellos: ColdStartRun[] = [];
    for (let i = 0; i < COLD_START_RUNS; i++) {
      if (i % 2 === 0) {
        apps.push(await app());
        hellos.push(await hello());
      } else {
        hellos.push(await hello());
        apps.push(await app());
      }
    }
    const bad = [...apps, ...hellos].filter((r) => r.status !== 200);
    if (bad.length) throw new Error(`first responses were not 200: ${bad.map((r) => r.status).join(', ')}`);
    const ours = summarize(apps.map((r) => r.firstResponseMs));
    const base = summarize(hellos.map((r) => r.firstResponseMs));
    const oursReady = summarize(apps.map((r) => r.readyMs));
    const baseReady = summarize(hellos.map((r) => r.readyMs));
    const ratio = ours.median / base.median;
    rows.push({
      n: 5,
      measure,
      ours: ms(ours.median),
      baseline: `${ms(base.median)} hello-world app`,
      ratio: `${ratio.toFixed(2)}×`,
      target,
      verdict: verdict(ratio, 1.5, true),
    });
    const list = (runs: ColdStartRun[]) => runs.map((r) => r.firstResponseMs.toFixed(0)).join(', ');
    const firstRequest = (runs: ColdStartRun[]) => summarize(runs.map((r) => r.firstResponseMs - r.readyMs)).median;

    // What the difference is made of: the app's production dependencies, each imported alone in a fresh process,
    // then all together (they share @azure/core-* packages, so the parts add up to more than the whole).
    const pkg = JSON.parse(await readFile(path.join(root, 'package.json'), 'utf8')) as {
      dependencies: Record<string, string>;
    };
    const dependencies = Object.keys(pkg.dependencies);
    const costs: Array<[string, number | undefined]> = [];
    for (const dependency of dependencies) costs.push([dependency, await importCost(root, [dependency])]);
    const hostOwn = ['@azure/functions', '@azure/storage-queue'];
    const all = await importCost(root, dependencies);
    const hostPart = await importCost(root, hostOwn);
    costs.sort((a, b) => (b[1] ?? 0) - (a[1] ?? 0));
    sections.push({
      n: 5,
      title: '5. Cold start',
      lines: [
        "A new local Functions host process (`dist/dev/functions-host/main.js`, with the bench stack's app settings) is " +
          'spawned for each run and timed from the spawn to the end of its first response: the built service ' +
          '(`GET /api/openapi.json`, a route without I/O; all of `dist/functions/*.js` is loaded and registered before ' +
          "the host listens, and each function's handler is imported on its first call) against the one-function " +
          'hello-world app of `bench/hello-app` (`GET /api/hello`) on the ' +
          `same host code. One warm-up run each, then ${COLD_START_RUNS} runs each, alternately.`,
        '',
        '| | median first response | median ready (listening) | median first request after ready | runs (ms) |',
        '|---|---|---|---|---|',
        `| built app | ${ms(ours.median)} | ${ms(oursReady.median)} | ${ms(firstRequest(apps))} | ${list(apps)} |`,
        `| hello-world app | ${ms(base.median)} | ${ms(baseReady.median)} | ${ms(firstRequest(hellos))} | ${list(hellos)} |`,
        '',
        `Ratio of medians ${ratio.toFixed(2)}×: the built app needs ${ms(ours.median - base.median)} more, ` +
          `${ms(oursReady.median - baseReady.median)} of it before the host listens — loading the app's modules and ` +
          'their dependencies, which the hello-world app does not have.',
        '',
        'Import time of each production dependency alone, in a fresh Node.js process (median of 3):',
        '',
        '| package | import |',
        '|---|---|',
        ...costs.map(([name, cost]) => `| \`${name}\` | ${cost === undefined ? 'failed' : ms(cost)} |`),
        `| all ${dependencies.length} together | ${all === undefined ? 'failed' : ms(all)} |`,
        `| of which the host loads for any app (\`${hostOwn.join('`, `')}\`) | ${hostPart === undefined ? 'failed' : ms(hostPart)} |`,
      ],
    });
    if (ratio > 1.5) {
      const top = costs
        .filter(([name, cost]) => cost !== undefined && !hostOwn.includes(name))
        .slice(0, 4)
        .map(([name, cost]) => `\`${name}\` ${ms(cost!)}`)
        .join(', ');
      misses.push(
        `**Cold start, ${ratio.toFixed(2)}× (target 1.5×).** The hello-world app answers after ${ms(base.median)}; the ` +
          `built app after ${ms(ours.median)}, and ${ms(oursReady.median - baseReady.median)} of the difference is ` +
          'spent before the host listens, registering every function (a function file loads only @azure/functions; ' +
          'its handler is imported on its first call), the rest answering the first request: importing the ' +
          "route's handler (the edge and the settings' readers) and reading the document the build wrote " +
          `(dist/openapi.json). Imported all together the production dependencies take ${all === undefined ? '?' : ms(all)} ` +
          `(the host itself already loads ${hostOwn.join(' and ')} for any app); the largest alone: ${top}. The app ` +
          'imports MSAL, ACS email, Identity and Tables on first use (shared/deps.ts), and each function its own ' +
          'graph on its first call (functions/handlers/).',
      );
    }
  } catch (error) {
    failed(5, measure, target, error);
  }
}

// --- 8. client search ---------------------------------------------------------------------------------------------

const SEARCH_CLIENTS = 10_000;
const SEARCH_ROUNDS = 25;

async function clientSearch(ctx: Context): Promise<void> {
  const measure = `Client search: median latency, ${SEARCH_CLIENTS.toLocaleString('en')} clients in one provider`;
  const target = '≤ 2×';
  try {
    const connection = ctx.stack.info.storage.connectionString;
    say(`client search: writing ${SEARCH_CLIENTS} client files (file and index rows, as the adapter writes them)`);
    const t0 = performance.now();
    await seedClientFiles(connection, GFMS_PROVIDER_ID, SEARCH_CLIENTS);
    const seeded = performance.now() - t0;
    const raw = rawSearch(connection);
    const apiMs: number[] = [];
    const rawMs: number[] = [];
    const found: Record<string, { items: number; truncated: boolean; rawRows: number }> = {};
    say(`client search: ${SEARCH_ROUNDS} rounds of ${SEARCHES.length} searches, each beside its raw range query`);
    for (let round = 0; round < SEARCH_ROUNDS; round++) {
      for (const q of SEARCHES) {
        const a0 = performance.now();
        const answer = await ctx.api.request('GET', `/clients?${new URLSearchParams({ q })}`);
        const a1 = performance.now();
        if (answer.status !== 200) throw new Error(`GET /api/clients?q=${q} answered ${answer.status}`);
        const rows = await raw(GFMS_PROVIDER_ID, q);
        const r1 = performance.now();
        if (round > 0) {
          apiMs.push(a1 - a0);
          rawMs.push(r1 - a1);
        }
        const body = JSON.parse(answer.text) as { items: unknown[]; truncated: boolean };
        found[q] = { items: body.items.length, truncated: body.truncated, rawRows: rows };
      }
    }
    const api = summarize(apiMs);
    const base = summarize(rawMs);
    const ratio = api.median / base.median;
    rows.push({
      n: 8,
      measure,
      ours: `${ms(api.median)} (p95 ${ms(api.p95)})`,
      baseline: `${ms(base.median)} (p95 ${ms(base.p95)}) one raw range query`,
      ratio: `${ratio.toFixed(2)}×`,
      target,
      verdict: verdict(ratio, 2, true),
    });
    const row = (name: string, v: ReturnType<typeof summarize>) =>
      `| ${name} | ${ms(v.median)} | ${ms(v.p95)} | ${ms(v.mean)} | ${ms(v.min)} | ${ms(v.max)} |`;
    sections.push({
      n: 8,
      title: '8. Client search',
      lines: [
        `${SEARCH_CLIENTS.toLocaleString('en')} client files in the dev professional's provider (one partition), written ` +
          `as the adapter writes them — the file and its index rows — in transactions of 100 rows (${seconds(seeded)}). ` +
          `Then ${SEARCH_ROUNDS} rounds (the first one not counted) of ${SEARCHES.length} searches ` +
          `(${SEARCHES.map((q) => `\`${q}\``).join(', ')}), each \`GET /api/clients?q=\` (bearer token of the dev ` +
          'professional, over keep-alive HTTP) followed by the one range query the store makes for it, made directly with ' +
          "`@azure/data-tables` from the bench process: same partition, same RowKey range (the longest word's prefix), " +
          'same columns, same page size (100 rows).',
        '',
        '| | median | p95 | mean | min | max |',
        '|---|---|---|---|---|---|',
        row('**search** (HTTP, end to end)', api),
        row('**baseline**: the range query, raw', base),
        '',
        `Ratio of medians ${ratio.toFixed(2)}×. What each search found (summaries answered / rows of the raw page): ` +
          Object.entries(found)
            .map(([q, f]) => `\`${q}\` ${f.items}${f.truncated ? '+' : ''} / ${f.rawRows}`)
            .join(', ') +
          '.',
      ],
    });
    if (ratio > 0.9 * 2)
      misses.push(
        `**Client search, ${ratio.toFixed(2)}× (target 2×${ratio > 2 ? '' : ', met but close'}).** The range query takes ` +
          `${ms(base.median)}; the search answers in ${ms(api.median)}: the difference is the request's fixed cost ` +
          '(HTTP through the local host, the token, the edge) around the same single query.',
      );
  } catch (error) {
    failed(8, measure, target, error);
  }
}

// --- report ---------------------------------------------------------------------------------------------------------

function machine(): string[] {
  const cpus = os.cpus();
  return [
    `- CPU: ${cpus[0]?.model ?? 'unknown'}, ${cpus.length} cores`,
    `- RAM: ${(os.totalmem() / 1024 ** 3).toFixed(1)} GiB`,
    `- OS: ${os.type()} ${os.release()} (${os.arch()})`,
    `- Node.js ${process.version}`,
    `- load average when the bench started: ${loadAtStart.map((l) => l.toFixed(2)).join(', ')} (1, 5, 15 min); ` +
      'anything else running on the machine during the bench disturbs the figures',
  ];
}

const COLUMNS = ['measure', 'ours', 'baseline', 'ratio', 'target', 'verdict'] as const;

function textTable(ordered: Row[]): string {
  const all = [Object.fromEntries(COLUMNS.map((c) => [c, c])) as Record<(typeof COLUMNS)[number], string>, ...ordered];
  const widths = COLUMNS.map((c) => Math.max(...all.map((r) => r[c].length)));
  const line = (r: (typeof all)[number]) => COLUMNS.map((c, j) => r[c].padEnd(widths[j]!)).join('  ');
  return [line(all[0]!), widths.map((w) => '-'.repeat(w)).join('  '), ...ordered.map(line)].join('\n');
}

function markdown(ordered: Row[], startedAt: Date, totalMs: number): string {
  const missed = ordered.filter((r) => r.verdict === 'MISSED' || r.verdict === 'not measured');
  const close = ordered.filter((r) => r.verdict === 'met, within 10 %');
  return [
    '# Benchmarks',
    '',
    `Measured by \`npm run bench\` (bench/run.ts) on ${startedAt.toISOString().slice(0, 16).replace('T', ' ')} UTC, ` +
      `whole run ${seconds(totalMs)}. Targets are those of DESIGN.md §5. Every figure and its baseline come from the same ` +
      'run on the same machine: the bench starts its own local stack (Azurite in memory, local Entra ID and ACS, the ' +
      'local Functions host running the built app from `dist/`) on free loopback ports — and a second, fresh one for ' +
      'the bulk — with the default email quota ' +
      `(${QUOTA.perMinute}/min, ${QUOTA.perHour}/h).`,
    '',
    '## Machine',
    '',
    ...machine(),
    '',
    '## Results',
    '',
    '| measure | ours | baseline | ratio | target | verdict |',
    '|---|---|---|---|---|---|',
    ...ordered.map(
      (r) =>
        `| ${r.measure} | ${r.ours} | ${r.baseline} | ${r.ratio} | ${r.target} | ${r.verdict === 'met' || r.verdict === 'reported' ? r.verdict : `**${r.verdict}**`} |`,
    ),
    '',
    missed.length
      ? `Missed or not measured: ${missed.map((r) => r.measure).join('; ')}. See below and "Where the time goes".`
      : 'Every target is met.',
    ...(close.length
      ? [
          '',
          `Met, but within 10 % of the bound (the next run may land on the other side): ${close.map((r) => r.measure).join('; ')}.`,
        ]
      : []),
    '',
    ...[...sections].sort((a, b) => a.n - b.n).flatMap((s) => [`## ${s.title}`, '', ...s.lines, '']),
    '## Where the time goes',
    '',
    ...(misses.length ? misses.flatMap((m) => [m, '']) : ['No target was missed in this run.', '']),
    'Local figures: Azurite is a single Node.js process keeping tables in memory, and the bench, Azurite, the local ' +
      'Entra ID/ACS and the Functions host share the same cores, so absolute numbers say little about Azure; the ratios ' +
      'compare the service with the storage work it cannot avoid on the same machine at the same moment.',
    '',
  ].join('\n');
}

// --- main -----------------------------------------------------------------------------------------------------------

/** A token, an API client and the raw writer for a started stack, warmed up. */
async function prepare(stack: RunningStack, deadline: number): Promise<Context> {
  const local: LocalStack = { info: stack.info, ca: await readFile(stack.info.entra.caCertPath, 'utf8') };
  const api = new ApiClient(stack.info.functions.baseUrl, await devProfessionalToken(local));
  const raw = await rawInvitationWriter(stack.info.storage.connectionString, GFMS_PROVIDER_ID, {
    oid: stack.identities.professionalUser.id,
    name: stack.identities.professionalUser.displayName,
  });
  const ctx: Context = {
    stack,
    local,
    api,
    raw,
    hostEnv: {
      ...process.env,
      NODE_EXTRA_CA_CERTS: stack.info.entra.caCertPath,
      // The platform's managed-identity endpoint, as the stack gives its host: the app reaches ACS with its identity.
      IDENTITY_ENDPOINT: stack.managedIdentity.endpoint,
      IDENTITY_HEADER: stack.managedIdentity.header,
      ...SHADOWED_LOCAL_SETTINGS,
      ...stack.settings,
    },
    deadline,
  };
  say('warming up (30 invitations and 30 raw writes)');
  for (let i = 0; i < 30; i++) {
    const outcome = await inviteOnce(ctx, 'warm');
    if (outcome !== true) throw new Error(`warm-up InviteUser failed: ${outcome}`);
    await raw.write(uniqueEmail('warm-raw'));
  }
  return ctx;
}

const PHASES = [
  'cold-start',
  'overhead',
  'throughput',
  'operations',
  'journey',
  'search',
  'sms',
  'reset',
  'bulk',
] as const;
type Phase = (typeof PHASES)[number];

const USAGE = `Usage: npm run bench [-- --only ${PHASES.join(',')}]

Starts a local stack on free ports, measures DESIGN.md §5 and writes docs/benchmarks.md.
--only runs some phases (memory goes with throughput); its report goes to .dev/bench/benchmarks.md instead.`;

function phasesToRun(argv: string[]): Phase[] | 'help' {
  const { values } = parseArgs({
    args: argv,
    strict: true,
    options: { only: { type: 'string' }, help: { type: 'boolean', short: 'h' } },
  });
  if (values.help) return 'help';
  if (values.only === undefined) return [...PHASES];
  const asked = values.only.split(',').map((p) => p.trim());
  const unknown = asked.filter((p) => !(PHASES as readonly string[]).includes(p));
  if (unknown.length) throw new Error(`unknown phase ${unknown.join(', ')}: choose from ${PHASES.join(', ')}`);
  return PHASES.filter((p) => asked.includes(p));
}

async function main(): Promise<number> {
  let phases: Phase[] | 'help';
  try {
    phases = phasesToRun(process.argv.slice(2));
  } catch (error) {
    process.stderr.write(`${(error as Error).message}\n\n${USAGE}\n`);
    return 1;
  }
  if (phases === 'help') {
    process.stdout.write(`${USAGE}\n`);
    return 0;
  }
  const everything = phases.length === PHASES.length;
  const startedAt = new Date();
  const t0 = performance.now();
  const deadline = t0 + BUDGET_MS;
  let stack: RunningStack | undefined;
  const hardStop = setTimeout(() => {
    process.stderr.write(`[bench] over ${HARD_LIMIT_MS / 1000} s: stopping\n`);
    void (stack?.stop() ?? Promise.resolve()).finally(() => process.exit(1));
  }, HARD_LIMIT_MS);
  hardStop.unref();
  const onSignal = () => void (stack?.stop() ?? Promise.resolve()).finally(() => process.exit(130));
  process.once('SIGINT', onSignal);
  process.once('SIGTERM', onSignal);

  await mkdir(dataDir, { recursive: true });
  const log = createWriteStream(path.join(dataDir, 'stack.log'), { flags: 'w' });
  const run: Record<Phase, (c: Context) => Promise<void>> = {
    'cold-start': coldStarts,
    overhead: requestOverhead,
    throughput,
    operations: transactionsPerInvitation,
    journey: onboardingJourneys,
    search: clientSearch,
    sms: smsOperations,
    reset: resetPasswordUniformity,
    bulk,
  };
  // Cold start first, while nothing else loads the machine. The bulk gets a stack of its own, started once the
  // others are done: the phases before it leave thousands of invitations in the same partition, which slows
  // in-memory Azurite (not Table Storage), and it leaves 10,000 pointers queued.
  const groups = [phases.filter((p) => p !== 'bulk'), phases.filter((p) => p === 'bulk')].filter((g) => g.length);
  try {
    for (const group of groups) {
      say(`starting a local stack on free ports (log: ${path.relative(root, path.join(dataDir, 'stack.log'))})`);
      stack = await startBenchStack({ root, dataDir, log });
      const ctx = await prepare(stack, deadline);
      try {
        for (const phase of group) await run[phase](ctx);
      } finally {
        ctx.api.close();
        say('stopping the stack');
        await stack.stop();
        stack = undefined;
      }
    }
  } finally {
    await stack?.stop();
    log.end();
    clearTimeout(hardStop);
  }

  const totalMs = performance.now() - t0;
  const ordered = [...rows].sort((a, b) => a.n - b.n);
  process.stdout.write(`\n${textTable(ordered)}\n\n`);
  // A partial run (--only) leaves docs/benchmarks.md alone and writes its report under .dev/bench.
  const docs = everything ? path.join(root, 'docs', 'benchmarks.md') : path.join(dataDir, 'benchmarks.md');
  await writeFile(docs, markdown(ordered, startedAt, totalMs));
  say(`wrote ${path.relative(root, docs)} (whole run ${seconds(totalMs)})`);
  return rows.some((r) => r.verdict === 'not measured') ? 1 : 0;
}

process.exitCode = await main().catch((error: unknown) => {
  process.stderr.write(`[bench] failed: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
  return 1;
});
