/**
 * The local Functions host serves the fixture app's HTTP functions the way the Functions host does: route
 * templates, query, JSON, cookies, redirects, streamed bodies, and the status codes for what cannot be served.
 */
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import net from 'node:net';
import path from 'node:path';
import type { HttpResponseInit } from '@azure/functions';
import azf from '@azure/functions';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { type RunningFunctionsHost, startFunctionsHost } from '../../dev/functions-host/host.js';
import { serializeCookie } from '../../dev/functions-host/http-server.js';
// @ts-expect-error: a JavaScript fixture without types
import { answers } from '../fixtures/host-app/answers.js';

const scriptRoot = path.resolve('test/fixtures/host-app');
const events = () => ((globalThis as Record<symbol, unknown>)[Symbol.for('host-app.events')] ?? []) as unknown[];

describe('local Functions host over HTTP', () => {
  let host: RunningFunctionsHost;
  const lines: string[] = [];
  const get = (route: string, init?: RequestInit) => fetch(`${host.url}/${route}`, { redirect: 'manual', ...init });

  beforeAll(async () => {
    host = await startFunctionsHost({
      scriptRoot,
      port: 0,
      entry: ['functions/http.js', 'functions/hooks.js'],
      maxRequestBodyBytes: 1024,
      log: (line) => lines.push(line),
    });
  });
  afterAll(() => host?.close());

  it('when it starts, then it lists every HTTP function with methods and route under /api', () => {
    expect(host.url).toBe(`http://localhost:${host.port}/api`);
    expect(host.registrations).toContainEqual({
      name: 'things',
      type: 'httpTrigger',
      methods: ['GET', 'POST'],
      route: 'things/{id:int}',
    });
    expect(host.registrations).toContainEqual({
      name: 'DefaultRoute',
      type: 'httpTrigger',
      methods: ['GET'],
      route: 'DefaultRoute',
    });
  });

  it('when a route has parameters, then they reach request.params, including optional ones left out', async () => {
    expect(await (await get('hello/Ada')).json()).toMatchObject({ hello: 'Ada' });
    expect(await (await get('hello')).json()).toMatchObject({ hello: 'world' });
    expect(await (await get('HELLO/Grace/')).json()).toMatchObject({ hello: 'Grace' });
    expect(await (await get('files/a/b%20c.txt')).json()).toEqual({ path: 'a/b c.txt' });
    expect(await (await get('DefaultRoute')).text()).toBe('DefaultRoute');
  });

  it('when constraints decide, then a literal wins, int and alpha pick their function, and a mismatch is 404', async () => {
    expect(await (await get('things/new')).json()).toEqual({ literal: true });
    expect(await (await get('things/42')).json()).toMatchObject({ params: { id: '42' } });
    expect(await (await get('things/abc')).json()).toEqual({ byName: 'abc' });
    expect((await get('things/a1')).status).toBe(404);
    const guid = '6f9619ff-8b86-d011-b42d-00cf4fc964ff';
    expect(await (await get(`orders/${guid}`)).json()).toEqual({ orderId: guid });
    expect((await get('orders/not-a-guid')).status).toBe(404);
  });

  it('when JSON is posted with a query, then the function gets both and its JSON comes back with the status', async () => {
    const res = await get('things/7?tag=a&tag=b&x=1', {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ name: 'Ada', nested: { ok: true } }),
    });
    expect(res.status).toBe(201);
    expect(res.headers.get('content-type')).toBe('application/json');
    expect(await res.json()).toEqual({
      params: { id: '7' },
      query: { tag: 'b', x: '1' },
      tags: ['a', 'b'],
      body: { name: 'Ada', nested: { ok: true } },
    });
  });

  it('when request cookies are sent, then the function reads the cookie header', async () => {
    const res = await get('hello/Ada', { headers: { cookie: 'a=1; b=2' } });
    expect(await res.json()).toMatchObject({ hello: 'Ada', cookie: 'a=1; b=2' });
  });

  it('when a request arrives, then X-Forwarded-For ends with the address and port it came from, after what the client sent (as App Service)', async () => {
    const direct = (await (await get('hello/Ada')).json()) as { forwardedFor: string };
    expect(direct.forwardedFor).toMatch(/^(127\.0\.0\.1|\[::1\]|\[::ffff:127\.0\.0\.1\]):\d+$/);
    const spoofed = await get('hello/Ada', { headers: { 'x-forwarded-for': '203.0.113.9, 198.51.100.7' } });
    const forwarded = ((await spoofed.json()) as { forwardedFor: string }).forwardedFor;
    expect(forwarded.split(', ').slice(0, 2)).toEqual(['203.0.113.9', '198.51.100.7']);
    expect(forwarded.split(', ').at(-1)).toMatch(/^(127\.0\.0\.1|\[::1\]|\[::ffff:127\.0\.0\.1\]):\d+$/);
  });

  it('when a function returns cookies, then Set-Cookie is serialised like the library does, attributes included', async () => {
    const res = await get('cookies');
    expect(res.headers.getSetCookie()).toEqual([
      'raw=1; Path=/',
      'session=abc%20123; Max-Age=3600; Path=/; HttpOnly; Secure; SameSite=Lax',
      'theme=dark',
      'gone=; Domain=localhost; Expires=Thu, 01 Jan 1970 00:00:00 GMT; SameSite=Strict',
      'cross=x; Secure; SameSite=None',
    ]);
  });

  it('when a function redirects, then the status and Location are passed through unchanged', async () => {
    const found = await get('redirect/found');
    expect(found.status).toBe(302);
    expect(found.headers.get('location')).toBe('https://example.test/authorize?x=1');
    const seeOther = await get('redirect/see-other', { method: 'POST' });
    expect(seeOther.status).toBe(303);
    expect(seeOther.headers.get('location')).toBe('/api/hello/Ada');
  });

  it('when the body is a stream, then chunks reach the client as they are produced', async () => {
    const started = performance.now();
    const res = await get('stream');
    const reader = res.body!.getReader();
    const decoder = new TextDecoder();
    const first = await reader.read();
    const firstAt = performance.now() - started;
    let text = decoder.decode(first.value, { stream: true });
    for (let r = await reader.read(); !r.done; r = await reader.read())
      text += decoder.decode(r.value, { stream: true });
    const doneAt = performance.now() - started;
    expect(text).toBe('chunk-1\nchunk-2\nchunk-3\n');
    expect(decoder.decode(first.value)).toBe('chunk-1\n');
    expect(doneAt - firstAt).toBeGreaterThan(400);
  });

  it('when a function answers with a whole body, then headers and body leave in one write to the socket', async () => {
    // Counted on the host's side of the connection: the socket whose local port is the host's.
    const socket = net.Socket.prototype as unknown as Record<'_write' | '_writev', (...args: unknown[]) => void>;
    const single = vi.spyOn(socket, '_write');
    const gathered = vi.spyOn(socket, '_writev');
    const fromHost = () =>
      [...single.mock.contexts, ...gathered.mock.contexts].filter((s) => (s as net.Socket).localPort === host.port)
        .length;
    try {
      const plain = await get('plain');
      expect(await plain.text()).toBe('hello');
      expect(fromHost()).toBe(1);
      const json = await get('hello/Ada');
      expect(await json.json()).toMatchObject({ hello: 'Ada' });
      expect(fromHost()).toBe(2);
    } finally {
      single.mockRestore();
      gathered.mockRestore();
    }
  });

  it('when a function returns a whole body, then the answer carries its Content-Length and is not chunked', async () => {
    for (const route of ['plain', 'hello/Ada']) {
      const res = await get(route);
      const body = Buffer.from(await res.arrayBuffer());
      expect(body.length).toBeGreaterThan(0);
      expect({
        route,
        length: res.headers.get('content-length'),
        encoding: res.headers.get('transfer-encoding'),
      }).toEqual({ route, length: String(body.length), encoding: null });
    }
  });

  it("when a function returns a plain result, then status, headers, cookies and body are the library's HttpResponse's", async () => {
    const hopByHop = ['connection', 'keep-alive', 'transfer-encoding'];
    for (const [kind, init] of Object.entries(answers as Record<string, HttpResponseInit>)) {
      let expected: { status: number; headers: Record<string, string | null>; cookies: string[]; body: string };
      try {
        const library = new azf.HttpResponse(init);
        const listed = (library.headers.get('connection') ?? '').split(',').map((h) => h.trim().toLowerCase());
        const names = [...library.headers.keys(), 'content-type'].filter(
          (n) => n !== 'set-cookie' && !hopByHop.includes(n) && !listed.includes(n),
        );
        expected = {
          status: library.status,
          headers: Object.fromEntries(names.map((n) => [n, library.headers.get(n)])),
          cookies: [...library.headers.getSetCookie(), ...library.cookies.map(serializeCookie)],
          body: library.body ? await library.text() : '',
        };
      } catch {
        // What the library refuses to build is a bare 500 from the host.
        expected = { status: 500, headers: { 'content-type': null }, cookies: [], body: '' };
      }
      const res = await get(`answers/${kind}`);
      const body = await res.text();
      expect({
        kind,
        status: res.status,
        headers: Object.fromEntries(Object.keys(expected.headers).map((n) => [n, res.headers.get(n)])),
        cookies: res.headers.getSetCookie(),
        body,
      }).toEqual({ kind, ...expected });
    }
  });

  it('when a string body is returned, then it is text/plain as the library makes it', async () => {
    const res = await get('plain');
    expect(res.headers.get('content-type')).toBe('text/plain;charset=UTF-8');
    expect(await res.text()).toBe('hello');
  });

  it('when no route matches, then the answer is 404 with an empty body', async () => {
    const res = await get('no-such-function');
    expect(res.status).toBe(404);
    expect(await res.text()).toBe('');
    expect((await fetch(`http://localhost:${host.port}/hello/Ada`)).status).toBe(404);
  });

  it('when the route exists but not the method, then the answer is 405 with Allow', async () => {
    const res = await get('only-post');
    expect(res.status).toBe(405);
    expect(res.headers.get('allow')).toBe('POST');
    const head = await get('hello/Ada', { method: 'HEAD' });
    expect(head.status).toBe(405);
    expect(head.headers.get('allow')).toBe('GET');
  });

  it('when HEAD is registered, then it is served with headers and no body', async () => {
    const res = await get('headable', { method: 'HEAD' });
    expect(res.status).toBe(200);
    expect(res.headers.get('x-headable')).toBe('yes');
    expect(await res.text()).toBe('');
  });

  it('when the body is above the limit, then the answer is 413, with or without Content-Length', async () => {
    expect((await get('echo', { method: 'POST', body: Buffer.alloc(2048) })).status).toBe(413);
    const chunked = new ReadableStream({
      start(controller) {
        for (let i = 0; i < 4; i++) controller.enqueue(new Uint8Array(512));
        controller.close();
      },
    });
    const res = await get('echo', { method: 'POST', body: chunked, duplex: 'half' } as RequestInit);
    expect(res.status).toBe(413);
    const ok = await get('echo', { method: 'POST', body: Buffer.alloc(1000) });
    expect(await ok.json()).toEqual({ size: 1000 });
  });

  it('when a function throws, then the answer is a bare 500 and the error is logged with the invocation id', async () => {
    const res = await get('boom');
    expect(res.status).toBe(500);
    expect(await res.text()).toBe('');
    const failed = lines.find((l) => l.includes("Executed 'Functions.boom' (Failed"));
    const id = /Id=([0-9a-f-]{36})/.exec(failed ?? '')?.[1];
    expect(id).toBeDefined();
    expect(lines.some((l) => l.includes(`(Id=${id}): Error: kaboom: secret detail`))).toBe(true);
  });

  it('when a function returns nothing, then the answer is 204', async () => {
    expect((await get('nothing')).status).toBe(204);
  });

  it('when hooks are registered, then appStart ran and pre/post invocation hooks share hook data', async () => {
    expect(events()).toContainEqual({ hook: 'appStart' });
    const res = await get('hooked');
    expect(res.headers.get('x-hooked')).toBe('pre');
    expect(await res.text()).toBe('hooked');
  });
});

