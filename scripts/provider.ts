/**
 * `npm run provider -- add | update | list | deactivate | activate | release-email`: the ops command that registers
 * providers and changes what clients read of them
 * (see `docs/operations.md`, "Providers"), through the project's own registration code (`registerProvider`, the one
 * the local stack's seed uses), against the local stack or, with `--azure`, the deployed storage account; and that
 * releases a client's addresses (`releaseEmail`, as the console does, by ops) through the client tenant's Graph.
 */
import { pathToFileURL } from 'node:url';
import { tableClientFileStore } from '../shared/adapters/table/client-file-store.js';
import { tableClientStore } from '../shared/adapters/table/client-store.js';
import {
  findProvider,
  listProviders,
  PROVIDER_CACHE_MS,
  type RegisteredProvider,
  registerProvider,
  setProviderStatus,
  tableProviderDirectory,
  updateProvider,
} from '../shared/adapters/table/provider-directory.js';
import { DomainError, type FieldProblem } from '../shared/domain/errors.js';
import {
  isRegistrationRefusal,
  type Provider,
  type ProviderDetail,
  type ProviderGrant,
} from '../shared/domain/provider.js';
import { RELEASED_BY_OPS, releaseEmail } from '../shared/domain/use-cases/release-email.js';
import { type ClientTenant, type GraphAccess, openClientTenant } from './client-tenant.js';
import { type ProviderCommand, parseProviderCommand, problemsText, USAGE, UsageError } from './provider-options.js';
import {
  type AzureAccess,
  openTarget,
  processSurroundings,
  type Surroundings,
  type Target,
  TargetError,
} from './provider-storage.js';
import { StackFileMissingError } from './stack-client.js';

export interface Output {
  out(line: string): void;
  err(line: string): void;
}

const codesOf = (p: Provider) =>
  p.agencyCodes
    ? `client=${p.agencyCodes.client}${p.agencyCodes.company ? `&societe=${p.agencyCodes.company}` : ''}`
    : '-';

const grantText = (g: ProviderGrant) =>
  g.subject === 'tenant' ? `tenant ${g.tenantId}` : `${g.subject} (tenant ${g.tenantId})`;

function signInLink(target: Target, p: Provider): string | undefined {
  if (!target.publicBaseUrl || !p.agencyCodes) return undefined;
  return `${target.publicBaseUrl}/api/SignIn?${codesOf(p)}`;
}

function table(rows: string[][]): string[] {
  const widths = rows[0]!.map((_, column) => Math.max(...rows.map((row) => row[column]!.length)));
  return rows.map((row) =>
    row
      .map((cell, column) => (column === row.length - 1 ? cell : cell.padEnd(widths[column]!)))
      .join('  ')
      .trimEnd(),
  );
}

function describe(p: RegisteredProvider, target: Target, io: Output): void {
  io.out(`  id          ${p.id}`);
  io.out(`  codes       ${codesOf(p)}`);
  io.out(`  status      ${p.status}`);
  io.out(`  acts for    ${p.grants.map(grantText).join(', ') || 'nobody'}`);
  const link = signInLink(target, p);
  if (link) io.out(`  sign-in     ${link}`);
}

async function add(command: Extract<ProviderCommand, { action: 'add' }>, target: Target, io: Output): Promise<number> {
  const tenants = new Set(command.grants.map((g) => g.tenantId));
  if (target.workforceTenantId && !tenants.has(target.workforceTenantId)) {
    io.err(
      `The service accepts professionals of the workforce tenant ${target.workforceTenantId} only ` +
        `(WORKFORCE_TENANT_ID of ${target.description}): a provider of tenant ${[...tenants].join(', ')} ` +
        'would never be found. Give --tenant the tenant its professionals sign in with.',
    );
    return 2;
  }
  const { provider, grants } = command;
  await registerProvider(target.tables, provider, grants);
  io.out(`Provider added to ${target.description}: ${provider.name}`);
  describe({ ...provider, grants }, target, io);
  return 0;
}

/** How update names each field it changed: the option that sets it. */
const OPTION_NAME: Record<ProviderDetail, string> = {
  name: 'name',
  platformName: 'platform',
  platformDescription: 'description',
  'platformDescriptions/fr': 'description-fr',
  'platformDescriptions/en': 'description-en',
  supportEmail: 'support-email',
  portalUrl: 'portal-url',
  documentationUrl: 'documentation-url',
};

const shown = (value: string | undefined) => (value === undefined ? '(none)' : JSON.stringify(value));

