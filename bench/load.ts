/**
 * Load generation for the bench: a keep-alive HTTP client for the Functions API (loopback only), and a runner that
 * keeps N tasks in flight for a fixed time or count, timing each one.
 */
import http from 'node:http';

export interface Answer {
  status: number;
  text: string;
}

/** The Functions API over keep-alive connections, as a professional (bearer token) or anonymously (no token). */
export class ApiClient {
  readonly #agent = new http.Agent({ keepAlive: true, maxSockets: 64 });
  readonly #base: URL;

  constructor(
    baseUrl: string,
    readonly token: string,
  ) {
    this.#base = new URL(baseUrl.endsWith('/') ? baseUrl : `${baseUrl}/`);
    if (!['localhost', '127.0.0.1', '[::1]'].includes(this.#base.hostname))
      throw new Error(`the bench only sends traffic to this machine, not to ${this.#base.hostname}`);
  }

  request(method: string, route: string, body?: unknown): Promise<Answer> {
    const url = new URL(route.replace(/^\//, ''), this.#base);
    const payload = body === undefined ? undefined : JSON.stringify(body);
    // No token: an anonymous caller (the mobile app's requests).
    const headers: Record<string, string | number> = {
      ...(this.token ? { authorization: `Bearer ${this.token}` } : {}),
      accept: 'application/json',
    };
    if (payload !== undefined) {
      headers['content-type'] = 'application/json';
      headers['content-length'] = Buffer.byteLength(payload);
    }
    return new Promise((resolve, reject) => {
      const request = http.request(url, { method, headers, agent: this.#agent }, (response) => {
        const chunks: Buffer[] = [];
        response.on('data', (chunk: Buffer) => chunks.push(chunk));
        response.on('error', reject);
        response.on('end', () =>
          resolve({ status: response.statusCode ?? 0, text: Buffer.concat(chunks).toString('utf8') }),
        );
      });
      request.setTimeout(120_000, () => request.destroy(new Error(`${method} ${route} timed out`)));
      request.on('error', reject);
      request.end(payload);
    });
  }

  close(): void {
    this.#agent.destroy();
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
