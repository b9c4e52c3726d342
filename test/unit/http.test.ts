import azf from '@azure/functions';
import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { DomainError, ValidationFailed } from '../../shared/domain/errors.js';
import { edge } from '../../shared/http/handler.js';
import { html, raw } from '../../shared/http/html.js';
import { readJson } from '../../shared/http/request.js';
import { page, pageResponse, redirect } from '../../shared/http/respond.js';

const context = () => new azf.InvocationContext({ invocationId: 'inv-42', functionName: 'Test', logHandler: () => {} });
const post = (body: string, type = 'application/json') =>
  new azf.HttpRequest({
    method: 'POST',
    url: 'http://localhost/api/x',
    headers: { 'content-type': type },
    body: { string: body },
  });

const schema = z.object({ email: z.email(), company: z.object({ name: z.string().min(1) }) });
const echo = edge(
  async (request) => ({ status: 200, jsonBody: await readJson(request, schema) }),
  () => ({}),
);

describe('html', () => {
  it('when text is interpolated, then it is escaped; fragments and raw markup are not', () => {
    const name = '<script>alert("x")</script>';
    const page = html`<p title="${name}">${name}</p>${html`<b>${'&'}</b>`}${raw('<hr>')}${null}${false}${['a', html`<i>b</i>`]}`;
    expect(page.value).toBe(
      '<p title="&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;">&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;</p><b>&amp;</b><hr>a<i>b</i>',
    );
  });
});

describe('the HTTP edge', () => {
  it('when the body is valid, then the handler gets typed input', async () => {
    const response = await echo(post('{"email":"a@b.fr","company":{"name":"GFMS"}}'), context());
    expect(response.status).toBe(200);
  });

  it('when fields are invalid, then a 400 problem lists each one with a JSON pointer', async () => {
    const response = await echo(post('{"email":"nope","company":{"name":""}}'), context());
    expect(response.status).toBe(400);
    expect((response.headers as Record<string, string>)['Content-Type']).toBe(
      'application/problem+json; charset=utf-8',
    );
    const body = JSON.parse(response.body as string);
    expect(body).toMatchObject({
      status: 400,
      code: 'validation-failed',
      type: expect.stringMatching(/problems\/validation-failed$/),
    });
    expect(body.errors.map((e: { pointer: string }) => e.pointer)).toEqual(['#/email', '#/company/name']);
  });

  it('when the JSON is malformed, the content type wrong or the body too large, then 400, 415 and 413', async () => {
    expect((await echo(post('{"email":'), context())).status).toBe(400);
    expect((await echo(post('email=a', 'application/x-www-form-urlencoded'), context())).status).toBe(415);
    const big = JSON.stringify({ email: 'a@b.fr', company: { name: 'x'.repeat(1024 * 1024) } });
    expect((await echo(post(big), context())).status).toBe(413);
  });

  it('when the domain refuses, then its code maps to a status, with Retry-After and WWW-Authenticate where due', async () => {
    const limited = edge(
      async () => {
        throw new DomainError('rate-limited', 'Too many codes.', { retryAfterSeconds: 59.2 });
      },
      () => ({}),
    );
    const r1 = await limited(post('{}'), context());
    expect(r1.status).toBe(429);
    expect((r1.headers as Record<string, string>)['Retry-After']).toBe('60');
    const anonymous = edge(
      async () => {
        throw new DomainError('unauthenticated', 'A bearer token is required.');
      },
      () => ({}),
    );
    const r2 = await anonymous(post('{}'), context());
    expect(r2.status).toBe(401);
    expect((r2.headers as Record<string, string>)['WWW-Authenticate']).toBe('Bearer');
    const invalid = edge(
      async () => {
        throw new ValidationFailed([{ pointer: '#/phone', detail: 'must be E.164' }]);
      },
      () => ({}),
    );
    expect(JSON.parse((await invalid(post('{}'), context())).body as string).errors).toEqual([
      { pointer: '#/phone', detail: 'phone must be E.164' },
    ]);
  });

  it('when a handler fails unexpectedly, then a bare 500 names the invocation and shows no stack', async () => {
    const logged: string[] = [];
    const ctx = new azf.InvocationContext({
      invocationId: 'inv-500',
      functionName: 'T',
      logHandler: (_l, ...a) => logged.push(String(a[0])),
    });
    const failing = edge(
      async () => {
        throw new Error('database password=hunter2 at line 3');
      },
      () => ({}),
    );
    const response = await failing(post('{}'), ctx);
    expect(response.status).toBe(500);
    const body = JSON.parse(response.body as string);
    expect(body).toMatchObject({ status: 500, instance: 'inv-500' });
    expect(JSON.stringify(body)).not.toContain('hunter2');
    expect(logged.some((l) => l.includes('"invocationId":"inv-500"'))).toBe(true);
  });

  it('when a browser request fails on a dependency or on our side, then it gets a page in its language, not JSON', async () => {
    const browser = (language?: string) =>
      new azf.HttpRequest({
        method: 'GET',
        url: 'http://localhost/api/AcceptInvitation/callback?state=s&code=c',
        headers: {
          accept: 'text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8',
          ...(language ? { 'accept-language': language } : {}),
        },
      });
    const graphDown = edge(
      async () => {
        throw new DomainError('dependency-unavailable', 'The directory of accounts cannot be reached.', {
          retryAfterSeconds: 30,
          dependency: 'graph',
        });
      },
      () => ({}),
    );
    const french = await graphDown(browser(), context());
    const headers = french.headers as Record<string, string>;
    expect(french.status).toBe(503);
    expect(headers['Content-Type']).toBe('text/html; charset=utf-8');
    expect(headers['Retry-After']).toBe('30');
    expect(String(french.body)).toContain('Service momentanément indisponible');
    expect(String(french.body)).toContain('dans 30\u00a0secondes');
    expect(String(french.body)).not.toContain('graph');
    const english = await graphDown(browser('en-GB,en;q=0.9'), context());
    expect(String(english.body)).toContain('Service temporarily unavailable');

    const crashing = edge(
      async () => {
        throw new Error('database password=hunter2 at line 3');
      },
      () => ({}),
    );
    const failed = await crashing(browser(), context());
    expect(failed.status).toBe(500);
    expect(String(failed.body)).toContain('inv-42');
    expect(String(failed.body)).not.toContain('hunter2');

    // An API client still gets problem+json for the same failure.
    const api = await graphDown(post('{}'), context());
    expect((api.headers as Record<string, string>)['Content-Type']).toBe('application/problem+json; charset=utf-8');
    expect(JSON.parse(String(api.body))).toMatchObject({ status: 503, code: 'dependency-unavailable' });
  });

  it('when any answer is built, then it carries the security headers', async () => {
    const response = await echo(post('{"email":"nope"}'), context());
    const headers = response.headers as Record<string, string>;
    expect(headers['X-Content-Type-Options']).toBe('nosniff');
    expect(headers['Content-Security-Policy']).toContain("frame-ancestors 'none'");
    expect(headers['Referrer-Policy']).toBe('no-referrer');
    expect(headers['Cache-Control']).toBe('no-store');
  });
});

