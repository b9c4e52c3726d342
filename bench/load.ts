/**
 * Load generation for the bench: a keep-alive HTTP client for the Functions API (loopback only), and a runner that
 * keeps N tasks in flight for a fixed time or count, timing each one.
 *
 * The client writes each request in one piece on a kept-alive socket and reads the answer by its Content-Length (or
 * its chunks): the load generator shares the machine's two cores with the host and Azurite, and every millisecond it
 * spends per request is taken from what it measures. On this machine `node:http` cost the bench about 1 ms of CPU per
 * InviteUser request, undici's pool about half of that, this client less again (docs/benchmarks.md, "Method").
 */
import net from 'node:net';

export interface Answer {
  status: number;
  text: string;
}

const HEADERS_END = Buffer.from('\r\n\r\n');

/** One kept-alive connection: one request at a time (no pipelining), its answer read whole. */
class Connection {
  readonly socket: net.Socket;
  #buffer: Buffer = Buffer.alloc(0);
  #waiting?: { resolve(answer: Answer & { close: boolean }): void; reject(error: Error): void };
  /** When the last answer came (performance.now()): the host closes connections idle for 5 s. */
  idleSince = 0;

  constructor(port: number, host: string) {
    this.socket = net.connect({ port, host, noDelay: true });
    this.socket.on('data', (chunk: Buffer) => {
      this.#buffer = this.#buffer.length === 0 ? chunk : Buffer.concat([this.#buffer, chunk]);
      this.#tryAnswer();
    });
    const fail = (error: Error) => {
      const waiting = this.#waiting;
      this.#waiting = undefined;
      waiting?.reject(error);
    };
    this.socket.setTimeout(120_000, () => this.socket.destroy(new Error('no answer within 120 s')));
    this.socket.on('error', fail);
    this.socket.on('close', () => fail(new Error('the host closed the connection')));
  }

  /** Open, and not idle long enough for the host's keep-alive timeout (5 s) to be closing it as a request goes. */
  get usable(): boolean {
    return !this.socket.destroyed && performance.now() - this.idleSince < 4_000;
  }

  send(head: string, payload: Buffer | undefined): Promise<Answer & { close: boolean }> {
    return new Promise((resolve, reject) => {
      this.#waiting = { resolve, reject };
      if (payload) this.socket.write(Buffer.concat([Buffer.from(head, 'latin1'), payload]));
      else this.socket.write(head, 'latin1');
    });
  }

  /** Parses the buffered bytes as one HTTP/1.1 answer once they are all in. */
  #tryAnswer(): void {
    const buffer = this.#buffer;
    const headEnd = buffer.indexOf(HEADERS_END);
    if (headEnd < 0 || !this.#waiting) return;
    const head = buffer.toString('latin1', 0, headEnd);
    const status = Number(head.slice(9, 12));
    let length: number | undefined;
    let chunked = false;
    let close = false;
    for (const line of head.split('\r\n').slice(1)) {
      const colon = line.indexOf(':');
      const name = line.slice(0, colon).toLowerCase();
      const value = line
        .slice(colon + 1)
        .trim()
        .toLowerCase();
      if (name === 'content-length') length = Number(value);
      else if (name === 'transfer-encoding') chunked = value.includes('chunked');
      else if (name === 'connection') close = value === 'close';
    }
    let at = headEnd + 4;
    let body: Buffer;
    if (chunked) {
      const parts: Buffer[] = [];
      for (;;) {
        const lineEnd = buffer.indexOf('\r\n', at);
        if (lineEnd < 0) return;
        const size = Number.parseInt(buffer.toString('latin1', at, lineEnd), 16);
        if (buffer.length < lineEnd + 2 + size + 2) return;
        if (size === 0) {
          // No trailers from the host: the last chunk ends the answer.
          at = lineEnd + 4;
          break;
        }
        parts.push(buffer.subarray(lineEnd + 2, lineEnd + 2 + size));
        at = lineEnd + 2 + size + 2;
      }
      body = Buffer.concat(parts);
    } else {
      const size = length ?? 0;
      if (buffer.length < at + size) return;
      body = buffer.subarray(at, at + size);
      at += size;
    }
    this.#buffer = buffer.subarray(at);
    const waiting = this.#waiting;
    this.#waiting = undefined;
    waiting.resolve({ status, text: body.toString('utf8'), close });
  }
}

/** The Functions API over keep-alive connections, as a professional (bearer token) or anonymously (no token). */
export class ApiClient {
  readonly #idle: Connection[] = [];
  readonly #all = new Set<Connection>();
  readonly #basePath: string;
  readonly #port: number;
  readonly #host: string;
  readonly #fixedHeaders: string;

  constructor(
    baseUrl: string,
    readonly token: string,
  ) {
    const base = new URL(baseUrl.endsWith('/') ? baseUrl : `${baseUrl}/`);
    if (!['localhost', '127.0.0.1', '[::1]'].includes(base.hostname))
      throw new Error(`the bench only sends traffic to this machine, not to ${base.hostname}`);
    if (base.protocol !== 'http:')
      throw new Error(`the bench speaks plain HTTP to the local host, not ${base.protocol}`);
    this.#basePath = base.pathname;
    this.#port = Number(base.port || 80);
    this.#host = base.hostname.replace(/^\[|\]$/g, '');
    // No token: an anonymous caller (the mobile app's requests).
    this.#fixedHeaders =
      `host: ${base.host}\r\n` + (token ? `authorization: Bearer ${token}\r\n` : '') + 'accept: application/json\r\n';
  }

  async request(method: string, route: string, body?: unknown): Promise<Answer> {
    const payload = body === undefined ? undefined : Buffer.from(JSON.stringify(body));
    const head =
      `${method} ${this.#basePath}${route.replace(/^\//, '')} HTTP/1.1\r\n${this.#fixedHeaders}` +
      (payload ? `content-type: application/json\r\ncontent-length: ${payload.length}\r\n` : '') +
      '\r\n';
    let connection = this.#idle.pop();
    while (connection && !connection.usable) {
      this.#drop(connection);
      connection = this.#idle.pop();
    }
    if (!connection) {
      connection = new Connection(this.#port, this.#host);
      this.#all.add(connection);
    }
    try {
      const answer = await connection.send(head, payload);
      if (answer.close) this.#drop(connection);
      else {
        connection.idleSince = performance.now();
        this.#idle.push(connection);
      }
      return { status: answer.status, text: answer.text };
    } catch (error) {
      this.#drop(connection);
      throw error;
    }
  }

  #drop(connection: Connection): void {
    connection.socket.destroy();
    this.#all.delete(connection);
  }

  close(): void {
    for (const connection of this.#all) connection.socket.destroy();
    this.#all.clear();
    this.#idle.length = 0;
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
