/**
 * Where `npm run provider` writes: the local stack's Azurite (the connection string of `.dev/stack.json`), or with
 * `--azure` the deployed storage account's table endpoint with the operator's own Entra identity
 * (`DefaultAzureCredential`: az login, azd auth login, …). The account refuses shared keys
 * (`allowSharedKeyAccess: false` in infra/main.bicep), so no key is ever used or asked for. The account name comes
 * from `--account`, else `AZURE_STORAGE_ACCOUNT_NAME` in the environment, else the azd environment's
 * `.azure/<env>/.env` (written by `azd provision` from the Bicep's outputs).
 */
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import type { TokenCredential } from '@azure/core-auth';
import type { HttpClient } from '@azure/core-rest-pipeline';
import { TableClient } from '@azure/data-tables';
import { type TableFactory, tableFactory } from '../shared/adapters/table/tables.js';
import type { Where } from './provider-options.js';
import { StackFileMissingError, type StackInfo } from './stack-client.js';

/** The storage (and what is known of the deployment) a command works on. */
export interface Target {
  tables: TableFactory;
  /** For messages: "the local stack (…)" or "storage account …". */
  description: string;
  /** The only workforce tenant whose professionals the service accepts (WORKFORCE_TENANT_ID), when known. */
  workforceTenantId?: string;
  /** The service's public base URL, when known: sign-in links are printed with it. */
  publicBaseUrl?: string;
}

/** Where the target cannot be found: exit code 2 and the message. */
export class TargetError extends Error {
  override name = 'TargetError';
}

/** What the command reads besides its options: the environment and files under the project root. */
export interface Surroundings {
  env: NodeJS.ProcessEnv;
  /** The project root, where `.azure/` is. */
  root: string;
  /** A file's text, or undefined when it does not exist. */
  readText(file: string): Promise<string | undefined>;
}

export const processSurroundings = (): Surroundings => ({
  env: process.env,
  root: process.cwd(),
  readText: async (file) => {
    try {
      return await readFile(file, 'utf8');
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
      throw error;
    }
  },
});

const ACCOUNT_NAME = /^[a-z0-9]{3,24}$/;

