/**
 * Registering a function costs what its module loads, and the host loads every function file before it listens.
 * So each file of `functions/` registers its function with one of these wrappers, and the wrapper imports the
 * function's handler (`functions/handlers/<name>.ts`: parse → use case → answer, and everything they load) on the
 * first call: a cold instance loads only the code of the functions it runs (docs/decisions.md, "Cold start").
 * This module loads nothing itself but types; the edge (`./handler.js`) only when a handler fails to load.
 */
import type { HttpRequest, HttpResponseInit, InvocationContext } from '@azure/functions';

/** A handler module: what `functions/handlers/<name>.ts` exports, the function as the host calls it. */
export interface HandlerModule<H> {
  handler: H;
}

type HttpFunction = (request: HttpRequest, context: InvocationContext) => Promise<HttpResponseInit>;

/** The handler, imported once; a failed import is tried again at the next call (the error goes to that caller). */
function loadOnce<H>(load: () => Promise<HandlerModule<H>>): () => Promise<H> {
  let loading: Promise<H> | undefined;
  return () => {
    if (!loading) {
      const attempt = load().then((module) => module.handler);
      attempt.catch(() => {
        if (loading === attempt) loading = undefined;
      });
      loading = attempt;
    }
    return loading;
  };
}

/**
 * An HTTP function whose handler is imported on its first request. A handler that fails to load is answered like
 * any other failure by the edge (`shared/http/handler.ts`): logged once, a 500 problem+json, or the error page for a
 * browser.
 */
export function onFirstRequest(load: () => Promise<HandlerModule<HttpFunction>>): HttpFunction {
  const handler = loadOnce(load);
  return async (request, context) => {
    let run: HttpFunction;
    try {
      run = await handler();
    } catch (error) {
      return loadFailure(error, request, context);
    }
    return run(request, context);
  };
}

/**
 * A queue, timer or Event Grid function whose handler is imported on its first call. A handler that fails to load
 * throws, as a failing handler does: the host logs the failure and the trigger's own retry applies (the message
 * comes back, the timer runs again, Event Grid redelivers).
 */
export function onFirstCall<T>(
  load: () => Promise<HandlerModule<(input: T, context: InvocationContext) => Promise<void>>>,
): (input: T, context: InvocationContext) => Promise<void> {
  const handler = loadOnce(load);
  return async (input, context) => (await handler())(input, context);
}

/**
 * The edge's answer to the load failure; if the edge itself cannot be loaded, a bare 500 (logged): a problem, or for
 * a browser a plain page in French and English with the reference — never JSON on a page.
 */
async function loadFailure(
  error: unknown,
  request: HttpRequest,
  context: InvocationContext,
): Promise<HttpResponseInit> {
  try {
    const { edge } = await import('./handler.js');
    return await edge(
      () => Promise.reject(error),
      () => undefined,
    )(request, context);
  } catch (edgeError) {
    context.error(
      JSON.stringify({
        level: 'error',
        event: 'request.failed',
        invocationId: context.invocationId,
        function: context.functionName,
        error: String(error),
        edgeError: String(edgeError),
      }),
    );
    const headers = {
      'Content-Security-Policy': "default-src 'none'; frame-ancestors 'none'",
      'Cache-Control': 'no-store',
      'Referrer-Policy': 'no-referrer',
      'X-Content-Type-Options': 'nosniff',
    };
    if (/\btext\/html\b/.test(request.headers.get('accept') ?? '')) {
      return {
        status: 500,
        headers: { ...headers, 'Content-Type': 'text/html; charset=utf-8' },
        body: lastResortPage(context.invocationId),
      };
    }
    return {
      status: 500,
      headers: { ...headers, 'Content-Type': 'application/problem+json; charset=utf-8' },
      body: JSON.stringify({
        type: 'about:blank',
        status: 500,
        code: 'internal-error',
        title: 'Something went wrong on our side',
        instance: context.invocationId,
      }),
    };
  }
}

/** The page of a browser when not even the edge loads: both languages, the reference, no asset, no script. */
function lastResortPage(invocationId: string): string {
  const reference = invocationId.replace(/[^0-9A-Za-z-]/g, '');
  return `<!doctype html>
<html lang="fr">
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>Une erreur est survenue / Something went wrong</title>
<main>
<h1>Une erreur est survenue de notre côté</h1>
<p>Réessayez dans quelques minutes. Si le problème continue, indiquez cette référence\u00a0: ${reference}</p>
<div lang="en">
<h2>Something went wrong on our side</h2>
<p>Try again in a few minutes. If the problem goes on, give this reference: ${reference}</p>
</div>
</main>
`;
}
