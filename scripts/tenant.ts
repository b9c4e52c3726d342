/**
 * `npm run tenant -- setup`: leaves the workforce and External ID tenants as the product needs them, through
 * Microsoft Graph (`scripts/tenant-setup.ts` lists the calls). In Azure it signs in as you (`az login` into each
 * tenant: `DefaultAzureCredential`); against the local Entra ID, with an admin app's client credentials.
 */

import { parseArgs } from 'node:util';
import { DefaultAzureCredential } from '@azure/identity';
import { setupTenants } from './tenant-setup.js';

export const USAGE = `Usage:
  npm run tenant -- setup --workforce-tenant <id> --external-tenant <id> [--public-base-url <https://host>] [options]

Sets up, idempotently, the app registrations, roles, Graph permissions, user flow and identity providers the service
needs (docs/deployment.md, steps 2 and 3), then prints the values to give azd. A second run changes nothing.

  --workforce-tenant <id>     the professionals' tenant (WORKFORCE_TENANT_ID)
  --external-tenant <id>      the clients' External ID tenant (CLIENT_TENANT_ID)
  --external-subdomain <name> its <name>.ciamlogin.com subdomain, for CLIENT_AUTHORITY
  --public-base-url <url>     the app's https://<host> (PUBLIC_BASE_URL): the redirect URIs are built from it; without
                              it none is set (run again with it once azd up has given the host)
  --graph <url>               Microsoft Graph (default https://graph.microsoft.com); the local Entra ID's URL locally
  --local                     authenticate with an admin app of the local Entra ID (client credentials) given by
                              WORKFORCE_ADMIN_CLIENT_ID / WORKFORCE_ADMIN_CLIENT_SECRET and
                              EXTERNAL_ADMIN_CLIENT_ID / EXTERNAL_ADMIN_CLIENT_SECRET; without it, your own sign-in
                              (az login --tenant <id> --allow-no-subscriptions, for each tenant)
  -h, --help                  this help

Google (optional): GOOGLE_CLIENT_ID and GOOGLE_CLIENT_SECRET in the environment (never on the command line). The
secret is sent to Graph only.`;

function env(name: string): string | undefined {
  const value = process.env[name]?.trim();
  return value ? value : undefined;
}

/** The local Entra ID's token endpoint for the tenant, with the admin app's client credentials. */
function localToken(graphUrl: string, tenants: Record<string, { clientId: string; clientSecret: string }>) {
  return async (tenantId: string) => {
    const credentials = tenants[tenantId];
    if (!credentials) throw new Error(`No admin app given for tenant ${tenantId}.`);
    const response = await fetch(`${graphUrl.replace(/\/+$/, '')}/${tenantId}/oauth2/v2.0/token`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({
        grant_type: 'client_credentials',
        client_id: credentials.clientId,
        client_secret: credentials.clientSecret,
        scope: 'https://graph.microsoft.com/.default',
      }),
    });
    const body = (await response.json()) as { access_token?: string; error_description?: string };
    if (!body.access_token)
      throw new Error(`The local Entra ID refused a token: ${body.error_description ?? response.status}`);
    return body.access_token;
  };
}

async function main(argv: string[]): Promise<number> {
  const { values, positionals } = parseArgs({
    args: argv,
    allowPositionals: true,
    options: {
      'workforce-tenant': { type: 'string' },
      'external-tenant': { type: 'string' },
      'external-subdomain': { type: 'string' },
      'public-base-url': { type: 'string' },
      graph: { type: 'string' },
      local: { type: 'boolean' },
      help: { type: 'boolean', short: 'h' },
    },
  });
  if (values.help || positionals[0] !== 'setup' || positionals.length !== 1) {
    (values.help ? console.log : console.error)(USAGE);
    return values.help ? 0 : 2;
  }
  const workforceTenantId = values['workforce-tenant'];
  const externalTenantId = values['external-tenant'];
  const publicBaseUrl = values['public-base-url'];
  if (!workforceTenantId || !externalTenantId) {
    console.error('--workforce-tenant and --external-tenant are required.\n');
    console.error(USAGE);
    return 2;
  }
  if (
    publicBaseUrl !== undefined &&
    !/^https:\/\/[^/]+\/?$/.test(publicBaseUrl) &&
    !/^http:\/\/localhost(:\d+)?\/?$/.test(publicBaseUrl)
  ) {
    console.error('--public-base-url is https://<host> (or http://localhost:<port> locally), without a path.');
    return 2;
  }
  const graphUrl = values.graph ?? 'https://graph.microsoft.com';
  const googleId = env('GOOGLE_CLIENT_ID');
  const googleSecret = env('GOOGLE_CLIENT_SECRET');
  if (!!googleId !== !!googleSecret) {
    console.error('Give both GOOGLE_CLIENT_ID and GOOGLE_CLIENT_SECRET, or neither.');
    return 2;
  }
  let token: (tenantId: string) => Promise<string>;
  if (values.local) {
    const admin = (prefix: string) => {
      const clientId = env(`${prefix}_ADMIN_CLIENT_ID`);
      const clientSecret = env(`${prefix}_ADMIN_CLIENT_SECRET`);
      if (!clientId || !clientSecret)
        throw new Error(`--local needs ${prefix}_ADMIN_CLIENT_ID and ${prefix}_ADMIN_CLIENT_SECRET.`);
      return { clientId, clientSecret };
    };
    token = localToken(graphUrl, { [workforceTenantId]: admin('WORKFORCE'), [externalTenantId]: admin('EXTERNAL') });
  } else {
    const credentials = new Map<string, DefaultAzureCredential>();
    token = async (tenantId) => {
      let credential = credentials.get(tenantId);
      if (!credential) {
        credential = new DefaultAzureCredential({ tenantId });
        credentials.set(tenantId, credential);
      }
      const scope = `${new URL(graphUrl).origin}/.default`;
      const result = await credential.getToken(scope, { tenantId });
      return result.token;
    };
  }
  const result = await setupTenants({
    workforceTenantId,
    externalTenantId,
    ...(publicBaseUrl !== undefined && { publicBaseUrl: publicBaseUrl.replace(/\/+$/, '') }),
    graphUrl,
    token,
    ...(googleId && googleSecret && { google: { clientId: googleId, clientSecret: googleSecret } }),
    ...(values['external-subdomain'] && { externalSubdomain: values['external-subdomain'] }),
    log: (line) => console.log(line),
  });
  console.log(result.changed ? '\nThe tenants are set up.' : '\nNothing changed: the tenants were already set up.');
  console.log('\nGive azd these values:\n');
  for (const [name, value] of Object.entries(result.values)) console.log(`azd env set ${name} ${value}`);
  if (!googleId) {
    console.log(
      '\nGoogle was not set up: give GOOGLE_CLIENT_ID and GOOGLE_CLIENT_SECRET to add it (docs/deployment.md).',
    );
  }
  return 0;
}

main(process.argv.slice(2)).then(
  (code) => {
    process.exitCode = code;
  },
  (error: unknown) => {
    console.error(error instanceof Error ? error.message : String(error));
    process.exitCode = 1;
  },
);
