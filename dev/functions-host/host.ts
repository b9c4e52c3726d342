/**
 * A local stand-in for `func start`: loads `local.settings.json` and `host.json` like Core Tools, loads the app's
 * entry files (package.json "main", globs allowed) with the fake `@azure/functions-core` in place, runs appStart
 * hooks, then serves HTTP triggers, polls queue triggers and runs timers until `close()`.
 */
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import {
  type AppScope,
  type InvocationEnv,
  installFunctionsCore,
  invoke,
  loadAppScope,
  type Registration,
  resolveAppSettings,
  runHooks,
  stamp,
} from './core-shim.js';
import { createEventGridWebhook, isEventGridTrigger } from './event-grid.js';
import { createHttpRoutes, type RunningHttpServer, startHttpServer } from './http-server.js';
import { queuesConfig, startQueueTriggers } from './queue-triggers.js';
import { startTimers } from './timers.js';

export { PortInUseError } from './http-server.js';

export interface FunctionsHostOptions {
  /** The function app folder: host.json, package.json, local.settings.json. */
  scriptRoot: string;
  /** Default: local.settings.json `Host.LocalHttpPort`, else 7071. 0 picks a free port. */
  port?: number;
  /** Default 127.0.0.1. */
  hostname?: string;
  /** Files or globs relative to scriptRoot; default package.json "main" (e.g. `dist/functions/*.js`). */
  entry?: string[];
  /**
   * App settings put into process.env. They win over everything; variables already in the environment win over
   * local.settings.json `Values`. Whatever the host set is restored by close().
   */
  settings?: Record<string, string>;
  /** Requests with a larger body get 413. Default: FUNCTIONS_REQUEST_BODY_SIZE_LIMIT, else 10 MB. */
  maxRequestBodyBytes?: number;
  /** Receives every log line (default: stdout). */
  log?: (line: string) => void;
}

export interface RegistrationSummary {
  name: string;
  type: string;
  methods?: string[];
  route?: string;
  queueName?: string;
  schedule?: string;
  /** Event Grid triggers: the webhook path and query Event Grid must POST to (`/runtime/webhooks/EventGrid?functionName=…`). */
  webhook?: string;
}

export interface RunningFunctionsHost {
  /** e.g. http://localhost:7071/api */
  url: string;
  /** e.g. http://localhost:7071 (the Event Grid webhook lives at `<origin>/runtime/webhooks/EventGrid`). */
  origin: string;
  port: number;
  registrations: RegistrationSummary[];
  /** Runs a function by name with hooks, as the host would (e.g. a timer or queue function in a test). */
  invokeFunction(name: string, input?: unknown, triggerMetadata?: Record<string, unknown>): Promise<unknown>;
  close(): Promise<void>;
}

export const defaultMaxRequestBodyBytes = 10 * 1024 * 1024;

interface LocalSettings {
  IsEncrypted?: boolean;
  Values?: Record<string, unknown>;
  Host?: { LocalHttpPort?: number };
}

function readJson<T>(file: string): T | undefined {
  if (!existsSync(file)) return undefined;
  try {
    return JSON.parse(readFileSync(file, 'utf8')) as T;
  } catch (error) {
    throw new Error(`${file} is not valid JSON: ${(error as Error).message}`);
  }
}

export function readLocalSettings(scriptRoot: string): LocalSettings | undefined {
  const settings = readJson<LocalSettings>(path.join(scriptRoot, 'local.settings.json'));
  if (settings?.IsEncrypted)
    throw new Error('local.settings.json is encrypted; the local host reads plain values only.');
  return settings;
}

/** Sets variables and returns a function that puts the previous values back. */
function applyEnv(values: Record<string, unknown>, overwrite: boolean): () => void {
  const previous = new Map<string, string | undefined>();
  for (const [name, value] of Object.entries(values)) {
    if (!overwrite && process.env[name] !== undefined) continue;
    previous.set(name, process.env[name]);
    process.env[name] = String(value);
  }
  return () => {
    for (const [name, value] of previous) {
      if (value === undefined) delete process.env[name];
      else process.env[name] = value;
    }
  };
}

