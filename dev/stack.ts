/**
 * The whole local stack in one call: Azurite, the local ACS and Entra ID (one child process), and the
 * Functions host (another), each on its port, then `.dev/stack.json` for tools and tests. Used by
 * `npm start` (fixed ports, data kept in `.dev/`) and by the test global setup (free ports, in memory).
 */
import { type ChildProcess, fork } from 'node:child_process';
import { mkdir, writeFile } from 'node:fs/promises';
import net from 'node:net';
import path from 'node:path';
import type { EmailQuota } from './acs/server.js';
import { type RunningAzurite, startAzurite, stopChild } from './azurite.js';
import { ensureDevCertificates } from './certificates.js';
import { newIdentityHeader } from './entra/managed-identity.js';
import { workerArguments } from './functions-host/worker-arguments.js';
import {
  acsRoleAssignments,
  apiAudience,
  directoryFor,
  EMAIL_SENDER,
  type LocalIdentities,
  loadIdentities,
} from './identities.js';
import { seedClientFiles, seedProviders } from './seed.js';
import type { ServicesConfig, ServicesMessage, ServicesRequest, SubscriptionRequest } from './services.js';
import { startStoragePermissions } from './storage-permissions.js';

/**
 * The Event Grid subscriptions the Bicep makes on the ACS resource's system topic, made on the local ACS once the
 * Functions host is up — for each function here that the app registers (absent ones are skipped).
 */
export const EVENT_GRID_SUBSCRIPTIONS: ReadonlyArray<{
  name: string;
  functionName: string;
  includedEventTypes: string[];
}> = [
  {
    name: 'email-delivery-report',
    functionName: 'EmailDeliveryReport',
    includedEventTypes: ['Microsoft.Communication.EmailDeliveryReportReceived'],
  },
  {
    name: 'sms-delivery-report',
    functionName: 'SmsDeliveryReport',
    includedEventTypes: ['Microsoft.Communication.SMSDeliveryReportReceived'],
  },
];

/**
 * The email quota of the local stack: a custom verified domain's (30 sends a minute, 100 an hour), unless the stack's
 * `functionSettings` set `EMAIL_QUOTA_PER_MINUTE` / `EMAIL_QUOTA_PER_HOUR`. The same numbers go to the app's settings
 * and to the local ACS, whose status-poll limits are twice these, the ratio the service limits page gives both domain kinds.
 */
export function localEmailQuota(functionSettings: Record<string, string> = {}): EmailQuota {
  const read = (name: string, fallback: number) => {
    const value = functionSettings[name];
    if (value === undefined) return fallback;
    const n = Number(value);
    if (!Number.isInteger(n) || n < 1) throw new Error(`${name} must be a whole number >= 1, not "${value}".`);
    return n;
  };
  const sendsPerMinute = read('EMAIL_QUOTA_PER_MINUTE', 30);
  const sendsPerHour = read('EMAIL_QUOTA_PER_HOUR', 100);
  return { sendsPerMinute, sendsPerHour, statusPerMinute: sendsPerMinute * 2, statusPerHour: sendsPerHour * 2 };
}

/** What the Functions host says about one registered function (its `ready` message). */
export interface HostRegistration {
  name: string;
  type: string;
  /** Event Grid triggers: `/runtime/webhooks/EventGrid?functionName=…`. */
  webhook?: string;
}

/** The subscriptions to make for the functions the host registered: the endpoint is the host's Event Grid webhook. */
export function eventSubscriptionsFor(
  registrations: HostRegistration[],
  functionsOrigin: string,
  wanted: typeof EVENT_GRID_SUBSCRIPTIONS = EVENT_GRID_SUBSCRIPTIONS,
): SubscriptionRequest[] {
  return wanted.flatMap((subscription) => {
    const registration = registrations.find(
      (r) => r.name === subscription.functionName && r.type.toLowerCase() === 'eventgridtrigger' && r.webhook,
    );
    if (!registration) return [];
    return [
      {
        name: subscription.name,
        endpoint: `${functionsOrigin}${registration.webhook}`,
        includedEventTypes: subscription.includedEventTypes,
      },
    ];
  });
}

