/**
 * The command line of `npm run provider`: what each sub-command takes, read into a request or refused with a
 * message that names the option (`UsageError`, exit code 2). Nothing here touches storage.
 */
import { randomUUID } from 'node:crypto';
import { parseArgs } from 'node:util';
import { normalizeEmail } from '../shared/domain/email-address.js';
import { LOCALES } from '../shared/domain/locale.js';
import {
  type AgencyCodes,
  type GrantSubject,
  isAgencyCode,
  isGuid,
  normalizeAgencyCode,
  normalizeGuid,
  type Provider,
  type ProviderChanges,
  type ProviderGrant,
  registrationProblems,
} from '../shared/domain/provider.js';

export const USAGE = `Usage:
  npm run provider -- add --name <name> --tenant <workforce tenant id> --code <agency client code>
                          [--support-email <email>] [options]
  npm run provider -- update <id or client code> [--name <name>] [--platform <name>] [--description <text>]
                          [--description-fr <text>] [--description-en <text>] [--support-email <email>]
                          [--portal-url <url>] [--documentation-url <url>]
  npm run provider -- list [--json]
  npm run provider -- deactivate <id or client code>
  npm run provider -- activate <id or client code>
  npm run provider -- release-email <id or client code> <client id>

Registers the providers whose professionals use the service, against the local stack (npm start) by default,
or against the deployed storage account with --azure and your own Entra sign-in (az login or azd auth login).

add:
  --name <name>             the business, as clients know it (required)
  --tenant <tenant id>      the workforce tenant its professionals sign in with (required). Alone, everyone
                            of the tenant with the API's roles acts for it
  --app <client id>         instead, only this app of the tenant acts for it (repeatable)
  --user <object id>        instead, only this person of the tenant acts for it (repeatable)
  --code <client code>      its client code, "client=" in its sign-in links (required, unique)
  --company-code <code>     its company code, "societe=" in its sign-in links
  --support-email <email>   where its clients write for help, shown in emails and pages (without it, they
                            offer no contact line)
  --platform <name>         the portal or app clients are invited to (default: the name)
  --description <text>      one sentence on the platform, shown in invitations (in every language that has
                            no description of its own)
  --description-fr <text>   the sentence in French, for invitations in French (the default language)
  --description-en <text>   the sentence in English, for invitations in English
  --portal-url <url>        the provider's portal, where the welcome page leads (https)
  --documentation-url <url> the platform's documentation for clients (https): the invitation email's
                            "P.S. Need help getting started?" links to it (without it, no P.S.)
  --id <id>                 the provider's id: lower-case letters, digits, dashes (default: a new GUID)

update:
  <id or client code>       the provider to change; the options are add's, and only those given change.
                            An option given as "" (--documentation-url "") removes that field (the
                            descriptions, --support-email, --portal-url, --documentation-url; --description ""
                            leaves no default description); --name and --platform cannot be removed. The
                            result is checked as add checks it, and written only if nobody changed the
                            provider meanwhile. Its id, codes (--code, --company-code), who acts for it
                            (--tenant, --app, --user) and its status (deactivate / activate) never change

list:
  --json                    every provider as JSON instead of one line each

deactivate / activate:
  <id or client code>       an inactive provider keeps its record, codes and grants; its professionals are
                            refused (403 provider-inactive) and its clients told it stopped using the service

release-email:
  <id or client code> <client id>
                            frees the addresses of the provider's client file when it is merged, or when its
                            login is served by no provider any more (seed 004, "libération du courriel"): the
                            login's sign-in address in the client tenant and the file's addresses, so a new
                            account can sign up with them; the file's history says so (by the operations
                            team). Locally through the local Entra ID; with --azure through Microsoft Graph in
                            the client tenant (CLIENT_TENANT_ID) with your own sign-in there (az login --tenant
                            <it> --allow-no-subscriptions; role User Administrator)

Where:
  --stack <file>            the local stack's file (default: .dev/stack.json)
  --azure                   the deployed storage account, with your Entra identity (it needs the role
                            Storage Table Data Contributor on the account)
  --account <name>          the storage account (default: AZURE_STORAGE_ACCOUNT_NAME from the environment,
                            then from the azd environment's .azure/<env>/.env)
  --env <name>              the azd environment (default: AZURE_ENV_NAME, then azd's default environment)
  -h, --help                this help

Exit codes: 0 done, 1 refused or failed (code taken, unknown provider or client, changed meanwhile, release
refused, storage, Graph), 2 bad usage (or a value the record cannot hold).`;

