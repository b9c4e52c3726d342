import azf from '@azure/functions';
import { describe, expect, inject, it } from 'vitest';
import { healthHandler } from '../../functions/health.js';
import { parseSettings } from '../../shared/config.js';
import { buildDeps } from '../../shared/deps.js';
import { createLogger } from '../../shared/log.js';
import { api, stack } from '../support/stack.js';

describe('GET /api/health', () => {
  it('when the local stack runs, then every check is ok', async () => {
    const response = await fetch(api('/health'));
    const body = await response.json();
    expect(response.status, JSON.stringify(body)).toBe(200);
    expect(body.status).toBe('ok');
    for (const name of ['storage', 'email', 'sms', 'identity']) expect(body.checks[name].status).toBe('ok');
    expect(response.headers.get('cache-control')).toBe('no-store');
    expect(response.headers.get('x-content-type-options')).toBe('nosniff');
  });

  it('when storage is unreachable and the ACS key is wrong, then 503 names exactly those checks', async () => {
    const settings = inject('stackSettings');
    const acs = /endpoint=([^;]+)/.exec(settings.ACS_CONNECTION_STRING!)![1];
    const broken = parseSettings({
      ...settings,
      AzureWebJobsStorage: stack().storage.connectionString.replace(/:\d+\/devstoreaccount1/g, ':9/devstoreaccount1'),
      ACS_CONNECTION_STRING: `endpoint=${acs};accesskey=${Buffer.alloc(32, 1).toString('base64')}`,
    });
    const context = new azf.InvocationContext({
      invocationId: 'health-test',
      functionName: 'Health',
      logHandler: () => {},
    });
    const request = new azf.HttpRequest({ method: 'GET', url: 'http://localhost/api/health' });
    const response = await healthHandler(
      request,
      context,
      buildDeps(broken),
      createLogger(() => {}),
    );
    const body = JSON.parse(response.body as string);
    expect(response.status).toBe(503);
    expect(body.failing.sort()).toEqual(['email', 'sms', 'storage']);
    expect(body.checks.email.detail).toMatch(/refused our credentials \(401\)/);
    expect(body.checks.identity.status).toBe('ok');
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
