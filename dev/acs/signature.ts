/**
 * The HMAC-SHA256 request signature of Azure Communication Services, as `@azure/communication-common` computes it
 * (see research/local-stack-spike.md §3). The local ACS verifies it so that a wrong access key fails locally
 * exactly as it would in Azure; `signAcsRequest` lets tests and tools craft raw requests the SDKs would not send.
 */
import { createHash, createHmac, timingSafeEqual } from 'node:crypto';
import type { IncomingHttpHeaders } from 'node:http';

/** Real ACS refuses requests whose x-ms-date is further than this from its clock. */
const MAX_CLOCK_SKEW_MS = 15 * 60 * 1000;
const REQUIRED_SIGNED_HEADERS = ['host', 'x-ms-content-sha256'];

export interface SignedRequest {
  method: string;
  /** Path and query as received (`req.url`). */
  url: string;
  headers: IncomingHttpHeaders;
  body: Buffer;
}

export type SignatureCheck = { ok: true } | { ok: false; reason: string };

export function sha256Base64(content: Buffer | string): string {
  return createHash('sha256').update(content).digest('base64');
}

/** Path and query the way the SDK signs them: the query re-serialised by URLSearchParams. */
function pathAndQuery(url: string): string {
  const parsed = new URL(url, 'https://placeholder');
  const query = parsed.searchParams.toString();
  return query ? `${parsed.pathname}?${query}` : parsed.pathname;
}

function headerValue(headers: IncomingHttpHeaders, name: string): string | undefined {
  const value = headers[name];
  return Array.isArray(value) ? value.join(',') : value;
}

export function verifyAcsSignature(request: SignedRequest, accessKey: string, now = Date.now()): SignatureCheck {
  const authorization = headerValue(request.headers, 'authorization');
  const match = /^HMAC-SHA256 SignedHeaders=([^&]+)&Signature=(.+)$/.exec(authorization ?? '');
  if (!match) return { ok: false, reason: 'missing or malformed HMAC-SHA256 authorization header' };
  const signedHeaders = match[1]!.toLowerCase().split(';');
  const signature = Buffer.from(match[2]!, 'base64');
  const dateHeader = signedHeaders.includes('x-ms-date') ? 'x-ms-date' : 'date';
  for (const required of [...REQUIRED_SIGNED_HEADERS, dateHeader]) {
    if (!signedHeaders.includes(required)) return { ok: false, reason: `${required} is not a signed header` };
    if (!headerValue(request.headers, required)) return { ok: false, reason: `${required} header is missing` };
  }
  if (headerValue(request.headers, 'x-ms-content-sha256') !== sha256Base64(request.body)) {
    return { ok: false, reason: 'x-ms-content-sha256 does not match the body' };
  }
  const sentAt = Date.parse(headerValue(request.headers, dateHeader)!);
  if (!Number.isFinite(sentAt) || Math.abs(now - sentAt) > MAX_CLOCK_SKEW_MS) {
    return { ok: false, reason: `${dateHeader} is not within 15 minutes of the server time` };
  }
  const stringToSign = [
    request.method.toUpperCase(),
    pathAndQuery(request.url),
    signedHeaders.map((name) => headerValue(request.headers, name) ?? '').join(';'),
  ].join('\n');
  const expected = createHmac('sha256', Buffer.from(accessKey, 'base64')).update(stringToSign).digest();
  if (signature.length !== expected.length || !timingSafeEqual(signature, expected)) {
    return { ok: false, reason: 'signature does not match' };
  }
  return { ok: true };
}

/** Headers the ACS SDKs would add to this request (for raw requests in tests and tools). */
export function signAcsRequest(options: {
  method: string;
  url: string;
  body?: string;
  accessKey: string;
  date?: Date;
}): Record<string, string> {
  const url = new URL(options.url);
  const date = (options.date ?? new Date()).toUTCString();
  const contentHash = sha256Base64(options.body ?? '');
  const stringToSign = `${options.method.toUpperCase()}\n${pathAndQuery(options.url)}\n${date};${url.host};${contentHash}`;
  const signature = createHmac('sha256', Buffer.from(options.accessKey, 'base64'))
    .update(stringToSign)
    .digest('base64');
  return {
    'x-ms-date': date,
    'x-ms-content-sha256': contentHash,
    authorization: `HMAC-SHA256 SignedHeaders=x-ms-date;host;x-ms-content-sha256&Signature=${signature}`,
  };
}
