/**
 * The fake `@azure/functions-core` module. In Azure the Node worker answers `require('@azure/functions-core')`
 * by wrapping `Module.prototype.require`; this does the same so `@azure/functions` registers functions and hooks
 * with us. It also runs an invocation the way the worker's InvocationHandler does (pre/post hooks, log hooks).
 */
import { randomUUID } from 'node:crypto';
import Module from 'node:module';
import { format } from 'node:util';
import type { InvocationContext, LogLevel, TriggerMetadata } from '@azure/functions';
import azf from '@azure/functions';

export interface BindingInfo {
  type: string;
  direction?: string;
  [key: string]: unknown;
}
export type FunctionCallback = (...args: unknown[]) => unknown;
export type HookCallback = (context: Record<string, unknown>) => unknown;
export interface FunctionMetadata {
  name: string;
  bindings: Record<string, BindingInfo>;
  retryOptions?: unknown;
}
export interface Registration {
  name: string;
  metadata: FunctionMetadata;
  handler: FunctionCallback;
  triggerName: string;
  trigger: BindingInfo;
}
/** What one loaded app registered: functions, hooks and the hook data the worker keeps per app. */
export interface AppScope {
  registrations: Registration[];
  hooks: Record<string, HookCallback[]>;
  appHookData: Record<string, unknown>;
  appLevelOnlyHookData: Record<string, unknown>;
}
interface ShimState {
  programmingModel?: unknown;
  scope: AppScope;
  loading: Promise<unknown>;
}

// Kept on globalThis because tsx/vitest may load this module twice (ESM and CJS): one registry, not two.
const stateKey = Symbol.for('client-onboarding.local-functions-core');
const globals = globalThis as unknown as Record<symbol, ShimState | undefined>;
globals[stateKey] ??= { scope: newScope(), loading: Promise.resolve() };
const state: ShimState = globals[stateKey];

function newScope(): AppScope {
  return { registrations: [], hooks: {}, appHookData: {}, appLevelOnlyHookData: {} };
}

class Disposable {
  #dispose: (() => void) | undefined;
  constructor(dispose: () => void) {
    this.#dispose = dispose;
  }
  static from(...items: Array<{ dispose(): void }>): Disposable {
    return new Disposable(() => {
      for (const item of items) item.dispose();
    });
  }
  dispose(): void {
    this.#dispose?.();
    this.#dispose = undefined;
  }
}

const systemLevels = new Set(['warning', 'error', 'critical']);

export const coreApi = {
  version: '0.0.0-local',
  hostVersion: '4.999.0-local',
  Disposable,
  setProgrammingModel(model: unknown): void {
    state.programmingModel = model;
  },
  getProgrammingModel(): unknown {
    return state.programmingModel;
  },
  registerFunction(metadata: FunctionMetadata, handler: FunctionCallback): Disposable {
    const entry = Object.entries(metadata.bindings).find(([, b]) => /trigger$/i.test(b.type));
    if (!entry) throw new Error(`Function "${metadata.name}" has no trigger binding.`);
    const scope = state.scope;
    const registration: Registration = {
      name: metadata.name,
      metadata,
      handler,
      triggerName: entry[0],
      trigger: entry[1],
    };
    scope.registrations.push(registration);
    return new Disposable(() => removeItem(scope.registrations, registration));
  },
  registerHook(name: string, callback: HookCallback): Disposable {
    const scope = state.scope;
    scope.hooks[name] ??= [];
    const list = scope.hooks[name];
    list.push(callback);
    return new Disposable(() => removeItem(list, callback));
  },
  // Present so `app.setup({ enableHttpStream: true })` passes the library's host-version check.
  log(level: string, category: string, message: string): void {
    if (systemLevels.has(level)) process.stderr.write(`[${new Date().toISOString()}] [${category}] ${message}\n`);
  },
};

function removeItem<T>(list: T[], item: T): void {
  const index = list.indexOf(item);
  if (index >= 0) list.splice(index, 1);
}

/** Must run before app code calls `app.*`: the library caches a failed lookup forever (test mode). */
export function installFunctionsCore(): void {
  const proto = Module.prototype as unknown as { require: ((id: string) => unknown) & { localCore?: true } };
  if (proto.require.localCore) return;
  const original = proto.require;
  const patched = function (this: unknown, id: string) {
    if (id === '@azure/functions-core') return coreApi;
    // biome-ignore lint/complexity/noArguments: forwards every argument unchanged, like the worker's Proxy
    return Reflect.apply(original, this, arguments);
  } as typeof proto.require;
  patched.localCore = true;
  proto.require = patched;
}

/** Runs `load` with a fresh scope collecting what it registers; loads are serialised (one registry). */
export function loadAppScope(load: () => Promise<void>): Promise<AppScope> {
  const run = state.loading.then(async () => {
    const scope = newScope();
    state.scope = scope;
    await load();
    return scope;
  });
  state.loading = run.catch(() => undefined);
  return run;
}

/** `%Name%` in a binding property means "the app setting Name", as in Azure. */
export function resolveAppSettings(value: string): string {
  return value.replace(/%([^%]+)%/g, (whole, name: string) => {
    const setting = process.env[name];
    if (setting === undefined) throw new Error(`App setting "${name}" (used as ${whole}) is not set.`);
    return setting;
  });
}