export interface StackPorts {
  functions: number;
  entra: number;
  acs: number;
  blob: number;
  queue: number;
  table: number;
}

export const DEFAULT_PORTS: StackPorts = {
  functions: 7071,
  entra: 7443,
  acs: 7444,
  blob: 10000,
  queue: 10001,
  table: 10002,
};

/** The environment variable that overrides each default port. */
export const PORT_VARIABLES: Record<keyof StackPorts, string> = {
  functions: 'FUNCTIONS_PORT',
  entra: 'ENTRA_PORT',
  acs: 'ACS_PORT',
  blob: 'AZURITE_BLOB_PORT',
  queue: 'AZURITE_QUEUE_PORT',
  table: 'AZURITE_TABLE_PORT',
};

const PART_NAMES: Record<keyof StackPorts, string> = {
  functions: 'Functions host',
  entra: 'local Entra ID',
  acs: 'local ACS',
  blob: 'Azurite blob',
  queue: 'Azurite queue',
  table: 'Azurite table',
};

/** The shape of `.dev/stack.json` (API.md, "Local stack contract"). */
export interface StackInfo {
  functions: { baseUrl: string };
  /** The professional console (API.md, "Professional console (browser)"). */
  console: { url: string };
  mailbox: { url: string; messagesUrl: string };
  acs: { endpoint: string; connectionString: string; controlUrl: string };
  entra: {
    url: string;
    caCertPath: string;
    workforce: {
      tenantId: string;
      authority: string;
      apiAudience: string;
      professionalClient: { clientId: string; clientSecret: string };
      professionalUser: { username: string; password: string };
      /** A professional of Agence Horizon (password grant). */
      otherProviderUser: { username: string; password: string };
      /** A GFMS professional holding only `Clients.Manage` on the console (its 403 on invitation pages). */
      clientsOnlyUser: { username: string; password: string };
      /** Both roles; no seeded provider names them (GFMS's whole-tenant grant covers them until a test registers one). */
      newProviderUser: { id: string; username: string; password: string };
      /** Acts for another provider (Agence Horizon). */
      otherProviderClient: { clientId: string; clientSecret: string };
      /** Holds no role on the API. */
      noRoleClient: { clientId: string; clientSecret: string };
      /** Both roles; no seeded provider names it (GFMS's whole-tenant grant covers it until one does). */
      newProviderClient: { clientId: string; clientSecret: string };
    };
    external: {
      tenantId: string;
      authority: string;
      graphClient: { clientId: string; clientSecret: string };
      graphUrl: string;
    };
  };
  storage: { connectionString: string };
}

export interface StackOptions {
  /** Project root: where package.json, host.json and dist/ are. */
  root: string;
  /** Where identities, Azurite data and stack.json live. */
  dataDir: string;
  /** Where the dev CA lives (default: dataDir); tests share the developer's CA, which their workers trust. */
  certificatesDir?: string;
  /** Ports to use; 0 picks a free one. */
  ports: StackPorts;
  /** Keep data on disk (Azurite, mailbox, Entra users) so it survives restarts. */
  persistent: boolean;
  /** Receives every line the children print, prefixed with their name. */
  output: (part: string, line: string) => void;
  /** Extra settings for the Functions host (tests use this to speed up queue polling, etc.). */
  functionSettings?: Record<string, string>;
  /**
   * Put the stand-in of the app identity's storage roles between the host and Azurite (default true). The bench turns
   * it off: it measures speed against raw storage calls, and that extra hop exists only locally.
   */
  storageRoles?: boolean;
}

export interface RunningStack {
  info: StackInfo;
  settings: Record<string, string>;
  identities: LocalIdentities;
  functionsHost: ChildProcess;
  /** Names of the Event Grid subscriptions made on the local ACS (see EVENT_GRID_SUBSCRIPTIONS). */
  eventSubscriptions: string[];
  /**
   * The platform's managed-identity endpoint the Functions host gets (`IDENTITY_ENDPOINT`, `IDENTITY_HEADER`, as App
   * Service sets them) and the app identity's client id: tests ask it for tokens as the app does.
   */
  managedIdentity: { endpoint: string; header: string; clientId: string };
  stop(): Promise<void>;
  /** Stops and starts the Functions host only (fault tests: a crash between two steps). */
  restartFunctions(): Promise<void>;
}