/** Bad command line: exit code 2 and the message. */
export class UsageError extends Error {
  override name = 'UsageError';
}

export type Where = { kind: 'local'; stackFile: string } | { kind: 'azure'; account?: string; env?: string };

export type ProviderCommand =
  | { action: 'help' }
  | { action: 'add'; where: Where; provider: Provider; grants: ProviderGrant[] }
  | { action: 'update'; where: Where; idOrCode: string; changes: ProviderChanges }
  | { action: 'list'; where: Where; json: boolean }
  | { action: 'deactivate' | 'activate'; where: Where; idOrCode: string }
  | { action: 'release-email'; where: Where; idOrCode: string; clientId: string };

/** The options every storage command takes: where it works (`whereOf`), and help. */
export const WHERE_OPTIONS = {
  stack: { type: 'string' },
  azure: { type: 'boolean', default: false },
  account: { type: 'string' },
  env: { type: 'string' },
  help: { type: 'boolean', short: 'h', default: false },
} as const;

const OPTIONS = {
  name: { type: 'string' },
  tenant: { type: 'string' },
  app: { type: 'string', multiple: true },
  user: { type: 'string', multiple: true },
  code: { type: 'string' },
  'company-code': { type: 'string' },
  'support-email': { type: 'string' },
  platform: { type: 'string' },
  description: { type: 'string' },
  'description-fr': { type: 'string' },
  'description-en': { type: 'string' },
  'portal-url': { type: 'string' },
  'documentation-url': { type: 'string' },
  id: { type: 'string' },
  json: { type: 'boolean', default: false },
  ...WHERE_OPTIONS,
} as const;

type Values = ReturnType<
  typeof parseArgs<{ args: string[]; options: typeof OPTIONS; allowPositionals: true }>
>['values'];

const ADD_ONLY = [
  'name',
  'tenant',
  'app',
  'user',
  'code',
  'company-code',
  'support-email',
  'platform',
  'description',
  'description-fr',
  'description-en',
  'portal-url',
  'documentation-url',
  'id',
] as const;

/** The options update takes: what clients read of a provider. */
const UPDATE_OPTIONS = [
  'name',
  'platform',
  'description',
  'description-fr',
  'description-en',
  'support-email',
  'portal-url',
  'documentation-url',
] as const;

/** Why update refuses the other options of add. */
const NOT_UPDATED: Record<string, string> = {
  id: "update names the provider as its argument; a provider's id never changes (other rows point to it)",
  code:
    "a provider's client code never changes: it is in the sign-in links its clients hold, and indexed (code|…) " +
    'to find the provider',
  'company-code': "a provider's company code never changes: it is in the sign-in links its clients hold",
  tenant: 'update does not change who acts for a provider (its grants are rows of their own)',
  app: 'update does not change who acts for a provider (its grants are rows of their own)',
  user: 'update does not change who acts for a provider (its grants are rows of their own)',
};

/** Which field of the record each option fills, to name the option in a validation message. */
const OPTION_OF: Record<string, string> = {
  '#/id': '--id',
  '#/name': '--name',
  '#/platformName': '--platform',
  '#/platformDescription': '--description',
  '#/platformDescriptions/fr': '--description-fr',
  '#/platformDescriptions/en': '--description-en',
  '#/supportEmail': '--support-email',
  '#/portalUrl': '--portal-url',
  '#/documentationUrl': '--documentation-url',
  '#/agencyCodes/client': '--code',
  '#/agencyCodes/company': '--company-code',
};

