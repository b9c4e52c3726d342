/**
 * Small HTTP helpers shared by the local ACS routes: bounded body reading and answers in the shapes ACS uses
 * (`{ error: { code, message } }` with an `x-ms-error-code` header), so the SDKs build the same RestError
 * they would build against Azure.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';

/** ACS refuses email requests over 10 MB; a little more is read so the refusal can be an ACS-like error. */
const MAX_BODY_BYTES = 11 * 1024 * 1024;

export class BodyTooLargeError extends Error {}

export async function readBody(req: IncomingMessage): Promise<Buffer> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req) {
    size += (chunk as Buffer).length;
    if (size > MAX_BODY_BYTES) throw new BodyTooLargeError('request body too large');
    chunks.push(chunk as Buffer);
  }
  return Buffer.concat(chunks);
}

export function sendJson(
  res: ServerResponse,
  status: number,
  body: unknown,
  headers: Record<string, string | number> = {},
): void {
  const payload = JSON.stringify(body);
  res.writeHead(status, {
    'content-type': 'application/json; charset=utf-8',
    'content-length': Buffer.byteLength(payload),
    'cache-control': 'no-store',
    'x-content-type-options': 'nosniff',
    ...headers,
  });
  res.end(payload);
}

export function sendAcsError(
  res: ServerResponse,
  status: number,
  code: string,
  message: string,
  headers: Record<string, string | number> = {},
): void {
  sendJson(res, status, { error: { code, message } }, { 'x-ms-error-code': code, ...headers });
}

/** An answer computed before it is written, so that a repeatable request can be answered again from it. */
export interface AcsAnswer {
  status: number;
  body: unknown;
  headers: Record<string, string | number>;
}

export function acsError(
  status: number,
  code: string,
  message: string,
  headers: Record<string, string | number> = {},
): AcsAnswer {
  return { status, body: { error: { code, message } }, headers: { 'x-ms-error-code': code, ...headers } };
}

export function sendAnswer(res: ServerResponse, answer: AcsAnswer, extraHeaders: Record<string, string> = {}): void {
  sendJson(res, answer.status, answer.body, { ...answer.headers, ...extraHeaders });
}

export function sendNoContent(res: ServerResponse): void {
  res.writeHead(204, { 'cache-control': 'no-store' });
  res.end();
}

export function sendHtml(res: ServerResponse, status: number, html: string): void {
  res.writeHead(status, {
    'content-type': 'text/html; charset=utf-8',
    'content-length': Buffer.byteLength(html),
    'cache-control': 'no-store',
    'x-content-type-options': 'nosniff',
    'referrer-policy': 'no-referrer',
    // Inline styles only: the page has no script, and the HTML body of an email (rendered in a sandboxed
    // srcdoc iframe, which inherits this policy) must not run any either. No frame-src is needed: a srcdoc
    // frame fetches nothing, and the email may not frame anything else.
    'content-security-policy':
      "default-src 'none'; style-src 'unsafe-inline'; img-src data: https:; form-action 'self'; base-uri 'none'; frame-ancestors 'self'",
  });
  res.end(html);
}

export function parseJson(body: Buffer): unknown {
  try {
    return JSON.parse(body.toString('utf8')) as unknown;
  } catch {
    return undefined;
  }
}
