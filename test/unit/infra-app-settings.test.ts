/**
 * The Bicep against the app: the settings infra/main.bicep gives the function app are the settings shared/config.ts
 * reads, with the values Azure needs. Two kinds of evidence: the `var appSettings` block of main.bicep (names and
 * expressions), and the deployment snapshots in test/fixtures/bicep, which `npm run infra:check` produces with the
 * pinned Bicep compiler (`bicep snapshot`: the resources and their properties as deployed for given parameters) and
 * keeps in step with the template.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseSettings, settingNames } from '../../shared/config.js';
import { bicepAppSettings, bicepParameters } from '../support/bicep-app-settings.js';
import { TEST_APP_CERTIFICATE } from '../support/settings.js';

const root = path.resolve(import.meta.dirname, '../..');

/** Read by the Functions host, not by the app: the identity-based connection of AzureWebJobsStorage, the worker's Node.js arguments. */
const HOST_SETTINGS = ['AzureWebJobsStorage__credential', 'languageWorkers__node__arguments'];
/** Added by infra/modules/function-app.bicep, which knows the app's host name and Application Insights. */
const MODULE_SETTINGS = [
  'PUBLIC_BASE_URL',
  'APPLICATIONINSIGHTS_CONNECTION_STRING',
  'APPLICATIONINSIGHTS_AUTHENTICATION_STRING',
];

interface Resource {
  type: string;
  name: string;
  properties?: Record<string, unknown> & { [key: string]: unknown };
  [key: string]: unknown;
}

function snapshot(name: 'azure-managed-domain' | 'custom-domain'): Resource[] {
  const file = path.join(root, 'test/fixtures/bicep', `${name}.snapshot.json`);
  return (JSON.parse(readFileSync(file, 'utf8')) as { predictedResources: Resource[] }).predictedResources;
}

function one(resources: Resource[], type: string, nameEnd = ''): Resource {
  const found = resources.filter((r) => r.type === type && r.name.endsWith(nameEnd));
  expect(found.map((r) => r.name)).toHaveLength(1);
  return found[0] as Resource;
}

function appSettingsOf(resources: Resource[]): Record<string, string> {
  return one(resources, 'Microsoft.Web/sites/config', '/appsettings').properties as Record<string, string>;
}

/**
 * What Azure resolves at deployment or run time (ARM `[...]` expressions, Key Vault references), replaced by values
 * of the shape Azure gives, so the app's own settings parser can run on the deployed settings.
 */
const RUNTIME_VALUES: Record<string, string> = {
  AzureWebJobsStorage__clientId: '77777777-7777-7777-7777-777777777777',
  ACS_ENDPOINT: 'https://acs-check.europe.communication.azure.com',
  EMAIL_SENDER_ADDRESS: 'DoNotReply@0f7a7c1e-3b2a-4c1d-9e8f-1a2b3c4d5e6f.azurecomm.net',
  WORKFORCE_AUTHORITY_HOST: 'https://login.microsoftonline.com',
  // A Key Vault reference to a PEM certificate's secret: the private key and the certificate.
  CLIENT_APP_CERTIFICATE: TEST_APP_CERTIFICATE,
  CONSOLE_APP_CERTIFICATE: TEST_APP_CERTIFICATE,
  SESSION_KEYS: Buffer.alloc(32, 9).toString('base64'),
  TWO_STEP_KEYS: Buffer.alloc(32, 11).toString('base64'),
  PUBLIC_BASE_URL: 'https://func-api-check.azurewebsites.net',
};

function resolvedAtRunTime(settings: Record<string, string>): Record<string, string> {
  const env: Record<string, string> = {};
  for (const [name, value] of Object.entries(settings)) {
    if (MODULE_SETTINGS.includes(name) && name !== 'PUBLIC_BASE_URL') continue;
    const runtime = value.startsWith('[') || value.startsWith('@Microsoft.KeyVault(');
    if (runtime && RUNTIME_VALUES[name] === undefined) throw new Error(`${name} is resolved in Azure: ${value}`);
    env[name] = runtime ? (RUNTIME_VALUES[name] as string) : value;
  }
  return env;
}

