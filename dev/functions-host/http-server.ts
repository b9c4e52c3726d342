/**
 * The HTTP front of the local Functions host: matches `app.http` routes, builds the library's own `HttpRequest`,
 * runs the function and writes its `HttpResponse` the way the library does with `enableHttpStream` (streamed body,
 * cookies serialised by the library's own `cookie` package, hop-by-hop headers dropped). A plain result with a whole
 * body is answered with the same status, headers and bytes without building the `HttpResponse` (see `toAnswer`).
 */
import http from 'node:http';
import { createRequire } from 'node:module';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import type { ReadableStream as WebReadableStream } from 'node:stream/web';
import type { Cookie, HttpResponseInit } from '@azure/functions';
import azf from '@azure/functions';
import { type InvocationEnv, invoke, type Registration, stamp } from './core-shim.js';
import { type EventGridWebhook, eventGridWebhookPath } from './event-grid.js';
import { type CompiledRoute, comparePrecedence, compileRoute, matchRoute, pathSegments, routeTable } from './routes.js';

export interface HttpRoute {
  registration: Registration;
  /** Upper case; empty means every method. */
  methods: string[];
  route: CompiledRoute;
}

export interface HttpServerOptions {
  /** For host errors; invocations log through the env given to setRoutes. */
  log: (line: string) => void;
  hostname: string;
  port: number;
  maxRequestBodyBytes: number;
}

export interface RunningHttpServer {
  port: number;
  /**
   * Until routes are set (the app is still loading) every request gets 503. `eventGrid` serves the Event Grid
   * extension's webhook (`/runtime/webhooks/EventGrid`), outside the route prefix as in the real host.
   */
  setRoutes(routes: HttpRoute[], env: InvocationEnv, eventGrid?: EventGridWebhook): void;
  close(): Promise<void>;
}

export class PortInUseError extends Error {
  constructor(readonly port: number) {
    super(`Port ${port} is already in use`);
    this.name = 'PortInUseError';
  }
}

// Resolved from the library's own location, so it is the very `cookie` version the library serialises with.
const libraryRequire = createRequire(createRequire(import.meta.url).resolve('@azure/functions'));
const cookieLib = libraryRequire('cookie') as {
  serialize(name: string, value: string, options: Record<string, unknown>): string;
};

/** Same mapping and options as the library's http proxy (`setCookies` in httpProxy.ts). */
export function serializeCookie(c: Cookie): string {
  const sameSite = c.sameSite === undefined ? undefined : c.sameSite.toLowerCase();
  return cookieLib.serialize(c.name, c.value, {
    domain: c.domain,
    path: c.path,
    expires: typeof c.expires === 'number' ? new Date(c.expires) : c.expires,
    secure: c.secure,
    httpOnly: c.httpOnly,
    sameSite,
    maxAge: c.maxAge,
  });
}

const hopByHop = new Set([
  'connection',
  'keep-alive',
  'proxy-authenticate',
  'proxy-authorization',
  'te',
  'trailer',
  'trailers',
  'transfer-encoding',
  'upgrade',
]);

export function createHttpRoutes(registrations: Registration[], routePrefix: string): HttpRoute[] {
  return registrations
    .filter((r) => r.trigger.type.toLowerCase() === 'httptrigger')
    .map((registration) => {
      const { methods, route } = registration.trigger as { methods?: string[]; route?: string };
      return {
        registration,
        methods: (methods ?? []).map((m) => m.toUpperCase()),
        route: compileRoute(routePrefix, route ?? registration.name),
      };
    })
    .sort((a, b) => comparePrecedence(a.route, b.route));
}

type Body = Buffer | 'too-large' | 'aborted';

