/**
 * Domain error codes at the edge: every code has a status and a title in the one table, each answers as it did
 * when the reason travelled in `details.problem` (same status, code, type and title), and a refusal that is the
 * service's own problem logs its cause — which the answer never carries. Adapters keep the error they wrap.
 */
import { RestError } from '@azure/core-rest-pipeline';
import azf from '@azure/functions';
import type { ConfidentialClientApplication } from '@azure/msal-node';
import { describe, expect, it } from 'vitest';
import { graphClientDirectory } from '../../shared/adapters/entra/graph-directory.js';
import { storage, unavailable } from '../../shared/adapters/table/tables.js';
import { DOMAIN_ERROR_CODES, DomainError, type DomainErrorCode } from '../../shared/domain/errors.js';
import { errorResponse } from '../../shared/http/handler.js';
import { PROBLEM_BASE, problemTable } from '../../shared/http/problem.js';
import { createLogger } from '../../shared/log.js';

const context = () => new azf.InvocationContext({ invocationId: 'inv-7', functionName: 'T', logHandler: () => {} });

function answer(error: unknown) {
  const lines: string[] = [];
  const log = createLogger((_level, line) => lines.push(line), { invocationId: 'inv-7' });
  const response = errorResponse(error, context(), log);
  return {
    status: response.status,
    headers: response.headers as Record<string, string>,
    body: JSON.parse(String(response.body)) as Record<string, unknown>,
    logged: lines.map((line) => JSON.parse(line) as Record<string, unknown>),
  };
}

describe('the table of domain error codes', () => {
  it('when any code is looked up, then it has a 4xx or 5xx status and a title, and the table has no other code', () => {
    for (const code of DOMAIN_ERROR_CODES) {
      const row = problemTable[code];
      expect(row, code).toBeDefined();
      expect(row.status, code).toBeGreaterThanOrEqual(400);
      expect(row.status, code).toBeLessThan(600);
      expect(row.title.length, code).toBeGreaterThan(0);
    }
    expect(Object.keys(problemTable).sort()).toEqual([...DOMAIN_ERROR_CODES].sort());
    expect(new Set(DOMAIN_ERROR_CODES).size).toBe(DOMAIN_ERROR_CODES.length);
  });

  // What each refusal answered when the category was the code and the reason rode in `details.problem`.
  const before: Array<[DomainErrorCode, number, string, Record<string, unknown>?]> = [
    ['invitation-pending', 409, 'Conflict', { invitationId: 'a1b2' }],
    ['already-client', 409, 'Conflict'],
    ['concurrent-update', 409, 'Conflict'],
    ['invitation-revoked', 409, 'Conflict'],
    ['invitation-not-found', 404, 'Not found'],
    ['batch-not-found', 404, 'Not found'],
    ['forbidden', 403, 'Not allowed'],
    ['no-provider', 403, 'Not allowed'],
    ['provider-inactive', 403, 'Not allowed'],
    ['validation-failed', 400, 'The request has invalid fields'],
    ['invalid-cursor', 400, 'The request has invalid fields'],
    ['unauthenticated', 401, 'Authentication required'],
    ['rate-limited', 429, 'Too many requests'],
    ['dependency-unavailable', 503, 'A dependency is unavailable, try again later', { dependency: 'storage' }],
  ];

  it.each(before)(
    'when %s is thrown, then it answers %i with its code, type and title as before',
    (code, status, title, extensions = {}) => {
      const { status: answered, headers, body } = answer(new DomainError(code, `Refused: ${code}.`, extensions));
      expect(answered).toBe(status);
      expect(headers['Content-Type']).toBe('application/problem+json; charset=utf-8');
      expect(body).toEqual({
        type: `${PROBLEM_BASE}${code}`,
        title,
        status,
        code,
        detail: `Refused: ${code}.`,
        ...extensions,
      });
    },
  );

  it('when a refusal has a wait or needs a token, then Retry-After and WWW-Authenticate are kept', () => {
    const waiting = answer(new DomainError('dependency-unavailable', 'Later.', { retryAfterSeconds: 4.2 }));
    expect(waiting.headers['Retry-After']).toBe('5');
    expect(waiting.body).not.toHaveProperty('retryAfterSeconds');
    expect(answer(new DomainError('sign-in-failed', 'No.')).headers['WWW-Authenticate']).toBe('Bearer');
  });
});

describe('causes', () => {
  const sdkError = () =>
    new RestError('The server is busy for willy.urs@example.com (sig=s3cr3t)', { statusCode: 503, code: 'ServerBusy' });

  it("when a dependency is unavailable, then the refusal's log line carries its cause and the answer does not", () => {
    const cause = sdkError();
    const { status, body, logged } = answer(
      new DomainError('dependency-unavailable', 'Storage is not available.', { retryAfterSeconds: 5 }, { cause }),
    );
    expect(status).toBe(503);
    expect(JSON.stringify(body)).not.toMatch(/busy|ServerBusy|cause/);
    const line = logged.find((l) => l.event === 'request.refused');
    expect(line).toMatchObject({
      level: 'error',
      code: 'dependency-unavailable',
      status: 503,
      invocationId: 'inv-7',
      cause: {
        name: 'RestError',
        message: 'The server is busy for w•••@example.com (sig=s3cr3t)',
        code: 'ServerBusy',
        statusCode: 503,
        stack: expect.stringMatching(/^at /),
      },
    });
  });

  it('when the caller is refused (4xx), then the line is an info without the cause, and the answer has none', () => {
    const { body, logged } = answer(
      new DomainError('sign-in-failed', 'The sign-in could not be verified.', {}, { cause: new Error('AADSTS70008') }),
    );
    expect(JSON.stringify(body)).not.toContain('AADSTS70008');
    expect(logged).toEqual([expect.objectContaining({ level: 'info', code: 'sign-in-failed', status: 401 })]);
  });

  it('when storage fails, then the dependency-unavailable it becomes keeps the SDK error as its cause', async () => {
    const cause = sdkError();
    const wrapped = unavailable(cause);
    expect(wrapped).toBeInstanceOf(DomainError);
    expect(wrapped).toMatchObject({ code: 'dependency-unavailable', details: { retryAfterSeconds: 5 } });
    expect((wrapped as DomainError).cause).toBe(cause);
    const thrown = await storage(() => Promise.reject(cause)).catch((error: unknown) => error);
    expect((thrown as DomainError).cause).toBe(cause);
    // A refusal that is not an outage (412, 409, 404) stays the SDK's, for the adapter to read.
    const precondition = new RestError('Precondition failed', { statusCode: 412 });
    expect(unavailable(precondition)).toBe(precondition);
  });

  it('when Graph cannot be reached, then the refusal keeps the error as its cause, not in its details', async () => {
    const cause = new TypeError('fetch failed');
    const app = {
      acquireTokenByClientCredential: async () => {
        throw cause;
      },
    } as unknown as ConfidentialClientApplication;
    const directory = graphClientDirectory({ app, graphBaseUrl: 'https://graph.invalid', identityIssuer: 't' });
    const error = await directory.hasAccount('someone@example.com').catch((e: unknown) => e);
    expect(error).toMatchObject({
      code: 'dependency-unavailable',
      details: { retryAfterSeconds: 30, dependency: 'graph' },
    });
    expect((error as DomainError).cause).toBe(cause);
    expect((error as DomainError).details).not.toHaveProperty('cause');
  });
});
