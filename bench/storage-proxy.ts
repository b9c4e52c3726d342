/**
 * A counting HTTP proxy in front of Azurite's Table or Queue endpoint (loopback only): every request the Functions
 * host makes to storage goes through it and is recorded with what kind of operation it is — a table transaction
 * and the entities in it, a point read, a query, a queue send, a receive (with or without a message), a delete —
 * so the bench can count the storage operations of one invitation exactly.
 */
import http from 'node:http';
import type { AddressInfo } from 'node:net';

export type Service = 'table' | 'queue';

export interface StorageCall {
  service: Service;
  /** e.g. `transaction`, `point read`, `query`, `create table`, `send`, `receive`, `receive (empty)`, `delete`. */
  kind: string;
  /** Table or queue name(s). */
  target: string;
  /** Entities written by a transaction. */
  entities?: number;
  status: number;
  at: number;
}

export interface CountingProxy {
  port: number;
  calls: StorageCall[];
  close(): Promise<void>;
}

function tableCall(method: string, path: string, requestBody: string): Omit<StorageCall, 'status' | 'at'> {
  const resource = decodeURIComponent(path.split('/')[2] ?? '');
  if (method === 'POST' && resource === '$batch') {
    const operations = [
      ...requestBody.matchAll(/^(?:POST|PUT|MERGE|PATCH|DELETE|GET) \S*\/([^/(?\s]+)[^\s]* HTTP\/1\.1/gm),
    ];
    const tables = [...new Set(operations.map((m) => m[1]!))];
    return { service: 'table', kind: 'transaction', target: tables.join(','), entities: operations.length };
  }
  if (resource === 'Tables' || resource.startsWith('Tables(')) {
    return { service: 'table', kind: method === 'POST' ? 'create table' : `${method} table`, target: 'Tables' };
  }
  const table = resource.replace(/\(.*$/, '');
  const point = /\(.+\)/.test(resource) && !/\(\)$/.test(resource);
  const kinds: Record<string, string> = {
    GET: point ? 'point read' : 'query',
    POST: 'insert',
    PUT: 'update',
    MERGE: 'merge',
    PATCH: 'merge',
    DELETE: 'delete',
  };
  return { service: 'table', kind: kinds[method] ?? method, target: table };
}

function queueCall(method: string, path: string, query: URLSearchParams, responseBody: string) {
  const [, , queue = '', messages, id] = path.split('/');
  const call = (kind: string): Omit<StorageCall, 'status' | 'at'> => ({ service: 'queue', kind, target: queue });
  if (messages !== 'messages') return call(method === 'PUT' ? 'create queue' : `${method} queue`);
  if (method === 'POST') return call('send');
  if (method === 'GET' && query.get('peekonly') === 'true') return call('peek');
  if (method === 'GET') return call(responseBody.includes('<QueueMessage>') ? 'receive' : 'receive (empty)');
  if (method === 'DELETE' && id) return call('delete');
  if (method === 'PUT' && id) return call('update message');
  return call(`${method} messages`);
}

/** Starts a proxy on a free loopback port that forwards to `127.0.0.1:<targetPort>` and records every call. */
export async function startCountingProxy(service: Service, targetPort: number): Promise<CountingProxy> {
  const calls: StorageCall[] = [];
  const agent = new http.Agent({ keepAlive: true });
  const server = http.createServer((req, res) => {
    const requestChunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => requestChunks.push(chunk));
    req.on('end', () => {
      const requestBody = Buffer.concat(requestChunks);
      const upstream = http.request(
        { host: '127.0.0.1', port: targetPort, method: req.method, path: req.url, headers: req.headers, agent },
        (answer) => {
          const chunks: Buffer[] = [];
          answer.on('data', (chunk: Buffer) => chunks.push(chunk));
          answer.on('end', () => {
            const body = Buffer.concat(chunks);
            const url = new URL(req.url ?? '/', 'http://proxy');
            const method = req.method ?? 'GET';
            const described =
              service === 'table'
                ? tableCall(method, url.pathname, requestBody.toString('utf8'))
                : queueCall(method, url.pathname, url.searchParams, body.toString('utf8'));
            calls.push({ ...described, status: answer.statusCode ?? 0, at: Date.now() });
            res.writeHead(answer.statusCode ?? 502, answer.headers);
            res.end(body);
          });
        },
      );
      upstream.on('error', (error) => {
        res.writeHead(502, { 'content-type': 'text/plain' });
        res.end(`bench proxy: ${error.message}`);
      });
      upstream.end(requestBody);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    port: (server.address() as AddressInfo).port,
    calls,
    close: () =>
      new Promise((resolve) => {
        agent.destroy();
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
