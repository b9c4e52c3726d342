/**
 * CLI for the local Functions host, run by the launcher as a child process:
 *   node dist/dev/functions-host/main.js [--script-root DIR] [--port N]
 * The port comes from --port, else FUNCTIONS_HOST_PORT, else local.settings.json Host.LocalHttpPort, else 7071.
 * When ready it prints the URL and the functions, and sends `{ type: 'ready', url, port, registrations }` over IPC
 * if there is a channel. SIGTERM/SIGINT (or the parent going away) close it gracefully with exit code 0.
 */
import path from 'node:path';
import { parseArgs } from 'node:util';
import { batchedLines } from './batched-lines.js';
import { PortInUseError, type RegistrationSummary, type RunningFunctionsHost, startFunctionsHost } from './host.js';

function describe(r: RegistrationSummary, url: string, origin: string): string {
  if (r.methods) return `${r.name}: [${r.methods.join(',') || 'ALL'}] ${url}/${r.route ?? r.name}`;
  if (r.queueName) return `${r.name}: ${r.type} (queue ${r.queueName})`;
  if (r.schedule) return `${r.name}: ${r.type} (schedule ${r.schedule})`;
  if (r.webhook) return `${r.name}: ${r.type} ${origin}${r.webhook}`;
  return `${r.name}: ${r.type} (not run by the local host)`;
}

function fail(message: string): never {
  process.stderr.write(`${message}\n`);
  process.exit(1);
}

async function main(): Promise<void> {
  let values: { 'script-root'?: string; port?: string };
  try {
    ({ values } = parseArgs({ options: { 'script-root': { type: 'string' }, port: { type: 'string' } } }));
  } catch (error) {
    fail(`${(error as Error).message}\nUsage: main.js [--script-root DIR] [--port N]`);
  }
  const portText = values.port ?? process.env.FUNCTIONS_HOST_PORT;
  const port = portText === undefined || portText === '' ? undefined : Number(portText);
  if (port !== undefined && (!Number.isInteger(port) || port < 0 || port > 65535)) {
    fail(`Invalid port "${portText}": use a number from 0 to 65535.`);
  }

  // Lines logged while starting (a runOnStartup timer, a disabled trigger) are held so the banner comes first.
  let held: string[] | undefined = [];
  const write = batchedLines(process.stdout);
  const log = (line: string): void => {
    if (held) held.push(line);
    else write(line);
  };
  let host: RunningFunctionsHost | undefined;
  let stopping = false;
  const shutdown = async (): Promise<void> => {
    if (stopping) return;
    stopping = true;
    // A hung function must not keep the launcher waiting for ever.
    setTimeout(() => {
      process.stderr.write('Functions host: shutdown took over 10 s; exiting anyway.\n');
      process.exit(0);
    }, 10_000).unref();
    await host?.close();
    process.exit(0);
  };
  process.once('SIGTERM', () => void shutdown());
  process.once('SIGINT', () => void shutdown());
  if (process.send) process.once('disconnect', () => void shutdown());

  try {
    host = await startFunctionsHost({ scriptRoot: path.resolve(values['script-root'] ?? '.'), port, log });
  } catch (error) {
    if (error instanceof PortInUseError) {
      fail(`Port ${error.port} is already in use: stop the other process or set FUNCTIONS_HOST_PORT`);
    }
    if (held?.length) process.stdout.write(`${held.join('\n')}\n`);
    fail(`Functions host failed to start: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`);
  }

  const node = `Node.js ${process.version}${process.execArgv.length > 0 ? ` (${process.execArgv.join(' ')})` : ''}`;
  const lines = [`Functions host listening on ${host.url}`, node, '', 'Functions:', ''];
  for (const r of host.registrations) lines.push(`\t${describe(r, host.url, host.origin)}`);
  process.stdout.write(`${[...lines, '', ...(held ?? [])].join('\n')}\n`);
  held = undefined;
  process.send?.({ type: 'ready', url: host.url, port: host.port, registrations: host.registrations });
}

await main();
