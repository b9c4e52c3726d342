/**
 * The edge around every HTTP function: a logger bound to the invocation, and one place that turns what a
 * handler throws into an answer — domain errors and validation problems into problem+json, anything else into
 * a bare 500 whose `instance` id is the invocation id found in the logs.
 */
import type { HttpRequest, HttpResponseInit, InvocationContext } from '@azure/functions';
import { settings } from '../config.js';
import { DomainError, ValidationFailed } from '../domain/errors.js';
import { createLogger, type Logger, type LogLevel } from '../log.js';
import { edgeProblems, problemResponse, problemTable } from './problem.js';
import { namedProblem, RequestProblem } from './request.js';
import { pageResponse } from './respond.js';
import { withStrictTransport } from './security-headers.js';

export type Handler<D> = (
  request: HttpRequest,
  context: InvocationContext,
  deps: D,
  log: Logger,
) => Promise<HttpResponseInit>;

/** LOG_LEVEL from the settings; `info` while the settings are not valid (that error is reported elsewhere). */
function configuredLevel(): LogLevel {
  try {
    return settings().LOG_LEVEL;
  } catch {
    return 'info';
  }
}

/** PUBLIC_BASE_URL from the settings; none while the settings are not valid (that error is reported elsewhere). */
function configuredBaseUrl(): string | undefined {
  try {
    return settings().PUBLIC_BASE_URL;
  } catch {
    return undefined;
  }
}

/** The logger of one invocation: JSON lines through the InvocationContext, with its correlation id. */
export function invocationLogger(context: InvocationContext, minLevel: LogLevel = configuredLevel()): Logger {
  return createLogger(
    (level, line) => {
      if (level === 'error') context.error(line);
      else if (level === 'warn') context.warn(line);
      else if (level === 'debug') context.debug(line);
      else context.info(line);
    },
    { invocationId: context.invocationId, function: context.functionName },
    minLevel,
  );
}

/**
 * Maps a thrown value to a response; logs unknown errors once. A refusal that is the service's own problem (5xx:
 * a dependency unavailable) is logged with its cause (the SDK's error, masked); the answer never carries it.
 */
export function errorResponse(error: unknown, context: InvocationContext, log: Logger): HttpResponseInit {
  if (error instanceof RequestProblem) return error.response;
  if (error instanceof ValidationFailed) {
    return problemResponse({
      status: 400,
      code: error.code,
      title: problemTable[error.code].title,
      detail: error.message,
      // Each problem a sentence naming its field, as the edge's own (`fieldProblems`).
      errors: error.errors.map(namedProblem),
    });
  }
  if (error instanceof DomainError) {
    const { status, title } = problemTable[error.code];
    const { retryAfterSeconds, ...extensions } = error.details;
    const headers: Record<string, string> = {};
    if (typeof retryAfterSeconds === 'number') headers['Retry-After'] = String(Math.ceil(retryAfterSeconds));
    if (status === 401) headers['WWW-Authenticate'] = 'Bearer';
    const response = problemResponse(
      {
        status,
        code: error.code,
        title,
        detail: error.message,
        ...extensions,
      },
      headers,
    );
    if (status >= 500) {
      log.error('request.refused', {
        code: error.code,
        status,
        // Which dependency failed (graph, storage), when the adapter names it: alert-entra-graph-failures reads it.
        ...(typeof extensions.dependency === 'string' ? { dependency: extensions.dependency } : {}),
        ...(error.cause === undefined ? {} : { cause: error.cause }),
      });
    } else log.info('request.refused', { code: error.code, status });
    return response;
  }
  log.error('request.failed', { error });
  return edgeProblems.internal(context.invocationId);
}

/** A browser (its Accept names HTML; API clients send JSON or `*\/*`) is answered with pages, not problem+json. */
function wantsPage(request: HttpRequest): boolean {
  return /\btext\/html\b/i.test(request.headers.get('accept') ?? '');
}

/**
 * The same failure as a page in the browser's language, with the same status and Retry-After. The page's modules
 * (the web layer, the session's crypto through `browser.js`) are imported here, on the first failure a browser
 * sees, not when the edge is loaded: a function that renders no page does not load them at its cold start.
 */
async function servicePage(
  request: HttpRequest,
  response: HttpResponseInit,
  context: InvocationContext,
): Promise<HttpResponseInit> {
  const [{ renderServiceProblemPage }, { pageLocale }] = await Promise.all([
    import('../web/service-problem-page.js'),
    import('./browser.js'),
  ]);
  const header = Number((response.headers as Record<string, string> | undefined)?.['Retry-After']);
  const retryAfter = Number.isFinite(header) && header > 0 ? header : undefined;
  const body = renderServiceProblemPage({
    locale: pageLocale(request),
    status: response.status ?? 500,
    retryAfterSeconds: retryAfter,
    reference: context.invocationId,
  });
  return pageResponse(response.status ?? 500, body, {
    headers: retryAfter ? { 'Retry-After': String(retryAfter) } : {},
  });
}

/**
 * Wraps a handler for registration: `handler: edge(healthHandler, getDeps)`. Dependencies are resolved per
 * call (they are process-wide singletons), so tests can call the inner handler with their own.
 */
export function edge<D>(handler: Handler<D>, deps: () => D) {
  return async (request: HttpRequest, context: InvocationContext): Promise<HttpResponseInit> => {
    const log = invocationLogger(context);
    let response: HttpResponseInit;
    try {
      response = await handler(request, context, deps(), log);
    } catch (error) {
      const problem = errorResponse(error, context, log);
      response = problem;
      if ((problem.status ?? 500) >= 500 && wantsPage(request)) {
        // Should the page itself fail (its modules not loading), the browser still gets the problem.
        response = await servicePage(request, problem, context).catch((pageError: unknown) => {
          log.error('request.page.failed', { error: pageError });
          return problem;
        });
      }
    }
    return withStrictTransport(response, configuredBaseUrl());
  };
}
