/**
 * `npm run provider` without storage: the command line (required options, GUIDs, codes, exit codes), and the
 * `--azure` path, which cannot reach Azure here — the account is found (option, environment, azd's `.azure/`),
 * and the clients built for it speak https to the account's table endpoint with an Entra token for storage and
 * never a key. Requests go to an in-memory HTTP client, files come from a map: no network, no disk.
 */
import path from 'node:path';
import type { AccessToken, GetTokenOptions, TokenCredential } from '@azure/core-auth';
import {
  createHttpHeaders,
  type HttpClient,
  type PipelineRequest,
  type PipelineResponse,
} from '@azure/core-rest-pipeline';
import { describe, expect, it } from 'vitest';
import { openClientTenant } from '../../scripts/client-tenant.js';
import { explainGraph, runProviderCommand } from '../../scripts/provider.js';
import { parseProviderCommand, UsageError } from '../../scripts/provider-options.js';
import { azureTableClient, resolveAzureAccount, type Surroundings } from '../../scripts/provider-storage.js';
import { DomainError } from '../../shared/domain/errors.js';

const TENANT = '6F1C2A3B-4D5E-4F60-8A7B-9C0D1E2F3A4B';
const APP = '0a1b2c3d-4e5f-4a6b-8c7d-9e0f1a2b3c4d';
const ROOT = '/project';

const ADD = ['add', '--name', 'Agence Horizon', '--tenant', TENANT, '--code', 'horizon'];
const ADD_OK = [...ADD, '--support-email', 'Contact@Horizon.example'];

function usage(argv: string[]): string {
  try {
    parseProviderCommand(argv);
  } catch (error) {
    if (error instanceof UsageError) return error.message;
    throw error;
  }
  throw new Error(`accepted: ${argv.join(' ')}`);
}

function surroundings(env: NodeJS.ProcessEnv = {}, files: Record<string, string> = {}): Surroundings {
  return { env, root: ROOT, readText: async (file) => files[file] };
}
const file = (...parts: string[]) => path.join(ROOT, ...parts);

async function run(argv: string[], around = surroundings(), access = {}) {
  const out: string[] = [];
  const err: string[] = [];
  const code = await runProviderCommand(argv, { out: (l) => out.push(l), err: (l) => err.push(l) }, around, access);
  return { code, out: out.join('\n'), err: err.join('\n') };
}

