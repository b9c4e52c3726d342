/**
 * Building responses: JSON with the API's security headers, pages with the page headers (and the CSP nonce
 * of their inline scripts), redirects; for the browser functions, pages and 303 redirects that set cookies.
 */
import type { Cookie, HttpResponseInit } from '@azure/functions';
import type { SafeHtml } from './html.js';
import { apiHeaders, pageHeaders } from './security-headers.js';

export function jsonResponse(status: number, body: unknown, headers: Record<string, string> = {}): HttpResponseInit {
  return {
    status,
    headers: { ...apiHeaders(), 'Content-Type': 'application/json; charset=utf-8', ...headers },
    body: JSON.stringify(body),
  };
}

export function pageResponse(
  status: number,
  page: SafeHtml,
  options: { scriptNonce?: string; headers?: Record<string, string> } = {},
): HttpResponseInit {
  return {
    status,
    headers: {
      ...pageHeaders(options.scriptNonce ? { scriptNonce: options.scriptNonce } : {}),
      'Content-Type': 'text/html; charset=utf-8',
      ...options.headers,
    },
    body: page.value,
  };
}

export function redirectResponse(
  location: string,
  status: 302 | 303 = 303,
  headers: Record<string, string> = {},
): HttpResponseInit {
  return { status, headers: { ...apiHeaders(), Location: location, ...headers } };
}

/** A page of the browser functions, with the cookies it sets (a session, a sign-in transaction, their clearing). */
export function page(
  status: number,
  body: SafeHtml,
  cookies: Cookie[] = [],
  headers: Record<string, string> = {},
): HttpResponseInit {
  return { ...pageResponse(status, body, { headers }), cookies };
}

/** "See other" (303) from a browser function, with the cookies it sets. */
export function redirect(location: string, cookies: Cookie[] = []): HttpResponseInit {
  return { ...redirectResponse(location, 303), cookies };
}
