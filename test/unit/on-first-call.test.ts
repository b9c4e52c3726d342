/**
 * The wrappers every function file registers with (shared/http/on-first-call.ts): the handler is imported on the
 * first call, once; a handler that fails to load is a failure like any other — logged, a 500 problem+json or the
 * error page for a browser — and the next call tries again.
 */
import azf, { type HttpResponseInit, type InvocationContext } from '@azure/functions';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { type HandlerModule, onFirstCall, onFirstRequest } from '../../shared/http/on-first-call.js';

type HttpFunction = (request: azf.HttpRequest, context: InvocationContext) => Promise<HttpResponseInit>;

const logged: Array<{ level: string; line: string }> = [];
const context = () =>
  new azf.InvocationContext({
    invocationId: 'inv-load-1',
    functionName: 'Test',
    logHandler: (level, ...args) => logged.push({ level, line: args.map(String).join(' ') }),
  });
const get = (accept = 'application/json') =>
  new azf.HttpRequest({ method: 'GET', url: 'http://localhost/api/x', headers: { accept } });

const ok: HandlerModule<HttpFunction> = { handler: async () => ({ status: 200, jsonBody: { ok: true } }) };
const broken = new Error('Cannot find module dist/shared/deps.js');

afterEach(() => {
  logged.length = 0;
  vi.doUnmock('../../shared/http/handler.js');
  vi.doUnmock('../../shared/web/service-problem-page.js');
  vi.resetModules();
});

describe('onFirstRequest', () => {
  it('when registered, then nothing is loaded; on the first requests, the handler is loaded once and answers', async () => {
    const load = vi.fn(async () => ok);
    const registered = onFirstRequest(load);
    expect(load).not.toHaveBeenCalled();
    const answers = await Promise.all([registered(get(), context()), registered(get(), context())]);
    expect((await registered(get(), context())).status).toBe(200);
    expect(answers.map((a) => a.status)).toEqual([200, 200]);
    expect(load).toHaveBeenCalledTimes(1);
  });

  it('when the handler fails to load, then an API client gets the 500 problem with the invocation id, logged once', async () => {
    const registered = onFirstRequest(() => Promise.reject(broken));
    const answer = await registered(get(), context());
    expect(answer.status).toBe(500);
    const headers = answer.headers as Record<string, string>;
    expect(headers['Content-Type']).toMatch(/^application\/problem\+json/);
    expect(headers['X-Content-Type-Options']).toBe('nosniff');
    expect(JSON.parse(String(answer.body))).toMatchObject({
      status: 500,
      code: 'internal-error',
      instance: 'inv-load-1',
    });
    const errors = logged.filter((l) => l.level === 'error');
    expect(errors).toHaveLength(1);
    expect(errors[0]!.line).toContain('request.failed');
    expect(errors[0]!.line).toContain('Cannot find module');
  });

  it('when the handler fails to load for a browser, then it gets the error page with its reference', async () => {
    const registered = onFirstRequest(() => Promise.reject(broken));
    const answer = await registered(get('text/html,application/xhtml+xml'), context());
    expect(answer.status).toBe(500);
    expect((answer.headers as Record<string, string>)['Content-Type']).toMatch(/^text\/html/);
    expect(String(answer.body)).toContain('inv-load-1');
  });

  it('when a load failed, then the next request tries again', async () => {
    const load = vi.fn<() => Promise<HandlerModule<HttpFunction>>>();
    load.mockRejectedValueOnce(broken).mockResolvedValue(ok);
    const registered = onFirstRequest(load);
    expect((await registered(get(), context())).status).toBe(500);
    expect((await registered(get(), context())).status).toBe(200);
    expect(load).toHaveBeenCalledTimes(2);
  });

  it('when even the edge cannot be loaded, then the answer is still a logged 500 problem', async () => {
    vi.doMock('../../shared/http/handler.js', () => {
      throw new Error('the edge is broken too');
    });
    const { onFirstRequest: fresh } = await import('../../shared/http/on-first-call.js');
    const answer = await fresh(() => Promise.reject(broken))(get(), context());
    expect(answer.status).toBe(500);
    expect((answer.headers as Record<string, string>)['Content-Type']).toMatch(/^application\/problem\+json/);
    expect(JSON.parse(String(answer.body))).toMatchObject({
      status: 500,
      code: 'internal-error',
      instance: 'inv-load-1',
    });
    const errors = logged.filter((l) => l.level === 'error');
    expect(errors).toHaveLength(1);
    expect(errors[0]!.line).toContain('Cannot find module');
    expect(errors[0]!.line).toContain('"edgeError"');

    // A browser gets a page, in French and English, never JSON.
    const page = await fresh(() => Promise.reject(broken))(get('text/html,application/xhtml+xml'), context());
    expect(page.status).toBe(500);
    expect((page.headers as Record<string, string>)['Content-Type']).toMatch(/^text\/html/);
    expect(String(page.body)).toContain('Une erreur est survenue de notre côté');
    expect(String(page.body)).toContain('Something went wrong on our side');
    expect(String(page.body)).toContain('inv-load-1');
  });
});

describe('onFirstCall (queue, timer, Event Grid)', () => {
  it('when called, then the handler is loaded once and gets the input', async () => {
    const seen: unknown[] = [];
    const load = vi.fn(async () => ({ handler: async (input: unknown) => void seen.push(input) }));
    const registered = onFirstCall(load);
    expect(load).not.toHaveBeenCalled();
    await registered({ n: 1 }, context());
    await registered({ n: 2 }, context());
    expect(seen).toEqual([{ n: 1 }, { n: 2 }]);
    expect(load).toHaveBeenCalledTimes(1);
  });

  it('when the handler fails to load, then the call fails as a failing handler does (the trigger retries)', async () => {
    const registered = onFirstCall<unknown>(() => Promise.reject(broken));
    await expect(registered({ n: 1 }, context())).rejects.toBe(broken);
  });
});

describe("the edge's failure page, imported when a browser first needs one", () => {
  it('when a handler fails for a browser, then the page is imported and answers in its language', async () => {
    const { edge } = await import('../../shared/http/handler.js');
    const answer = await edge(
      () => Promise.reject(new Error('boom')),
      () => undefined,
    )(get('text/html'), context());
    expect(answer.status).toBe(500);
    expect((answer.headers as Record<string, string>)['Content-Type']).toMatch(/^text\/html/);
    expect(String(answer.body)).toContain('inv-load-1');
  });

  it('when the page cannot be loaded, then the browser still gets the 500 problem, and both failures are logged', async () => {
    vi.doMock('../../shared/web/service-problem-page.js', () => {
      throw new Error('the page is broken');
    });
    const { edge } = await import('../../shared/http/handler.js');
    const answer = await edge(
      () => Promise.reject(new Error('boom')),
      () => undefined,
    )(get('text/html'), context());
    expect(answer.status).toBe(500);
    expect((answer.headers as Record<string, string>)['Content-Type']).toMatch(/^application\/problem\+json/);
    expect(JSON.parse(String(answer.body))).toMatchObject({ status: 500, instance: 'inv-load-1' });
    const errors = logged.filter((l) => l.level === 'error').map((l) => l.line);
    expect(errors.some((l) => l.includes('request.failed'))).toBe(true);
    expect(errors.some((l) => l.includes('request.page.failed'))).toBe(true);
  });
});
