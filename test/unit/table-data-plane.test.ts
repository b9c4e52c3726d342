import { readdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import {
  appStorageRoleIds,
  type DataPlanePolicy,
  decide,
  grantsOperation,
  loadDataPlanePolicy,
} from '../../dev/storage-permissions.js';

const root = path.resolve(import.meta.dirname, '../..');

/** Methods of the storage SDK clients (TableClient, TableServiceClient, QueueClient, QueueServiceClient). */
const SDK_METHODS = [
  'createTable',
  'deleteTable',
  'listTables',
  'createEntity',
  'upsertEntity',
  'updateEntity',
  'deleteEntity',
  'getEntity',
  'listEntities',
  'submitTransaction',
  'getAccessPolicy',
  'setAccessPolicy',
  'getProperties',
  'setProperties',
  'getStatistics',
  'createIfNotExists',
  'deleteIfExists',
  'exists',
  'setMetadata',
  'listQueues',
  'sendMessage',
  'receiveMessages',
  'peekMessages',
  'deleteMessage',
  'updateMessage',
  'clearMessages',
];

async function sources(dir: string): Promise<string[]> {
  const entries = await readdir(dir, { withFileTypes: true });
  const files = await Promise.all(
    entries.map((e) => (e.isDirectory() ? sources(path.join(dir, e.name)) : [path.join(dir, e.name)])),
  );
  return files.flat().filter((f) => f.endsWith('.ts'));
}

const request = (method: string, url: string, body = '', headers: Record<string, string> = {}) => ({
  method,
  url: `/devstoreaccount1${url}`,
  headers,
  body,
});

describe('the storage data-plane operations beside the role assignments', () => {
  it('when rbac.bicep is read, then the roles it gives the app on the storage account are the ones described', async () => {
    const bicep = await readFile(path.join(root, 'infra/modules/rbac.bicep'), 'utf8');
    const { policy } = await loadDataPlanePolicy(root);
    const ids = appStorageRoleIds(bicep);
    expect(ids.map((id) => policy.roles[id]?.name).sort()).toEqual([
      'Storage Blob Data Owner',
      'Storage Queue Data Contributor',
      'Storage Table Data Contributor',
    ]);
  });

  it('when the assigned roles are checked, then they grant every operation the app and the host perform', async () => {
    const { policy, roles } = await loadDataPlanePolicy(root);
    const used = policy.operations.filter((o) => o.usedBy.length > 0);
    expect(used.length).toBeGreaterThan(10);
    const refused = used.filter((o) => !grantsOperation(roles, o)).map((o) => `${o.service}: ${o.operation}`);
    expect(refused).toEqual([]);
  });

  it('when the service-level properties are asked for, then the roles do not grant it (the old health probe)', async () => {
    const { policy, roles } = await loadDataPlanePolicy(root);
    for (const name of ['Get Table Service Properties', 'Get Queue Service Properties']) {
      const operation = policy.operations.find((o) => o.operation === name)!;
      expect(grantsOperation(roles, operation), name).toBe(false);
      expect(operation.usedBy).toEqual([]);
    }
  });

  it('when the adapters are scanned, then every storage SDK call they make is a listed operation of the app', async () => {
    const { policy } = await loadDataPlanePolicy(root);
    const listed = new Set(
      policy.operations
        .filter((o) => o.usedBy.includes('app'))
        .flatMap((o) => (o.sdk ?? []).map((s) => s.split('.')[1])),
    );
    const called = new Map<string, string>();
    for (const file of await sources(path.join(root, 'shared/adapters'))) {
      const text = await readFile(file, 'utf8');
      for (const method of SDK_METHODS)
        if (new RegExp(`\\.${method}(<[^>]*>)?\\(`).test(text)) called.set(method, path.relative(root, file));
    }
    expect(called.size).toBeGreaterThan(8);
    const missing = [...called].filter(([method]) => !listed.has(method)).map(([m, f]) => `${m} (${f})`);
    expect(missing).toEqual([]);
  });
});

describe('the local stand-in of the roles', () => {
  const load = () => loadDataPlanePolicy(root);

  it("when requests are named, then each maps to the operation of Microsoft's table", async () => {
    const { policy, roles } = await load();
    const op = (service: 'table' | 'queue', r: ReturnType<typeof request>) => decide(service, policy, roles, r);
    expect(op('table', request('GET', "/Invitations(PartitionKey='a',RowKey='b')")).operations).toEqual([
      'Query Entities',
    ]);
    expect(
      op('table', request('PUT', "/Limits(PartitionKey='a',RowKey='b')", '', { 'if-match': '*' })).operations,
    ).toEqual(['Update Entity']);
    expect(op('table', request('PATCH', "/Limits(PartitionKey='a',RowKey='b')")).operations).toEqual([
      'Insert Or Merge Entity',
    ]);
    expect(op('queue', request('GET', '/outbox/messages?numofmessages=16')).operations).toEqual(['Get Messages']);
    expect(op('queue', request('GET', '/outbox/messages?peekonly=true')).operations).toEqual(['Peek Messages']);
    expect(op('queue', request('PUT', '/outbox/messages/abc?popreceipt=x&visibilitytimeout=0')).operations).toEqual([
      'Update Message',
    ]);
    expect(op('queue', request('GET', '/outbox?comp=metadata')).operations).toEqual(['Get Queue Metadata']);
  });

  it('when a transaction is sent, then each of its operations is authorized', async () => {
    const { policy, roles } = await load();
    const body = [
      '--changeset_1',
      'Content-Type: application/http',
      '',
      'POST http://127.0.0.1:1/devstoreaccount1/Batches HTTP/1.1',
      'Content-Type: application/json',
      '',
      '{}',
      '--changeset_1',
      'Content-Type: application/http',
      '',
      "PUT http://127.0.0.1:1/devstoreaccount1/Batches(PartitionKey='p',RowKey='r') HTTP/1.1",
      'If-Match: W/"x"',
      '',
      '{}',
    ].join('\r\n');
    const decision = decide('table', policy, roles, request('POST', '/$batch', body));
    expect(decision).toEqual({ allowed: true, operations: ['Insert Entity', 'Update Entity'] });
    const withoutUpdate: DataPlanePolicy = policy;
    const readers = roles.map((r) => ({ ...r, dataActions: r.dataActions.filter((a) => !a.includes('entities/')) }));
    expect(decide('table', withoutUpdate, readers, request('POST', '/$batch', body)).allowed).toBe(false);
  });

  it('when service properties, an ACL or an unknown request is asked for, then it is refused', async () => {
    const { policy, roles } = await load();
    expect(decide('table', policy, roles, request('GET', '/?restype=service&comp=properties')).allowed).toBe(false);
    expect(decide('queue', policy, roles, request('GET', '/?restype=service&comp=properties')).allowed).toBe(false);
    expect(decide('table', policy, roles, request('GET', '/Invitations?comp=acl')).allowed).toBe(false);
    expect(decide('queue', policy, roles, request('OPTIONS', '/outbox/messages')).allowed).toBe(false);
    expect(decide('table', policy, roles, request('GET', '/Tables')).allowed).toBe(true);
  });
});
