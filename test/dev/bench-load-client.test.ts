/**
 * The bench's load client (bench/load.ts): its HTTP/1.1 reading is its own, so its figures are only as good as that
 * reading. Against a plain `node:http` server on loopback: whole bodies, chunked bodies, answers without a body,
 * kept-alive connections reused, `Connection: close` honoured, and a connection the server drops failing the request.
 */
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ApiClient } from '../../bench/load.js';

describe('the bench load client', () => {
  let server: http.Server;
  let base: string;
  const connections = new Set<unknown>();
  const seen: Array<{ method?: string; url?: string; headers: http.IncomingHttpHeaders; body: string }> = [];

  beforeAll(async () => {
    server = http.createServer((req, res) => {
      connections.add(req.socket);
      const chunks: Buffer[] = [];
      req.on('data', (chunk: Buffer) => chunks.push(chunk));
      req.on('end', () => {
        const body = Buffer.concat(chunks).toString('utf8');
        seen.push({ method: req.method, url: req.url, headers: req.headers, body });
        if (req.url === '/api/whole') {
          res.writeHead(201, { 'content-type': 'application/json', 'content-length': Buffer.byteLength(body) });
          res.end(body);
        } else if (req.url === '/api/chunked') {
          res.writeHead(200, { 'content-type': 'text/plain' });
          res.write('première partie, ');
          setTimeout(() => res.end('seconde partie — fin'), 5);
        } else if (req.url === '/api/empty') {
          res.writeHead(204);
          res.end();
        } else if (req.url === '/api/close') {
          res.writeHead(200, { connection: 'close', 'content-length': '2' });
          res.end('ok');
        } else if (req.url === '/api/drop') {
          req.socket.destroy();
        } else {
          res.writeHead(404, { 'content-length': '0' });
          res.end();
        }
      });
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    base = `http://127.0.0.1:${(server.address() as AddressInfo).port}/api`;
  });
  afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

  it('when a JSON body is sent, then the server gets it with its type, length and token, and the answer is read whole', async () => {
    const client = new ApiClient(base, 'a-token');
    const body = { email: 'hélène.lefèvre@example.com', note: 'x'.repeat(70_000) };
    const answer = await client.request('POST', '/whole', body);
    expect(answer.status).toBe(201);
    expect(JSON.parse(answer.text)).toEqual(body);
    const request = seen.at(-1)!;
    expect(request.method).toBe('POST');
    expect(request.headers['content-type']).toBe('application/json');
    expect(request.headers.authorization).toBe('Bearer a-token');
    expect(Number(request.headers['content-length'])).toBe(Buffer.byteLength(JSON.stringify(body)));
    client.close();
  });

  it('when the answer is chunked or has no body, then its text is the whole body or empty', async () => {
    const client = new ApiClient(base, '');
    expect(await client.request('GET', '/chunked')).toEqual({
      status: 200,
      text: 'première partie, seconde partie — fin',
    });
    expect(await client.request('GET', '/empty')).toEqual({ status: 204, text: '' });
    expect(seen.at(-1)!.headers.authorization).toBeUndefined();
    client.close();
  });

  it('when requests follow one another, then one kept-alive connection carries them all', async () => {
    const client = new ApiClient(base, '');
    connections.clear();
    for (let i = 0; i < 5; i++) expect((await client.request('GET', '/missing')).status).toBe(404);
    expect(connections.size).toBe(1);
    client.close();
  });

  it('when the server answers Connection: close, then the next request opens a new connection', async () => {
    const client = new ApiClient(base, '');
    connections.clear();
    expect(await client.request('GET', '/close')).toEqual({ status: 200, text: 'ok' });
    expect((await client.request('GET', '/missing')).status).toBe(404);
    expect(connections.size).toBe(2);
    client.close();
  });

  it('when the server drops the connection, then the request fails and the next one still gets through', async () => {
    const client = new ApiClient(base, '');
    await expect(client.request('GET', '/drop')).rejects.toThrow();
    expect((await client.request('GET', '/missing')).status).toBe(404);
    client.close();
  });

  it('when the base URL is not on this machine, then the client refuses it', () => {
    expect(() => new ApiClient('http://example.com/api', '')).toThrow(/only sends traffic to this machine/);
  });
});
