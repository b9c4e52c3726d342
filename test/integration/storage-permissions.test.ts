import { TableClient, TableServiceClient } from '@azure/data-tables';
import { QueueServiceClient } from '@azure/storage-queue';
import { describe, expect, inject, it } from 'vitest';
import { stack } from '../support/stack.js';

/** The storage connection the Functions host (the app's identity) uses: through the stand-in of its roles. */
const appConnection = () => inject('stackSettings').AzureWebJobsStorage!;
const operatorConnection = () => stack().storage.connectionString;
const options = { allowInsecureConnection: true, retryOptions: { maxRetries: 0 } };

/** The refusal of a call: its status and Azure's error code (the `x-ms-error-code` header every storage error carries). */
async function refusal(call: () => Promise<unknown>) {
  try {
    await call();
  } catch (error) {
    const e = error as { statusCode?: number; response?: { headers: { get(name: string): string | undefined } } };
    return { statusCode: e.statusCode, code: e.response?.headers.get('x-ms-error-code'), message: String(error) };
  }
  throw new Error('the call was not refused');
}

describe("storage through the stand-in of the app identity's roles", () => {
  it('when the app is started, then its storage settings go through the stand-in, not to Azurite directly', () => {
    const endpoint = (conn: string, name: string) => new RegExp(`${name}Endpoint=([^;]+)`).exec(conn)?.[1];
    for (const name of ['Table', 'Queue']) {
      expect(endpoint(appConnection(), name)).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/devstoreaccount1$/);
      expect(endpoint(appConnection(), name)).not.toBe(endpoint(operatorConnection(), name));
    }
  });

  it("when the old health probe asks for the service properties, then Azure's 403 AuthorizationPermissionMismatch answers, while an operator may", async () => {
    const tables = TableServiceClient.fromConnectionString(appConnection(), options);
    const queues = QueueServiceClient.fromConnectionString(appConnection(), { retryOptions: { maxTries: 1 } });
    const tableRefusal = await refusal(() => tables.getProperties());
    expect(tableRefusal.statusCode).toBe(403);
    expect(tableRefusal.code).toBe('AuthorizationPermissionMismatch');
    expect(tableRefusal.message).toMatch(/not authorized to perform this operation using this permission/);
    const queueRefusal = await refusal(() => queues.getProperties());
    expect(queueRefusal.statusCode).toBe(403);
    expect(queueRefusal.code).toBe('AuthorizationPermissionMismatch');
    // The operator's connection (seeding, tests, tools) reaches Azurite directly.
    await TableServiceClient.fromConnectionString(operatorConnection(), options).getProperties();
    await QueueServiceClient.fromConnectionString(operatorConnection()).getProperties();
  });

  it('when the app writes, reads and deletes entities and messages as its adapters do, then every call passes', async () => {
    const table = TableClient.fromConnectionString(appConnection(), 'PermissionsProbe', options);
    await table.createTable();
    await table.createEntity({ partitionKey: 'p', rowKey: 'a', Count: 1 });
    const row = await table.getEntity<{ Count: number }>('p', 'a');
    await table.updateEntity({ partitionKey: 'p', rowKey: 'a', Count: 2 }, 'Merge', { etag: row.etag });
    await table.upsertEntity({ partitionKey: 'p', rowKey: 'b', Count: 1 }, 'Replace');
    await table.submitTransaction([
      ['create', { partitionKey: 'p', rowKey: 'c' }],
      ['upsert', { partitionKey: 'p', rowKey: 'b', Count: 3 }, 'Merge'],
      ['delete', { partitionKey: 'p', rowKey: 'a' }],
    ]);
    const rows = [];
    for await (const entity of table.listEntities({ queryOptions: { filter: "PartitionKey eq 'p'" } }))
      rows.push(entity);
    expect(rows.map((r) => r.rowKey)).toEqual(['b', 'c']);
    await table.deleteEntity('p', 'b');

    const queue = QueueServiceClient.fromConnectionString(appConnection()).getQueueClient('permissions-probe');
    await queue.createIfNotExists();
    await queue.sendMessage('aGVsbG8=');
    expect((await queue.getProperties()).approximateMessagesCount).toBe(1);
    const [message] = (await queue.receiveMessages({ numberOfMessages: 1 })).receivedMessageItems;
    const updated = await queue.updateMessage(message!.messageId, message!.popReceipt, undefined, 0);
    await queue.deleteMessage(message!.messageId, updated.popReceipt!);
  });

  it('when the app asks for an access policy, then it is refused: its roles do not hold the ACL actions', async () => {
    const table = TableClient.fromConnectionString(appConnection(), 'PermissionsProbe', options);
    await table.createTable();
    const error = await refusal(() => table.getAccessPolicy());
    expect(error.statusCode).toBe(403);
  });
});