describe('npm run provider: the command line', () => {
  it('when add has its options, then the provider is active, codes upper-case, ids lower-case, and the whole tenant acts for it', () => {
    const command = parseProviderCommand([...ADD_OK, '--company-code', 'hz-paris', '--id', 'agence-horizon']);
    expect(command).toMatchObject({
      action: 'add',
      where: { kind: 'local', stackFile: '.dev/stack.json' },
      provider: {
        id: 'agence-horizon',
        name: 'Agence Horizon',
        platformName: 'Agence Horizon',
        platformDescription: '',
        supportEmail: 'contact@horizon.example',
        agencyCodes: { client: 'HORIZON', company: 'HZ-PARIS' },
        status: 'active',
      },
      grants: [{ tenantId: TENANT.toLowerCase(), subject: 'tenant' }],
    });
  });

  it('when --app or --user are given, then only they act for the provider, and the id is a new GUID', () => {
    const command = parseProviderCommand([
      ...ADD_OK,
      '--app',
      APP.toUpperCase(),
      '--user',
      APP,
      '--platform',
      'Extranet',
    ]);
    if (command.action !== 'add') throw new Error(command.action);
    expect(command.grants.map((g) => g.subject)).toEqual([`app:${APP}`, `user:${APP}`]);
    expect(command.provider.platformName).toBe('Extranet');
    expect(command.provider.id).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/);
  });

  it('when add is given only the options API.md pins (no support email), then the provider has no contact address', () => {
    const command = parseProviderCommand(ADD);
    if (command.action !== 'add') throw new Error(`parsed as ${command.action}`);
    expect(command.provider.name).toBe('Agence Horizon');
    expect(command.provider.agencyCodes).toEqual({ client: 'HORIZON' });
    expect(command.provider).not.toHaveProperty('supportEmail');
  });

  it('when --documentation-url is given, then the provider has it (trimmed); without it, none', () => {
    const command = parseProviderCommand([...ADD_OK, '--documentation-url', ' https://aide.horizon.example/debuter ']);
    if (command.action !== 'add') throw new Error(`parsed as ${command.action}`);
    expect(command.provider.documentationUrl).toBe('https://aide.horizon.example/debuter');
    const without = parseProviderCommand(ADD_OK);
    if (without.action !== 'add') throw new Error(`parsed as ${without.action}`);
    expect(without.provider).not.toHaveProperty('documentationUrl');
    expect(usage(['list', '--documentation-url', 'https://aide.example'])).toBe(
      '--documentation-url goes with add or update, not list.',
    );
  });

  it('when --description-fr or --description-en are given, then the provider has a description in that language', () => {
    const command = parseProviderCommand([
      ...ADD_OK,
      '--description',
      'Your space.',
      '--description-fr',
      ' Votre espace propriétaire. ',
      '--description-en',
      'Your owner space.',
    ]);
    if (command.action !== 'add') throw new Error(`parsed as ${command.action}`);
    expect(command.provider.platformDescription).toBe('Your space.');
    expect(command.provider.platformDescriptions).toEqual({
      fr: 'Votre espace propriétaire.',
      en: 'Your owner space.',
    });
    const onlyFrench = parseProviderCommand([...ADD_OK, '--description-fr', 'Votre espace.']);
    if (onlyFrench.action !== 'add') throw new Error(`parsed as ${onlyFrench.action}`);
    expect(onlyFrench.provider.platformDescriptions).toEqual({ fr: 'Votre espace.' });
    const without = parseProviderCommand(ADD_OK);
    if (without.action !== 'add') throw new Error(`parsed as ${without.action}`);
    expect(without.provider).not.toHaveProperty('platformDescriptions');
    expect(usage([...ADD_OK, '--description-en', ' '])).toBe(
      '--description-en must not be empty (leave it out to show the default description).',
    );
    expect(usage([...ADD_OK, '--description-fr', 'x'.repeat(501)])).toBe(
      '--description-fr must be at most 500 characters.',
    );
    expect(usage(['list', '--description-fr', 'x'])).toBe('--description-fr goes with add or update, not list.');
  });

  it('when a required option is missing, then the message names it', () => {
    expect(usage(['add', '--tenant', TENANT, '--code', 'X', '--support-email', 'a@b.example'])).toBe(
      '--name is required for add.',
    );
    expect(usage(['add', '--name', 'X', '--code', 'X', '--support-email', 'a@b.example'])).toBe(
      '--tenant is required for add.',
    );
    expect(usage(['add', '--name', 'X', '--tenant', TENANT, '--support-email', 'a@b.example'])).toBe(
      '--code is required for add.',
    );
    expect(usage([])).toMatch(/^Say what to do/);
  });

  it('when an id is not a GUID or a code cannot travel in a link, then the message names the option and the value', () => {
    expect(usage([...ADD_OK.slice(0, 3), '--tenant', 'gfms.example', ...ADD_OK.slice(5)])).toBe(
      '--tenant must be the workforce tenant id (a GUID), not "gfms.example".',
    );
    expect(usage([...ADD_OK, '--app', 'back-office'])).toBe(
      `--app must be an app's client id (a GUID), not "back-office".`,
    );
    expect(usage([...ADD_OK, '--company-code', 'HZ PARIS'])).toBe(
      '--company-code must be 1 to 64 letters, digits, - or _ (got "HZ PARIS").',
    );
    expect(usage([...ADD.slice(0, 6), 'a&b', '--support-email', 'x@y.example'])).toMatch(/^--code must be/);
    expect(usage([...ADD, '--support-email', 'contact'])).toBe('--support-email must be an email address.');
    expect(usage([...ADD_OK, '--portal-url', 'http://extranet.example'])).toBe('--portal-url must be an https:// URL.');
    expect(usage([...ADD_OK, '--documentation-url', 'http://aide.example'])).toBe(
      '--documentation-url must be an https:// URL.',
    );
  });

  it('when options do not fit the command, then it says which', () => {
    expect(usage(['list', '--code', 'X'])).toBe('--code goes with add, not list.');
    expect(usage(['deactivate'])).toBe('deactivate takes one provider: its id or its client code.');
    expect(usage(['deactivate', 'a', 'b'])).toBe('deactivate takes one provider: its id or its client code.');
    expect(usage(['remove', 'x'])).toBe(
      'Unknown command "remove": add, update, list, deactivate, activate or release-email.',
    );
    expect(usage(['release-email', 'gfms'])).toBe(
      'release-email takes the provider (its id or client code) and the client id.',
    );
    expect(parseProviderCommand(['release-email', ' gfms ', 'c-1'])).toEqual({
      action: 'release-email',
      where: { kind: 'local', stackFile: '.dev/stack.json' },
      idOrCode: 'gfms',
      clientId: 'c-1',
    });
    expect(usage(['list', '--account', 'x'])).toBe('--account goes with --azure.');
    expect(usage(['list', '--azure', '--stack', 'x'])).toBe('--stack is the local stack: not with --azure.');
    expect(usage(['list', '--colour'])).toMatch(/Unknown option '--colour'/);
  });

  it('when the line is bad, then it exits with 2 and points at --help; --help exits with 0', async () => {
    const bad = await run(['add', '--name', 'X']);
    expect(bad).toMatchObject({ code: 2, out: '' });
    expect(bad.err).toBe('--tenant is required for add.\nSee: npm run provider -- --help');
    const help = await run(['--help']);
    expect(help.code).toBe(0);
    expect(help.out).toContain('npm run provider -- add --name <name> --tenant <workforce tenant id> --code');
    expect(help.out).toContain('Storage Table Data Contributor');
  });
});

