/**
 * Starts Azurite (blob, queue, table) as a child process. In development its data lives in a folder
 * (`.dev/azurite`) so it survives restarts; tests run it in memory on free ports.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { existsSync, mkdirSync } from 'node:fs';
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';

const require = createRequire(import.meta.url);

/**
 * Preloaded into Azurite so that a point operation costs the same whatever the partition's size, as in Table Storage
 * (see the file). It sits in `dev/` beside this module's source; the built module in `dist/dev/` looks two levels up.
 */
const POINT_LOOKUPS = [
  new URL('./azurite-point-lookups.cjs', import.meta.url),
  new URL('../../dev/azurite-point-lookups.cjs', import.meta.url),
]
  .map((url) => fileURLToPath(url))
  .find((file) => existsSync(file));

/** The well-known Azurite development account key (public, documented by Microsoft). */
export const AZURITE_ACCOUNT = 'devstoreaccount1';
export const AZURITE_KEY = 'Eby8vdM02xNOcqFlqUwJPLlmEtlCDXJ1OUzFT50uSRZ6IFsuFq2UVErCz4I6tq/K1SZFPTOtr/KBHBeksoGMGw==';

export interface AzuriteOptions {
  /** Folder for persistent data; omit for in-memory storage. */
  location?: string;
  blobPort?: number;
  queuePort?: number;
  tablePort?: number;
  host?: string;
  /** Where Azurite's debug log goes (helps count transactions in the bench); omit for none. */
  debugLog?: string;
}

export interface RunningAzurite {
  blobPort: number;
  queuePort: number;
  tablePort: number;
  connectionString: string;
  process: ChildProcess;
  stop(): Promise<void>;
}

export function azuriteConnectionString(host: string, ports: { blob: number; queue: number; table: number }): string {
  return [
    'DefaultEndpointsProtocol=http',
    `AccountName=${AZURITE_ACCOUNT}`,
    `AccountKey=${AZURITE_KEY}`,
    `BlobEndpoint=http://${host}:${ports.blob}/${AZURITE_ACCOUNT}`,
    `QueueEndpoint=http://${host}:${ports.queue}/${AZURITE_ACCOUNT}`,
    `TableEndpoint=http://${host}:${ports.table}/${AZURITE_ACCOUNT}`,
  ].join(';');
}

/** Starts Azurite and resolves once all three services listen (ports 0 pick free ports). */
export async function startAzurite(options: AzuriteOptions = {}): Promise<RunningAzurite> {
  const host = options.host ?? '127.0.0.1';
  if (!POINT_LOOKUPS) throw new Error('dev/azurite-point-lookups.cjs is missing');
  const args = [
    '--require',
    POINT_LOOKUPS,
    require.resolve('azurite/dist/src/azurite.js'),
    '--blobHost',
    host,
    '--queueHost',
    host,
    '--tableHost',
    host,
    '--blobPort',
    String(options.blobPort ?? 0),
    '--queuePort',
    String(options.queuePort ?? 0),
    '--tablePort',
    String(options.tablePort ?? 0),
    '--disableTelemetry',
    // No access log: nothing reads it (the output is dropped once the services listen), and writing a line to the
    // pipe for every request cost Azurite more CPU than the request itself under load (docs/decisions.md, "Azurite's
    // access log").
    '--silent',
    '--skipApiVersionCheck',
    '--loose',
  ];
  if (options.location) {
    mkdirSync(options.location, { recursive: true });
    args.push('--location', options.location);
  } else {
    args.push('--inMemoryPersistence');
  }
  if (options.debugLog) args.push('--debug', options.debugLog);
  const child = spawn(process.execPath, args, { stdio: ['ignore', 'pipe', 'pipe'] });
  const ports: Partial<Record<'blob' | 'queue' | 'table', number>> = {};
  let output = '';
  await new Promise<void>((resolve, reject) => {
    const onData = (chunk: Buffer) => {
      output += chunk.toString();
      for (const m of output.matchAll(
        /Azurite (Blob|Queue|Table) service is successfully listening at http:\/\/[^:]+:(\d+)/g,
      )) {
        ports[m[1]!.toLowerCase() as 'blob' | 'queue' | 'table'] = Number(m[2]);
      }
      if (ports.blob && ports.queue && ports.table) {
        child.stdout?.off('data', onData);
        resolve();
      }
    };
    child.stdout?.on('data', onData);
    child.stderr?.on('data', (c: Buffer) => {
      output += c.toString();
    });
    child.once('exit', (code) =>
      reject(new Error(`Azurite exited (code ${code}) before it was ready:\n${output.trim()}`)),
    );
  });
  child.stdout?.resume();
  child.stderr?.resume();
  const ready = { blob: ports.blob!, queue: ports.queue!, table: ports.table! };
  return {
    blobPort: ready.blob,
    queuePort: ready.queue,
    tablePort: ready.table,
    connectionString: azuriteConnectionString(host, ready),
    process: child,
    stop: () => stopChild(child),
  };
}

/** Ends a child process: SIGTERM, then SIGKILL after a grace period. */
export function stopChild(child: ChildProcess, graceMs = 3000): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve();
  return new Promise((resolve) => {
    const timer = setTimeout(() => child.kill('SIGKILL'), graceMs);
    child.once('exit', () => {
      clearTimeout(timer);
      resolve();
    });
    child.kill('SIGTERM');
  });
}