export async function runHooks(scope: AppScope, name: string, context: Record<string, unknown>): Promise<void> {
  for (const hook of [...(scope.hooks[name] ?? [])]) await hook(context);
}

const levelOrder = ['trace', 'debug', 'information', 'warning', 'error', 'critical', 'none'];

export function levelAtLeast(level: string, minimum: string): boolean {
  return levelOrder.indexOf(level) >= levelOrder.indexOf(minimum);
}

/** What the triggers share to run an invocation. */
export interface InvocationEnv {
  scope: AppScope;
  log: (line: string) => void;
  /** Lowest level printed for a function's logs (host.json `logging.logLevel`). */
  minLevel: (functionName: string) => string;
}

export interface InvocationInput {
  inputs: unknown[];
  triggerMetadata?: TriggerMetadata;
  /** Shown in the "Executing" line, worded like the Functions host. */
  reason: string;
  traceParent?: string;
}

export function stamp(): string {
  return `[${new Date().toISOString()}]`;
}

export function createContext(env: InvocationEnv, reg: Registration, input: InvocationInput): InvocationContext {
  const bindings = Object.entries(reg.metadata.bindings);
  const named = (b: [string, BindingInfo]) => ({ ...b[1], name: b[0] }) as never;
  const minimum = env.minLevel(reg.name);
  const context: InvocationContext = new azf.InvocationContext({
    invocationId: randomUUID(),
    functionName: reg.name,
    triggerMetadata: input.triggerMetadata,
    traceContext: {
      traceParent: input.traceParent ?? traceParent(),
      attributes: {},
    },
    options: {
      trigger: named([reg.triggerName, reg.trigger]),
      return: bindings.find(([name]) => name === '$return')?.[1] as never,
      extraInputs: bindings.filter(([n, b]) => n !== reg.triggerName && b.direction === 'in').map(named),
      extraOutputs: bindings.filter(([n, b]) => n !== '$return' && b.direction === 'out').map(named),
    },
    logHandler: (level: LogLevel, ...args: unknown[]) => {
      const entry: Record<string, unknown> = {
        level,
        message: format(...args),
        category: 'user',
        invocationContext: context,
        hookData: {},
        appHookData: env.scope.appHookData,
      };
      for (const hook of env.scope.hooks.log ?? []) hook(entry);
      const finalLevel = String(entry.level);
      if (!levelAtLeast(finalLevel, minimum) || finalLevel === 'none') return;
      const tag = finalLevel === 'information' ? '' : `${finalLevel}: `;
      env.log(`${stamp()} [${reg.name}] ${tag}${String(entry.message)}`);
    },
  });
  return context;
}

/**
 * Invokes a function like the worker: preInvocation hooks may swap inputs and handler, postInvocation hooks see
 * (and may replace) the result or error. Logs "Executing/Executed" lines like Core Tools. Throws the error, if any.
 */
export async function invoke(env: InvocationEnv, reg: Registration, input: InvocationInput): Promise<unknown> {
  const context = createContext(env, reg, input);
  const id = context.invocationId;
  const started = performance.now();
  env.log(`${stamp()} Executing 'Functions.${reg.name}' (Reason='${input.reason}', Id=${id})`);
  const hookData: Record<string, unknown> = {};
  const common = { hookData, appHookData: env.scope.appHookData, invocationContext: context };
  const pre: Record<string, unknown> = { ...common, inputs: input.inputs, functionCallback: reg.handler };
  const failed = (error: unknown): unknown => {
    const ms = Math.round(performance.now() - started);
    env.log(`${stamp()} Executed 'Functions.${reg.name}' (Failed, Id=${id}, Duration=${ms}ms)`);
    const detail = error instanceof Error ? (error.stack ?? error.message) : format(error);
    env.log(`${stamp()} Exception while executing function: Functions.${reg.name} (Id=${id}): ${detail}`);
    return error;
  };
  // As in the worker, a failing preInvocation hook fails the invocation before the handler and post hooks run.
  await runHooks(env.scope, 'preInvocation', pre).catch((error: unknown) => {
    throw failed(error);
  });
  const post: Record<string, unknown> = { ...common, inputs: pre.inputs, result: null, error: null };
  try {
    const callback = pre.functionCallback as FunctionCallback;
    post.result = await callback(...(pre.inputs as unknown[]), context);
  } catch (error) {
    post.error = error;
  }
  await runHooks(env.scope, 'postInvocation', post).catch((error: unknown) => {
    throw failed(error);
  });
  if (post.error !== null && post.error !== undefined) throw failed(post.error);
  const ms = Math.round(performance.now() - started);
  env.log(`${stamp()} Executed 'Functions.${reg.name}' (Succeeded, Id=${id}, Duration=${ms}ms)`);
  return post.result;
}

/** A W3C trace context (version 00, not sampled), from UUIDs' random hex: cheaper than reading the CSPRNG twice per call. */
function traceParent(): string {
  const hex = randomUUID().replace(/-/g, '') + randomUUID().replace(/-/g, '');
  return `00-${hex.slice(0, 32)}-${hex.slice(32, 48)}-00`;
}