describe('npm run provider -- update: the command line', () => {
  const local = { kind: 'local', stackFile: '.dev/stack.json' };

  it('when options are given, then only they are changes, trimmed, the support address in lower case', () => {
    expect(
      parseProviderCommand([
        'update',
        ' gfms ',
        '--documentation-url',
        ' https://aide.gfms.example/debuter ',
        '--description-fr',
        ' Votre espace. ',
        '--support-email',
        'Support@GFMS.example',
      ]),
    ).toEqual({
      action: 'update',
      where: local,
      idOrCode: 'gfms',
      changes: {
        documentationUrl: 'https://aide.gfms.example/debuter',
        platformDescriptions: { fr: 'Votre espace.' },
        supportEmail: 'support@gfms.example',
      },
    });
    expect(parseProviderCommand(['update', 'GFMS', '--name', 'GFMS SA', '--platform', 'My rConnect 2'])).toEqual({
      action: 'update',
      where: local,
      idOrCode: 'GFMS',
      changes: { name: 'GFMS SA', platformName: 'My rConnect 2' },
    });
  });

  it('when an option is given as "" (or blanks), then it removes that field; --description "" leaves no default one', () => {
    const command = parseProviderCommand([
      'update',
      'gfms',
      '--documentation-url',
      '',
      '--portal-url=',
      '--support-email',
      ' ',
      '--description-en',
      '',
      '--description',
      '',
    ]);
    if (command.action !== 'update') throw new Error(`parsed as ${command.action}`);
    expect(command.changes).toEqual({
      documentationUrl: null,
      portalUrl: null,
      supportEmail: null,
      platformDescriptions: { en: null },
      platformDescription: '',
    });
    expect(usage(['update', 'gfms', '--name', ' '])).toBe('--name cannot be removed: every provider has one.');
    expect(usage(['update', 'gfms', '--platform', ''])).toBe('--platform cannot be removed: every provider has one.');
  });

  it('when update is asked to change an id, a code or who acts for the provider, then it refuses, saying why', () => {
    expect(usage(['update', 'gfms', '--code', 'GFMS2'])).toMatch(
      /^--code cannot be given to update: a provider's client code never changes: it is in the sign-in links/,
    );
    expect(usage(['update', 'gfms', '--company-code', 'X'])).toMatch(/^--company-code cannot be given to update: /);
    expect(usage(['update', 'gfms', '--id', 'other'])).toMatch(/^--id cannot be given to update: .*id never changes/);
    for (const option of ['--tenant', '--app', '--user']) {
      expect(usage(['update', 'gfms', option, TENANT])).toBe(
        `${option} cannot be given to update: update does not change who acts for a provider (its grants are rows of their own).`,
      );
    }
  });

  it('when update names no provider, or nothing to change, then it says what it takes', () => {
    expect(usage(['update', '--name', 'X'])).toBe(
      'update takes one provider (its id or its client code), then the options to change.',
    );
    expect(usage(['update', 'a', 'b', '--name', 'X'])).toBe(
      'update takes one provider (its id or its client code), then the options to change.',
    );
    expect(usage(['update', 'gfms'])).toBe(
      'Say what to change: --name, --platform, --description, --description-fr, --description-en, --support-email, --portal-url, --documentation-url.',
    );
    expect(usage(['update', 'gfms', '--name', 'X', '--json'])).toBe('--json goes with list.');
    expect(
      parseProviderCommand(['update', 'gfms', '--name', 'X', '--azure', '--account', 'stonbprod7x2']),
    ).toMatchObject({ action: 'update', where: { kind: 'azure', account: 'stonbprod7x2' } });
  });

  it('when --help is asked, then it shows update and how to remove a field', async () => {
    const help = await run(['--help']);
    expect(help.out).toContain('npm run provider -- update <id or client code> [--name <name>]');
    expect(help.out).toContain('An option given as "" (--documentation-url "") removes that field');
  });
});