function readBody(req: http.IncomingMessage, limit: number): Promise<Body> {
  if (Number(req.headers['content-length'] ?? 0) > limit) return Promise.resolve('too-large');
  return new Promise((resolve) => {
    const chunks: Buffer[] = [];
    let size = 0;
    const onData = (chunk: Buffer) => {
      size += chunk.length;
      if (size > limit) {
        req.off('data', onData);
        req.resume();
        resolve('too-large');
      } else chunks.push(chunk);
    };
    req.on('data', onData);
    req.once('end', () => resolve(Buffer.concat(chunks)));
    req.once('aborted', () => resolve('aborted'));
    req.once('error', () => resolve('aborted'));
  });
}

/**
 * The body (within the limit) and the headers of a request; `undefined` when it was already answered: 413 for a body
 * over the limit, the socket closed for an aborted one.
 */
async function readRequest(
  req: http.IncomingMessage,
  res: http.ServerResponse,
  limit: number,
): Promise<{ body: Buffer; headers: Record<string, string> } | undefined> {
  const body = await readBody(req, limit);
  if (body === 'aborted') {
    res.destroy();
    return undefined;
  }
  if (body === 'too-large') {
    bare(res, 413);
    return undefined;
  }
  const headers: Record<string, string> = {};
  for (const [name, value] of Object.entries(req.headers)) {
    if (value !== undefined) headers[name] = Array.isArray(value) ? value.join(', ') : value;
  }
  return { body, headers };
}

/**
 * `X-Forwarded-For` as the App Service front end hands it to the app: whatever the client sent, then the address
 * the connection came from, as `ip:port` (`[ip]:port` for IPv6). The app counts per-address limits on that last one.
 */
export function forwardedFor(
  sent: string | undefined,
  socket: { remoteAddress?: string | undefined; remotePort?: number | undefined },
): string | undefined {
  if (!socket.remoteAddress) return sent;
  const address = socket.remoteAddress.includes(':') ? `[${socket.remoteAddress}]` : socket.remoteAddress;
  const peer = socket.remotePort === undefined ? address : `${address}:${socket.remotePort}`;
  return sent?.trim() ? `${sent}, ${peer}` : peer;
}

function bare(res: http.ServerResponse, status: number, headers: http.OutgoingHttpHeaders = {}): void {
  res.writeHead(status, { 'content-length': '0', ...headers });
  res.end();
}

/** What the host sends back: status, headers and cookies as the library's `HttpResponse` has them, and the body. */
interface Answer {
  status: number;
  headers: Headers;
  cookies: Cookie[];
  /** A whole body, or the stream of the library's `HttpResponse`; null for none. */
  body: Buffer | ReadableStream<Uint8Array> | null;
}

/** Statuses a fetch `Response` (the library's `HttpResponse`) never carries a body with. */
const nullBodyStatuses = new Set([204, 205, 304]);

/**
 * The function's result as the library turns it into an `HttpResponse`. A plain result with a whole body (a string,
 * bytes or `jsonBody`) and an ordinary status is answered without building one: the same headers (a fetch `Headers`,
 * which validates and normalises them as the response would), the same default content type, no body on
 * 204/205/304, and its bytes sent as they are, in one write with the headers. Building the fetch `Response` and its
 * web stream, then reading it back, was about 4 % of the host's CPU per InviteUser (bench/overhead-probe.ts profile).
 * Anything else (a stream, a form, an `HttpResponse` the function built, an odd status) goes through the library.
 */
function toAnswer(result: unknown): Answer | undefined {
  if (result === undefined || result === null) return undefined;
  if (typeof result !== 'object') {
    throw new TypeError(
      'The HTTP response must be an object with optional properties "body", "status", "headers", and "cookies".',
    );
  }
  const init = result as HttpResponseInit;
  const status = init.status ?? 200;
  const bytes = result instanceof azf.HttpResponse ? undefined : wholeBody(init);
  if (bytes === undefined || !Number.isInteger(status) || status < 200 || status > 599) {
    const response = result instanceof azf.HttpResponse ? result : new azf.HttpResponse(init);
    return {
      status: response.status,
      headers: response.headers,
      cookies: response.cookies,
      body: response.body as ReadableStream<Uint8Array> | null,
    };
  }
  const headers = new Headers(init.headers as ConstructorParameters<typeof Headers>[0]);
  const cookies = init.cookies ?? [];
  if (nullBodyStatuses.has(status)) return { status, headers, cookies, body: null };
  const hasJson = init.jsonBody !== undefined && init.jsonBody !== null;
  if (hasJson && !headers.has('content-type')) headers.set('content-type', 'application/json');
  if (!hasJson && typeof init.body === 'string' && !headers.has('content-type'))
    headers.set('content-type', 'text/plain;charset=UTF-8');
  return { status, headers, cookies, body: hasJson || (init.body !== undefined && init.body !== null) ? bytes : null };
}

