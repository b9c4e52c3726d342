/**
 * The compiled template, as a security review reads it: the ARM JSON `npm run infra:check` produces with the pinned
 * compiler — the deployment snapshots of test/fixtures/bicep (every resource as deployed, for two parameter sets) and
 * the compiled template itself (test/fixtures/bicep/main.json: parameters and outputs of every nested deployment).
 *
 * Each rule is a function over that JSON returning its problems (none when the template is right), and each is shown
 * to bite: run on a copy of the snapshot with one property flipped, it must report a problem.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';

const root = path.resolve(import.meta.dirname, '../..');
const fixtures = path.join(root, 'test/fixtures/bicep');

interface Resource {
  id: string;
  type: string;
  name: string;
  properties?: Record<string, unknown>;
  [key: string]: unknown;
}

interface Snapshot {
  predictedResources: Resource[];
  outputs: Record<string, unknown>;
}

/** An ARM template (or a nested deployment's): its parameter definitions, outputs and resources. */
interface Template {
  parameters?: Record<string, { type: string; defaultValue?: unknown }>;
  outputs?: Record<string, { value?: unknown }>;
  resources?: Record<string, unknown> | unknown[];
}

type Deployed = { snapshot: Snapshot; template: Template };

const read = <T>(file: string): T => JSON.parse(readFileSync(path.join(fixtures, file), 'utf8')) as T;
const template = read<Template>('main.json');
const deployments: Record<string, Deployed> = {
  'azure-managed-domain': { snapshot: read<Snapshot>('azure-managed-domain.snapshot.json'), template },
  'custom-domain': { snapshot: read<Snapshot>('custom-domain.snapshot.json'), template },
};

/** The deployer of the snapshots' parameter files (`principalId`). */
const DEPLOYER = '5d0e4d43-5c1a-4b0e-9d0c-3f1b2a1c0d55';

const ROLES = {
  owner: '8e3af657-a8ff-443c-a75c-2fe8c4bcb635',
  contributor: 'b24988ac-6180-42a0-ab88-20f7382dd24c',
  userAccessAdministrator: '18d7d88d-d35e-4fb5-a5c3-7773c20a72d9',
  storageBlobDataOwner: 'b7e6dc6d-f1e8-4753-8033-0f276bb0955b',
  storageQueueDataContributor: '974c5e8b-45b9-4653-ba55-5f855dd0fb88',
  storageTableDataContributor: '0a9a7e1f-b9d0-4cc4-a60d-0319b160aaa3',
  monitoringMetricsPublisher: '3913510d-42f4-4e42-8a64-420c390055eb',
  keyVaultSecretsUser: '4633458b-17de-408a-b874-0445c86b69e6',
  keyVaultSecretsOfficer: 'b86a8fe4-44ce-4948-aee5-eccb2c155cd7',
  communicationAndEmailServiceOwner: '09976791-48a7-449e-bb21-39d1a415f350',
} as const;

/**
 * The least-privilege roles each principal may hold, per type of the one resource they are scoped to: the table
 * "Roles" of docs/deployment.md. Anything else (another role, another scope, another principal) is a finding.
 */
const ALLOWED_ROLES: Record<'identity' | 'deployer', Record<string, string[]>> = {
  identity: {
    'Microsoft.Storage/storageAccounts': [
      ROLES.storageBlobDataOwner,
      ROLES.storageQueueDataContributor,
      ROLES.storageTableDataContributor,
    ],
    'Microsoft.Insights/components': [ROLES.monitoringMetricsPublisher],
    'Microsoft.KeyVault/vaults': [ROLES.keyVaultSecretsUser],
    'Microsoft.Communication/communicationServices': [ROLES.communicationAndEmailServiceOwner],
  },
  deployer: {
    'Microsoft.KeyVault/vaults': [ROLES.keyVaultSecretsOfficer],
    'Microsoft.Storage/storageAccounts': [ROLES.storageTableDataContributor],
  },
};

