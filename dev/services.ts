/**
 * Child process of the stack that runs the local ACS (email, SMS, mailbox) and the local Entra ID side by
 * side. It runs apart from the launcher so that NODE_EXTRA_CA_CERTS (read only at start-up) makes the ACS
 * SDK, used by the local Entra to send sign-up codes, trust the dev CA.
 */
import path from 'node:path';
import { startLocalAcs } from './acs/server.js';
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
  directory: DirectorySpec;
  /** Folder for the mailbox and the local Entra's users and keys; omit to keep them in memory. */
  dataDir?: string;
}

export type ServicesMessage =
  | {
      type: 'ready';
      acs: { url: string; port: number; connectionString: string };
      entra: { url: string; port: number };
    }
  | { type: 'failed'; message: string };

async function run(config: ServicesConfig): Promise<void> {
  const acs = await startLocalAcs({
    port: config.acsPort,
    cert: config.cert,
    key: config.key,
    accessKey: config.acsAccessKey,
    ...(config.dataDir ? { dataFile: path.join(config.dataDir, 'mailbox.jsonl') } : {}),
  });
  const entra = await startLocalEntra({
    port: config.entraPort,
    cert: config.cert,
    key: config.key,
    directory: config.directory,
    sendVerificationEmail: acsVerificationMailer(acs.connectionString, config.senderAddress),
    log: (line) => process.stdout.write(`${line}\n`),
    ...(config.dataDir ? { dataDir: path.join(config.dataDir, 'entra') } : {}),
  });
  const ready: ServicesMessage = {
    type: 'ready',
    acs: { url: acs.url, port: acs.port, connectionString: acs.connectionString },
    entra: { url: entra.url, port: entra.port },
  };
  process.send?.(ready);
  const stop = async () => {
    await Promise.allSettled([entra.close(), acs.close()]);
    process.exit(0);
  };
  process.once('SIGTERM', stop);
  process.once('SIGINT', stop);
  process.once('disconnect', stop);
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
