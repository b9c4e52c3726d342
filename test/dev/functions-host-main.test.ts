/**
 * The host's CLI as the launcher runs it: a child process that reports readiness over IPC, stops on SIGTERM with
 * exit code 0, and refuses a taken port with one clear line.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import net from 'node:net';
import { describe, expect, it } from 'vitest';

const cli = ['--import', 'tsx', 'dev/functions-host/main.ts', '--script-root', 'test/fixtures/host-app'];

function run(args: string[], env: Record<string, string> = {}): { child: ChildProcess; output: () => string } {
  const { AzureWebJobsStorage: _storage, FUNCTIONS_HOST_PORT: _port, ...parentEnv } = process.env;
  const child = spawn(process.execPath, [...cli, ...args], {
    env: { ...parentEnv, ...env },
    stdio: ['ignore', 'pipe', 'pipe', 'ipc'],
  });
  let output = '';
  child.stdout?.on('data', (c: Buffer) => {
    output += c.toString();
  });
  child.stderr?.on('data', (c: Buffer) => {
    output += c.toString();
  });
  return { child, output: () => output };
}

const exitCode = (child: ChildProcess) =>
  new Promise<number | null>((resolve) => {
    if (child.exitCode !== null) resolve(child.exitCode);
    else child.once('exit', (code) => resolve(code));
  });

describe('functions host CLI', () => {
  it('when the port is already taken, then it prints one line and exits with code 1', async () => {
    const blocker = net.createServer();
    await new Promise<void>((resolve) => blocker.listen(0, '127.0.0.1', resolve));
    const { port } = blocker.address() as net.AddressInfo;
    try {
      const { child, output } = run([], { FUNCTIONS_HOST_PORT: String(port) });
      expect(await exitCode(child)).toBe(1);
      expect(output().trim()).toBe(`Port ${port} is already in use: stop the other process or set FUNCTIONS_HOST_PORT`);
    } finally {
      await new Promise((resolve) => blocker.close(resolve));
    }
  });

  it('when started with IPC, then it sends ready, serves requests and exits 0 on SIGTERM', async () => {
    const { child, output } = run(['--port', '0']);
    try {
      const ready = await new Promise<{ type: string; url: string; port: number; registrations: { name: string }[] }>(
        (resolve, reject) => {
          child.once('message', (m) => resolve(m as never));
          child.once('exit', (code) => reject(new Error(`exited with ${code}:\n${output()}`)));
        },
      );
      expect(ready.type).toBe('ready');
      expect(ready.url).toBe(`http://localhost:${ready.port}/api`);
      expect(ready.registrations.map((r) => r.name)).toEqual(expect.arrayContaining(['hello', 'startupTimer']));
      expect(output()).toContain(`Functions host listening on ${ready.url}`);
      expect(output()).toContain(`hello: [GET] ${ready.url}/hello/{name?}`);
      const res = await fetch(`${ready.url}/hello/Ada`);
      expect(await res.json()).toMatchObject({ hello: 'Ada' });
      child.kill('SIGTERM');
      expect(await exitCode(child)).toBe(0);
    } finally {
      if (child.exitCode === null) child.kill('SIGKILL');
    }
  });
});