/** What a secret, key or credential looks like in a value or an ARM expression. */
const SECRET_PATTERNS = [
  /AccountKey=/i,
  /SharedAccessSignature=/i,
  /SharedAccessKey(Name)?=/i,
  /accesskey=/i,
  /[?&;]sig=/i,
  /DefaultEndpointsProtocol=/i,
  /ClientSecret=/i,
  /Password=/i,
  /\blist(Keys|ConnectionStrings|Secrets|Credentials?|AccountSas|ServiceSas)\(/i,
  /\blist[A-Za-z]*\(/, // any list*() function of ARM hands out keys or secrets
];

/** App settings whose name says "secret": their value must be a Key Vault reference. */
const SECRET_SETTING_NAME = /(SECRET|PASSWORD|_KEY$|_KEYS$|CONNECTION_STRING$|^AzureWebJobsStorage$)/i;
/**
 * The one connection string allowed: Application Insights' names where telemetry goes (its instrumentation key is an
 * identifier, not a credential); it carries no credential only because the component refuses local auth, which
 * `monitoringLocalAuthOff` requires.
 */
const TELEMETRY_CONNECTION = 'APPLICATIONINSIGHTS_CONNECTION_STRING';
const KEY_VAULT_REFERENCE = /^\[format\('@Microsoft\.KeyVault\(SecretUri=\{0\}\)'/;

// --- Reading the JSON -------------------------------------------------------------------------------------------

const ofType = (resources: Resource[], type: string) => resources.filter((r) => r.type === type);

function strings(value: unknown): string[] {
  if (typeof value === 'string') return [value];
  if (Array.isArray(value)) return value.flatMap(strings);
  if (value && typeof value === 'object') return Object.values(value).flatMap(strings);
  return [];
}

/** The template and every nested deployment's template, with where each sits. */
function templates(t: Template, where = 'main'): Array<{ where: string; template: Template }> {
  const resources = Array.isArray(t.resources) ? t.resources : Object.entries(t.resources ?? {}).map(([, r]) => r);
  const nested = resources.flatMap((r) => {
    const deployment = r as { type?: string; name?: unknown; properties?: { template?: Template } };
    if (deployment.type !== 'Microsoft.Resources/deployments' || !deployment.properties?.template) return [];
    return templates(deployment.properties.template, `${where} > ${String(deployment.name)}`);
  });
  return [{ where, template: t }, ...nested];
}

const isSecure = (type: string) => /^secure(string|object)$/i.test(type);

// --- The rules ----------------------------------------------------------------------------------------------------

function secretPatterns(where: string, value: string): string[] {
  return SECRET_PATTERNS.filter((p) => p.test(value)).map((p) => `${where}: ${p} in ${value.slice(0, 160)}`);
}

/** No connection string, key, SAS, secret or secure parameter's value in any app setting or output. */
function noSecretInSettingsOrOutputs({ snapshot, template: t }: Deployed): string[] {
  const problems: string[] = [];
  for (const config of ofType(snapshot.predictedResources, 'Microsoft.Web/sites/config')) {
    for (const [name, value] of Object.entries(config.properties ?? {})) {
      const text = String(value);
      problems.push(...secretPatterns(`app setting ${name}`, text));
      if (SECRET_SETTING_NAME.test(name) && name !== TELEMETRY_CONNECTION && !KEY_VAULT_REFERENCE.test(text)) {
        problems.push(`app setting ${name} holds a value, not a Key Vault reference: ${text.slice(0, 80)}`);
      }
      if (/parameters\('/.test(text)) problems.push(`app setting ${name} is a parameter's value: ${text}`);
    }
  }
  for (const [name, value] of Object.entries(snapshot.outputs)) {
    for (const text of strings(value)) problems.push(...secretPatterns(`output ${name}`, text));
  }
  for (const { where, template } of templates(t)) {
    const parameters = template.parameters ?? {};
    const secure = Object.keys(parameters).filter((p) => isSecure(parameters[p]?.type ?? ''));
    for (const name of secure) {
      const fallback = parameters[name]?.defaultValue;
      if (fallback !== undefined && fallback !== '' && JSON.stringify(fallback) !== '{}') {
        problems.push(`${where}: secure parameter ${name} has a literal default`);
      }
    }
    for (const [name, output] of Object.entries(template.outputs ?? {})) {
      for (const text of strings(output.value)) {
        problems.push(...secretPatterns(`${where} output ${name}`, text));
        for (const p of secure) {
          if (text.includes(`parameters('${p}')`)) problems.push(`${where} output ${name} gives secure ${p}`);
        }
      }
    }
  }
  return problems;
}

/** The resource a role assignment is scoped to: its id up to `/providers/Microsoft.Authorization/roleAssignments/`. */
function scopeOf(assignment: Resource): string {
  return assignment.id.split('/providers/Microsoft.Authorization/roleAssignments/')[0] as string;
}

/** `…/resourceGroups/<rg>/providers/<namespace>/<type>/<name>` → `<namespace>/<type>`; nothing for wider scopes. */
function resourceTypeOf(scope: string): string | undefined {
  const match = /^\/subscriptions\/[^/]+\/resourceGroups\/[^/]+\/providers\/([^/]+)\/([^/]+)\/[^/]+$/.exec(scope);
  return match ? `${match[1]}/${match[2]}` : undefined;
}

function principalOf(snapshot: Snapshot, assignment: Resource): 'identity' | 'deployer' | undefined {
  const principal = String(assignment.properties?.principalId);
  const identity = ofType(snapshot.predictedResources, 'Microsoft.ManagedIdentity/userAssignedIdentities');
  if (identity.length === 1 && principal === `[reference('${identity[0]?.id}', '2024-11-30').principalId]`) {
    return assignment.properties?.principalType === 'ServicePrincipal' ? 'identity' : undefined;
  }
  return principal === DEPLOYER ? 'deployer' : undefined;
}

/** Every role assignment: the app's identity or the deployer, a role of the allowlist, on one resource. */
function leastPrivilegeRoles({ snapshot }: Deployed): string[] {
  const problems: string[] = [];
  const assignments = ofType(snapshot.predictedResources, 'Microsoft.Authorization/roleAssignments');
  if (assignments.length === 0) problems.push('no role assignment at all');
  for (const assignment of assignments) {
    const role = String(assignment.properties?.roleDefinitionId).split('/').pop() as string;
    const scope = scopeOf(assignment);
    const type = resourceTypeOf(scope);
    const principal = principalOf(snapshot, assignment);
    const named = `role ${role} for ${String(assignment.properties?.principalId)} on ${scope}`;
    if ([ROLES.owner, ROLES.contributor, ROLES.userAccessAdministrator].includes(role as never)) {
      problems.push(`${named}: Owner, Contributor and User Access Administrator are never granted`);
    }
    if (!type) problems.push(`${named}: scoped wider than one resource (subscription or resource group)`);
    if (!principal) problems.push(`${named}: neither the app's managed identity nor the deployer`);
    if (type && principal && !ALLOWED_ROLES[principal][type]?.includes(role)) {
      problems.push(`${named}: not a role the ${principal} may hold on ${type}`);
    }
  }
  return problems;
}

function expectProperties(resource: Resource | undefined, what: string, expected: Record<string, unknown>): string[] {
  if (!resource) return [`no ${what}`];
  const properties = resource.properties ?? {};
  return Object.entries(expected)
    .filter(([key, value]) => JSON.stringify(properties[key]) !== JSON.stringify(value))
    .map(
      ([key, value]) =>
        `${what} ${resource.name}: ${key} is ${JSON.stringify(properties[key])}, not ${JSON.stringify(value)}`,
    );
}

/** Storage: identities only (no shared key), TLS 1.2, HTTPS only, nothing public. */
function storageLockedDown({ snapshot }: Deployed): string[] {
  const resources = snapshot.predictedResources;
  const accounts = ofType(resources, 'Microsoft.Storage/storageAccounts');
  const problems = accounts.length === 0 ? ['no storage account'] : [];
  for (const account of accounts) {
    problems.push(
      ...expectProperties(account, 'storage account', {
        allowSharedKeyAccess: false,
        minimumTlsVersion: 'TLS1_2',
        supportsHttpsTrafficOnly: true,
        allowBlobPublicAccess: false,
      }),
    );
  }
  for (const container of ofType(resources, 'Microsoft.Storage/storageAccounts/blobServices/containers')) {
    problems.push(...expectProperties(container, 'blob container', { publicAccess: 'None' }));
  }
  return problems;
}

/** Communication Services: Entra identities only (`disableLocalAuth`), so its access keys authenticate nothing. */
function communicationLocalAuthOff({ snapshot }: Deployed): string[] {
  const services = ofType(snapshot.predictedResources, 'Microsoft.Communication/communicationServices');
  if (services.length === 0) return ['no Communication Services resource'];
  return services.flatMap((s) => expectProperties(s, 'Communication Services', { disableLocalAuth: true }));
}

/** The function app: HTTPS only, TLS 1.2 at least (site and SCM), FTP off, basic publishing credentials off. */
function functionAppLockedDown({ snapshot }: Deployed): string[] {
  const resources = snapshot.predictedResources;
  const sites = ofType(resources, 'Microsoft.Web/sites');
  const problems = sites.length === 0 ? ['no function app'] : [];
  for (const site of sites) {
    problems.push(...expectProperties(site, 'function app', { httpsOnly: true }));
    const config = (site.properties?.siteConfig ?? {}) as Record<string, unknown>;
    for (const key of ['minTlsVersion', 'scmMinTlsVersion']) {
      if (!['1.2', '1.3'].includes(String(config[key]))) problems.push(`function app ${site.name}: ${key} below 1.2`);
    }
    if (config.ftpsState !== 'Disabled') problems.push(`function app ${site.name}: ftpsState is ${config.ftpsState}`);
    for (const kind of ['ftp', 'scm']) {
      const policy = resources.find(
        (r) => r.type === 'Microsoft.Web/sites/basicPublishingCredentialsPolicies' && r.name === `${site.name}/${kind}`,
      );
      problems.push(...expectProperties(policy, `${kind} basic publishing credentials policy`, { allow: false }));
    }
  }
  return problems;
}

/** Key Vault: access through role assignments only, no access policies. */
function keyVaultRbacOnly({ snapshot }: Deployed): string[] {
  const vaults = ofType(snapshot.predictedResources, 'Microsoft.KeyVault/vaults');
  if (vaults.length === 0) return ['no Key Vault'];
  return vaults.flatMap((vault) => {
    const problems = expectProperties(vault, 'Key Vault', { enableRbacAuthorization: true });
    const policies = vault.properties?.accessPolicies as unknown[] | undefined;
    if (policies !== undefined && policies.length > 0) problems.push(`Key Vault ${vault.name} has access policies`);
    return problems;
  });
}

/** Application Insights and Log Analytics: local (key) auth off, Entra identities only. */
function monitoringLocalAuthOff({ snapshot }: Deployed): string[] {
  const resources = snapshot.predictedResources;
  const components = ofType(resources, 'Microsoft.Insights/components');
  const workspaces = ofType(resources, 'Microsoft.OperationalInsights/workspaces');
  const problems = components.length === 0 || workspaces.length === 0 ? ['no Application Insights or workspace'] : [];
  for (const component of components) {
    problems.push(...expectProperties(component, 'Application Insights', { DisableLocalAuth: true }));
  }
  for (const workspace of workspaces) {
    const features = (workspace.properties?.features ?? {}) as Record<string, unknown>;
    if (features.disableLocalAuth !== true) problems.push(`workspace ${workspace.name}: local auth on`);
  }
  return problems;
}

/** Application Insights' tables in the workspace (their own default is 90 days). */
const APPLICATION_INSIGHTS_TABLES = [
  'AppAvailabilityResults',
  'AppBrowserTimings',
  'AppDependencies',
  'AppEvents',
  'AppExceptions',
  'AppMetrics',
  'AppPageViews',
  'AppPerformanceCounters',
  'AppRequests',
  'AppSystemEvents',
  'AppTraces',
];

/** Logs are kept 30 days (docs/privacy.md "Logs"): the workspace, and each of Application Insights' tables in it. */
function logsKept30Days({ snapshot }: Deployed): string[] {
  const resources = snapshot.predictedResources;
  const problems: string[] = [];
  for (const workspace of ofType(resources, 'Microsoft.OperationalInsights/workspaces')) {
    if (workspace.properties?.retentionInDays !== 30) problems.push(`workspace ${workspace.name}: not 30 days`);
  }
  const tables = ofType(resources, 'Microsoft.OperationalInsights/workspaces/tables');
  for (const name of APPLICATION_INSIGHTS_TABLES) {
    const table = tables.find((t) => t.name.endsWith(`/${name}`));
    if (!table) problems.push(`table ${name}: its retention is not set`);
    else problems.push(...expectProperties(table, `table ${name}`, { retentionInDays: 30, totalRetentionInDays: 30 }));
  }
  return problems;
}

/** The Azure regions in EU member states, as infra/main.bicep lists them (docs/privacy.md). */
const EU_REGIONS = new Set([
  'westeurope',
  'northeurope',
  'francecentral',
  'francesouth',
  'germanywestcentral',
  'germanynorth',
  'swedencentral',
  'swedensouth',
  'italynorth',
  'polandcentral',
  'spaincentral',
  'austriaeast',
  'belgiumcentral',
]);
const EU_DATA_LOCATIONS = new Set(['Europe', 'France', 'Germany']);
/** Resource types that hold personal data, or run code that reads it (docs/privacy.md, "Where the data lives"). */
const PERSONAL_DATA_TYPES = [
  'Microsoft.Resources/resourceGroups',
  'Microsoft.Storage/storageAccounts',
  'Microsoft.OperationalInsights/workspaces',
  'Microsoft.Insights/components',
  'Microsoft.KeyVault/vaults',
  'Microsoft.Web/sites',
  'Microsoft.Web/serverfarms',
  'Microsoft.ManagedIdentity/userAssignedIdentities',
];

/** Every resource holding personal data is in an EU region; Communication Services keep their data in the EU. */
function personalDataInEu({ snapshot }: Deployed): string[] {
  const problems: string[] = [];
  for (const type of PERSONAL_DATA_TYPES) {
    const found = ofType(snapshot.predictedResources, type);
    if (found.length === 0) problems.push(`no ${type} in the snapshot`);
    for (const r of found) {
      if (!EU_REGIONS.has(String(r.location).toLowerCase())) problems.push(`${r.name}: in ${String(r.location)}`);
    }
  }
  for (const type of ['Microsoft.Communication/communicationServices', 'Microsoft.Communication/emailServices']) {
    const found = ofType(snapshot.predictedResources, type);
    if (found.length === 0) problems.push(`no ${type} in the snapshot`);
    for (const r of found) {
      const at = String(r.properties?.dataLocation);
      if (!EU_DATA_LOCATIONS.has(at)) problems.push(`${r.name}: data in ${at}`);
    }
  }
  return problems;
}

// --- Mutations: each rule must report a copy with one property flipped -------------------------------------------

type Mutation = (deployed: Deployed) => void;

function mutated(deployed: Deployed, mutation: Mutation): Deployed {
  const copy = structuredClone(deployed);
  mutation(copy);
  return copy;
}

function find(deployed: Deployed, type: string, nameEnd = ''): Resource {
  const found = deployed.snapshot.predictedResources.find((r) => r.type === type && r.name.endsWith(nameEnd));
  if (!found) throw new Error(`no ${type} ${nameEnd}`);
  return found;
}

const props = (resource: Resource) => resource.properties as Record<string, unknown>;
/** Sets one property of the copy (a mutation). */
function set(target: unknown, key: string, value: unknown): void {
  (target as Record<string, unknown>)[key] = value;
}
const settings = (d: Deployed) => props(find(d, 'Microsoft.Web/sites/config', '/appsettings'));
const assignment = (d: Deployed, role: string) => {
  const found = d.snapshot.predictedResources.find(
    (r) =>
      r.type === 'Microsoft.Authorization/roleAssignments' && String(r.properties?.roleDefinitionId).endsWith(role),
  );
  if (!found) throw new Error(`no assignment of ${role}`);
  return found;
};
const keyVaultModule = (d: Deployed) =>
  (d.template.resources as Record<string, { properties: { template: Template } }>).keyVault?.properties
    .template as Template;

const rules: Array<[string, (d: Deployed) => string[], Array<[string, Mutation]>]> = [
  [
    "logs are kept 30 days: the workspace and Application Insights' tables",
    logsKept30Days,
    [
      [
        'AppTraces left at 90 days',
        (d) =>
          set(props(find(d, 'Microsoft.OperationalInsights/workspaces/tables', '/AppTraces')), 'retentionInDays', 90),
      ],
      [
        'the workspace at 90 days',
        (d) => set(props(find(d, 'Microsoft.OperationalInsights/workspaces')), 'retentionInDays', 90),
      ],
      [
        'AppRequests not declared',
        (d) => {
          d.snapshot.predictedResources = d.snapshot.predictedResources.filter((r) => !r.name.endsWith('/AppRequests'));
        },
      ],
    ],
  ],
  [
    'every resource holding personal data is in an EU region, Communication Services data in Europe',
    personalDataInEu,
    [
      ['the storage account in eastus', (d) => set(find(d, 'Microsoft.Storage/storageAccounts'), 'location', 'eastus')],
      [
        'the workspace in switzerlandnorth (not the EU)',
        (d) => set(find(d, 'Microsoft.OperationalInsights/workspaces'), 'location', 'switzerlandnorth'),
      ],
      [
        'Communication Services data in the United States',
        (d) => set(props(find(d, 'Microsoft.Communication/communicationServices')), 'dataLocation', 'United States'),
      ],
    ],
  ],
  [
    'no connection string, key, SAS or secret in an app setting or an output',
    noSecretInSettingsOrOutputs,
    [
      [
        'a storage connection string with its account key',
        (d) => {
          settings(d).AzureWebJobsStorage = 'DefaultEndpointsProtocol=https;AccountName=st;AccountKey=a2V5;';
        },
      ],
      [
        "ACS's connection string from listKeys()",
        (d) => {
          settings(d).ACS_CONNECTION_STRING =
            "[listKeys(resourceId('Microsoft.Communication/communicationServices', 'acs'), '2025-05-01').primaryConnectionString]";
        },
      ],
      [
        'a secret as a plain setting (no Key Vault reference)',
        (d) => {
          settings(d).SESSION_KEYS = "[parameters('sessionKeys')]";
        },
      ],
      [
        'a SAS URL in an output',
        (d) => {
          d.snapshot.outputs.BACKUP_URL = 'https://st.blob.core.windows.net/backups?sv=2024&sig=c2lnbmF0dXJl';
        },
      ],
      [
        'a secure parameter given out by a module output',
        (d) => {
          const kv = keyVaultModule(d);
          kv.outputs = { ...kv.outputs, leaked: { value: "[parameters('sessionKeys')]" } };
        },
      ],
      [
        'a secure parameter with a literal default',
        (d) => {
          const kv = keyVaultModule(d);
          (kv.parameters as Record<string, { type: string; defaultValue?: unknown }>).sessionKeys = {
            type: 'securestring',
            defaultValue: 'c2Vzc2lvbi1rZXk=',
          };
        },
      ],
    ],
  ],
  [
    "every role assignment: the app's identity or the deployer, a least-privilege role, on one resource",
    leastPrivilegeRoles,
    [
      [
        'Contributor instead of a data role',
        (d) => {
          const a = assignment(d, ROLES.storageQueueDataContributor);
          props(a).roleDefinitionId = String(props(a).roleDefinitionId).replace(
            ROLES.storageQueueDataContributor,
            ROLES.contributor,
          );
        },
      ],
      [
        'Owner',
        (d) => {
          const a = assignment(d, ROLES.keyVaultSecretsUser);
          props(a).roleDefinitionId = String(props(a).roleDefinitionId).replace(ROLES.keyVaultSecretsUser, ROLES.owner);
        },
      ],
      [
        'a data role scoped to the resource group',
        (d) => {
          const a = assignment(d, ROLES.storageTableDataContributor);
          a.id = a.id.replace(/\/providers\/Microsoft\.Storage\/storageAccounts\/[^/]+/, '');
        },
      ],
      [
        'a data role scoped to the subscription',
        (d) => {
          const a = assignment(d, ROLES.storageBlobDataOwner);
          a.id = a.id.replace(
            /\/resourceGroups\/.*\/providers\/Microsoft\.Authorization/,
            '/providers/Microsoft.Authorization',
          );
        },
      ],
      [
        'a principal that is neither the identity nor the deployer',
        (d) => {
          props(assignment(d, ROLES.communicationAndEmailServiceOwner)).principalId =
            '99999999-9999-9999-9999-999999999999';
        },
      ],
      [
        'a role of the storage account held on the vault',
        (d) => {
          const a = assignment(d, ROLES.keyVaultSecretsUser);
          props(a).roleDefinitionId = String(props(a).roleDefinitionId).replace(
            ROLES.keyVaultSecretsUser,
            ROLES.storageBlobDataOwner,
          );
        },
      ],
    ],
  ],
  [
    'storage: shared key access off, TLS 1.2, HTTPS only, no public blob access',
    storageLockedDown,
    [
      [
        'shared keys allowed',
        (d) => set(props(find(d, 'Microsoft.Storage/storageAccounts')), 'allowSharedKeyAccess', true),
      ],
      ['TLS 1.0', (d) => set(props(find(d, 'Microsoft.Storage/storageAccounts')), 'minimumTlsVersion', 'TLS1_0')],
      [
        'HTTP allowed',
        (d) => set(props(find(d, 'Microsoft.Storage/storageAccounts')), 'supportsHttpsTrafficOnly', false),
      ],
      ['public blobs', (d) => set(props(find(d, 'Microsoft.Storage/storageAccounts')), 'allowBlobPublicAccess', true)],
      [
        'a public container',
        (d) => set(props(find(d, 'Microsoft.Storage/storageAccounts/blobServices/containers')), 'publicAccess', 'Blob'),
      ],
    ],
  ],
  [
    'Communication Services: local (key) auth disabled',
    communicationLocalAuthOff,
    [
      [
        'keys allowed',
        (d) => set(props(find(d, 'Microsoft.Communication/communicationServices')), 'disableLocalAuth', false),
      ],
      [
        'not said (the default allows keys)',
        (d) => {
          delete props(find(d, 'Microsoft.Communication/communicationServices')).disableLocalAuth;
        },
      ],
    ],
  ],
  [
    'the function app: HTTPS only, TLS 1.2+, FTP off, basic publishing credentials off',
    functionAppLockedDown,
    [
      ['HTTP allowed', (d) => set(props(find(d, 'Microsoft.Web/sites')), 'httpsOnly', false)],
      ['TLS 1.0', (d) => set(props(find(d, 'Microsoft.Web/sites')).siteConfig, 'minTlsVersion', '1.0')],
      ['FTPS allowed', (d) => set(props(find(d, 'Microsoft.Web/sites')).siteConfig, 'ftpsState', 'FtpsOnly')],
      [
        'FTP basic auth on',
        (d) => set(props(find(d, 'Microsoft.Web/sites/basicPublishingCredentialsPolicies', '/ftp')), 'allow', true),
      ],
      [
        'SCM basic auth on',
        (d) => set(props(find(d, 'Microsoft.Web/sites/basicPublishingCredentialsPolicies', '/scm')), 'allow', true),
      ],
      [
        'the SCM policy missing',
        (d) => {
          d.snapshot.predictedResources = d.snapshot.predictedResources.filter((r) => !r.name.endsWith('/scm'));
        },
      ],
    ],
  ],
  [
    'Key Vault: RBAC authorization, no access policies',
    keyVaultRbacOnly,
    [
      ['access policies on', (d) => set(props(find(d, 'Microsoft.KeyVault/vaults')), 'enableRbacAuthorization', false)],
      [
        'an access policy',
        (d) =>
          set(props(find(d, 'Microsoft.KeyVault/vaults')), 'accessPolicies', [
            { objectId: DEPLOYER, permissions: { secrets: ['get'] } },
          ]),
      ],
    ],
  ],
  [
    'Application Insights and Log Analytics: local auth off',
    monitoringLocalAuthOff,
    [
      [
        'Application Insights takes keys',
        (d) => set(props(find(d, 'Microsoft.Insights/components')), 'DisableLocalAuth', false),
      ],
      [
        'the workspace takes keys',
        (d) => set(props(find(d, 'Microsoft.OperationalInsights/workspaces')).features, 'disableLocalAuth', false),
      ],
    ],
  ],
];

describe('the compiled template (test/fixtures/bicep: snapshots and main.json)', () => {
  describe.each(Object.keys(deployments))('%s', (name) => {
    const deployed = deployments[name] as Deployed;
    it.each(rules.map(([rule, check]) => [rule, check] as const))('%s', (_rule, check) => {
      expect(check(deployed)).toEqual([]);
    });
  });

  describe('each rule bites: a copy with one property flipped is reported', () => {
    const cases = rules.flatMap(([rule, check, mutations]) =>
      mutations.map(([what, mutation]) => [`${rule} — ${what}`, check, mutation] as const),
    );
    it.each(cases)('%s', (_name, check, mutation) => {
      const base = deployments['custom-domain'] as Deployed;
      expect(check(base)).toEqual([]);
      expect(check(mutated(base, mutation)).length).toBeGreaterThan(0);
    });
  });

  it('when a region outside the EU is given, then the template fails unless allowNonEuLocation (main.json)', () => {
    const parameters = template.parameters as Record<string, { defaultValue?: unknown }>;
    expect(EU_REGIONS.has(String(parameters.location?.defaultValue))).toBe(true);
    expect(parameters.communicationDataLocation?.defaultValue).toBe('Europe');
    expect(parameters.allowNonEuLocation?.defaultValue).toBe(false);
    const variables = (template as { variables?: Record<string, unknown> }).variables ?? {};
    // The lists the guards check against: EU regions only, as this test lists them.
    expect(new Set(variables.euLocations as string[])).toEqual(EU_REGIONS);
    expect(new Set(variables.euDataLocations as string[])).toEqual(EU_DATA_LOCATIONS);
    expect(String(variables.regionalLocation)).toMatch(
      /^\[if\(or\(parameters\('allowNonEuLocation'\), contains\(variables\('euLocations'\), toLower\(parameters\('location'\)\)\)\), parameters\('location'\), fail\(/,
    );
    expect(String(variables.euCommunicationDataLocation)).toMatch(
      /^\[if\(or\(parameters\('allowNonEuLocation'\), contains\(variables\('euDataLocations'\), parameters\('communicationDataLocation'\)\)\), parameters\('communicationDataLocation'\), fail\(/,
    );
    // No resource or module of main takes the location unguarded (a module's own template reads its own parameter).
    const compiled = JSON.stringify(
      Object.values(template.resources as Record<string, { properties?: Record<string, unknown> }>).map((r) => ({
        ...r,
        properties: { ...r.properties, template: undefined },
      })),
    );
    expect(compiled).toContain("variables('regionalLocation')");
    expect(compiled).not.toContain("parameters('location')");
    expect(compiled).not.toContain("parameters('communicationDataLocation')");
  });

  it('when the template is read, then it holds what the rules look at (no rule passes on an empty reading)', () => {
    const resources = (deployments['custom-domain'] as Deployed).snapshot.predictedResources;
    expect(ofType(resources, 'Microsoft.Authorization/roleAssignments').length).toBeGreaterThanOrEqual(6);
    expect(Object.keys(settings(deployments['custom-domain'] as Deployed))).toContain('SESSION_KEYS');
    const secure = templates(template).flatMap(({ template: t }) =>
      Object.entries(t.parameters ?? {}).filter(([, p]) => isSecure(p.type)),
    );
    expect(secure.length).toBeGreaterThanOrEqual(2);
    expect(templates(template).length).toBeGreaterThan(5);
  });
});
