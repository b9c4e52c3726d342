/**
 * Security headers on every response (SECURITY.md "Responses and logs"). Pages get a CSP that allows no
 * inline script except by nonce; API answers get a CSP that allows nothing at all.
 */

export interface HeaderOptions {
  /** CSP nonce of the page's inline scripts, if any. */
  scriptNonce?: string;
  /** Send HSTS (in Azure, where the site is https). */
  hsts?: boolean;
}

export function apiHeaders(options: HeaderOptions = {}): Record<string, string> {
  return {
    'Content-Security-Policy': "default-src 'none'; frame-ancestors 'none'",
    ...common(options),
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
    ...common(options),
  };
}

function common(options: HeaderOptions): Record<string, string> {
  return {
    'X-Content-Type-Options': 'nosniff',
    'Referrer-Policy': 'no-referrer',
    'X-Frame-Options': 'DENY',
    'Cross-Origin-Opener-Policy': 'same-origin',
    'Cache-Control': 'no-store',
    ...(options.hsts ? { 'Strict-Transport-Security': 'max-age=31536000; includeSubDomains' } : {}),
  };
}
