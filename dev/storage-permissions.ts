/**
 * The storage roles of the app's managed identity, enforced locally. Azurite with the account key never evaluates
 * Azure RBAC, so a storage call the identity's roles do not grant (a service-level `getProperties`, an ACL…) would
 * pass here and fail in Azure with 403. This loopback proxy sits between the Functions host and Azurite's table,
 * queue and blob endpoints: it names each request's operation, looks up the RBAC actions it needs and the actions of the
 * roles `infra/modules/rbac.bicep` assigns (both in `infra/storage-data-plane.json`, Microsoft's tables), and answers
 * Azure's `403 AuthorizationPermissionMismatch` when they are not granted. Seeding, tests and tools reach Azurite
 * directly: an operator holds other roles.
 */
import { randomUUID } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';

export type StorageService = 'table' | 'queue' | 'blob';

export interface DataPlaneOperation {
  service: StorageService;
  operation: string;
  /** Alternatives: the operation is allowed when every action of one of them is granted. */
  requires: string[][];
  /** An entity group transaction: each sub-operation is authorized on its own. */
  subOperations?: boolean;
  usedBy: Array<'app' | 'functions-host'>;
  sdk?: string[];
}

export interface RoleDefinition {
  name: string;
  actions: string[];
  notActions: string[];
  dataActions: string[];
  notDataActions: string[];
}

export interface DataPlanePolicy {
  operations: DataPlaneOperation[];
  roles: Record<string, RoleDefinition>;
}

/** The role definition ids `rbac.bicep` assigns to the app's identity on the storage account. */
export function appStorageRoleIds(bicep: string): string[] {
  const guids = new Map<string, string>();
  for (const m of bicep.matchAll(/^var\s+(\w+)\s*=\s*'([0-9a-f-]{36})'/gim)) guids.set(m[1]!, m[2]!.toLowerCase());
  const roles: string[] = [];
  for (const m of bicep.matchAll(/^resource\s+\w+\s+'Microsoft\.Authorization\/roleAssignments@[^']+'[^{]*\{/gm)) {
    // The resource's body: from its opening brace to the matching closing one.
    let depth = 0;
    let end = m.index + m[0].length - 1;
    for (; end < bicep.length; end++) {
      if (bicep[end] === '{') depth++;
      else if (bicep[end] === '}' && --depth === 0) break;
    }
    const body = bicep.slice(m.index, end);
    if (!/^\s*scope:\s*storageAccount\s*$/m.test(body) || !/^\s*principalId:\s*identityPrincipalId\s*$/m.test(body))
      continue;
    const role =
      /roleDefinitionId:\s*subscriptionResourceId\(\s*'Microsoft\.Authorization\/roleDefinitions'\s*,\s*(?:'([0-9a-f-]{36})'|(\w+))\s*\)/i.exec(
        body,
      );
    const id = role?.[1]?.toLowerCase() ?? (role?.[2] ? guids.get(role[2]) : undefined);
    if (!id) throw new Error(`a storage role assignment in rbac.bicep names no role definition I can read:\n${body}`);
    roles.push(id);
  }
  return roles;
}

const matches = (pattern: string, action: string) =>
  new RegExp(`^${pattern.replace(/[.+?^${}()|[\]\\]/g, '\\$&').replace(/\*/g, '.*')}$`, 'i').test(action);

/** True when the roles grant this one action (wildcards honoured, `not…` lists subtracted). */
export function roleGrants(roles: RoleDefinition[], action: string): boolean {
  return roles.some(
    (role) =>
      (role.actions.some((p) => matches(p, action)) && !role.notActions.some((p) => matches(p, action))) ||
      (role.dataActions.some((p) => matches(p, action)) && !role.notDataActions.some((p) => matches(p, action))),
  );
}

/** True when the roles grant the operation: every action of at least one alternative. */
export function grantsOperation(roles: RoleDefinition[], operation: DataPlaneOperation): boolean {
  return operation.requires.some((all) => all.every((action) => roleGrants(roles, action)));
}