describe('local Functions host settings', () => {
  function freePort(): Promise<number> {
    return new Promise((resolve) => {
      const server = net.createServer().listen(0, '127.0.0.1', () => {
        const { port } = server.address() as net.AddressInfo;
        server.close(() => resolve(port));
      });
    });
  }

  it('when the same app is started twice in one process, then the second host registers its functions again', async () => {
    const options = { scriptRoot, port: 0, entry: ['functions/timer.js'], log: () => undefined };
    const first = await startFunctionsHost(options);
    await first.close();
    const second = await startFunctionsHost(options);
    await second.close();
    expect(second.registrations.map((r) => r.name)).toEqual(['startupTimer']);
  });

  it('when local.settings.json has values, then they reach process.env without overriding the environment', async () => {
    mkdirSync(path.resolve('.dev/tmp'), { recursive: true });
    const root = mkdtempSync(path.resolve('.dev/tmp/host-settings-'));
    const port = await freePort();
    writeFileSync(path.join(root, 'package.json'), JSON.stringify({ type: 'module', main: 'app.js' }));
    writeFileSync(path.join(root, 'host.json'), JSON.stringify({ version: '2.0' }));
    writeFileSync(
      path.join(root, 'local.settings.json'),
      JSON.stringify({
        IsEncrypted: false,
        Values: { HOST_TEST_FROM_FILE: 'file', HOST_TEST_IN_ENV: 'file', HOST_TEST_BY_OPTION: 'file' },
        Host: { LocalHttpPort: port },
      }),
    );
    writeFileSync(
      path.join(root, 'app.js'),
      `import { app } from '@azure/functions';
app.http('env', { methods: ['GET'], route: 'env/{name}', handler: async (req) => ({ jsonBody: process.env[req.params.name] ?? null }) });`,
    );
    process.env.HOST_TEST_IN_ENV = 'environment';
    const host = await startFunctionsHost({
      scriptRoot: root,
      settings: { HOST_TEST_BY_OPTION: 'option' },
      log: () => undefined,
    });
    try {
      expect(host.port).toBe(port);
      const value = async (name: string) => (await fetch(`${host.url}/env/${name}`)).json();
      expect(await value('HOST_TEST_FROM_FILE')).toBe('file');
      expect(await value('HOST_TEST_IN_ENV')).toBe('environment');
      expect(await value('HOST_TEST_BY_OPTION')).toBe('option');
    } finally {
      await host.close();
      rmSync(root, { recursive: true, force: true });
    }
    expect(process.env.HOST_TEST_FROM_FILE).toBeUndefined();
    expect(process.env.HOST_TEST_IN_ENV).toBe('environment');
    delete process.env.HOST_TEST_IN_ENV;
  });
});