describe('npm run provider --azure: which account', () => {
  it('when --account is given, then it wins over the environment and azd', async () => {
    const found = await resolveAzureAccount(
      { kind: 'azure', account: 'stonboardingprod' },
      surroundings({ AZURE_STORAGE_ACCOUNT_NAME: 'stother' }),
    );
    expect(found).toMatchObject({ account: 'stonboardingprod', source: '--account' });
  });

  it('when azd provisioned the service, then the account, tenant and base URL come from its default environment', async () => {
    const around = surroundings(
      {},
      {
        [file('.azure', 'config.json')]: '{"version":1,"defaultEnvironment":"onboarding-prod"}',
        [file('.azure', 'onboarding-prod', '.env')]: [
          'AZURE_ENV_NAME="onboarding-prod"',
          'AZURE_STORAGE_ACCOUNT_NAME="stonbprod7x2"',
          `WORKFORCE_TENANT_ID="${TENANT}"`,
          'SERVICE_API_PUBLIC_BASE_URL="https://func-onb.azurewebsites.net"',
        ].join('\n'),
      },
    );
    expect(await resolveAzureAccount({ kind: 'azure' }, around)).toEqual({
      account: 'stonbprod7x2',
      source: '.azure/onboarding-prod/.env',
      workforceTenantId: TENANT,
      publicBaseUrl: 'https://func-onb.azurewebsites.net',
    });
  });

  it('when no account can be found, or the name is not an account name, then it exits with 2 and says where to give one', async () => {
    const missing = await run(['list', '--azure']);
    expect(missing.code).toBe(2);
    expect(missing.err).toContain(
      'No storage account to work on. Give --account <name>, or set AZURE_STORAGE_ACCOUNT_NAME',
    );
    expect(missing.err).toContain('no azd environment found: give --env <name>');
    const noEnvFile = await run(['list', '--azure', '--env', 'staging']);
    expect(noEnvFile).toMatchObject({
      code: 2,
      err: `The azd environment "staging" has no ${file('.azure', 'staging', '.env')}.`,
    });
    const badName = await run(['list', '--azure', '--account', 'St-Onboarding']);
    expect(badName).toMatchObject({ code: 2 });
    expect(badName.err).toBe('"St-Onboarding" is not a storage account name (3 to 24 lower-case letters and digits).');
  });
});