export async function loadDataPlanePolicy(root: string): Promise<{ policy: DataPlanePolicy; roles: RoleDefinition[] }> {
  const [json, bicep] = await Promise.all([
    readFile(path.join(root, 'infra/storage-data-plane.json'), 'utf8'),
    readFile(path.join(root, 'infra/modules/rbac.bicep'), 'utf8'),
  ]);
  const policy = JSON.parse(json) as DataPlanePolicy;
  const roles = appStorageRoleIds(bicep).map((id) => {
    const role = policy.roles[id];
    if (!role) throw new Error(`rbac.bicep assigns role ${id}, which infra/storage-data-plane.json does not describe`);
    return role;
  });
  return { policy, roles };
}

interface Request {
  method: string;
  /** Path without the account segment, e.g. `/Invitations(PartitionKey='a',RowKey='b')`. */
  path: string;
  query: URLSearchParams;
  ifMatch: boolean;
}

/** Names the Table service operation of a request (`undefined`: not one we know, refused). */
export function tableOperation(r: Request): string | undefined {
  const { method, query } = r;
  const resource = decodeURIComponent(r.path.replace(/^\/+/, ''));
  if (resource === '' && query.get('restype') === 'service') {
    if (query.get('comp') === 'properties')
      return method === 'PUT' ? 'Set Table Service Properties' : 'Get Table Service Properties';
    if (query.get('comp') === 'stats') return 'Get Table Service Stats';
    return undefined;
  }
  if (resource === '$batch') return method === 'POST' ? 'Entity Group Transaction' : undefined;
  if (resource === 'Tables' || resource.startsWith('Tables(')) {
    if (method === 'POST') return 'Create Table';
    if (method === 'DELETE') return 'Delete Table';
    return method === 'GET' ? 'Query Tables' : undefined;
  }
  if (query.get('comp') === 'acl') return method === 'PUT' ? 'Set Table ACL' : 'Get Table ACL';
  const keyed = /^[^(]+\(.+\)$/.test(resource) && !resource.endsWith('()');
  switch (method) {
    case 'GET':
      return 'Query Entities';
    case 'POST':
      return keyed ? undefined : 'Insert Entity';
    case 'PUT':
      return keyed ? (r.ifMatch ? 'Update Entity' : 'Insert Or Replace Entity') : undefined;
    case 'MERGE':
    case 'PATCH':
      return keyed ? (r.ifMatch ? 'Merge Entity' : 'Insert Or Merge Entity') : undefined;
    case 'DELETE':
      return keyed ? 'Delete Entity' : undefined;
    default:
      return undefined;
  }
}

/** The operations inside an entity group transaction's multipart body (each authorized on its own). */
export function transactionOperations(body: string): Array<string | undefined> {
  const operations: Array<string | undefined> = [];
  const lines = body.split(/\r?\n/);
  for (let i = 0; i < lines.length; i++) {
    const request = /^(GET|POST|PUT|MERGE|PATCH|DELETE) (\S+) HTTP\/1\.1$/.exec(lines[i]!);
    if (!request) continue;
    let ifMatch = false;
    for (let j = i + 1; j < lines.length && lines[j] !== ''; j++) if (/^if-match:/i.test(lines[j]!)) ifMatch = true;
    const url = new URL(request[2]!, 'http://storage');
    const [, , ...rest] = url.pathname.split('/');
    operations.push(
      tableOperation({ method: request[1]!, path: `/${rest.join('/')}`, query: url.searchParams, ifMatch }),
    );
  }
  return operations;
}

/** Names the Queue service operation of a request (`undefined`: not one we know, refused). */
export function queueOperation(r: Request): string | undefined {
  const { method, query } = r;
  const [queue, messages, id] = r.path.replace(/^\/+/, '').split('/');
  const comp = query.get('comp');
  if (!queue) {
    if (comp === 'list') return 'List Queues';
    if (query.get('restype') === 'service' && comp === 'properties')
      return method === 'PUT' ? 'Set Queue Service Properties' : 'Get Queue Service Properties';
    if (query.get('restype') === 'service' && comp === 'stats') return 'Get Queue Service Stats';
    return undefined;
  }
  if (messages === undefined) {
    if (comp === 'metadata') return method === 'PUT' ? 'Set Queue Metadata' : 'Get Queue Metadata';
    if (comp === 'acl') return method === 'PUT' ? 'Set Queue ACL' : 'Get Queue ACL';
    if (method === 'PUT') return 'Create Queue';
    if (method === 'DELETE') return 'Delete Queue';
    return undefined;
  }
  if (messages !== 'messages') return undefined;
  if (id) return method === 'DELETE' ? 'Delete Message' : method === 'PUT' ? 'Update Message' : undefined;
  if (method === 'POST') return 'Put Message';
  if (method === 'DELETE') return 'Clear Messages';
  if (method === 'GET') return query.get('peekonly') === 'true' ? 'Peek Messages' : 'Get Messages';
  return undefined;
}

/** Names the Blob service operation of a request (`undefined`: not one we know, refused). */
export function blobOperation(r: Request): string | undefined {
  const { method, query } = r;
  const [container, ...blob] = r.path.replace(/^\/+/, '').split('/');
  const comp = query.get('comp');
  if (!container) return undefined; // service level: List Containers, properties, stats — never used
  if (blob.length === 0 || blob.join('/') === '') {
    if (query.get('restype') !== 'container') return undefined;
    if (comp === 'list') return method === 'GET' ? 'List Blobs' : undefined;
    if (comp === null) {
      if (method === 'PUT') return 'Create Container';
      if (method === 'DELETE') return 'Delete Container';
      return method === 'GET' || method === 'HEAD' ? 'Get Container Properties' : undefined;
    }
    return undefined;
  }
  switch (method) {
    case 'PUT':
      if (comp === 'block') return 'Put Block';
      if (comp === 'blocklist') return 'Put Block List';
      if (comp === 'lease') return 'Lease Blob';
      return comp === null ? 'Put Blob' : undefined;
    case 'GET':
      return comp === null ? 'Get Blob' : undefined;
    case 'HEAD':
      return comp === null ? 'Get Blob Properties' : undefined;
    case 'DELETE':
      return comp === null ? 'Delete Blob' : undefined;
    default:
      return undefined;
  }
}

export interface Decision {
  allowed: boolean;
  /** The operations the request performs (a transaction: its sub-operations). */
  operations: string[];
  /** Why it is refused. */
  reason?: string;
}

export function decide(
  service: StorageService,
  policy: DataPlanePolicy,
  roles: RoleDefinition[],
  request: { method: string; url: string; headers: http.IncomingHttpHeaders; body: string },
): Decision {
  const url = new URL(request.url, 'http://storage');
  const [, , ...rest] = url.pathname.split('/'); // drop the account segment (path-style URLs, as Azurite serves)
  const r: Request = {
    method: request.method.toUpperCase(),
    path: `/${rest.join('/')}`,
    query: url.searchParams,
    ifMatch: request.headers['if-match'] !== undefined,
  };
  const name = service === 'table' ? tableOperation(r) : service === 'queue' ? queueOperation(r) : blobOperation(r);
  const names =
    name === 'Entity Group Transaction'
      ? transactionOperations(request.body)
      : name === undefined
        ? [undefined]
        : [name];
  if (names.includes(undefined))
    return {
      allowed: false,
      operations: [],
      reason: `${r.method} ${url.pathname}${url.search} is no ${service} operation I know`,
    };
  const operations = names as string[];
  for (const operationName of operations) {
    const operation = policy.operations.find((o) => o.service === service && o.operation === operationName);
    if (!operation) return { allowed: false, operations, reason: `${operationName} is not in storage-data-plane.json` };
    if (!grantsOperation(roles, operation))
      return {
        allowed: false,
        operations,
        reason: `${operationName} needs ${operation.requires.map((all) => all.join(' and ')).join(' or ')}`,
      };
  }
  return { allowed: true, operations };
}

const DENIED_MESSAGE = 'This request is not authorized to perform this operation using this permission.';

/** Azure's 403 for a request the caller's roles do not grant: OData JSON for table data, XML otherwise. */
function refuse(service: StorageService, req: http.IncomingMessage, res: http.ServerResponse): void {
  const requestId = randomUUID();
  const message = `${DENIED_MESSAGE}\nRequestId:${requestId}\nTime:${new Date().toISOString()}`;
  const headers: Record<string, string> = {
    'x-ms-error-code': 'AuthorizationPermissionMismatch',
    'x-ms-request-id': requestId,
    'x-ms-version': String(req.headers['x-ms-version'] ?? '2019-02-02'),
  };
  if (req.headers['x-ms-client-request-id'])
    headers['x-ms-client-request-id'] = String(req.headers['x-ms-client-request-id']);
  let body: string;
  if (service === 'table' && /json/i.test(String(req.headers.accept ?? ''))) {
    headers['content-type'] = 'application/json;odata=minimalmetadata;streaming=true;charset=utf-8';
    body = JSON.stringify({
      'odata.error': { code: 'AuthorizationPermissionMismatch', message: { lang: 'en-US', value: message } },
    });
  } else {
    headers['content-type'] = 'application/xml';
    body = `<?xml version="1.0" encoding="utf-8"?><Error><Code>AuthorizationPermissionMismatch</Code><Message>${message}</Message></Error>`;
  }
  res.writeHead(403, 'This request is not authorized to perform this operation using this permission.', headers);
  res.end(req.method === 'HEAD' ? undefined : body);
}

export interface StoragePermissions {
  /** The Azurite connection string with the table, queue and blob endpoints going through the proxy. */
  connectionString: string;
  /** Requests refused so far (operation and reason), newest last. */
  refused: Array<{ service: StorageService; operations: string[]; reason: string }>;
  close(): Promise<void>;
}

async function proxy(
  service: StorageService,
  targetPort: number,
  check: (service: StorageService, request: Parameters<typeof decide>[3]) => Decision,
  onRefused: (service: StorageService, decision: Decision) => void,
): Promise<http.Server> {
  const agent = new http.Agent({ keepAlive: true });
  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => {
      const body = Buffer.concat(chunks);
      const decision = check(service, {
        method: req.method ?? 'GET',
        url: req.url ?? '/',
        headers: req.headers,
        body: service === 'table' ? body.toString('utf8') : '',
      });
      if (!decision.allowed) {
        onRefused(service, decision);
        refuse(service, req, res);
        return;
      }
      const upstream = http.request(
        { host: '127.0.0.1', port: targetPort, method: req.method, path: req.url, headers: req.headers, agent },
        (answer) => {
          res.writeHead(answer.statusCode ?? 502, answer.statusMessage, answer.headers);
          answer.pipe(res);
        },
      );
      // Azurite gone: the caller sees the connection drop, as it would if the account stopped answering.
      upstream.on('error', () => req.socket.destroy());
      upstream.end(body);
    });
  });
  server.on('close', () => agent.destroy());
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return server;
}

