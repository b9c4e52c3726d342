/**
 * Probes of each dependency for `GET /api/health`: storage (a table and a queue answer the app's identity, with
 * operations its roles grant: a one-entity query and a queue's metadata — never the service-level properties, which
 * need `tableServices/read` / `queueServices/read`), email and SMS (the ACS resource is reachable and accepts our
 * signature), identity (the workforce tenant's metadata is reachable and the client tenant issues us a Graph token).
 * Each probe is bounded in time; none sends anything. A report is shared by every caller for a few seconds, so a
 * load balancer or a crowd polling the endpoint costs one probe run per instance and period.
 */
import { randomUUID } from 'node:crypto';
import type { HttpClient } from '@azure/core-rest-pipeline';
import type { ConfidentialClientApplication } from '@azure/msal-node';
import type { QueueServiceClient } from '@azure/storage-queue';
import type { AcsResource } from './acs/email-sender.js';
import { OUTBOX_QUEUE } from './queue/dispatch-queue.js';
import type { TableFactory } from './table/tables.js';

/** What the probes reach: the app's own clients, so a check proves what the app itself can do. */
export interface HealthTargets {
  tableFor: TableFactory;
  queues: QueueServiceClient;
  acs: AcsResource;
  /** Confidential client of the client tenant (its Graph token proves the app's credentials there). */
  clientTenantApp: () => Promise<ConfidentialClientApplication>;
  smsSender: string;
  workforce: { authorityHost: string; tenantId: string };
}

export type CheckName = 'storage' | 'email' | 'sms' | 'identity';

export type CheckStatus = 'ok' | 'failing';

export interface CheckResult {
  status: CheckStatus;
  durationMs: number;
  /** Why it failed: for the logs only, never for the answer. */
  detail?: string;
}

export interface HealthReport {
  status: CheckStatus;
  checks: Record<CheckName, CheckStatus>;
  /** The failing checks' reasons and each probe's duration, for the logs. */
  results: Record<CheckName, CheckResult>;
}

const TIMEOUT_MS = 3000;

async function timed(probe: () => Promise<void>): Promise<CheckResult> {
  const started = performance.now();
  let timer: NodeJS.Timeout | undefined;
  try {
    await Promise.race([
      probe(),
      new Promise((_, reject) => {
        timer = setTimeout(() => reject(new Error(`no answer within ${TIMEOUT_MS} ms`)), TIMEOUT_MS);
      }),
    ]);
    return { status: 'ok', durationMs: Math.round(performance.now() - started) };
  } catch (error) {
    const detail = error instanceof Error ? error.message.split('\n')[0]! : String(error);
    return { status: 'failing', durationMs: Math.round(performance.now() - started), detail };
  } finally {
    clearTimeout(timer);
  }
}

/**
 * A signed request to the ACS resource that cannot send anything: ACS checks the signature first, so 404 (an
 * unknown email operation) or 400 (an SMS with no recipient) proves it is reachable and accepts our credentials, and
 * 429 (a quota spent) that it is reachable.
 */
let httpClient: HttpClient | undefined;

async function probeAcs(targets: HealthTargets, path: string, body?: unknown): Promise<void> {
  // Imported on first probe: the health check should not weigh on every cold start.
  const [{ createCommunicationAuthPolicy, parseClientArguments }, pipelineSdk] = await Promise.all([
    import('@azure/communication-common'),
    import('@azure/core-rest-pipeline'),
  ]);
  const { createDefaultHttpClient, createEmptyPipeline, createHttpHeaders, createPipelineRequest } = pipelineSdk;
  httpClient ??= createDefaultHttpClient();
  const { url, credential } =
    typeof targets.acs.credential === 'string'
      ? parseClientArguments(targets.acs.credential)
      : parseClientArguments(targets.acs.endpoint, targets.acs.credential);
  const pipeline = createEmptyPipeline();
  pipeline.addPolicy(createCommunicationAuthPolicy(credential));
  const request = createPipelineRequest({
    url: new URL(path, url).toString(),
    method: body === undefined ? 'GET' : 'POST',
    ...(body === undefined
      ? {}
      : { body: JSON.stringify(body), headers: createHttpHeaders({ 'content-type': 'application/json' }) }),
    allowInsecureConnection: url.startsWith('http://'),
  });
  const response = await pipeline.sendRequest(httpClient, request);
  if (response.status === 401 || response.status === 403)
    throw new Error(`ACS refused our credentials (${response.status})`);
  // A 429 is ACS answering that a quota is spent (the probe's status read counts against the email status quota,
  // 10 a minute on an Azure-managed domain): the service is there, so it is no outage to report.
  if (response.status >= 500) throw new Error(`ACS answered ${response.status}`);
}