export class PortInUseError extends Error {
  constructor(
    readonly part: string,
    readonly port: number,
    readonly variable: string,
  ) {
    super(
      `Port ${port} (${part}) is already in use: stop the other process, or choose another port with ${variable}=<port>.`,
    );
    this.name = 'PortInUseError';
  }
}

function portIsFree(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const server = net.createServer();
    server.once('error', () => resolve(false));
    server.listen(port, '127.0.0.1', () => server.close(() => resolve(true)));
  });
}

/** Refuses to start when a fixed port is taken: one clear message, before anything starts. */
export async function checkPorts(ports: StackPorts): Promise<void> {
  for (const part of Object.keys(ports) as Array<keyof StackPorts>) {
    const port = ports[part];
    if (port !== 0 && !(await portIsFree(port))) throw new PortInUseError(PART_NAMES[part], port, PORT_VARIABLES[part]);
  }
}

/** Ports from the environment, falling back to the defaults. */
export function portsFromEnvironment(env: NodeJS.ProcessEnv): StackPorts {
  const ports = { ...DEFAULT_PORTS };
  for (const part of Object.keys(ports) as Array<keyof StackPorts>) {
    const value = env[PORT_VARIABLES[part]];
    if (value === undefined || value === '') continue;
    const port = Number(value);
    if (!Number.isInteger(port) || port < 0 || port > 65535)
      throw new Error(`${PORT_VARIABLES[part]} must be a port number, not "${value}".`);
    ports[part] = port;
  }
  return ports;
}

function pipeOutput(child: ChildProcess, part: string, output: StackOptions['output']): void {
  for (const stream of [child.stdout, child.stderr]) {
    let pending = '';
    stream?.on('data', (chunk: Buffer) => {
      pending += chunk.toString();
      const lines = pending.split('\n');
      pending = lines.pop() ?? '';
      for (const line of lines) if (line.trim()) output(part, line);
    });
  }
}

function waitForMessage<T extends { type: string }>(child: ChildProcess, part: string, timeoutMs = 30_000): Promise<T> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(
      () => reject(new Error(`${part} did not become ready within ${timeoutMs / 1000} s`)),
      timeoutMs,
    );
    child.once('message', (message: T) => {
      clearTimeout(timer);
      child.off('exit', onExit);
      resolve(message);
    });
    const onExit = (code: number | null) => {
      clearTimeout(timer);
      reject(new Error(`${part} exited (code ${code}) before it was ready`));
    };
    child.once('exit', onExit);
  });
}

/**
 * App settings of the Functions host for this stack: the keys `infra/main.bicep` sets, with its defaults, pointing at
 * local services; `test/integration/azure-settings.test.ts` holds the two to each other. The only departures are the
 * substitutes listed in docs/local-stack.md (a connection string for identity-based storage, local secrets, local
 * endpoints). ACS is reached as in Azure: its endpoint and the app's managed identity (`AzureWebJobsStorage__clientId`),
 * whose tokens the local Entra serves on the host's managed-identity endpoint.
 */
