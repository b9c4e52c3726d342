/**
 * Where `npm run tables` and `npm run queues` work: the local stack's Azurite (the connection string of
 * `.dev/stack.json`), or with `--azure` the deployed storage account with the operator's own Entra identity
 * (`DefaultAzureCredential`), found as `npm run provider` finds it (`--account`, `AZURE_STORAGE_ACCOUNT_NAME`, the azd
 * environment: scripts/provider-storage.ts). The account refuses shared keys: no key is used or asked for.
 */
import type { TokenCredential } from '@azure/core-auth';
import { TableClient } from '@azure/data-tables';
import { BlobServiceClient, type ContainerClient } from '@azure/storage-blob';
import { QueueServiceClient } from '@azure/storage-queue';
import { UsageError, type Where } from './provider-options.js';

export { UsageError, whereOf } from './provider-options.js';

import { readStackFile, resolveAzureAccount, type Surroundings, TargetError } from './provider-storage.js';
import { StackFileMissingError } from './stack-client.js';

export interface StorageTarget {
  /** For messages: "the local stack (…)" or "storage account … (from …)". */
  description: string;
  /** The table endpoint: names the target of a restore. */
  tableEndpoint: string;
  table(name: string): TableClient;
  container(name: string): ContainerClient;
  queues: QueueServiceClient;
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
  const { connectionString: conn } = await readStackFile(where, around);
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

export interface Output {
  out(line: string): void;
  err(line: string): void;
}

/** What differs between the storage commands (`npm run tables`, `npm run queues`); the frame is `runStorageCommand`. */
export interface StorageCommand<C extends { action: string; where: Where }> {
  /** The npm script, for the messages (`npm run <name> -- --help`). */
  name: string;
  usage: string;
  /** The data roles an operator needs with `--azure`, named when storage refuses. */
  roles: string;
  parse(argv: string[]): C | { action: 'help' };
  run(command: C, target: StorageTarget, io: Output): Promise<number>;
  /** A refusal of the command's own (printed, exit code 1); `where` names the target. */
  refusal?(error: unknown, where: string): string[] | undefined;
}

/**
 * Runs one storage command line and returns its exit code: 0 done, 1 refused or failed (a storage failure in words an
 * operator can act on), 2 bad usage.
 */
export async function runStorageCommand<C extends { action: string; where: Where }>(
  command: StorageCommand<C>,
  argv: string[],
  io: Output,
  around: Surroundings,
  credential?: TokenCredential,
): Promise<number> {
  let where = 'storage';
  try {
    const parsed = command.parse(argv);
    if (parsed.action === 'help') {
      io.out(command.usage);
      return 0;
    }
    const target = await openStorage((parsed as C).where, around, credential);
    where = target.description;
    return await command.run(parsed as C, target, io);
  } catch (error) {
    if (error instanceof UsageError || error instanceof TargetError) {
      io.err(error.message);
      if (error instanceof UsageError) io.err(`See: npm run ${command.name} -- --help`);
      return 2;
    }
    if (error instanceof StackFileMissingError) {
      io.err(error.message);
      return 1;
    }
    const refused = command.refusal?.(error, where);
    if (refused) {
      for (const line of refused) io.err(line);
      return 1;
    }
    io.err(
      explainStorageError(error, where, command.roles) ??
        `${command.name} failed: ${error instanceof Error ? error.message : String(error)}`,
    );
    return 1;
  }
}
