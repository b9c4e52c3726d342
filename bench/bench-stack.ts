/**
 * The local stack a benchmark measures (`npm run bench` and the overhead probe): free loopback ports, in-memory
 * Azurite, no storage-roles stand-in (speed is compared with raw calls straight to Azurite, so that local-only hop
 * stays out), info logs to the given stream, and the email quota the bench paces against.
 */
import path from 'node:path';
import { type RunningStack, startStack } from '../dev/stack.js';

/** The ACS email quota of the bench stack: a verified custom domain's starting quota. */
export const QUOTA = { perMinute: 30, perHour: 100 };

export function startBenchStack(options: {
  root: string;
  dataDir: string;
  log: { write(line: string): unknown };
  functionSettings?: Record<string, string>;
}): Promise<RunningStack> {
  const { root, dataDir, log } = options;
  return startStack({
    root,
    dataDir,
    certificatesDir: path.join(root, '.dev'),
    ports: { functions: 0, entra: 0, acs: 0, blob: 0, queue: 0, table: 0 },
    persistent: false,
    output: (part, line) => log.write(`[${part}] ${line}\n`),
    storageRoles: false,
    functionSettings: {
      LOG_LEVEL: 'info',
      EMAIL_QUOTA_PER_MINUTE: String(QUOTA.perMinute),
      EMAIL_QUOTA_PER_HOUR: String(QUOTA.perHour),
      ...options.functionSettings,
    },
  });
}
