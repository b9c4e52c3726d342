/**
 * Cold start: a new local Functions host process (dist/dev/functions-host/main.js) is started for an app and
 * timed from the spawn to the end of its first response — the built service (`GET /api/openapi.json`: no I/O, but
 * every module of the app loaded and its dependencies built) against a one-function hello-world app
 * (bench/hello-app, `GET /api/hello`), with the same environment, alternately, several runs each.
 */
import { execFile, fork } from 'node:child_process';
import path from 'node:path';
import { stopChild } from '../dev/azurite.js';
import { workerArguments } from '../dev/functions-host/worker-arguments.js';
import { httpRequest } from '../scripts/stack-client.js';

export interface ColdStartRun {
  /** Spawn to the host's "ready" (listening, every function registered). */
  readyMs: number;
  /** Spawn to the end of the first response. */
  firstResponseMs: number;
  status: number;
}

export async function coldStart(
  root: string,
  scriptRoot: string,
  route: string,
  env: NodeJS.ProcessEnv,
): Promise<ColdStartRun> {
  const started = performance.now();
  const child = fork(path.join(root, 'dist/dev/functions-host/main.js'), ['--script-root', scriptRoot, '--port', '0'], {
    cwd: scriptRoot,
    env,
    // Both apps run with the worker's arguments of the settings, as the stack's host does.
    execArgv: workerArguments(env),
    stdio: ['ignore', 'pipe', 'pipe', 'ipc'],
  });
  let output = '';
  child.stdout?.on('data', (chunk: Buffer) => {
    output += chunk.toString();
  });
  child.stderr?.on('data', (chunk: Buffer) => {
    output += chunk.toString();
  });
  try {
    const url = await new Promise<string>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`the host of ${scriptRoot} was not ready in 30 s`)), 30_000);
      child.once('message', (message: { type: string; url?: string }) => {
        clearTimeout(timer);
        if (message.type === 'ready' && message.url) resolve(message.url);
        else reject(new Error(`the host of ${scriptRoot} failed: ${JSON.stringify(message)}`));
      });
      child.once('exit', (code) => {
        clearTimeout(timer);
        reject(new Error(`the host of ${scriptRoot} exited (${code}) before it was ready:\n${output.slice(-2000)}`));
      });
    });
    const readyMs = performance.now() - started;
    const answer = await httpRequest(`${url}/${route}`);
    return { readyMs, firstResponseMs: performance.now() - started, status: answer.status };
  } finally {
    await stopChild(child);
  }
}

/**
 * Time to import packages in a fresh Node.js process (ms, from the first import to the last), the median of
 * `runs`; undefined if an import fails.
 */
export async function importCost(root: string, specifiers: string[], runs = 3): Promise<number | undefined> {
  const imports = specifiers.map((s) => `await import(${JSON.stringify(s)});`).join(' ');
  const script = `const t = performance.now(); ${imports} process.stdout.write(String(performance.now() - t));`;
  const times: number[] = [];
  for (let i = 0; i < runs; i++) {
    const value = await new Promise<number | undefined>((resolve) => {
      execFile(process.execPath, ['--input-type=module', '-e', script], { cwd: root, timeout: 20_000 }, (error, out) =>
        resolve(error ? undefined : Number(out)),
      );
    });
    if (value === undefined) return undefined;
    times.push(value);
  }
  return times.sort((a, b) => a - b)[Math.floor(times.length / 2)];
}