/** `--stack`, `--azure`, `--account`, `--env` → where a storage command works (the provider, tables and queues commands). */
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

function required(values: Values, name: 'name' | 'tenant' | 'code' | 'support-email'): string {
  const value = values[name]?.trim();
  if (!value) throw new UsageError(`--${name} is required for add.`);
  return value;
}

function guid(value: string, option: string, what: string): string {
  if (!isGuid(value.trim())) throw new UsageError(`${option} must be ${what} (a GUID), not "${value}".`);
  return normalizeGuid(value);
}

function code(value: string, option: string): string {
  const normalized = normalizeAgencyCode(value);
  if (!isAgencyCode(normalized)) {
    throw new UsageError(`${option} must be 1 to 64 letters, digits, - or _ (got "${value}").`);
  }
  return normalized;
}

/** `--description-fr`, `--description-en` → the descriptions by language given (none: no field). */
function descriptionsOf(values: Values): Pick<Provider, 'platformDescriptions'> {
  const given = LOCALES.flatMap((locale) => {
    const value = values[`description-${locale}`];
    return value === undefined ? [] : [[locale, value.trim()] as const];
  });
  return given.length ? { platformDescriptions: Object.fromEntries(given) } : {};
}

function addCommand(values: Values, positionals: string[], at: Where): ProviderCommand {
  if (positionals.length) throw new UsageError(`add takes options only (unexpected: ${positionals.join(' ')}).`);
  const name = required(values, 'name');
  const tenantId = guid(required(values, 'tenant'), '--tenant', 'the workforce tenant id');
  const agencyCodes: AgencyCodes = {
    client: code(required(values, 'code'), '--code'),
    ...(values['company-code'] !== undefined ? { company: code(values['company-code'], '--company-code') } : {}),
  };
  const subjects: GrantSubject[] = [
    ...(values.app ?? []).map((id) => `app:${guid(id, '--app', "an app's client id")}` as const),
    ...(values.user ?? []).map((id) => `user:${guid(id, '--user', "a person's object id")}` as const),
  ];
  const grants: ProviderGrant[] = (subjects.length ? subjects : (['tenant'] as const)).map((subject) => ({
    tenantId,
    subject,
  }));
  const provider: Provider = {
    id: values.id?.trim() ?? randomUUID(),
    name,
    platformName: values.platform?.trim() || name,
    platformDescription: values.description?.trim() ?? '',
    ...descriptionsOf(values),
    ...(values['support-email'] !== undefined
      ? { supportEmail: normalizeEmail(values['support-email']) ?? values['support-email'] }
      : {}),
    ...(values['portal-url'] !== undefined ? { portalUrl: values['portal-url'].trim() } : {}),
    ...(values['documentation-url'] !== undefined ? { documentationUrl: values['documentation-url'].trim() } : {}),
    agencyCodes,
    status: 'active',
  };
  const problems = registrationProblems(provider, grants);
  if (problems.length) throw new UsageError(problemsText(problems));
  return { action: 'add', where: at, provider, grants };
}

/** A record's problems, one line each, naming the option that sets the field ("--portal-url must be …"). */
export function problemsText(problems: ReadonlyArray<{ pointer: string; detail: string }>): string {
  return problems.map((p) => `${OPTION_OF[p.pointer] ?? p.pointer.replace(/^#\//, '')} ${p.detail}.`).join('\n');
}

/**
 * An update's changes: the options given, trimmed. "" (or blanks) removes an optional field; the required ones
 * (--name, --platform) cannot be removed.
 */
