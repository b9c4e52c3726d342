/**
 * Error answers in the shapes the real services use, so that MSAL, jose and the app's Graph adapter see what
 * they would see in Azure: OAuth errors as Entra's JSON (with AADSTS codes), Graph errors as Graph's JSON.
 */
import { randomUUID } from 'node:crypto';
import type { ServerResponse } from 'node:http';
import { sendJson } from './http.js';

export interface EntraErrorBody {
  error: string;
  error_description: string;
  error_codes: number[];
  timestamp: string;
  trace_id: string;
  correlation_id: string;
  error_uri?: string;
}

/** An OAuth error from the token endpoint; `code` is the AADSTS number Entra would use. */
export class OAuthError extends Error {
  constructor(
    readonly error: string,
    readonly code: number,
    readonly description: string,
    readonly status = 400,
  ) {
    super(`${error}: AADSTS${code}: ${description}`);
  }
}

export function entraErrorBody(error: OAuthError, now: Date): EntraErrorBody {
  const traceId = randomUUID();
  const correlationId = randomUUID();
  const stamp = now
    .toISOString()
    .replace('T', ' ')
    .replace(/\.\d+Z$/, 'Z');
  return {
    error: error.error,
    error_description: `AADSTS${error.code}: ${error.description} Trace ID: ${traceId} Correlation ID: ${correlationId} Timestamp: ${stamp}`,
    error_codes: [error.code],
    timestamp: stamp,
    trace_id: traceId,
    correlation_id: correlationId,
    error_uri: `https://login.microsoftonline.com/error?code=${error.code}`,
  };
}

export function sendOAuthError(res: ServerResponse, error: OAuthError, now: Date): void {
  const headers: Record<string, string> = {};
  if (error.status === 401) headers['www-authenticate'] = 'Basic realm="local-entra"';
  sendJson(res, error.status, entraErrorBody(error, now), headers);
}

/** Graph's error envelope: `{ error: { code, message, innerError } }`. */
export class GraphError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
  ) {
    super(message);
  }
}

export function sendGraphError(res: ServerResponse, error: GraphError, now: Date): void {
  const requestId = randomUUID();
  const headers: Record<string, string> = { 'request-id': requestId, 'client-request-id': requestId };
  if (error.status === 401) headers['www-authenticate'] = 'Bearer realm="", error="invalid_token"';
  sendJson(
    res,
    error.status,
    {
      error: {
        code: error.code,
        message: error.message,
        innerError: {
          date: now.toISOString().replace(/\.\d+Z$/, ''),
          'request-id': requestId,
          'client-request-id': requestId,
        },
      },
    },
    headers,
  );
}