/** Starts the proxy for the table, queue and blob endpoints of an Azurite connection string. */
export async function startStoragePermissions(options: {
  root: string;
  azuriteConnectionString: string;
  output: (line: string) => void;
}): Promise<StoragePermissions> {
  const { policy, roles } = await loadDataPlanePolicy(options.root);
  const refused: StoragePermissions['refused'] = [];
  const port = (name: string) => {
    const match = new RegExp(`${name}Endpoint=http://[^:;]+:(\\d+)/`).exec(options.azuriteConnectionString);
    if (!match) throw new Error(`no ${name}Endpoint in the Azurite connection string`);
    return Number(match[1]);
  };
  const check = (service: StorageService, request: Parameters<typeof decide>[3]) =>
    decide(service, policy, roles, request);
  const onRefused = (service: StorageService, decision: Decision) => {
    refused.push({ service, operations: decision.operations, reason: decision.reason ?? '' });
    if (refused.length > 1000) refused.shift();
    options.output(`403 AuthorizationPermissionMismatch: ${decision.reason}`);
  };
  const servers = await Promise.all([
    proxy('table', port('Table'), check, onRefused),
    proxy('queue', port('Queue'), check, onRefused),
    proxy('blob', port('Blob'), check, onRefused),
  ]);
  const [table, queue, blob] = servers.map((s) => (s.address() as AddressInfo).port);
  const connectionString = options.azuriteConnectionString
    .replace(/TableEndpoint=http:\/\/[^:;]+:\d+\//, `TableEndpoint=http://127.0.0.1:${table}/`)
    .replace(/QueueEndpoint=http:\/\/[^:;]+:\d+\//, `QueueEndpoint=http://127.0.0.1:${queue}/`)
    .replace(/BlobEndpoint=http:\/\/[^:;]+:\d+\//, `BlobEndpoint=http://127.0.0.1:${blob}/`);
  return {
    connectionString,
    refused,
    close: async () => {
      await Promise.all(
        servers.map(
          (s) =>
            new Promise<void>((resolve) => {
              s.closeAllConnections();
              s.close(() => resolve());
            }),
        ),
      );
    },
  };
}