function updateCommand(values: Values, positionals: string[], at: Where): ProviderCommand {
  const refused = Object.keys(NOT_UPDATED).find((name) => values[name as keyof Values] !== undefined);
  if (refused) throw new UsageError(`--${refused} cannot be given to update: ${NOT_UPDATED[refused]}.`);
  if (positionals.length !== 1 || !positionals[0]?.trim()) {
    throw new UsageError('update takes one provider (its id or its client code), then the options to change.');
  }
  if (!UPDATE_OPTIONS.some((name) => values[name] !== undefined)) {
    throw new UsageError(`Say what to change: ${UPDATE_OPTIONS.map((name) => `--${name}`).join(', ')}.`);
  }
  const given = (name: (typeof UPDATE_OPTIONS)[number]) => values[name]?.trim();
  for (const name of ['name', 'platform'] as const) {
    if (given(name) === '') throw new UsageError(`--${name} cannot be removed: every provider has one.`);
  }
  /** undefined: not given (kept); null: given empty (removed). */
  const optional = (name: (typeof UPDATE_OPTIONS)[number]) => {
    const value = given(name);
    return value === undefined ? undefined : value || null;
  };
  const descriptions = Object.fromEntries(
    LOCALES.flatMap((locale) => {
      const value = optional(`description-${locale}`);
      return value === undefined ? [] : [[locale, value] as const];
    }),
  );
  const supportEmail = optional('support-email');
  const changes: ProviderChanges = {
    ...(given('name') !== undefined ? { name: given('name') } : {}),
    ...(given('platform') !== undefined ? { platformName: given('platform') } : {}),
    ...(given('description') !== undefined ? { platformDescription: given('description') } : {}),
    ...(Object.keys(descriptions).length ? { platformDescriptions: descriptions } : {}),
    ...(supportEmail !== undefined
      ? { supportEmail: supportEmail && (normalizeEmail(supportEmail) ?? supportEmail) }
      : {}),
    ...(optional('portal-url') !== undefined ? { portalUrl: optional('portal-url') } : {}),
    ...(optional('documentation-url') !== undefined ? { documentationUrl: optional('documentation-url') } : {}),
  };
  return { action: 'update', where: at, idOrCode: positionals[0].trim(), changes };
}

const ACTIONS = 'add, update, list, deactivate, activate or release-email';

/** Reads the command line (without `node` and the script). */
export function parseProviderCommand(argv: string[]): ProviderCommand {
  let parsed: { values: Values; positionals: string[] };
  try {
    parsed = parseArgs({ args: argv, options: OPTIONS, allowPositionals: true, strict: true });
  } catch (error) {
    throw new UsageError((error as Error).message);
  }
  const { values } = parsed;
  const [action, ...rest] = parsed.positionals;
  if (values.help || action === 'help') return { action: 'help' };
  if (!action) throw new UsageError(`Say what to do: ${ACTIONS}.`);
  const at = whereOf(values);
  if (action === 'add') return addCommand(values, rest, at);
  if (action === 'update') {
    if (values.json) throw new UsageError('--json goes with list.');
    return updateCommand(values, rest, at);
  }
  const stray = ADD_ONLY.find((name) => values[name] !== undefined);
  if (stray) {
    const commands = (UPDATE_OPTIONS as readonly string[]).includes(stray) ? 'add or update' : 'add';
    throw new UsageError(`--${stray} goes with ${commands}, not ${action}.`);
  }
  if (action === 'list') {
    if (rest.length) throw new UsageError(`list takes no arguments (unexpected: ${rest.join(' ')}).`);
    return { action: 'list', where: at, json: values.json };
  }
  if (values.json) throw new UsageError('--json goes with list.');
  if (action === 'deactivate' || action === 'activate') {
    if (rest.length !== 1 || !rest[0]?.trim()) {
      throw new UsageError(`${action} takes one provider: its id or its client code.`);
    }
    return { action, where: at, idOrCode: rest[0].trim() };
  }
  if (action === 'release-email') {
    const [idOrCode, clientId] = rest.map((value) => value.trim());
    if (rest.length !== 2 || !idOrCode || !clientId) {
      throw new UsageError('release-email takes the provider (its id or client code) and the client id.');
    }
    return { action, where: at, idOrCode, clientId };
  }
  throw new UsageError(`Unknown command "${action}": ${ACTIONS}.`);
}
