/**
 * HSTS (SECURITY.md "Responses and logs"): every answer of the HTTP edge carries `Strict-Transport-Security` when
 * the public base URL is https (Azure), pages, JSON and errors alike; none on the local stack's http.
 */
import azf, { type HttpResponseInit } from '@azure/functions';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { validSettings } from '../support/settings.js';

/** The edge of a fresh module graph (settings are read once per process) under this public base URL. */
async function edgeAt(publicBaseUrl: string) {
  vi.resetModules();
  for (const [name, value] of Object.entries({ ...validSettings, PUBLIC_BASE_URL: publicBaseUrl }))
    vi.stubEnv(name, value);
  const [{ edge }, { DomainError }, { pageResponse }, { html }] = await Promise.all([
    import('../../shared/http/handler.js'),
    import('../../shared/domain/errors.js'),
    import('../../shared/http/respond.js'),
    import('../../shared/http/html.js'),
  ]);
  const answers: Record<string, () => Promise<HttpResponseInit>> = {
    page: async () => pageResponse(200, html`<p>ok</p>`),
    refusal: async () => {
      throw new DomainError('forbidden', 'no');
    },
    failure: async () => {
      throw new Error('boom');
    },
  };
  return async (kind: string) => {
    const context = new azf.InvocationContext({ invocationId: 'hsts', functionName: 'Test', logHandler: () => {} });
    const request = new azf.HttpRequest({ method: 'GET', url: `${publicBaseUrl}/api/x` });
    const response = await edge(answers[kind]!, () => ({}))(request, context);
    return (response.headers as Record<string, string>)['Strict-Transport-Security'];
  };
}

afterEach(() => {
  vi.unstubAllEnvs();
});

describe('Strict-Transport-Security', () => {
  it('when the public base URL is https, then pages, refusals and failures all carry HSTS for a year', async () => {
    const answer = await edgeAt('https://onboarding.example');
    for (const kind of ['page', 'refusal', 'failure'])
      expect(await answer(kind), kind).toBe('max-age=31536000; includeSubDomains');
  });

  it('when the public base URL is http (the local stack), then no HSTS is sent', async () => {
    const answer = await edgeAt('http://localhost:7071');
    for (const kind of ['page', 'refusal', 'failure']) expect(await answer(kind), kind).toBeUndefined();
  });
});