async function update(
  command: Extract<ProviderCommand, { action: 'update' }>,
  target: Target,
  io: Output,
): Promise<number> {
  const found = await findProvider(target.tables, command.idOrCode);
  if (!found) {
    io.err(
      `No provider has the id or client code "${command.idOrCode}" in ${target.description} (see: npm run provider -- list).`,
    );
    return 1;
  }
  let outcome: Awaited<ReturnType<typeof updateProvider>>;
  try {
    outcome = await updateProvider(target.tables, found.id, command.changes);
  } catch (error) {
    if (error instanceof DomainError && error.code === 'validation-failed') {
      throw new UsageError(problemsText((error.details.errors as FieldProblem[]) ?? []));
    }
    if (error instanceof DomainError && error.code === 'concurrent-update') {
      io.err(
        `Refused: ${found.name} (${found.id}) was changed by someone else while this update ran; nothing was ` +
          'written. Look at it again (npm run provider -- list) and run the update again.',
      );
      return 1;
    }
    if (error instanceof DomainError && error.code === 'provider-not-found') {
      io.err(`${found.name} (${found.id}) is no longer in ${target.description}: nothing was written.`);
      return 1;
    }
    throw error;
  }
  const { after, differences } = outcome;
  if (!differences.length) {
    io.out(`Nothing to change: ${after.name} (${after.id}) already has these values.`);
    return 0;
  }
  io.out(`Provider updated in ${target.description}: ${after.name} (${after.id})`);
  const width = Math.max(...differences.map((d) => OPTION_NAME[d.field].length));
  for (const d of differences) {
    io.out(`  ${OPTION_NAME[d.field].padEnd(width)}  ${shown(d.before)} → ${shown(d.after)}`);
  }
  io.out(
    `  The service shows the new values within ${PROVIDER_CACHE_MS / 1000} s (it caches providers that long), ` +
      'in emails sent from then on too.',
  );
  return 0;
}

async function list(command: Extract<ProviderCommand, { action: 'list' }>, target: Target, io: Output) {
  const providers = await listProviders(target.tables);
  if (command.json) {
    io.out(JSON.stringify(providers, null, 2));
    return 0;
  }
  if (providers.length === 0) {
    io.out(`No provider in ${target.description}: add one with npm run provider -- add --help`);
    return 0;
  }
  const rows = [
    ['NAME', 'ID', 'CODES', 'STATUS', 'ACTS FOR'],
    ...providers.map((p) => [p.name, p.id, codesOf(p), p.status, p.grants.map(grantText).join(', ') || 'nobody']),
  ];
  for (const line of table(rows)) io.out(line);
  return 0;
}

async function setStatus(
  command: Extract<ProviderCommand, { action: 'activate' | 'deactivate' }>,
  target: Target,
  io: Output,
) {
  const provider = await findProvider(target.tables, command.idOrCode);
  if (!provider) {
    io.err(
      `No provider has the id or client code "${command.idOrCode}" in ${target.description} (see: npm run provider -- list).`,
    );
    return 1;
  }
  const status = command.action === 'deactivate' ? 'inactive' : 'active';
  const { changed } = await setProviderStatus(target.tables, provider.id, status);
  if (!changed) {
    io.out(`${provider.name} (${provider.id}) is already ${status}.`);
    return 0;
  }
  io.out(`${provider.name} (${provider.id}) is now ${status}.`);
  const within = `within ${PROVIDER_CACHE_MS / 1000} s (the service caches providers that long)`;
  io.out(
    status === 'inactive'
      ? `  Its professionals are refused (403 provider-inactive) and its clients told it stopped using the service, ${within}. Its record, codes and grants are kept.`
      : `  Its professionals and clients are served again, ${within}.`,
  );
  return 0;
}

const RELEASE_REFUSALS: Record<string, string> = {
  'account-in-use':
    'the login can still sign in at a provider: freeing its address would lock the person out there. Block it ' +
    'or merge its file first (docs/merge.md).',
  'not-releasable': 'only a merged file, or the file of a login no provider serves any more, is released.',
};

async function release(
  command: Extract<ProviderCommand, { action: 'release-email' }>,
  target: Target,
  tenant: () => Promise<ClientTenant>,
  io: Output,
): Promise<number> {
  const directory = await tenant();
  const provider = await findProvider(target.tables, command.idOrCode);
  if (!provider) {
    io.err(
      `No provider has the id or client code "${command.idOrCode}" in ${target.description} (see: npm run provider -- list).`,
    );
    return 1;
  }
  try {
    const outcome = await releaseEmail(
      {
        clock: { now: () => new Date() },
        files: tableClientFileStore(target.tables),
        clients: tableClientStore(target.tables),
        providers: tableProviderDirectory(target.tables),
        directory: directory.directory,
      },
      { providerId: provider.id, name: RELEASED_BY_OPS },
      command.clientId,
    );
    io.out(
      `Released at ${provider.name} (${provider.id}), client ${outcome.clientId}: ${outcome.addresses.join(', ')}`,
    );
    io.out(
      outcome.account
        ? `  The login's sign-in address in ${directory.description} was freed too: a new account can sign up with it.`
        : '  The file had no login holding the address: the file alone was changed.',
    );
    io.out("  The client's sheet shows the release in its history (by the operations team).");
    return 0;
  } catch (error) {
    if (!(error instanceof DomainError)) throw error;
    if (error.code === 'client-not-found') {
      io.err(`${provider.name} (${provider.id}) has no client "${command.clientId}" in ${target.description}.`);
      return 1;
    }
    if (error.code === 'release-refused') {
      const reason = String(error.details.reason);
      if (reason === 'nothing-to-release') {
        io.out(
          `Nothing to release: the file of client ${command.clientId} holds no address any more (released already).`,
        );
        return 0;
      }
      io.err(`Refused (${reason}): ${RELEASE_REFUSALS[reason] ?? error.message}`);
      return 1;
    }
    if (error.code === 'no-account') {
      io.err(
        `The file's login is not in ${directory.description} any more: nothing there to free; its file is unchanged.`,
      );
      return 1;
    }
    if (error.code === 'dependency-unavailable' && error.details.dependency === 'graph') {
      io.err(explainGraph(error, directory));
      return 1;
    }
    throw error;
  }
}