/** A token credential that records the scopes it is asked for. */
class RecordingCredential implements TokenCredential {
  readonly scopes: string[][] = [];
  async getToken(scopes: string | string[], _options?: GetTokenOptions): Promise<AccessToken> {
    this.scopes.push([scopes].flat());
    return { token: 'operator-token', expiresOnTimestamp: Date.now() + 3_600_000 };
  }
}

/** Answers like the Table service would, and keeps every request. */
class RecordingHttpClient implements HttpClient {
  readonly requests: PipelineRequest[] = [];
  async sendRequest(request: PipelineRequest): Promise<PipelineResponse> {
    this.requests.push(request);
    const creating = request.method === 'POST' && new URL(request.url).pathname === '/Tables';
    return {
      request,
      status: creating ? 204 : 200,
      headers: createHttpHeaders({ 'content-type': 'application/json;odata=nometadata' }),
      bodyAsText: creating ? '' : JSON.stringify({ value: [] }),
    };
  }
}

describe('npm run provider --azure: the clients', () => {
  it('when a table client is built for the account, then it is the https table endpoint with a bearer token, never a key', () => {
    const client = azureTableClient('stonbprod7x2', 'Providers', new RecordingCredential());
    expect(client.url).toBe('https://stonbprod7x2.table.core.windows.net');
    expect(client.tableName).toBe('Providers');
    const policies = client.pipeline.getOrderedPolicies().map((p) => p.name);
    expect(policies).toContain('bearerTokenAuthenticationPolicy');
    expect(policies.filter((name) => /key|sas/i.test(name))).toEqual([]);
  });

  it('when list runs against Azure, then every request goes to the account over https with an Entra token for storage', async () => {
    const credential = new RecordingCredential();
    const http = new RecordingHttpClient();
    const listed = await run(['list', '--azure', '--account', 'stonbprod7x2'], surroundings(), {
      credential,
      httpClient: http,
    });
    expect(listed.err).toBe('');
    expect(listed).toMatchObject({
      code: 0,
      out: 'No provider in storage account stonbprod7x2 (from --account): add one with npm run provider -- add --help',
    });
    expect(http.requests.length).toBeGreaterThan(0);
    for (const request of http.requests) {
      expect(new URL(request.url).origin).toBe('https://stonbprod7x2.table.core.windows.net');
      expect(request.headers.get('authorization')).toBe('Bearer operator-token');
    }
    expect(http.requests.map((r) => `${r.method} ${new URL(r.url).pathname}`)).toEqual([
      'POST /Tables',
      'GET /Providers()',
    ]);
    expect(credential.scopes).toContainEqual(['https://storage.azure.com/.default']);
  });

  it('when azd knows the workforce tenant, then a provider of another tenant is refused before anything is written', async () => {
    const http = new RecordingHttpClient();
    const around = surroundings({ AZURE_STORAGE_ACCOUNT_NAME: 'stonbprod7x2', WORKFORCE_TENANT_ID: APP });
    const added = await run([...ADD_OK, '--azure'], around, {
      credential: new RecordingCredential(),
      httpClient: http,
    });
    expect(added.code).toBe(2);
    expect(added.err).toContain(`The service accepts professionals of the workforce tenant ${APP} only`);
    expect(http.requests).toEqual([]);
  });
});