const isNotFound = (error: unknown) =>
  typeof error === 'object' && error !== null && (error as { statusCode?: number }).statusCode === 404;

export const healthChecks: Record<CheckName, (targets: HealthTargets) => Promise<CheckResult>> = {
  storage: (targets) =>
    timed(async () => {
      await Promise.all([
        // Query Entities (tableServices/tables/entities/read): one row of a table every request path reads.
        (async () => {
          const providers = await targets.tableFor('Providers');
          await providers
            .listEntities({ queryOptions: { select: ['RowKey'] } })
            .byPage({ maxPageSize: 1 })
            .next();
        })(),
        // Get Queue Metadata (queueServices/queues/read); a queue not created yet still proves storage answers us.
        targets.queues
          .getQueueClient(OUTBOX_QUEUE)
          .getProperties()
          .catch((error: unknown) => {
            if (!isNotFound(error)) throw error;
          }),
      ]);
    }),
  email: (targets) =>
    timed(() => probeAcs(targets, `/emails/operations/health-${randomUUID()}?api-version=2025-09-01`)),
  sms: (targets) =>
    timed(() =>
      probeAcs(targets, '/sms?api-version=2021-03-07', { from: targets.smsSender, smsRecipients: [], message: '' }),
    ),
  identity: (targets) =>
    timed(async () => {
      const { authorityHost, tenantId } = targets.workforce;
      const metadata = await fetch(
        `${authorityHost.replace(/\/+$/, '')}/${tenantId}/v2.0/.well-known/openid-configuration`,
      );
      if (!metadata.ok) throw new Error(`workforce tenant metadata answered ${metadata.status}`);
      // Graph's resource id is the same locally; only the base URL of its API differs.
      const token = await (await targets.clientTenantApp()).acquireTokenByClientCredential({
        scopes: ['https://graph.microsoft.com/.default'],
      });
      if (!token?.accessToken) throw new Error('the client tenant issued no Graph token');
    }),
};

/** How long a report is shared: an ok one about 10 s; a failing one less, so a recovery shows soon. */
export const HEALTH_CACHE_MS = { ok: 10_000, failing: 2_000 } as const;

async function probeAll(targets: HealthTargets): Promise<HealthReport> {
  const names = Object.keys(healthChecks) as CheckName[];
  const results = await Promise.all(names.map((name) => healthChecks[name](targets)));
  const byName = Object.fromEntries(names.map((name, i) => [name, results[i]!])) as Record<CheckName, CheckResult>;
  const checks = Object.fromEntries(names.map((name) => [name, byName[name].status])) as Record<CheckName, CheckStatus>;
  return { status: names.every((n) => checks[n] === 'ok') ? 'ok' : 'failing', checks, results: byName };
}

export interface HealthProbes {
  /**
   * The health of each dependency, probed at most once per period (one process: one instance); concurrent callers
   * share the run in flight. `fresh` is true for the caller whose request ran the probes.
   */
  report(now?: number): Promise<{ report: HealthReport; fresh: boolean }>;
}

export function healthProbes(targets: HealthTargets): HealthProbes {
  let cached: { at: number; report: Promise<HealthReport> } | undefined;
  return {
    async report(now = Date.now()) {
      const seen = cached;
      if (seen) {
        const report = await seen.report;
        if (now - seen.at < HEALTH_CACHE_MS[report.status]) return { report, fresh: false };
        if (cached !== seen) return { report: await cached!.report, fresh: false };
      }
      const entry = { at: now, report: probeAll(targets) };
      cached = entry;
      return { report: await entry.report, fresh: true };
    },
  };
}