export function functionSettingsFor(
  ids: LocalIdentities,
  urls: { functionsOrigin: string; entraUrl: string; acsEndpoint: string; storageConnectionString: string },
): Record<string, string> {
  const entraHost = new URL(urls.entraUrl).host;
  return {
    PUBLIC_BASE_URL: urls.functionsOrigin,
    AzureWebJobsStorage: urls.storageConnectionString,
    AzureWebJobsStorage__clientId: ids.appIdentity.clientId,
    ACS_ENDPOINT: urls.acsEndpoint,
    EMAIL_SENDER_ADDRESS: EMAIL_SENDER,
    EMAIL_SENDER_NAME: 'My rConnect',
    SMS_SENDER: '+33700000001',
    // The Bicep's defaults (SECURITY.md's allow-list and daily budget, an alphanumeric sender's throughput).
    SMS_COUNTRIES: 'FR,BE,CH,LU,MC,CA,GP,MQ,GF,RE,YT,PM,BL,MF,WF,PF,NC',
    SMS_DAILY_BUDGET: '2000',
    SMS_QUOTA_PER_MINUTE: '600',
    WORKFORCE_TENANT_ID: ids.workforceTenantId,
    WORKFORCE_AUTHORITY_HOST: urls.entraUrl,
    API_APP_ID: ids.apiAppId,
    CLIENT_TENANT_ID: ids.externalTenantId,
    CLIENT_AUTHORITY: `${urls.entraUrl}/${ids.externalTenantId}`,
    CLIENT_APP_ID: ids.clientApp.clientId,
    // The app's certificate, PEM, as the Key Vault reference to `client-app-certificate` returns it in Azure.
    CLIENT_APP_CERTIFICATE: ids.clientApp.certificate,
    GRAPH_BASE_URL: urls.entraUrl,
    ENTRA_KNOWN_AUTHORITIES: entraHost,
    // The console signs professionals in to the field-service app's registration (its redirect URI and app roles).
    CONSOLE_APP_ID: ids.professionalClient.clientId,
    CONSOLE_APP_CERTIFICATE: ids.professionalClient.certificate,
    // The Bicep's defaults: every app version served (docs/mobile-app.md); no store links.
    MOBILE_APP_MINIMUM_VERSION: '1.0.0',
    MOBILE_APP_LATEST_VERSION: '1.0.0',
    SESSION_KEYS: ids.sessionKey,
    TWO_STEP_KEYS: ids.twoStepKey,
    LOG_LEVEL: 'info',
    // The Bicep's default: the retention job acts (docs/privacy.md).
    RETENTION_DRY_RUN: 'false',
    // The Bicep's worker heap for its default instance (2,048 MB): the local host runs Node.js with it, as Azure's
    // host starts the worker with it (dev/functions-host/worker-arguments.ts).
    languageWorkers__node__arguments: `--max-old-space-size=${LOCAL_INSTANCE_MEMORY_MB / 4}`,
  };
}

/** An app as the stack contract gives it (API.md): its id and secret; its certificate stays in `.dev/identities.json`. */
const secretOf = ({ clientId, clientSecret }: { clientId: string; clientSecret: string }) => ({
  clientId,
  clientSecret,
});

/** The instance memory the local stack stands for: the Bicep's default `instanceMemoryMB`. */
const LOCAL_INSTANCE_MEMORY_MB = 2048;

async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as net.AddressInfo;
      server.close(() => resolve(port));
    });
  });
}

/**
 * Settings an older `local.settings.json` (written by earlier `npm start`s) may still hold, emptied in the host's
 * environment: empty is unset for the app, and the environment wins over local.settings.json. Its access-key
 * connection string cannot take the app off the managed identity, and its client secrets (retired: the settings
 * check refuses them by name) cannot stop the host. Every host started on the stack's settings passes them.
 */
export const SHADOWED_LOCAL_SETTINGS = { ACS_CONNECTION_STRING: '', CLIENT_APP_SECRET: '', CONSOLE_APP_SECRET: '' };