function responseHeaders(response: Answer): http.OutgoingHttpHeaders {
  const listed = response.headers.get('connection')?.split(',') ?? [];
  const blocked = new Set([...hopByHop, ...listed.map((h) => h.trim().toLowerCase())]);
  const out: http.OutgoingHttpHeaders = {};
  for (const [name, value] of response.headers) {
    if (name !== 'set-cookie' && !blocked.has(name)) out[name] = value;
  }
  const cookies = [...response.headers.getSetCookie(), ...response.cookies.map(serializeCookie)];
  if (cookies.length > 0) out['set-cookie'] = cookies;
  return out;
}

/**
 * The bytes of a whole body (a string, bytes or `jsonBody`), encoded as the library's `HttpResponse` encodes them;
 * undefined for anything else (a stream, a form, a blob).
 */
function wholeBody(init: HttpResponseInit): Buffer | undefined {
  const { body, jsonBody } = init;
  if (jsonBody !== undefined && jsonBody !== null) return Buffer.from(JSON.stringify(jsonBody));
  if (body === undefined || body === null) return Buffer.alloc(0);
  if (typeof body === 'string') return Buffer.from(body);
  if (body instanceof ArrayBuffer) return Buffer.from(body);
  if (ArrayBuffer.isView(body)) return Buffer.from(body.buffer, body.byteOffset, body.byteLength);
  return undefined;
}

