/**
 * Starts the whole local stack for the integration and e2e projects (each its own): Azurite, the local Entra ID
 * and ACS and the Functions host, on free ports with in-memory data. The stack runs the built app, as
 * `npm start` does; vitest.config.ts builds it once before any project starts. Tests read the addresses with `inject('stack')`.
 */
import { createWriteStream } from 'node:fs';
import { mkdir } from 'node:fs/promises';
import path from 'node:path';
import type { TestProject } from 'vitest/node';
import { type StackInfo, startStack } from '../../dev/stack.js';

declare module 'vitest' {
  export interface ProvidedContext {
    stack: StackInfo;
    stackSettings: Record<string, string>;
    /** Keys the tests set through the stack's `functionSettings` option (over the deployed configuration). */
    stackSettingOverrides: string[];
    /** The host's managed-identity endpoint (`IDENTITY_ENDPOINT`, `IDENTITY_HEADER`) and the app identity's client id. */
    managedIdentity: { endpoint: string; header: string; clientId: string };
  }
}

const root = path.resolve(import.meta.dirname, '../..');

/** The functions that write on their own (queue, Event Grid and timer triggers). */
const BACKGROUND_FUNCTIONS = [
  'DispatchOutbox',
  'ProcessInvitationBatch',
  'EmailDeliveryReport',
  'ForgetRememberedAnswers',
  'DispatchActivationSms',
  'SmsDeliveryReport',
  'DispatchAccountEmail',
];

export default async function setup(project: TestProject) {
  const dataDir = path.join(root, '.dev', `test-${project.name}`);
  await mkdir(dataDir, { recursive: true });
  const log = createWriteStream(path.join(dataDir, 'stack.log'), { flags: 'w' });
  // Fast retries and a generous quota keep fault and bulk tests short; the logic is the same.
  const functionSettings = {
    LOG_LEVEL: 'debug',
    EMAIL_RETRY_BASE_SECONDS: '1',
    SMS_RETRY_BASE_SECONDS: '1',
    EMAIL_QUOTA_PER_MINUTE: '6000',
    EMAIL_QUOTA_PER_HOUR: '360000',
    // Entra's own password changes end device credentials within this many seconds: short, so the test need not wait.
    DEVICE_CREDENTIAL_CHECK_SECONDS: '2',
    // The fuzz suite compares storage before and after each refused request: nothing else may write meanwhile.
    ...(project.name === 'fuzz'
      ? Object.fromEntries(BACKGROUND_FUNCTIONS.map((name) => [`AzureWebJobs.${name}.Disabled`, 'true']))
      : {}),
  };
  const stack = await startStack({
    root,
    dataDir,
    certificatesDir: path.join(root, '.dev'),
    ports: { functions: 0, entra: 0, acs: 0, blob: 0, queue: 0, table: 0 },
    persistent: false,
    output: (part, line) => log.write(`[${part}] ${line}\n`),
    functionSettings,
  });
  project.provide('stack', stack.info);
  project.provide('stackSettings', stack.settings);
  project.provide('stackSettingOverrides', Object.keys(functionSettings));
  project.provide('managedIdentity', stack.managedIdentity);
  return async () => {
    await stack.stop();
    log.end();
  };
}