export async function startStack(options: StackOptions): Promise<RunningStack> {
  const { root, dataDir, output } = options;
  await checkPorts(options.ports);
  const [certificates, identities] = await Promise.all([
    ensureDevCertificates(options.certificatesDir ?? dataDir),
    loadIdentities(options.certificatesDir ?? dataDir),
  ]);
  // The Functions port must be known before the local Entra starts: it is in the registered redirect URIs.
  const functionsPort = options.ports.functions || (await freePort());
  const functionsOrigin = `http://localhost:${functionsPort}`;
  const childEnv = { ...process.env, NODE_EXTRA_CA_CERTS: certificates.caCertPath };
  const emailQuota = localEmailQuota(options.functionSettings);
  const managedIdentityHeader = newIdentityHeader();

  const started: Array<() => Promise<void>> = [];
  const stopAll = async () => {
    await Promise.allSettled(started.reverse().map((stop) => stop()));
  };
  try {
    const azuritePromise: Promise<RunningAzurite> = startAzurite({
      blobPort: options.ports.blob,
      queuePort: options.ports.queue,
      tablePort: options.ports.table,
      ...(options.persistent ? { location: path.join(dataDir, 'azurite') } : {}),
    });

    const services = fork(path.join(root, 'dist/dev/services.js'), [], {
      env: childEnv,
      stdio: ['ignore', 'pipe', 'pipe', 'ipc'],
    });
    started.push(() => stopChild(services));
    pipeOutput(services, 'entra/acs', output);
    const servicesConfig: ServicesConfig = {
      cert: certificates.cert,
      key: certificates.key,
      acsPort: options.ports.acs,
      entraPort: options.ports.entra,
      acsAccessKey: identities.acsAccessKey,
      senderAddress: EMAIL_SENDER,
      emailQuota,
      directory: directoryFor(identities, functionsOrigin),
      // The ACS resource as the Bicep makes it: Entra tokens of the subscription's tenant, local auth disabled.
      acsEntra: {
        tenantId: identities.workforceTenantId,
        roleAssignments: acsRoleAssignments(identities),
        disableLocalAuth: true,
      },
      managedIdentityHeader,
      ...(options.persistent ? { dataDir } : {}),
    };
    const servicesReady = waitForMessage<ServicesMessage>(services, 'local Entra ID and ACS');
    services.send(servicesConfig);

    const azurite = await azuritePromise;
    started.push(() => azurite.stop());
    await seedProviders(azurite.connectionString, identities);
    // `npm start` (persistent data) gets a few client files to search; the test stacks start without any.
    if (options.persistent) await seedClientFiles(azurite.connectionString);
    // The app reaches storage through the stand-in of its identity's roles; seeding and tools go to Azurite directly.
    let appStorage = azurite.connectionString;
    if (options.storageRoles !== false) {
      const permissions = await startStoragePermissions({
        root,
        azuriteConnectionString: azurite.connectionString,
        output: (line) => output('storage-rbac', line),
      });
      started.push(() => permissions.close());
      appStorage = permissions.connectionString;
    }
    const ready = await servicesReady;
    if (ready.type !== 'ready') {
      throw new Error(
        `local Entra ID and ACS failed to start: ${ready.type === 'failed' ? ready.message : ready.type}`,
      );
    }

    const settings = {
      ...functionSettingsFor(identities, {
        functionsOrigin,
        entraUrl: ready.entra.url.replace(/\/+$/, ''),
        acsEndpoint: ready.acs.url.replace(/\/+$/, ''),
        storageConnectionString: appStorage,
      }),
      // Set by the Bicep per domain kind; locally one value shared with the local ACS's limits.
      EMAIL_QUOTA_PER_MINUTE: String(emailQuota.sendsPerMinute),
      EMAIL_QUOTA_PER_HOUR: String(emailQuota.sendsPerHour),
      ...options.functionSettings,
    };

    // What the platform gives every App Service / Functions process with a managed identity (not app settings).
    const platform = {
      IDENTITY_ENDPOINT: ready.entra.managedIdentityEndpoint,
      IDENTITY_HEADER: managedIdentityHeader,
      ...SHADOWED_LOCAL_SETTINGS,
    };
    const host = await startFunctionsHost(root, functionsPort, { ...childEnv, ...platform, ...settings }, output);
    let functionsHost = host.child;
    started.push(() => stopChild(functionsHost));
    const eventSubscriptions = await subscribeFunctions(
      services,
      eventSubscriptionsFor(host.registrations, functionsOrigin),
    );

    const entraUrl = ready.entra.url.replace(/\/+$/, '');
    const acsUrl = ready.acs.url.endsWith('/') ? ready.acs.url : `${ready.acs.url}/`;
    const info: StackInfo = {
      functions: { baseUrl: `${functionsOrigin}/api` },
      console: { url: `${functionsOrigin}/api/console` },
      mailbox: { url: acsUrl, messagesUrl: `${acsUrl}messages` },
      acs: { endpoint: acsUrl, connectionString: ready.acs.connectionString, controlUrl: `${acsUrl}__control` },
      entra: {
        url: entraUrl,
        caCertPath: certificates.caCertPath,
        workforce: {
          tenantId: identities.workforceTenantId,
          authority: `${entraUrl}/${identities.workforceTenantId}`,
          apiAudience: apiAudience(identities),
          professionalClient: secretOf(identities.professionalClient),
          professionalUser: {
            username: identities.professionalUser.username,
            password: identities.professionalUser.password,
          },
          otherProviderUser: {
            username: identities.otherProviderUser.username,
            password: identities.otherProviderUser.password,
          },
          clientsOnlyUser: {
            username: identities.clientsOnlyUser.username,
            password: identities.clientsOnlyUser.password,
          },
          newProviderUser: {
            id: identities.newProviderUser.id,
            username: identities.newProviderUser.username,
            password: identities.newProviderUser.password,
          },
          otherProviderClient: secretOf(identities.otherProviderClient),
          noRoleClient: secretOf(identities.noRoleClient),
          newProviderClient: secretOf(identities.newProviderClient),
        },
        external: {
          tenantId: identities.externalTenantId,
          authority: `${entraUrl}/${identities.externalTenantId}`,
          // Not the app's own registration (which may only read users): an admin app that can create them.
          graphClient: secretOf(identities.directoryAdminApp),
          graphUrl: `${entraUrl}/v1.0`,
        },
      },
      storage: { connectionString: azurite.connectionString },
    };
    await mkdir(dataDir, { recursive: true });
    await writeFile(path.join(dataDir, 'stack.json'), `${JSON.stringify(info, null, 2)}\n`);

    return {
      info,
      settings,
      identities,
      get functionsHost() {
        return functionsHost;
      },
      eventSubscriptions,
      managedIdentity: {
        endpoint: platform.IDENTITY_ENDPOINT,
        header: platform.IDENTITY_HEADER,
        clientId: identities.appIdentity.clientId,
      },
      stop: stopAll,
      async restartFunctions() {
        await stopChild(functionsHost);
        // The subscriptions stay: they point at the same webhook, as in Azure across a restart of the app.
        functionsHost = (
          await startFunctionsHost(root, functionsPort, { ...childEnv, ...platform, ...settings }, output)
        ).child;
      },
    };
  } catch (error) {
    await stopAll();
    throw error;
  }
}