/** Enough of globby for package.json "main": `*`, `?`, `**` and `{a,b}`. */
export function expandEntry(root: string, pattern: string): string[] {
  const brace = /\{([^{}]*)\}/.exec(pattern);
  if (brace) {
    const [whole, inner = ''] = brace;
    return inner.split(',').flatMap((alt) => expandEntry(root, pattern.replace(whole, alt)));
  }
  const found: string[] = [];
  const walk = (dir: string, segments: string[]): void => {
    const [head, ...rest] = segments;
    if (head === undefined) {
      if (existsSync(dir) && statSync(dir).isFile()) found.push(dir);
      return;
    }
    if (!existsSync(dir) || !statSync(dir).isDirectory()) return;
    if (head === '**') {
      walk(dir, rest);
      for (const e of readdirSync(dir, { withFileTypes: true })) {
        if (e.isDirectory() && e.name !== 'node_modules' && !e.name.startsWith('.'))
          walk(path.join(dir, e.name), segments);
      }
      return;
    }
    if (!/[*?]/.test(head)) {
      walk(path.join(dir, head), rest);
      return;
    }
    const source = head
      .replace(/[.+^${}()|[\]\\]/g, '\\$&')
      .replace(/\*/g, '[^/]*')
      .replace(/\?/g, '[^/]');
    const re = new RegExp(`^${source}$`);
    for (const name of readdirSync(dir).sort()) {
      if (re.test(name) && !name.startsWith('.')) walk(path.join(dir, name), rest);
    }
  };
  walk(root, pattern.replace(/^\.\//, '').split(/[\\/]+/));
  return [...new Set(found)];
}

// A file imported again (a second host in one process) needs a new URL, or Node returns the cached module.
const importedBefore = new Set<string>();
let importCount = 0;

function entryUrl(file: string): string {
  const href = pathToFileURL(file).href;
  if (!importedBefore.has(href)) {
    importedBefore.add(href);
    return href;
  }
  return `${href}?host=${++importCount}`;
}

function minLevelFinder(hostJson: Record<string, unknown>): (name: string) => string {
  const configured = (hostJson.logging as { logLevel?: Record<string, string> } | undefined)?.logLevel ?? {};
  const levels = new Map(Object.entries(configured).map(([k, v]) => [k.toLowerCase(), String(v).toLowerCase()]));
  return (name) => {
    const keys = [`function.${name}.user`, `function.${name}`, 'function', 'default'].map((k) => k.toLowerCase());
    return keys.map((k) => levels.get(k)).find((v) => v !== undefined) ?? 'information';
  };
}

function summarize(reg: Registration): RegistrationSummary {
  const t = reg.trigger;
  const summary: RegistrationSummary = { name: reg.name, type: t.type };
  // Queue names are normalised to lower case like the host does; an unresolved %Setting% is shown as written.
  const resolved = (v: unknown, lower = false) => {
    try {
      const value = resolveAppSettings(String(v));
      return lower ? value.toLowerCase() : value;
    } catch {
      return String(v);
    }
  };
  if (t.type.toLowerCase() === 'httptrigger') {
    summary.methods = ((t.methods as string[] | undefined) ?? []).map((m) => m.toUpperCase());
    summary.route = typeof t.route === 'string' ? t.route : reg.name;
  } else if (t.type.toLowerCase() === 'queuetrigger') summary.queueName = resolved(t.queueName, true);
  else if (t.type.toLowerCase() === 'timertrigger') summary.schedule = resolved(t.schedule);
  else if (isEventGridTrigger(reg)) {
    summary.webhook = `/runtime/webhooks/EventGrid?functionName=${encodeURIComponent(reg.name)}`;
  }
  return summary;
}

function selectRegistrations(scope: AppScope, hostJson: Record<string, unknown>): Registration[] {
  const names = new Set<string>();
  for (const reg of scope.registrations) {
    if (names.has(reg.name.toLowerCase())) throw new Error(`Two functions are registered as "${reg.name}".`);
    names.add(reg.name.toLowerCase());
  }
  const only = Array.isArray(hostJson.functions) ? new Set(hostJson.functions.map(String)) : undefined;
  return scope.registrations.filter((reg) => {
    const disabled = process.env[`AzureWebJobs.${reg.name}.Disabled`]?.toLowerCase();
    return (only === undefined || only.has(reg.name)) && disabled !== 'true' && disabled !== '1';
  });
}

export async function startFunctionsHost(options: FunctionsHostOptions): Promise<RunningFunctionsHost> {
  const scriptRoot = path.resolve(options.scriptRoot);
  const log = options.log ?? ((line: string) => void process.stdout.write(`${line}\n`));
  const restoreSettings = applyEnv(options.settings ?? {}, true);
  let restoreLocal = (): void => undefined;
  const restore = () => {
    restoreLocal();
    restoreSettings();
  };
  let http: RunningHttpServer | undefined;
  try {
    const local = readLocalSettings(scriptRoot);
    restoreLocal = applyEnv(local?.Values ?? {}, false);
    const hostJson = readJson<Record<string, unknown>>(path.join(scriptRoot, 'host.json'));
    if (!hostJson) throw new Error(`No host.json in ${scriptRoot}: it is not a function app folder.`);
    const packageJson = readJson<{ main?: string }>(path.join(scriptRoot, 'package.json')) ?? {};
    const patterns = options.entry ?? (packageJson.main ? [packageJson.main] : []);
    if (patterns.length === 0) throw new Error(`No entry files: set "main" in ${scriptRoot}/package.json.`);
    const files = patterns.flatMap((p) => expandEntry(scriptRoot, p));
    if (files.length === 0) throw new Error(`No files match ${patterns.join(', ')} in ${scriptRoot} (built yet?).`);

    const routePrefix = String(
      (hostJson.extensions as { http?: { routePrefix?: string } } | undefined)?.http?.routePrefix ?? 'api',
    ).replace(/^\/+|\/+$/g, '');
    const envLimit = Number(process.env.FUNCTIONS_REQUEST_BODY_SIZE_LIMIT);
    http = await startHttpServer({
      log,
      hostname: options.hostname ?? '127.0.0.1',
      port: options.port ?? local?.Host?.LocalHttpPort ?? 7071,
      maxRequestBodyBytes: options.maxRequestBodyBytes ?? (envLimit > 0 ? envLimit : defaultMaxRequestBodyBytes),
    });

    installFunctionsCore();
    const scope = await loadAppScope(async () => {
      for (const file of files) await import(entryUrl(file));
    });
    const registrations = selectRegistrations(scope, hostJson);
    const env: InvocationEnv = { scope, log, minLevel: minLevelFinder(hostJson) };
    const routes = createHttpRoutes(registrations, routePrefix);
    await runHooks(scope, 'appStart', {
      hookData: scope.appLevelOnlyHookData,
      appHookData: scope.appHookData,
      functionAppDirectory: scriptRoot,
    });
    http.setRoutes(routes, env, createEventGridWebhook(env, registrations));
    const queues = startQueueTriggers(env, registrations, queuesConfig(hostJson));
    const timers = startTimers(env, registrations);

    const server = http;
    let closing: Promise<void> | undefined;
    return {
      url: `http://localhost:${server.port}${routePrefix ? `/${routePrefix}` : ''}`,
      origin: `http://localhost:${server.port}`,
      port: server.port,
      registrations: registrations.map(summarize),
      async invokeFunction(name, input, triggerMetadata) {
        const reg = registrations.find((r) => r.name.toLowerCase() === name.toLowerCase());
        if (!reg) throw new Error(`No function named "${name}".`);
        const reason = 'This function was programmatically called via the host APIs.';
        return invoke(env, reg, { inputs: [input], triggerMetadata, reason });
      },
      close() {
        closing ??= (async () => {
          await Promise.all([timers.close(), queues.close(), server.close()]);
          const context = { hookData: scope.appLevelOnlyHookData, appHookData: scope.appHookData };
          await runHooks(scope, 'appTerminate', context).catch((error: unknown) => {
            log(`${stamp()} error: an appTerminate hook failed: ${(error as Error).message}`);
          });
          restore();
        })();
        return closing;
      },
    };
  } catch (error) {
    await http?.close();
    restore();
    throw error;
  }
}