/** GFMS in a Providers table, as the Table service answers: its row (with an ETag), its code and its grant. */
class ProvidersHttpClient implements HttpClient {
  readonly requests: Array<{ method: string; path: string; ifMatch?: string; body?: Record<string, unknown> }> = [];
  constructor(private readonly patchStatus = 204) {}
  readonly row = {
    PartitionKey: 'provider',
    RowKey: 'gfms',
    'odata.etag': `W/"datetime'2026-01-01T00%3A00%3A00.000Z'"`,
    Name: 'GFMS',
    PlatformName: 'My rConnect',
    PlatformDescription: 'My rConnect is a platform.',
    PlatformDescriptionFr: '',
    PlatformDescriptionEn: '',
    SupportEmail: 'support@gfms.example',
    PortalUrl: '',
    DocumentationUrl: '',
    ClientCode: 'GFMS',
    CompanyCode: '',
    Status: 'active',
  };
  async sendRequest(request: PipelineRequest): Promise<PipelineResponse> {
    const url = new URL(request.url);
    const path = decodeURIComponent(url.pathname);
    const ifMatch = request.headers.get('if-match');
    this.requests.push({
      method: request.method,
      path,
      ...(ifMatch ? { ifMatch } : {}),
      ...(typeof request.body === 'string' ? { body: JSON.parse(request.body) } : {}),
    });
    const answer = (status: number, body?: unknown) => ({
      request,
      status,
      headers: createHttpHeaders({ 'content-type': 'application/json;odata=nometadata' }),
      bodyAsText: body === undefined ? '' : JSON.stringify(body),
    });
    if (request.method === 'POST' && path === '/Tables') return answer(204);
    if (request.method === 'PATCH') {
      return answer(
        this.patchStatus,
        this.patchStatus === 412 ? { 'odata.error': { code: 'UpdateConditionNotSatisfied' } } : undefined,
      );
    }
    const key = /^\/Providers\(PartitionKey='provider',RowKey='(.*)'\)$/.exec(path)?.[1];
    const rows: Record<string, unknown> = {
      gfms: this.row,
      'code|GFMS': { PartitionKey: 'provider', RowKey: 'code|GFMS', ProviderId: 'gfms' },
    };
    if (key !== undefined) {
      return rows[key] ? answer(200, rows[key]) : answer(404, { 'odata.error': { code: 'ResourceNotFound' } });
    }
    const grant = { PartitionKey: 'provider', RowKey: `grant|${TENANT.toLowerCase()}|tenant`, ProviderId: 'gfms' };
    return answer(200, { value: [this.row, rows['code|GFMS'], grant] });
  }
}

