/**
 * Wiring: every client of an Azure service is created once per process, on first use, and reused across
 * invocations (connection reuse). Locally the same SDKs point at Azurite and the local Entra / ACS through
 * settings only; in Azure they use the managed identity.
 */
import { EmailClient } from '@azure/communication-email';
import { SmsClient } from '@azure/communication-sms';
import { TableServiceClient } from '@azure/data-tables';
import { ManagedIdentityCredential, type TokenCredential } from '@azure/identity';
import { ConfidentialClientApplication } from '@azure/msal-node';
import { QueueServiceClient } from '@azure/storage-queue';
import { type Settings, settings } from './config.js';

export interface Deps {
  settings: Settings;
  tables: TableServiceClient;
  queues: QueueServiceClient;
  email: EmailClient;
  sms: SmsClient;
  /** Confidential client of the client (external) tenant: sign-in and Graph app-only tokens. */
  clientTenantApp: ConfidentialClientApplication;
  /** Where the ACS resource is and how to sign requests to it (for the health probe). */
  acs: { endpoint: string; credential: string | TokenCredential };
}

let deps: Deps | undefined;

/** True when a URL is plain http (Azurite, never Azure): the SDKs refuse it unless told. */
const insecure = (s: string) => /=http:\/\/|^http:\/\//i.test(s);

function managedIdentity(s: Settings): TokenCredential {
  return s.AzureWebJobsStorage__clientId
    ? new ManagedIdentityCredential({ clientId: s.AzureWebJobsStorage__clientId })
    : new ManagedIdentityCredential();
}

function storageClients(s: Settings): Pick<Deps, 'tables' | 'queues'> {
  const conn = s.AzureWebJobsStorage;
  if (conn) {
    const allowInsecureConnection = insecure(conn);
    return {
      tables: TableServiceClient.fromConnectionString(conn, { allowInsecureConnection }),
      queues: QueueServiceClient.fromConnectionString(conn),
    };
  }
  const account = s.AzureWebJobsStorage__accountName!;
  const credential = managedIdentity(s);
  return {
    tables: new TableServiceClient(`https://${account}.table.core.windows.net`, credential),
    queues: new QueueServiceClient(`https://${account}.queue.core.windows.net`, credential),
  };
}

function acsClients(s: Settings): Pick<Deps, 'email' | 'sms' | 'acs'> {
  if (s.ACS_CONNECTION_STRING) {
    const conn = s.ACS_CONNECTION_STRING;
    const endpoint = /endpoint=([^;]+)/i.exec(conn)?.[1] ?? '';
    const allowInsecureConnection = insecure(endpoint);
    return {
      email: new EmailClient(conn, { allowInsecureConnection }),
      sms: new SmsClient(conn, { allowInsecureConnection }),
      acs: { endpoint, credential: conn },
    };
  }
  const credential = managedIdentity(s);
  const endpoint = s.ACS_ENDPOINT!;
  return {
    email: new EmailClient(endpoint, credential),
    sms: new SmsClient(endpoint, credential),
    acs: { endpoint, credential },
  };
}

function clientTenantApp(s: Settings): ConfidentialClientApplication {
  return new ConfidentialClientApplication({
    auth: {
      clientId: s.CLIENT_APP_ID,
      clientSecret: s.CLIENT_APP_SECRET,
      authority: s.CLIENT_AUTHORITY,
      ...(s.ENTRA_KNOWN_AUTHORITIES ? { knownAuthorities: s.ENTRA_KNOWN_AUTHORITIES } : {}),
    },
  });
}

export function buildDeps(s: Settings): Deps {
  return { settings: s, ...storageClients(s), ...acsClients(s), clientTenantApp: clientTenantApp(s) };
}

/** The process's dependencies, built on first use. */
export function getDeps(): Deps {
  deps ??= buildDeps(settings());
  return deps;
}
