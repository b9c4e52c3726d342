/**
 * Load generation for the bench: a keep-alive HTTP client for the Functions API (loopback only), and a runner that
 * keeps N tasks in flight for a fixed time or count, timing each one.
 *
 * The client is undici's connection pool, not `node:http`: the load generator shares the machine's two cores with
 * the host and Azurite, and every millisecond it spends per request is taken from what it measures. On this machine
 * `node:http` cost the bench about 1 ms of CPU per InviteUser request, undici about half of that (docs/benchmarks.md,
 * "Method").
 */
import { Pool } from 'undici';

export interface Answer {
  status: number;
  text: string;
}

/** The Functions API over keep-alive connections, as a professional (bearer token) or anonymously (no token). */
export class ApiClient {
  readonly #pool: Pool;
  readonly #basePath: string;

  constructor(
    baseUrl: string,
    readonly token: string,
  ) {
    const base = new URL(baseUrl.endsWith('/') ? baseUrl : `${baseUrl}/`);
    if (!['localhost', '127.0.0.1', '[::1]'].includes(base.hostname))
      throw new Error(`the bench only sends traffic to this machine, not to ${base.hostname}`);
    this.#pool = new Pool(base.origin, { connections: 64, pipelining: 1 });
    this.#basePath = base.pathname;
  }

  async request(method: string, route: string, body?: unknown): Promise<Answer> {
    const payload = body === undefined ? undefined : JSON.stringify(body);
    // No token: an anonymous caller (the mobile app's requests).
    const headers: Record<string, string> = {
      ...(this.token ? { authorization: `Bearer ${this.token}` } : {}),
      accept: 'application/json',
      ...(payload !== undefined ? { 'content-type': 'application/json' } : {}),
    };
    const answer = await this.#pool.request({
      method: method as 'GET',
      path: this.#basePath + route.replace(/^\//, ''),
      headers,
      ...(payload !== undefined ? { body: payload } : {}),
      headersTimeout: 120_000,
      bodyTimeout: 120_000,
    });
    return { status: answer.statusCode, text: await answer.body.text() };
  }

  close(): void {
    void this.#pool.close();
  }
}

export interface LoadResult {
  /** Tasks that finished as expected. */
  ok: number;
  /** Tasks that failed or answered unexpectedly, by reason. */
  failures: Record<string, number>;
  elapsedMs: number;
  /** Successful tasks per second. */
  rate: number;
  latenciesMs: number[];
}

/**
 * Keeps `concurrency` tasks in flight until `durationMs` has passed (tasks started before then finish). A task
 * returns true when it did what was expected, or a short reason when it did not.
 */
export async function runLoad(
  concurrency: number,
  durationMs: number,
  task: (n: number) => Promise<true | string>,
): Promise<LoadResult> {
  const latenciesMs: number[] = [];
  const failures: Record<string, number> = {};
  let next = 0;
  let ok = 0;
  const started = performance.now();
  const deadline = started + durationMs;
  const worker = async () => {
    while (performance.now() < deadline) {
      const n = next++;
      const t0 = performance.now();
      let outcome: true | string;
      try {
        outcome = await task(n);
      } catch (error) {
        outcome = error instanceof Error ? error.message.slice(0, 80) : String(error);
      }
      if (outcome === true) {
        ok++;
        latenciesMs.push(performance.now() - t0);
      } else failures[outcome] = (failures[outcome] ?? 0) + 1;
    }
  };
  await Promise.all(Array.from({ length: concurrency }, worker));
  const elapsedMs = performance.now() - started;
  return { ok, failures, elapsedMs, rate: ok / (elapsedMs / 1000), latenciesMs };
}

/** Adds up runs of the same kind (interleaved halves of one measurement). */
export function combine(results: LoadResult[]): LoadResult {
  const failures: Record<string, number> = {};
  for (const r of results) for (const [k, v] of Object.entries(r.failures)) failures[k] = (failures[k] ?? 0) + v;
  const ok = results.reduce((n, r) => n + r.ok, 0);
  const elapsedMs = results.reduce((n, r) => n + r.elapsedMs, 0);
  return { ok, failures, elapsedMs, rate: ok / (elapsedMs / 1000), latenciesMs: results.flatMap((r) => r.latenciesMs) };
}
