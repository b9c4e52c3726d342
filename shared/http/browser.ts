/**
 * Requests from browsers: reading small urlencoded forms, refusing cross-site form posts (SECURITY.md: requests
 * with `Sec-Fetch-Site: cross-site` or a foreign `Origin` get 403), and the language of a page.
 */
import type { HttpRequest } from '@azure/functions';
import { type Locale, pickLocale } from '../domain/locale.js';

const FORM_LIMIT = 16 * 1024;

export class BrowserRefusal extends Error {
  constructor(
    readonly status: 403 | 413 | 415,
    message: string,
  ) {
    super(message);
    this.name = 'BrowserRefusal';
  }
}

/** Same-origin form posts only: a page elsewhere cannot post our forms in the visitor's name. */
export function requireSameOrigin(request: HttpRequest, publicBaseUrl: string): void {
  const site = request.headers.get('sec-fetch-site');
  if (site === 'cross-site' || site === 'same-site') throw new BrowserRefusal(403, 'cross-site request refused');
  const origin = request.headers.get('origin');
  if (
    origin &&
    origin !== 'null' &&
    origin !== new URL(publicBaseUrl).origin &&
    origin !== new URL(request.url).origin
  ) {
    throw new BrowserRefusal(403, 'foreign origin refused');
  }
  // With `Referrer-Policy: no-referrer` (our pages), browsers send `Origin: null` on form posts; the
  // browser's own `Sec-Fetch-Site: same-origin` then vouches for the request.
  if (origin === 'null' && site !== 'same-origin') throw new BrowserRefusal(403, 'opaque origin refused');
}

export async function readForm(request: HttpRequest): Promise<URLSearchParams> {
  const type = request.headers.get('content-type') ?? '';
  if (!/^application\/x-www-form-urlencoded\b/i.test(type)) throw new BrowserRefusal(415, 'expected a form');
  if (Number(request.headers.get('content-length') ?? '0') > FORM_LIMIT)
    throw new BrowserRefusal(413, 'form too large');
  const text = await request.text();
  if (text.length > FORM_LIMIT) throw new BrowserRefusal(413, 'form too large');
  return new URLSearchParams(text);
}

export function pageLocale(request: HttpRequest, own?: string | null, explicit?: string | null): Locale {
  return pickLocale({
    query: explicit ?? request.query.get('lang'),
    own: own ?? null,
    acceptLanguage: request.headers.get('accept-language'),
  });
}

/** Links to the same page in each language (the language switch). */
export function languageSwitch(path: string, params: Record<string, string>): { fr: string; en: string } {
  const url = (lang: string) => `${path}?${new URLSearchParams({ ...params, lang }).toString()}`;
  return { fr: url('fr'), en: url('en') };
}