describe('app settings in infra/main.bicep', () => {
  const settings = bicepAppSettings();
  const names = settings.map((s) => s.name);

  it('when the Bicep sets a key, then the settings schema knows it (or the Functions host reads it)', () => {
    expect(names.filter((n) => !settingNames.includes(n as never) && !HOST_SETTINGS.includes(n))).toEqual([]);
    expect(new Set(names).size).toBe(names.length);
  });

  it('when the schema requires a key, then the Bicep sets it (or the app module adds it)', () => {
    let problems: string[] = [];
    try {
      parseSettings({});
    } catch (error) {
      problems = (error as { problems: string[] }).problems;
    }
    const required = problems.flatMap((p) => /^(\w+): missing$/.exec(p)?.slice(1) ?? []);
    expect(required).toContain('CLIENT_APP_ID');
    expect(required.filter((k) => !names.includes(k) && !MODULE_SETTINGS.includes(k))).toEqual([]);
  });

  it('when the app runs in Azure, then identity-based settings replace connection strings and issuers are derived', () => {
    for (const local of ['AzureWebJobsStorage', 'ACS_CONNECTION_STRING', 'CLIENT_ISSUER', 'WORKFORCE_ISSUER']) {
      expect(names).not.toContain(local);
    }
    expect(names).toEqual(expect.arrayContaining(['AzureWebJobsStorage__accountName', 'ACS_ENDPOINT', 'API_APP_ID']));
    const byName = new Map(settings.map((s) => [s.name, s]));
    expect(byName.get('AzureWebJobsStorage__credential')?.literal).toBe('managedidentity');
    expect(byName.get('API_APP_ID')?.parameter?.defaultValue).toBeUndefined(); // required: no default
    expect(byName.get('API_AUDIENCE')?.parameter?.defaultValue).toBe("''"); // optional: the app derives api://<id>
    for (const secret of ['CLIENT_APP_CERTIFICATE', 'CONSOLE_APP_CERTIFICATE', 'SESSION_KEYS']) {
      expect(byName.get(secret)?.expression).toMatch(
        /^'@Microsoft\.KeyVault\(SecretUri=\$\{keyVault\.outputs\.\w+\}\)'$/,
      );
    }
  });

  it('when azd provisions, then every required parameter comes from main.parameters.json and no entry is unknown', () => {
    const parameters = bicepParameters();
    const file = JSON.parse(readFileSync(path.join(root, 'infra/main.parameters.json'), 'utf8')) as {
      parameters: Record<string, { value: string }>;
    };
    const given = Object.keys(file.parameters);
    expect(given.filter((p) => !parameters.has(p))).toEqual([]);
    const required = [...parameters.values()].filter((p) => p.defaultValue === undefined).map((p) => p.name);
    expect(required.filter((p) => !given.includes(p))).toEqual([]);
    // biome-ignore lint/suspicious/noTemplateCurlyInString: azd's own ${NAME} substitution syntax
    expect(file.parameters.apiAppId?.value).toBe('${API_APP_ID}');
    // biome-ignore lint/suspicious/noTemplateCurlyInString: azd's own ${NAME=default} substitution syntax
    expect(file.parameters.nodeVersion?.value).toBe('${NODE_VERSION=22}');
  });
});

