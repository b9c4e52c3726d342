import http from 'node:http';
import type { AddressInfo } from 'node:net';
import azf from '@azure/functions';
import { describe, expect, inject, it } from 'vitest';
import { healthHandler } from '../../functions/handlers/health.js';
import { HEALTH_CACHE_MS, healthProbes } from '../../shared/adapters/health-checks.js';
import { parseSettings } from '../../shared/config.js';
import { buildDeps } from '../../shared/deps.js';
import { createLogger } from '../../shared/log.js';
import { actAsTheAppOn, api, stack } from '../support/stack.js';

function invocation() {
  const context = new azf.InvocationContext({
    invocationId: 'health-test',
    functionName: 'Health',
    logHandler: () => {},
  });
  const request = new azf.HttpRequest({ method: 'GET', url: 'http://localhost/api/health' });
  return { context, request };
}

describe('GET /api/health', () => {
  it('when the local stack runs, then every check is ok, with statuses only', async () => {
    const response = await fetch(api('/health'));
    const body = await response.json();
    expect(response.status, JSON.stringify(body)).toBe(200);
    expect(body).toEqual({ status: 'ok', checks: { storage: 'ok', email: 'ok', sms: 'ok', identity: 'ok' } });
    expect(response.headers.get('cache-control')).toBe('no-store');
    expect(response.headers.get('x-content-type-options')).toBe('nosniff');
  });

  it('when storage is unreachable and the ACS key is wrong, then 503 marks exactly those checks, and only the logs say why', async () => {
    const settings = inject('stackSettings');
    const acs = settings.ACS_ENDPOINT!;
    const broken = parseSettings({
      ...settings,
      AzureWebJobsStorage: stack().storage.connectionString.replace(/:\d+\/devstoreaccount1/g, ':9/devstoreaccount1'),
      ACS_CONNECTION_STRING: `endpoint=${acs};accesskey=${Buffer.alloc(32, 1).toString('base64')}`,
    });
    const lines: string[] = [];
    const { context, request } = invocation();
    const response = await healthHandler(
      request,
      context,
      buildDeps(broken),
      createLogger((_level, line) => lines.push(line)),
    );
    const body = JSON.parse(response.body as string);
    expect(response.status).toBe(503);
    expect(body).toEqual({
      status: 'failing',
      checks: { storage: 'failing', email: 'failing', sms: 'failing', identity: 'ok' },
    });
    const logged = lines.map((line) => JSON.parse(line)).find((line) => line.event === 'health.failing');
    expect(logged.failing.sort()).toEqual(['email', 'sms', 'storage']);
    expect(logged.reasons.email).toMatch(/refused our credentials \(401\)/);
  });

  it("when ACS answers 429 (a quota spent, the status reads' too), then email and SMS are ok; when it answers 503, failing", async () => {
    const settings = inject('stackSettings');
    let status = 429;
    const acs = http.createServer((_request, response) => {
      response.writeHead(status, { 'retry-after': '30', 'content-type': 'application/json' });
      response.end('{"error":{"code":"TooManyRequests","message":"quota"}}');
    });
    await new Promise<void>((resolve) => acs.listen(0, '127.0.0.1', resolve));
    try {
      const endpoint = `http://127.0.0.1:${(acs.address() as AddressInfo).port}/`;
      const checksWith = async () => {
        const deps = buildDeps(
          parseSettings({
            ...settings,
            ACS_CONNECTION_STRING: `endpoint=${endpoint};accesskey=${Buffer.alloc(32, 2).toString('base64')}`,
          }),
        );
        const { context, request } = invocation();
        const response = await healthHandler(
          request,
          context,
          deps,
          createLogger(() => {}),
        );
        return JSON.parse(response.body as string).checks;
      };
      expect(await checksWith()).toMatchObject({ email: 'ok', sms: 'ok' });
      status = 503;
      expect(await checksWith()).toMatchObject({ email: 'failing', sms: 'failing' });
    } finally {
      await new Promise((resolve) => acs.close(resolve));
    }
  });

  it('when many callers ask at once and again within 10 s, then the probes run once; after that, again', async () => {
    // The app's code runs here, so this process gets the host's managed-identity endpoint (ACS probes).
    actAsTheAppOn();
    const deps = buildDeps(parseSettings(inject('stackSettings')));
    let storageProbes = 0;
    const probes = healthProbes({
      ...deps,
      smsSender: deps.settings.SMS_SENDER,
      workforce: { authorityHost: deps.settings.WORKFORCE_AUTHORITY_HOST, tenantId: deps.settings.WORKFORCE_TENANT_ID },
      tableFor: (name) => {
        storageProbes++;
        return deps.tableFor(name);
      },
    });
    const first = await Promise.all(Array.from({ length: 20 }, () => probes.report()));
    expect(first.every(({ report }) => report.status === 'ok')).toBe(true);
    expect(first.filter(({ fresh }) => fresh)).toHaveLength(1);
    expect((await probes.report(Date.now() + HEALTH_CACHE_MS.ok - 1_000)).fresh).toBe(false);
    expect(storageProbes).toBe(1);
    expect((await probes.report(Date.now() + HEALTH_CACHE_MS.ok + 1_000)).fresh).toBe(true);
    expect(storageProbes).toBe(2);
  });
});

describe('GET /api/openapi.json', () => {
  it('when fetched, then it is an OpenAPI 3.1 document describing the health route from its schema', async () => {
    const response = await fetch(api('/openapi.json'));
    expect(response.status).toBe(200);
    const document = await response.json();
    expect(document.openapi).toBe('3.1.0');
    expect(document.servers[0].url).toBe(stack().functions.baseUrl);
    const health = document.paths['/health'].get;
    expect(health.responses['200'].content['application/json'].schema).toEqual({ $ref: '#/components/schemas/Health' });
    expect(document.components.schemas.Health.properties.checks.required).toEqual([
      'storage',
      'email',
      'sms',
      'identity',
    ]);
    expect(document.components.schemas.Problem.required).toEqual(
      expect.arrayContaining(['type', 'title', 'status', 'code']),
    );
  });
});

describe('the Functions host', () => {
  it('when a route or a method is unknown, then 404 and 405', async () => {
    expect((await fetch(api('/no-such-route'))).status).toBe(404);
    const wrongMethod = await fetch(api('/health'), { method: 'DELETE' });
    expect(wrongMethod.status).toBe(405);
  });
});