/** What Graph (or the sign-in to it) said, in words an operator can act on. */
export function explainGraph(error: DomainError, tenant: ClientTenant): string {
  const cause = error.cause as Error | undefined;
  const name = cause?.name ?? '';
  if (name === 'CredentialUnavailableError' || name === 'AggregateAuthenticationError') {
    return `No sign-in to use for ${tenant.description}: az login --tenant ${tenant.tenantId} --allow-no-subscriptions, then run the command again.`;
  }
  const status = /Graph answered (\d{3})/.exec(cause?.message ?? '')?.[1];
  if ((status === '401' || status === '403') && tenant.roleHint) {
    return `${tenant.description} refused your identity (${status}): ${tenant.roleHint}.`;
  }
  return `${tenant.description} did not do it (${cause?.message.split('\n')[0] ?? error.message}); nothing of the file was changed: run the command again.`;
}

/** What storage said, in words an operator can act on. */
function explain(error: unknown, target: Target | undefined): string | undefined {
  const name = error instanceof Error ? error.name : '';
  const status = (error as { statusCode?: number }).statusCode;
  const where = target?.description ?? 'storage';
  if (name === 'CredentialUnavailableError' || name === 'AggregateAuthenticationError') {
    return `No Azure sign-in to use for ${where}: sign in with az login (or azd auth login) and run the command again.`;
  }
  if (status === 403) {
    return (
      `${where} refused your identity (403): it needs the role Storage Table Data Contributor on the storage ` +
      'account (docs/deployment.md assigns it to the deployer); a new role assignment can take a few minutes to apply.'
    );
  }
  if (error instanceof DomainError && error.code === 'dependency-unavailable') {
    return `${where} does not answer: ${target?.description.startsWith('the local') ? 'is the local stack running (npm start)?' : 'check the account name and your network.'}`;
  }
  if (name === 'RestError' && status === undefined) {
    return `${where} cannot be reached (${(error as Error).message.split('\n')[0]}).`;
  }
  return undefined;
}

/** Runs one command line; returns the exit code. */
export async function runProviderCommand(
  argv: string[],
  io: Output,
  around: Surroundings = processSurroundings(),
  access: AzureAccess & GraphAccess = {},
): Promise<number> {
  let target: Target | undefined;
  try {
    const command = parseProviderCommand(argv);
    if (command.action === 'help') {
      io.out(USAGE);
      return 0;
    }
    target = await openTarget(command.where, around, access);
    if (command.action === 'add') return await add(command, target, io);
    if (command.action === 'update') return await update(command, target, io);
    if (command.action === 'list') return await list(command, target, io);
    if (command.action === 'release-email') {
      return await release(command, target, () => openClientTenant(command.where, around, access), io);
    }
    return await setStatus(command, target, io);
  } catch (error) {
    if (error instanceof UsageError || error instanceof TargetError) {
      io.err(error.message);
      if (error instanceof UsageError) io.err('See: npm run provider -- --help');
      return 2;
    }
    if (error instanceof StackFileMissingError) {
      io.err(error.message);
      return 1;
    }
    if (error instanceof DomainError && isRegistrationRefusal(error.code)) {
      io.err(`Refused: ${error.message}`);
      if (error.code === 'grant-taken') {
        io.err('  Name the apps (--app <client id>) or people (--user <object id>) who act for this provider instead.');
      }
      return 1;
    }
    if (error instanceof DomainError && error.code === 'validation-failed') {
      io.err(error.message);
      for (const problem of (error.details.errors as Array<{ pointer: string; detail: string }>) ?? []) {
        io.err(`  ${problem.pointer.replace(/^#\//, '')}: ${problem.detail}`);
      }
      return 2;
    }
    const explained = explain(error, target);
    io.err(explained ?? `provider failed: ${error instanceof Error ? error.message : String(error)}`);
    return 1;
  }
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  process.exitCode = await runProviderCommand(process.argv.slice(2), {
    out: (line) => process.stdout.write(`${line}\n`),
    err: (line) => process.stderr.write(`${line}\n`),
  });
}
