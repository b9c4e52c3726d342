/**
 * Security headers on every response (SECURITY.md "Responses and logs"). Pages get a CSP that allows no
 * inline script except by nonce; API answers get a CSP that allows nothing at all.
 */
import type { HttpResponseInit } from '@azure/functions';

export interface HeaderOptions {
  /** CSP nonce of the page's inline scripts, if any. */
  scriptNonce?: string;
}

export function apiHeaders(): Record<string, string> {
  return {
    'Content-Security-Policy': "default-src 'none'; frame-ancestors 'none'",
    ...common(),
  };
}

export function pageHeaders(options: HeaderOptions = {}): Record<string, string> {
  const script = options.scriptNonce ? `'self' 'nonce-${options.scriptNonce}'` : "'self'";
  return {
    'Content-Security-Policy': [
      "default-src 'none'",
      `script-src ${script}`,
      "style-src 'self' 'unsafe-inline'",
      "img-src 'self' data:",
      "form-action 'self' https:",
      "base-uri 'none'",
      "frame-ancestors 'none'",
    ].join('; '),
    ...common(),
  };
}

function common(): Record<string, string> {
  return {
    'X-Content-Type-Options': 'nosniff',
    'Referrer-Policy': 'no-referrer',
    'X-Frame-Options': 'DENY',
    'Cross-Origin-Opener-Policy': 'same-origin',
    'Cache-Control': 'no-store',
  };
}

/** HSTS: one year, subdomains included; sent only when the site is served over https (Azure, not the local stack). */
export const STRICT_TRANSPORT_SECURITY = 'max-age=31536000; includeSubDomains';

/** The response with `Strict-Transport-Security` when the public base URL is https. */
export function withStrictTransport(response: HttpResponseInit, publicBaseUrl: string | undefined): HttpResponseInit {
  if (!publicBaseUrl?.startsWith('https://')) return response;
  const headers = {
    ...(response.headers as Record<string, string> | undefined),
    'Strict-Transport-Security': STRICT_TRANSPORT_SECURITY,
  };
  return { ...response, headers };
}
