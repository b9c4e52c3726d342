/**
 * Where `npm run tables` and `npm run queues` work: the local stack's Azurite (the connection string of
 * `.dev/stack.json`), or with `--azure` the deployed storage account with the operator's own Entra identity
 * (`DefaultAzureCredential`), found as `npm run provider` finds it (`--account`, `AZURE_STORAGE_ACCOUNT_NAME`, the azd
 * environment: scripts/provider-storage.ts). The account refuses shared keys: no key is used or asked for.
 */
import path from 'node:path';
import type { TokenCredential } from '@azure/core-auth';
import { TableClient } from '@azure/data-tables';
import { BlobServiceClient, type ContainerClient } from '@azure/storage-blob';
import { QueueServiceClient } from '@azure/storage-queue';
import type { Where } from './provider-options.js';
import { resolveAzureAccount, type Surroundings, TargetError } from './provider-storage.js';
import { StackFileMissingError, type StackInfo } from './stack-client.js';

export interface StorageTarget {
  /** For messages: "the local stack (…)" or "storage account … (from …)". */
  description: string;
  /** The table endpoint: names the target of a restore. */
  tableEndpoint: string;
  table(name: string): TableClient;
  container(name: string): ContainerClient;
  queues: QueueServiceClient;
}

/** Bad command line: exit code 2 and the message. */
export class UsageError extends Error {
  override name = 'UsageError';
}

/** `--stack`, `--azure`, `--account`, `--env` → where the command works. */
export function whereOf(values: { stack?: string; azure?: boolean; account?: string; env?: string }): Where {
  if (values.azure) {
    if (values.stack !== undefined) throw new UsageError('--stack is the local stack: not with --azure.');
    return {
      kind: 'azure',
      ...(values.account !== undefined ? { account: values.account } : {}),
      ...(values.env !== undefined ? { env: values.env } : {}),
    };
  }
  for (const name of ['account', 'env'] as const) {
    if (values[name] !== undefined) throw new UsageError(`--${name} goes with --azure.`);
  }
  return { kind: 'local', stackFile: values.stack ?? '.dev/stack.json' };
}

export async function openStorage(
  where: Where,
  around: Surroundings,
  credential?: TokenCredential,
): Promise<StorageTarget> {
  if (where.kind === 'azure') {
    const found = await resolveAzureAccount(where, around);
    const identity = credential ?? new (await import('@azure/identity')).DefaultAzureCredential();
    const tableEndpoint = `https://${found.account}.table.core.windows.net`;
    const blobs = new BlobServiceClient(`https://${found.account}.blob.core.windows.net`, identity);
    return {
      description: `storage account ${found.account} (from ${found.source})`,
      tableEndpoint,
      table: (name) => new TableClient(tableEndpoint, name, identity),
      container: (name) => blobs.getContainerClient(name),
      queues: new QueueServiceClient(`https://${found.account}.queue.core.windows.net`, identity),
    };
  }
  const file = path.resolve(around.root, where.stackFile);
  const text = await around.readText(file);
  if (text === undefined) throw new StackFileMissingError(where.stackFile);
  let info: StackInfo;
  try {
    info = JSON.parse(text) as StackInfo;
  } catch {
    throw new TargetError(`${where.stackFile} is not valid JSON: restart the local stack (npm start).`);
  }
  const conn = info.storage?.connectionString;
  if (!conn) throw new TargetError(`${where.stackFile} has no storage.connectionString.`);
  // Azurite is local: when it is down, say so quickly rather than after the SDK's full backoff.
  const retryOptions = { maxRetries: 1 };
  const blobs = BlobServiceClient.fromConnectionString(conn, { retryOptions: { maxTries: 2 } });
  return {
    description: `the local stack (${where.stackFile})`,
    tableEndpoint: /TableEndpoint=([^;]+)/.exec(conn)?.[1] ?? 'local',
    table: (name) => TableClient.fromConnectionString(conn, name, { allowInsecureConnection: true, retryOptions }),
    container: (name) => blobs.getContainerClient(name),
    queues: QueueServiceClient.fromConnectionString(conn, { retryOptions: { maxTries: 2 } }),
  };
}

/** What storage said, in words an operator can act on; undefined when it is no storage failure. */
export function explainStorageError(error: unknown, where: string, role: string): string | undefined {
  const name = error instanceof Error ? error.name : '';
  const status = (error as { statusCode?: number }).statusCode;
  if (name === 'CredentialUnavailableError' || name === 'AggregateAuthenticationError') {
    return `No Azure sign-in to use for ${where}: sign in with az login (or azd auth login) and run the command again.`;
  }
  if (status === 403) {
    return `${where} refused your identity (403): it needs the role ${role} on the storage account; a new role assignment can take a few minutes to apply.`;
  }
  if (name === 'RestError' && status === undefined) {
    return `${where} cannot be reached (${(error as Error).message.split('\n')[0]}).`;
  }
  return undefined;
}