describe('the security headers of pages', () => {
  /** The CSP's directives by name. */
  const directives = (headers: Record<string, string>) =>
    Object.fromEntries(
      (headers['Content-Security-Policy'] ?? '').split(';').map((d) => {
        const [name = '', ...values] = d.trim().split(/\s+/);
        return [name, values];
      }),
    );

  it('when a page is answered, with or without an inline script, then it frames nowhere and runs no inline script but its nonce', () => {
    const plain = page(200, html`<p>Bonjour</p>`).headers as Record<string, string>;
    expect(directives(plain)['frame-ancestors']).toEqual(["'none'"]);
    expect(directives(plain)['script-src']).toEqual(["'self'"]);
    expect(directives(plain)['default-src']).toEqual(["'none'"]);

    const nonced = pageResponse(200, html`<p>x</p>`, { scriptNonce: 'n0nce' }).headers as Record<string, string>;
    expect(directives(nonced)['script-src']).toEqual(["'self'", "'nonce-n0nce'"]);
    expect(directives(nonced)['frame-ancestors']).toEqual(["'none'"]);
  });

  it('when a page or a redirect is answered, then nosniff, no-referrer and no-store are there', () => {
    for (const response of [page(200, html`<p>Bonjour</p>`), redirect('/api/Welcome')]) {
      const headers = response.headers as Record<string, string>;
      expect(headers['X-Content-Type-Options']).toBe('nosniff');
      expect(headers['Referrer-Policy']).toBe('no-referrer');
      expect(headers['Cache-Control']).toBe('no-store');
      expect(directives(headers)['frame-ancestors']).toEqual(["'none'"]);
    }
  });
});