describe('deployed settings, per email domain kind (bicep snapshot)', () => {
  it('when only the Azure-managed domain exists, then bulk sends are paced to its 5 a minute and 10 an hour', () => {
    const settings = parseSettings(resolvedAtRunTime(appSettingsOf(snapshot('azure-managed-domain'))));
    expect(settings.EMAIL_QUOTA_PER_MINUTE).toBe(5);
    expect(settings.EMAIL_QUOTA_PER_HOUR).toBe(10);
  });

  it('when the custom domain is verified and linked, then its 30 a minute and 100 an hour apply and it sends', () => {
    const raw = appSettingsOf(snapshot('custom-domain'));
    const settings = parseSettings(resolvedAtRunTime(raw));
    expect(settings.EMAIL_QUOTA_PER_MINUTE).toBe(30);
    expect(settings.EMAIL_QUOTA_PER_HOUR).toBe(100);
    expect(settings.EMAIL_SENDER_ADDRESS).toBe('DoNotReply@mail.example.com');
  });

  it('when the settings are deployed, then the app parses them with the External ID authority and no issuer set', () => {
    const raw = appSettingsOf(snapshot('azure-managed-domain'));
    expect(raw.CLIENT_ISSUER).toBeUndefined();
    expect(raw.ENTRA_KNOWN_AUTHORITIES).toBe('contoso.ciamlogin.com');
    const settings = parseSettings(resolvedAtRunTime(raw));
    expect(settings.CLIENT_AUTHORITY).toBe('https://contoso.ciamlogin.com/7a2e4d43-5c1a-4b0e-9d0c-3f1b2a1c0d22');
    expect(settings.AzureWebJobsStorage__accountName).toMatch(/^st[a-z0-9]{13}$/);
    expect(settings.GRAPH_BASE_URL).toBe('https://graph.microsoft.com');
  });
});

