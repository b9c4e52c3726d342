/**
 * Child process of the stack that runs the local ACS (email, SMS, mailbox) and the local Entra ID side by
 * side. It runs apart from the launcher so that NODE_EXTRA_CA_CERTS (read only at start-up) makes the ACS
 * SDK, used by the local Entra to send sign-up codes, trust the dev CA.
 */
import path from 'node:path';
import { createRemoteJWKSet, type JWTVerifyGetKey } from 'jose';
import {
  type AcsRoleAssignment,
  type EmailQuota,
  generateAccessKey,
  type RunningLocalAcs,
  startLocalAcs,
} from './acs/server.js';
import { acsVerificationMailer } from './entra/acs-mailer.js';
import type { DirectorySpec } from './entra/directory.js';
import { startLocalEntra } from './entra/server.js';

export interface ServicesConfig {
  cert: string;
  key: string;
  acsPort: number;
  entraPort: number;
  acsAccessKey: string;
  senderAddress: string;
  /** The email rate limits of the local ACS (the same numbers as the app's EMAIL_QUOTA_* settings). */
  emailQuota: EmailQuota;
  directory: DirectorySpec;
  /**
   * Entra authentication of the local ACS: the tenant of its subscription (whose tokens it accepts, checked against
   * the local Entra's keys), the role assignments on it, and whether access keys are refused (`disableLocalAuth`).
   */
  acsEntra: { tenantId: string; roleAssignments: AcsRoleAssignment[]; disableLocalAuth: boolean };
  /** The `IDENTITY_HEADER` the local Entra's managed-identity endpoint requires. */
  managedIdentityHeader: string;
  /** Folder for the mailbox, the Event Grid subscriptions and the local Entra's users and keys; omit to keep them in memory. */
  dataDir?: string;
}

/** An Event Grid subscription to make on the local ACS (the stack sends these once the Functions host is up). */
export interface SubscriptionRequest {
  name: string;
  endpoint: string;
  includedEventTypes: string[];
}

/** What the stack asks of this process after `ready`. */
export type ServicesRequest = { type: 'subscribe'; subscriptions: SubscriptionRequest[] };

export type ServicesMessage =
  | {
      type: 'ready';
      acs: { url: string; port: number; connectionString: string };
      entra: { url: string; port: number; managedIdentityEndpoint: string };
    }
  | { type: 'failed'; message: string }
  | { type: 'subscribed'; created: string[]; refused: Array<{ name: string; reason: string }> };

async function run(config: ServicesConfig): Promise<void> {
  // The local Entra's verification codes stand for mail Entra sends itself in Azure: another key, so that they
  // are not counted against the app's quota and yield no delivery reports.
  const entraMailKey = generateAccessKey();
  // ACS reads the tenant's signing keys from Entra's JWKS, as Azure's does; the local Entra starts after the ACS (it
  // mails through it), so the address is known by the first token.
  let entraUrl = '';
  let remoteKeys: JWTVerifyGetKey | undefined;
  const entraKeys: JWTVerifyGetKey = (header, token) => {
    remoteKeys ??= createRemoteJWKSet(new URL(`${entraUrl}/${config.acsEntra.tenantId}/discovery/v2.0/keys`));
    return remoteKeys(header, token);
  };
  const acs = await startLocalAcs({
    port: config.acsPort,
    cert: config.cert,
    key: config.key,
    accessKey: config.acsAccessKey,
    otherSenderAccessKey: entraMailKey,
    senderAddresses: [config.senderAddress],
    quota: config.emailQuota,
    entra: { tenantId: config.acsEntra.tenantId, keys: entraKeys, roleAssignments: config.acsEntra.roleAssignments },
    disableLocalAuth: config.acsEntra.disableLocalAuth,
    ...(config.dataDir
      ? {
          dataFile: path.join(config.dataDir, 'mailbox.jsonl'),
          eventGridFile: path.join(config.dataDir, 'event-grid.json'),
        }
      : {}),
    log: (line) => process.stdout.write(`${line}\n`),
  });
  const entra = await startLocalEntra({
    port: config.entraPort,
    cert: config.cert,
    key: config.key,
    directory: config.directory,
    sendVerificationEmail: acsVerificationMailer(
      acs.otherSenderConnectionString ?? acs.connectionString,
      config.senderAddress,
    ),
    log: (line) => process.stdout.write(`${line}\n`),
    managedIdentityHeader: config.managedIdentityHeader,
    ...(config.dataDir ? { dataDir: path.join(config.dataDir, 'entra') } : {}),
  });
  entraUrl = entra.url;
  const ready: ServicesMessage = {
    type: 'ready',
    acs: { url: acs.url, port: acs.port, connectionString: acs.connectionString },
    entra: { url: entra.url, port: entra.port, managedIdentityEndpoint: entra.managedIdentityEndpoint },
  };
  process.send?.(ready);
  process.on('message', (request: ServicesRequest) => {
    if (request?.type !== 'subscribe') return;
    void subscribeAll(acs, request.subscriptions).then((answer) => process.send?.(answer));
  });
  const stop = async () => {
    await Promise.allSettled([entra.close(), acs.close()]);
    process.exit(0);
  };
  process.once('SIGTERM', stop);
  process.once('SIGINT', stop);
  process.once('disconnect', stop);
}

async function subscribeAll(acs: RunningLocalAcs, subscriptions: SubscriptionRequest[]): Promise<ServicesMessage> {
  const created: string[] = [];
  const refused: Array<{ name: string; reason: string }> = [];
  for (const subscription of subscriptions) {
    try {
      created.push((await acs.subscribe(subscription)).name);
    } catch (error) {
      refused.push({ name: subscription.name, reason: error instanceof Error ? error.message : String(error) });
    }
  }
  return { type: 'subscribed', created, refused };
}

process.once('message', (config: ServicesConfig) => {
  run(config).catch((error: unknown) => {
    const message = error instanceof Error ? error.message : String(error);
    const failed: ServicesMessage = { type: 'failed', message };
    process.send?.(failed);
    process.exitCode = 1;
    setTimeout(() => process.exit(1), 50);
  });
});