describe('npm run provider -- update --azure', () => {
  const azure = ['--azure', '--account', 'stonbprod7x2'];
  const access = (http: HttpClient) => ({ credential: new RecordingCredential(), httpClient: http });
  const patches = (http: ProvidersHttpClient) => http.requests.filter((r) => r.method === 'PATCH');

  it('when a field is given, then only the fields clients read are merged into the row read, If-Match its ETag, and the change is printed', async () => {
    const http = new ProvidersHttpClient();
    const updated = await run(
      ['update', 'GFMS', '--documentation-url', 'https://aide.gfms.example/debuter', '--description', '', ...azure],
      surroundings(),
      access(http),
    );
    expect(updated.err).toBe('');
    expect(updated.code).toBe(0);
    expect(updated.out.split('\n')).toEqual([
      'Provider updated in storage account stonbprod7x2 (from --account): GFMS (gfms)',
      '  description        "My rConnect is a platform." → (none)',
      '  documentation-url  (none) → "https://aide.gfms.example/debuter"',
      '  The service shows the new values within 10 s (it caches providers that long), in emails sent from then on too.',
    ]);
    const [patch, ...more] = patches(http);
    expect(more).toEqual([]);
    expect(patch).toMatchObject({
      path: "/Providers(PartitionKey='provider',RowKey='gfms')",
      ifMatch: http.row['odata.etag'],
    });
    expect(patch!.body).toEqual({
      PartitionKey: 'provider',
      RowKey: 'gfms',
      Name: 'GFMS',
      PlatformName: 'My rConnect',
      PlatformDescription: '',
      PlatformDescriptionFr: '',
      PlatformDescriptionEn: '',
      SupportEmail: 'support@gfms.example',
      PortalUrl: '',
      DocumentationUrl: 'https://aide.gfms.example/debuter',
    });
    for (const request of http.requests)
      expect(request.path.startsWith('/Tables') || request.path.startsWith('/Providers')).toBe(true);
  });

  it('when the values are the stored ones, then it says there is nothing to change and writes nothing', async () => {
    const http = new ProvidersHttpClient();
    const same = await run(
      ['update', 'gfms', '--name', ' GFMS ', '--portal-url', '', ...azure],
      surroundings(),
      access(http),
    );
    expect(same).toEqual({ code: 0, out: 'Nothing to change: GFMS (gfms) already has these values.', err: '' });
    expect(patches(http)).toEqual([]);
  });

  it('when the result would be invalid, then exit 2 naming the option, and nothing is written', async () => {
    const http = new ProvidersHttpClient();
    const bad = await run(
      [
        'update',
        'gfms',
        '--documentation-url',
        'http://aide.gfms.example',
        '--description-fr',
        'x'.repeat(501),
        ...azure,
      ],
      surroundings(),
      access(http),
    );
    expect(bad).toMatchObject({ code: 2, out: '' });
    expect(bad.err).toBe(
      '--description-fr must be at most 500 characters.\n--documentation-url must be an https:// URL.\nSee: npm run provider -- --help',
    );
    expect(patches(http)).toEqual([]);
  });

  it('when the row changed since it was read (412), then it is refused with exit 1 and says nothing was written', async () => {
    const http = new ProvidersHttpClient(412);
    const raced = await run(['update', 'gfms', '--name', 'GFMS SA', ...azure], surroundings(), access(http));
    expect(raced).toMatchObject({ code: 1, out: '' });
    expect(raced.err).toBe(
      'Refused: GFMS (gfms) was changed by someone else while this update ran; nothing was written. Look at it again (npm run provider -- list) and run the update again.',
    );
    expect(patches(http)).toHaveLength(1);
  });

  it('when no provider has that id or code, then exit 1 and nothing is written', async () => {
    const http = new ProvidersHttpClient();
    const unknown = await run(['update', 'nope', '--name', 'X', ...azure], surroundings(), access(http));
    expect(unknown).toMatchObject({ code: 1, out: '' });
    expect(unknown.err).toBe(
      'No provider has the id or client code "nope" in storage account stonbprod7x2 (from --account) (see: npm run provider -- list).',
    );
    expect(patches(http)).toEqual([]);
  });
});

const CLIENT_TENANT = '0f9e8d7c-6b5a-4c3d-9e2f-1a0b9c8d7e6f';

/** A credential that records the scopes and the tenant each token is asked for. */
class TenantCredential implements TokenCredential {
  readonly asked: Array<{ scopes: string[]; tenantId?: string }> = [];
  async getToken(scopes: string | string[], options?: GetTokenOptions): Promise<AccessToken> {
    this.asked.push({ scopes: [scopes].flat(), ...(options?.tenantId ? { tenantId: options.tenantId } : {}) });
    return { token: 'operator-graph-token', expiresOnTimestamp: Date.now() + 3_600_000 };
  }
}