describe('deployed resources (bicep snapshot)', () => {
  const managed = snapshot('azure-managed-domain');
  const custom = snapshot('custom-domain');

  it('when a function reads a queue, then the queue and its poison queue are declared', () => {
    const declared = managed
      .filter((r) => r.type === 'Microsoft.Storage/storageAccounts/queueServices/queues')
      .map((r) => r.name.split('/').pop());
    const triggered = [
      ...readFileSync(path.join(root, 'functions/dispatch-outbox.ts'), 'utf8').matchAll(/queueName: '([^']+)'/g),
      ...readFileSync(path.join(root, 'functions/process-invitation-batch.ts'), 'utf8').matchAll(
        /queueName: '([^']+)'/g,
      ),
      ...readFileSync(path.join(root, 'functions/dispatch-activation-sms.ts'), 'utf8').matchAll(
        /queueName: '([^']+)'/g,
      ),
      ...readFileSync(path.join(root, 'functions/dispatch-account-email.ts'), 'utf8').matchAll(/queueName: '([^']+)'/g),
      ...readFileSync(path.join(root, 'functions/process-reset-request.ts'), 'utf8').matchAll(/queueName: '([^']+)'/g),
    ].map((m) => m[1] as string);
    expect(triggered.sort()).toEqual([
      'account-emails',
      'invitation-batches',
      'outbox',
      'reset-requests',
      'sms-outbox',
    ]);
    for (const queue of triggered) expect(declared).toEqual(expect.arrayContaining([queue, `${queue}-poison`]));
  });

  it('when the storage account is created, then it takes Entra identities only, over TLS 1.2, with nothing public', () => {
    const account = one(managed, 'Microsoft.Storage/storageAccounts').properties as Record<string, unknown>;
    expect(account).toMatchObject({
      allowSharedKeyAccess: false,
      allowBlobPublicAccess: false,
      minimumTlsVersion: 'TLS1_2',
      supportsHttpsTrafficOnly: true,
      allowCrossTenantReplication: false,
      isLocalUserEnabled: false,
    });
  });

  it('when the function app is created, then it runs Node 22 on Flex, HTTPS only, with basic-auth publishing off', () => {
    const site = one(managed, 'Microsoft.Web/sites');
    const properties = site.properties as {
      httpsOnly: boolean;
      functionAppConfig: { runtime: { name: string; version: string } };
      siteConfig: Record<string, unknown>;
    };
    expect(properties.httpsOnly).toBe(true);
    expect(properties.functionAppConfig.runtime).toEqual({ name: 'node', version: '22' });
    expect(properties.siteConfig).toMatchObject({ minTlsVersion: '1.2', ftpsState: 'Disabled' });
    expect(one(managed, 'Microsoft.Web/serverfarms').sku).toEqual({ name: 'FC1', tier: 'FlexConsumption' });
    for (const policy of ['/ftp', '/scm']) {
      expect(one(managed, 'Microsoft.Web/sites/basicPublishingCredentialsPolicies', policy).properties).toEqual({
        allow: false,
      });
    }
  });

  it('when the vault is deployed, then it writes no client secret: the apps read their certificates’ secrets', () => {
    for (const resources of [managed, custom]) {
      const secrets = resources.filter((r) => r.type === 'Microsoft.KeyVault/vaults/secrets').map((r) => r.name);
      expect(secrets.map((name) => name.split('/').pop())).toEqual(['session-keys', 'two-step-keys']);
      const settings = appSettingsOf(resources);
      expect(Object.keys(settings).filter((k) => /SECRET/.test(k))).toEqual([]);
      expect(settings.CLIENT_APP_CERTIFICATE).toMatch(
        /@Microsoft\.KeyVault\(SecretUri=.*'client-app-certificate'\)\)\]$/,
      );
      expect(settings.CONSOLE_APP_CERTIFICATE).toMatch(
        /@Microsoft\.KeyVault\(SecretUri=.*'console-app-certificate'\)\)\]$/,
      );
    }
    expect(bicepParameters().has('clientAppSecret')).toBe(false);
    expect(bicepParameters().has('consoleAppSecret')).toBe(false);
  });

  it('when resources log, then each diagnostic setting sends to the Log Analytics workspace', () => {
    const diagnostics = managed.filter((r) => r.type === 'Microsoft.Insights/diagnosticSettings');
    // storage blob, queue and table services, Communication Services, Key Vault, the function app
    expect(diagnostics).toHaveLength(6);
    for (const d of diagnostics) expect(String(d.properties?.workspaceId)).toMatch(/workspaces\/log-[a-z0-9]+$/);
  });

  it('when DEPLOYER_MANAGES_PROVIDERS is set, then the deployer gets Storage Table Data Contributor, else not', () => {
    const tableContributor = '0a9a7e1f-b9d0-4cc4-a60d-0319b160aaa3';
    const deployerGrants = (resources: Resource[]) =>
      resources.filter(
        (r) =>
          r.type === 'Microsoft.Authorization/roleAssignments' &&
          r.properties?.principalId === '5d0e4d43-5c1a-4b0e-9d0c-3f1b2a1c0d55' &&
          String(r.properties?.roleDefinitionId).endsWith(tableContributor),
      );
    expect(deployerGrants(managed)).toHaveLength(0);
    expect(deployerGrants(custom)).toHaveLength(1);
  });

  it('when delivery reports are on, then the ACS system topic delivers email reports to EmailDeliveryReport and SMS reports to SmsDeliveryReport', () => {
    const topic = one(managed, 'Microsoft.EventGrid/systemTopics');
    expect(topic.properties?.topicType).toBe('Microsoft.Communication.CommunicationServices');
    expect(managed.some((r) => r.type === 'Microsoft.EventGrid/systemTopics/eventSubscriptions')).toBe(false);
    type Subscription = {
      destination: { endpointType: string; properties: { resourceId: string } };
      filter: { includedEventTypes: string[] };
      eventDeliverySchema: string;
    };
    const subscriptions = custom
      .filter((r) => r.type === 'Microsoft.EventGrid/systemTopics/eventSubscriptions')
      .map((r) => r.properties as Subscription);
    const routed = subscriptions.map((subscription) => {
      expect(subscription.eventDeliverySchema).toBe('EventGridSchema');
      expect(subscription.destination.endpointType).toBe('AzureFunction');
      const fn = /\/providers\/Microsoft\.Web\/sites\/func-api-[a-z0-9]+\/functions\/(\w+)$/.exec(
        subscription.destination.properties.resourceId,
      )?.[1];
      return [fn, subscription.filter.includedEventTypes];
    });
    expect(routed).toEqual([
      ['EmailDeliveryReport', ['Microsoft.Communication.EmailDeliveryReportReceived']],
      ['SmsDeliveryReport', ['Microsoft.Communication.SMSDeliveryReportReceived']],
    ]);
  });
});