export async function startHttpServer(options: HttpServerOptions): Promise<RunningHttpServer> {
  const { hostname, maxRequestBodyBytes } = options;
  let app:
    | { routesOf: (lowered: string[]) => HttpRoute[]; env: InvocationEnv; eventGrid?: EventGridWebhook }
    | undefined;
  let port = options.port;
  const inFlight = new Set<Promise<void>>();

  async function handle(req: http.IncomingMessage, res: http.ServerResponse): Promise<void> {
    if (!app) return bare(res, 503, { 'retry-after': '1' });
    const { routesOf, env } = app;
    const rawUrl = req.url ?? '/';
    const method = (req.method ?? 'GET').toUpperCase();
    const [rawPath = '/', rawQuery = ''] = rawUrl.split('?', 2);
    if (app.eventGrid && rawPath.replace(/\/+$/, '').toLowerCase() === eventGridWebhookPath) {
      return serveWebhook(req, res, method, rawQuery, app.eventGrid);
    }
    const segments = pathSegments(rawPath);
    const lowered = segments.map((s) => s.toLowerCase());
    const candidates: Array<{ r: HttpRoute; params: Record<string, string> }> = [];
    for (const r of routesOf(lowered)) {
      const params = matchRoute(r.route, segments, lowered);
      if (params) candidates.push({ r, params });
    }
    if (candidates.length === 0) return bare(res, 404);
    const hit = candidates.find(({ r }) => r.methods.length === 0 || r.methods.includes(method));
    if (!hit) {
      const allow = [...new Set(candidates.flatMap(({ r }) => r.methods))];
      return bare(res, 405, { allow: allow.join(', ') });
    }
    const read = await readRequest(req, res, maxRequestBodyBytes);
    if (!read) return;
    const { body, headers } = read;
    const forwarded = forwardedFor(headers['x-forwarded-for'], req.socket);
    if (forwarded) headers['x-forwarded-for'] = forwarded;
    const reg = hit.r.registration;
    let request: InstanceType<typeof azf.HttpRequest>;
    try {
      request = new azf.HttpRequest({
        method,
        url: `http://${req.headers.host ?? `${hostname}:${port}`}${rawUrl}`,
        headers,
        params: hit.params,
        body: body.length > 0 ? { bytes: body } : undefined,
      });
    } catch {
      return bare(res, 400);
    }
    let result: unknown;
    try {
      result = await invoke(env, reg, {
        inputs: [request],
        reason: 'This function was programmatically called via the host APIs.',
        traceParent: headers.traceparent,
      });
    } catch {
      return bare(res, 500); // invoke() logged it; the client gets no details, as in Azure
    }
    let response: Answer | undefined;
    let out: http.OutgoingHttpHeaders = {};
    try {
      response = toAnswer(result);
      if (response) out = responseHeaders(response);
    } catch (error) {
      env.log(`${stamp()} [${reg.name}] error: invalid HTTP response: ${(error as Error).message}`);
      return bare(res, 500);
    }
    if (!response) return bare(res, 204);
    // A whole body goes with its length, in one write with the headers: no chunked framing for a body known whole.
    if (Buffer.isBuffer(response.body)) out['content-length'] = String(response.body.length);
    res.writeHead(response.status, out);
    const answer = response.body;
    if (!answer || method === 'HEAD') {
      if (answer && !Buffer.isBuffer(answer)) await answer.cancel().catch(() => undefined);
      res.end();
      return;
    }
    if (Buffer.isBuffer(answer)) {
      res.end(answer);
      return;
    }
    try {
      await pipeline(Readable.fromWeb(answer as WebReadableStream<Uint8Array>), res);
    } catch (error) {
      // A client that went away is not an error of the function; a failing body stream is.
      if ((error as NodeJS.ErrnoException).code !== 'ERR_STREAM_PREMATURE_CLOSE') {
        env.log(`${stamp()} [${reg.name}] error: response body failed: ${(error as Error).message}`);
      }
      res.destroy();
    }
  }

  /** Event Grid only POSTs; the answer is whatever the extension would give (see event-grid.ts). */
  async function serveWebhook(
    req: http.IncomingMessage,
    res: http.ServerResponse,
    method: string,
    query: string,
    webhook: EventGridWebhook,
  ): Promise<void> {
    if (method !== 'POST') return bare(res, 405, { allow: 'POST' });
    const read = await readRequest(req, res, maxRequestBodyBytes);
    if (!read) return;
    const { body, headers } = read;
    const answer = await webhook(new URLSearchParams(query), headers, body);
    if (answer.body === undefined) return bare(res, answer.status, answer.headers);
    res.writeHead(answer.status, { ...answer.headers, 'content-length': Buffer.byteLength(answer.body) });
    res.end(answer.body);
  }

  const server = http.createServer((req, res) => {
    const done = handle(req, res)
      .catch((error: unknown) => {
        options.log(
          `${stamp()} Host error: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`,
        );
        if (!res.headersSent) bare(res, 500);
        else res.destroy();
      })
      .finally(() => inFlight.delete(done));
    inFlight.add(done);
  });

  await new Promise<void>((resolve, reject) => {
    server.once('error', (error: NodeJS.ErrnoException) => {
      reject(error.code === 'EADDRINUSE' ? new PortInUseError(options.port) : error);
    });
    server.listen(options.port, hostname, () => resolve());
  });
  const address = server.address();
  port = typeof address === 'object' && address ? address.port : options.port;

  return {
    port,
    setRoutes(routes, env, eventGrid) {
      app = { routesOf: routeTable(routes), env, ...(eventGrid && { eventGrid }) };
    },
    async close() {
      const closed = new Promise<void>((resolve) => server.close(() => resolve()));
      server.closeIdleConnections();
      const grace = new Promise<void>((resolve) => setTimeout(resolve, 5000).unref());
      await Promise.race([Promise.allSettled([...inFlight]), grace]);
      server.closeAllConnections();
      await closed;
    },
  };
}