describe('npm run provider -- release-email --azure: the client tenant', () => {
  it('when no client tenant is known, then it exits with 2 before reading anything', async () => {
    const http = new RecordingHttpClient();
    const released = await run(
      ['release-email', 'gfms', 'c-1', '--azure', '--account', 'stonbprod7x2'],
      surroundings(),
      {
        credential: new RecordingCredential(),
        httpClient: http,
      },
    );
    expect(released).toMatchObject({ code: 2, out: '' });
    expect(released.err).toContain('No client tenant: set CLIENT_TENANT_ID');
    expect(http.requests).toEqual([]);
  });

  it("when the client tenant is in azd's environment, then Graph is called there with the operator's own token", async () => {
    const credential = new TenantCredential();
    const calls: Array<{ method: string; url: string; authorization: string | null; body?: unknown }> = [];
    const graphFetch: typeof fetch = async (input, init) => {
      const headers = new Headers(init?.headers);
      calls.push({
        method: init?.method ?? 'GET',
        url: String(input),
        authorization: headers.get('authorization'),
        ...(typeof init?.body === 'string' ? { body: JSON.parse(init.body) } : {}),
      });
      if ((init?.method ?? 'GET') === 'GET') {
        return Response.json({
          id: 'u-1',
          identities: [
            { signInType: 'emailAddress', issuer: 'clients.onmicrosoft.com', issuerAssignedId: 'a@b.example' },
          ],
        });
      }
      return new Response(null, { status: 204 });
    };
    const around = surroundings(
      {},
      {
        [file('.azure', 'config.json')]: '{"version":1,"defaultEnvironment":"prod"}',
        [file('.azure', 'prod', '.env')]:
          `CLIENT_TENANT_ID="${CLIENT_TENANT}"\nCLIENT_TENANT_DOMAIN="clients.onmicrosoft.com"\n`,
      },
    );
    const tenant = await openClientTenant({ kind: 'azure' }, around, { graphCredential: credential, graphFetch });
    expect(tenant.description).toBe(`the client tenant ${CLIENT_TENANT} through https://graph.microsoft.com`);
    expect(await tenant.directory.changeSignInEmail('u-1', 'released-u-1@released.invalid')).toBe('changed');
    expect(credential.asked).toContainEqual({
      scopes: ['https://graph.microsoft.com/.default'],
      tenantId: CLIENT_TENANT,
    });
    expect(calls.map((c) => `${c.method} ${c.url}`)).toEqual([
      'GET https://graph.microsoft.com/v1.0/users/u-1?$select=id,identities',
      'PATCH https://graph.microsoft.com/v1.0/users/u-1',
    ]);
    expect(calls.every((c) => c.authorization === 'Bearer operator-graph-token')).toBe(true);
    expect(calls[1]!.body).toEqual({
      identities: [
        {
          signInType: 'emailAddress',
          issuer: 'clients.onmicrosoft.com',
          issuerAssignedId: 'released-u-1@released.invalid',
        },
      ],
      mail: 'released-u-1@released.invalid',
    });
  });

  it('when Graph refuses the operator or no sign-in is there, then the message says which role and which login', async () => {
    const tenant = {
      directory: {} as never,
      description: `the client tenant ${CLIENT_TENANT} through https://graph.microsoft.com`,
      tenantId: CLIENT_TENANT,
      roleHint: `it needs the User Administrator role in the client tenant ${CLIENT_TENANT}`,
    };
    const graph = (cause: Error) =>
      new DomainError('dependency-unavailable', 'down', { dependency: 'graph' }, { cause });
    expect(explainGraph(graph(new Error('Graph answered 403: Authorization_RequestDenied')), tenant)).toBe(
      `${tenant.description} refused your identity (403): ${tenant.roleHint}.`,
    );
    const noLogin = Object.assign(new Error('no az login'), { name: 'CredentialUnavailableError' });
    expect(explainGraph(graph(noLogin), tenant)).toBe(
      `No sign-in to use for ${tenant.description}: az login --tenant ${CLIENT_TENANT} --allow-no-subscriptions, then run the command again.`,
    );
    expect(explainGraph(graph(new Error('Graph answered 503: busy')), tenant)).toMatch(
      /did not do it \(Graph answered 503: busy\); nothing of the file was changed/,
    );
  });
});
