/**
 * `npm start`: the whole system on this machine, no cloud account. Starts the stack on its default ports
 * (overridable through environment variables), keeps data in `.dev/`, writes `local.settings.json` from the
 * sample on first start, prints where everything is, and stops everything cleanly on Ctrl-C.
 */
import { existsSync } from 'node:fs';
import { readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { PortInUseError, portsFromEnvironment, type RunningStack, startStack } from './stack.js';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const dataDir = path.join(root, '.dev');
const colours: Record<string, string> = { functions: '36', 'entra/acs': '35' };

function print(part: string, line: string): void {
  const tag = process.stdout.isTTY ? `\x1b[${colours[part] ?? '33'}m[${part}]\x1b[0m` : `[${part}]`;
  process.stdout.write(`${tag} ${line}\n`);
}

/** On first start, `local.settings.json` is the sample with this machine's stack values filled in. */
async function writeLocalSettings(settings: Record<string, string>): Promise<boolean> {
  const target = path.join(root, 'local.settings.json');
  if (existsSync(target)) return false;
  const sample = JSON.parse(await readFile(path.join(root, 'local.settings.sample.json'), 'utf8')) as {
    Values: Record<string, string>;
  };
  const values = { ...sample.Values };
  for (const key of Object.keys(values)) if (settings[key] !== undefined) values[key] = settings[key];
  await writeFile(target, `${JSON.stringify({ ...sample, Values: values }, null, 2)}\n`, { mode: 0o600 });
  return true;
}

function banner(stack: RunningStack, seconds: number, wroteSettings: boolean): string {
  const { info } = stack;
  const lines = [
    '',
    `  Local stack ready in ${seconds.toFixed(1)} s`,
    '',
    `  Functions API   ${info.functions.baseUrl}          (health: ${info.functions.baseUrl}/health)`,
    `  Console         ${info.console.url}       (professionals sign in here: the dev professional below)`,
    `  Mailbox         ${info.mailbox.url}              (every email and SMS sent)`,
    `  Entra ID        ${info.entra.url}     workforce ${info.entra.workforce.tenantId}`,
    `                                              external  ${info.entra.external.tenantId}`,
    `  Storage         Azurite, data in .dev/azurite`,
    `  Stack file      .dev/stack.json          (addresses, tenant ids, dev credentials)`,
    `  Dev professional ${info.entra.workforce.professionalUser.username}   password in .dev/stack.json`,
    '',
    '  Open the mailbox page in a browser; the dev CA is .dev/ca.crt (or accept the warning once).',
    wroteSettings ? '  Wrote local.settings.json (from local.settings.sample.json) for `func start` users.' : '',
    '  Ctrl-C stops everything.',
    '',
  ];
  return lines.filter((l, i, all) => l !== '' || all[i - 1] !== '').join('\n');
}

async function main(): Promise<void> {
  const started = performance.now();
  let stack: RunningStack;
  try {
    stack = await startStack({
      root,
      dataDir,
      ports: portsFromEnvironment(process.env),
      persistent: true,
      output: print,
    });
  } catch (error) {
    if (
      error instanceof PortInUseError ||
      (error instanceof Error && error.message.includes('must be a port number'))
    ) {
      process.stderr.write(`${error.message}\n`);
    } else {
      process.stderr.write(
        `The local stack could not start: ${error instanceof Error ? error.message : String(error)}\n`,
      );
    }
    process.exit(1);
  }
  const health = await waitForHealth(`${stack.info.functions.baseUrl}/health`);
  const wrote = await writeLocalSettings(stack.settings);
  process.stdout.write(`${banner(stack, (performance.now() - started) / 1000, wrote)}\n`);
  if (!health.ok) process.stdout.write(`  /api/health answers ${health.status}: ${health.body}\n\n`);

  let stopping = false;
  const stop = async (signal: string) => {
    if (stopping) return;
    stopping = true;
    process.stdout.write(`\n${signal}: stopping the local stack…\n`);
    await stack.stop();
    process.stdout.write('Stopped.\n');
    process.exit(0);
  };
  process.on('SIGINT', () => void stop('SIGINT'));
  process.on('SIGTERM', () => void stop('SIGTERM'));
}

async function waitForHealth(url: string, timeoutMs = 20_000): Promise<{ ok: boolean; status: number; body: string }> {
  const deadline = Date.now() + timeoutMs;
  let last = { ok: false, status: 0, body: 'no answer' };
  while (Date.now() < deadline) {
    try {
      const response = await fetch(url);
      last = { ok: response.ok, status: response.status, body: await response.text() };
      if (response.ok) return last;
    } catch (error) {
      last = { ok: false, status: 0, body: error instanceof Error ? error.message : String(error) };
    }
    await new Promise((r) => setTimeout(r, 250));
  }
  return last;
}

await main();