/** `KEY=value` lines as azd writes them (values double-quoted). */
export function parseDotEnv(text: string): Record<string, string> {
  const values: Record<string, string> = {};
  for (const line of text.split(/\r?\n/)) {
    const match = /^\s*(?:export\s+)?([A-Za-z_][A-Za-z0-9_]*)\s*=\s*(.*?)\s*$/.exec(line);
    if (!match) continue;
    let value = match[2]!;
    if (/^"(.*)"$/.test(value)) value = value.slice(1, -1).replace(/\\(["\\])/g, '$1');
    else if (/^'(.*)'$/.test(value)) value = value.slice(1, -1);
    values[match[1]!] = value;
  }
  return values;
}

/** The azd environment's values (`.azure/<env>/.env`), with the name of the environment; none without azd. */
async function azdEnvironment(
  wanted: string | undefined,
  around: Surroundings,
): Promise<{ name?: string; values: Record<string, string> }> {
  let name = wanted ?? (around.env.AZURE_ENV_NAME || undefined);
  if (!name) {
    const config = await around.readText(path.join(around.root, '.azure', 'config.json'));
    try {
      const parsed = config ? (JSON.parse(config) as { defaultEnvironment?: unknown }) : {};
      if (typeof parsed.defaultEnvironment === 'string' && parsed.defaultEnvironment) name = parsed.defaultEnvironment;
    } catch {
      throw new TargetError(`.azure/config.json is not valid JSON: name the azd environment with --env <name>.`);
    }
  }
  if (!name) return { values: {} };
  if (!/^[A-Za-z0-9._-]+$/.test(name)) throw new TargetError(`"${name}" is not an azd environment name.`);
  const file = path.join(around.root, '.azure', name, '.env');
  const text = await around.readText(file);
  if (text === undefined && wanted) throw new TargetError(`The azd environment "${name}" has no ${file}.`);
  return { name, values: text === undefined ? {} : parseDotEnv(text) };
}

/** The azd environment's values (`.azure/<env>/.env`) for `--azure`; none without azd. */
export async function azdValues(
  where: Extract<Where, { kind: 'azure' }>,
  around: Surroundings,
): Promise<Record<string, string>> {
  return (await azdEnvironment(where.env, around)).values;
}

/** The storage account of `--azure`, and what else the azd environment knows of the deployment. */
export async function resolveAzureAccount(
  where: Extract<Where, { kind: 'azure' }>,
  around: Surroundings,
): Promise<{ account: string; source: string; workforceTenantId?: string; publicBaseUrl?: string }> {
  const azd = await azdEnvironment(where.env, around);
  const pick = (key: string) => around.env[key] || azd.values[key] || undefined;
  const fromEnvironment = around.env.AZURE_STORAGE_ACCOUNT_NAME || undefined;
  const fromAzd = azd.values.AZURE_STORAGE_ACCOUNT_NAME || undefined;
  const account = where.account ?? fromEnvironment ?? fromAzd;
  if (!account) {
    throw new TargetError(
      [
        'No storage account to work on. Give --account <name>, or set AZURE_STORAGE_ACCOUNT_NAME, or run this from',
        `the project where azd provisioned the service (${azd.name ? `.azure/${azd.name}/.env has no AZURE_STORAGE_ACCOUNT_NAME` : 'no azd environment found: give --env <name>'}).`,
      ].join('\n'),
    );
  }
  if (!ACCOUNT_NAME.test(account)) {
    throw new TargetError(`"${account}" is not a storage account name (3 to 24 lower-case letters and digits).`);
  }
  const source = where.account
    ? '--account'
    : fromEnvironment
      ? 'AZURE_STORAGE_ACCOUNT_NAME'
      : `.azure/${azd.name}/.env`;
  const workforceTenantId = pick('WORKFORCE_TENANT_ID');
  const publicBaseUrl = pick('SERVICE_API_PUBLIC_BASE_URL');
  return {
    account,
    source,
    ...(workforceTenantId ? { workforceTenantId } : {}),
    ...(publicBaseUrl ? { publicBaseUrl } : {}),
  };
}

/** Table endpoint of a storage account in Azure's public cloud. */
export const tableEndpoint = (account: string) => `https://${account}.table.core.windows.net`;

/** One TableClient of the account per table, authenticated with a token credential only (never a key). */
export function azureTableClient(
  account: string,
  table: string,
  credential: TokenCredential,
  httpClient?: HttpClient,
): TableClient {
  return new TableClient(tableEndpoint(account), table, credential, httpClient ? { httpClient } : {});
}

export interface AzureAccess {
  /** Default: `DefaultAzureCredential` (az login, azd auth login, environment, managed identity…). */
  credential?: TokenCredential;
  /** Tests: where requests go instead of the network (for the local stack too: a test can step in between). */
  httpClient?: HttpClient;
}

/** Opens the storage a command works on. */
/** The local stack's file (`npm start` writes it) and its storage connection string. */
export async function readStackFile(
  where: Extract<Where, { kind: 'local' }>,
  around: Surroundings,
): Promise<{ info: StackInfo; connectionString: string }> {
  const file = path.resolve(around.root, where.stackFile);
  const text = await around.readText(file);
  if (text === undefined) throw new StackFileMissingError(where.stackFile);
  let info: StackInfo;
  try {
    info = JSON.parse(text) as StackInfo;
  } catch {
    throw new TargetError(`${where.stackFile} is not valid JSON: restart the local stack (npm start).`);
  }
  const connectionString = info.storage?.connectionString;
  if (!connectionString) throw new TargetError(`${where.stackFile} has no storage.connectionString.`);
  return { info, connectionString };
}

export async function openTarget(where: Where, around: Surroundings, access: AzureAccess = {}): Promise<Target> {
  if (where.kind === 'azure') {
    const found = await resolveAzureAccount(where, around);
    const credential = access.credential ?? new (await import('@azure/identity')).DefaultAzureCredential();
    return {
      tables: tableFactory((name) => azureTableClient(found.account, name, credential, access.httpClient)),
      description: `storage account ${found.account} (from ${found.source})`,
      ...(found.workforceTenantId ? { workforceTenantId: found.workforceTenantId.toLowerCase() } : {}),
      ...(found.publicBaseUrl ? { publicBaseUrl: found.publicBaseUrl.replace(/\/+$/, '') } : {}),
    };
  }
  const { info, connectionString } = await readStackFile(where, around);
  return {
    tables: tableFactory((name) =>
      TableClient.fromConnectionString(connectionString, name, {
        allowInsecureConnection: /^http:|=http:/i.test(connectionString),
        // Azurite is local: when it is down, say so quickly rather than after the SDK's full backoff.
        retryOptions: { maxRetries: 1 },
        ...(access.httpClient ? { httpClient: access.httpClient } : {}),
      }),
    ),
    description: `the local stack (${where.stackFile})`,
    ...(info.entra?.workforce?.tenantId ? { workforceTenantId: info.entra.workforce.tenantId.toLowerCase() } : {}),
    ...(info.functions?.baseUrl ? { publicBaseUrl: info.functions.baseUrl.replace(/\/api\/?$/, '') } : {}),
  };
}
