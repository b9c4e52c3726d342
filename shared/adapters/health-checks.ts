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
import type { Deps } from '../deps.js';
import { OUTBOX_QUEUE } from './queue/dispatch-queue.js';

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

async function probeAcs(deps: Deps, path: string, body?: unknown): Promise<void> {
  // Imported on first probe: the health check should not weigh on every cold start.
  const [{ createCommunicationAuthPolicy, parseClientArguments }, pipelineSdk] = await Promise.all([
    import('@azure/communication-common'),
    import('@azure/core-rest-pipeline'),
  ]);
  const { createDefaultHttpClient, createEmptyPipeline, createHttpHeaders, createPipelineRequest } = pipelineSdk;
  httpClient ??= createDefaultHttpClient();
  const { url, credential } =
    typeof deps.acs.credential === 'string'
      ? parseClientArguments(deps.acs.credential)
      : parseClientArguments(deps.acs.endpoint, deps.acs.credential);
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

export const healthChecks: Record<CheckName, (deps: Deps) => Promise<CheckResult>> = {
  storage: (deps) =>
    timed(async () => {
      await Promise.all([
        // Query Entities (tableServices/tables/entities/read): one row of a table every request path reads.
        (async () => {
          const providers = await deps.tableFor('Providers');
          await providers
            .listEntities({ queryOptions: { select: ['RowKey'] } })
            .byPage({ maxPageSize: 1 })
            .next();
        })(),
        // Get Queue Metadata (queueServices/queues/read); a queue not created yet still proves storage answers us.
        deps.queues
          .getQueueClient(OUTBOX_QUEUE)
          .getProperties()
          .catch((error: unknown) => {
            if (!isNotFound(error)) throw error;
          }),
      ]);
    }),
  email: (deps) => timed(() => probeAcs(deps, `/emails/operations/health-${randomUUID()}?api-version=2025-09-01`)),
  sms: (deps) =>
    timed(() =>
      probeAcs(deps, '/sms?api-version=2021-03-07', { from: deps.settings.SMS_SENDER, smsRecipients: [], message: '' }),
    ),
  identity: (deps) =>
    timed(async () => {
      const s = deps.settings;
      const metadata = await fetch(
        `${s.WORKFORCE_AUTHORITY_HOST.replace(/\/+$/, '')}/${s.WORKFORCE_TENANT_ID}/v2.0/.well-known/openid-configuration`,
      );
      if (!metadata.ok) throw new Error(`workforce tenant metadata answered ${metadata.status}`);
      // Graph's resource id is the same locally; only the base URL of its API differs.
      const token = await (await deps.clientTenantApp()).acquireTokenByClientCredential({
        scopes: ['https://graph.microsoft.com/.default'],
      });
      if (!token?.accessToken) throw new Error('the client tenant issued no Graph token');
    }),
};

/** How long a report is shared: an ok one about 10 s; a failing one less, so a recovery shows soon. */
export const HEALTH_CACHE_MS = { ok: 10_000, failing: 2_000 } as const;

const reports = new WeakMap<Deps, { at: number; report: Promise<HealthReport> }>();

async function probeAll(deps: Deps): Promise<HealthReport> {
  const names = Object.keys(healthChecks) as CheckName[];
  const results = await Promise.all(names.map((name) => healthChecks[name](deps)));
  const byName = Object.fromEntries(names.map((name, i) => [name, results[i]!])) as Record<CheckName, CheckResult>;
  const checks = Object.fromEntries(names.map((name) => [name, byName[name].status])) as Record<CheckName, CheckStatus>;
  return { status: names.every((n) => checks[n] === 'ok') ? 'ok' : 'failing', checks, results: byName };
}

/**
 * The health of each dependency, probed at most once per period for these deps (one process: one instance);
 * concurrent callers share the run in flight. `fresh` is true for the caller whose request ran the probes.
 */
export async function healthReport(deps: Deps, now = Date.now()): Promise<{ report: HealthReport; fresh: boolean }> {
  const cached = reports.get(deps);
  if (cached) {
    const report = await cached.report;
    if (now - cached.at < HEALTH_CACHE_MS[report.status]) return { report, fresh: false };
    if (reports.get(deps) !== cached) return { report: await reports.get(deps)!.report, fresh: false };
  }
  const entry = { at: now, report: probeAll(deps) };
  reports.set(deps, entry);
  return { report: await entry.report, fresh: true };
}
