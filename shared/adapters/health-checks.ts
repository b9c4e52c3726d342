/**
 * Probes of each dependency for `GET /api/health`: storage (tables and queues answer), email and SMS (the ACS
 * resource is reachable and accepts our signature), identity (the workforce tenant's metadata is reachable
 * and the client tenant issues us a Graph token). Each probe is bounded in time; none sends anything.
 */
import { randomUUID } from 'node:crypto';
import type { HttpClient } from '@azure/core-rest-pipeline';
import type { Deps } from '../deps.js';

export type CheckName = 'storage' | 'email' | 'sms' | 'identity';

export interface CheckResult {
  status: 'ok' | 'failing';
  durationMs: number;
  detail?: string;
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
 * unknown email operation) or 400 (an SMS with no recipient) proves it is reachable and accepts our credentials.
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
  if (response.status >= 500 || response.status === 429) throw new Error(`ACS answered ${response.status}`);
}

export const healthChecks: Record<CheckName, (deps: Deps) => Promise<CheckResult>> = {
  storage: (deps) =>
    timed(async () => {
      await Promise.all([(await deps.tables()).getProperties(), deps.queues.getProperties()]);
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