/** Asks the local ACS (in the services process) for the subscriptions; a refused one stops the stack, as a failed deployment would. */
async function subscribeFunctions(services: ChildProcess, subscriptions: SubscriptionRequest[]): Promise<string[]> {
  if (subscriptions.length === 0) return [];
  const answer = waitForMessage<ServicesMessage>(services, 'local ACS Event Grid subscriptions');
  const request: ServicesRequest = { type: 'subscribe', subscriptions };
  services.send(request);
  const result = await answer;
  if (result.type !== 'subscribed')
    throw new Error(`local ACS did not subscribe the functions: ${JSON.stringify(result)}`);
  if (result.refused.length > 0) {
    throw new Error(
      `Event Grid subscription refused: ${result.refused.map((r) => `${r.name}: ${r.reason}`).join('; ')}`,
    );
  }
  return result.created;
}

async function startFunctionsHost(
  root: string,
  port: number,
  env: NodeJS.ProcessEnv,
  output: StackOptions['output'],
): Promise<{ child: ChildProcess; registrations: HostRegistration[] }> {
  const child = fork(
    path.join(root, 'dist/dev/functions-host/main.js'),
    ['--script-root', root, '--port', String(port)],
    {
      cwd: root,
      env,
      execArgv: workerArguments(env),
      stdio: ['ignore', 'pipe', 'pipe', 'ipc'],
    },
  );
  pipeOutput(child, 'functions', output);
  const message = await waitForMessage<{ type: string; registrations?: HostRegistration[] }>(child, 'Functions host');
  if (message.type !== 'ready') {
    await stopChild(child);
    throw new Error(`Functions host failed to start: ${JSON.stringify(message)}`);
  }
  return { child, registrations: message.registrations ?? [] };
}
