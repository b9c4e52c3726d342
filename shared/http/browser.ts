/**
 * Requests from browsers: reading small urlencoded forms, refusing cross-site form posts (SECURITY.md: requests
 * with `Sec-Fetch-Site: cross-site` or a foreign `Origin` get 403) and posts without the session's CSRF token, and
 * the language of a page. Also what the browser functions (onboarding, sign-in) depend on.
 */
import type { HttpRequest, HttpResponseInit } from '@azure/functions';
import type { Settings } from '../config.js';
import { isLocale, type Locale, pickLocale } from '../domain/locale.js';
import type { OnboardingDeps } from '../domain/use-cases/accept-invitation.js';
import type { Logger } from '../log.js';
import { csrfMatches, type SessionClaims, type Sessions } from './session.js';

/** What the browser functions of onboarding and sign-in depend on. */
export interface BrowserDeps {
  publicBaseUrl: string;
  onboarding: OnboardingDeps;
  sessions: Sessions;
}

/** The browser functions' dependencies, out of the process's (`getDeps()` of shared/deps.ts). */
export function browserDeps(deps: {
  settings: Pick<Settings, 'PUBLIC_BASE_URL'>;
  onboarding: OnboardingDeps;
  sessions: Sessions;
}): BrowserDeps {
  return { publicBaseUrl: deps.settings.PUBLIC_BASE_URL, onboarding: deps.onboarding, sessions: deps.sessions };
}

/** The largest form a page accepts (bytes). */
export const FORM_LIMIT = 16 * 1024;

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

/**
 * The language of a signed-out page that Entra's sign-out sends the browser back to: the `state` given to Entra
 * (the page's language when the person signed out; the registered address itself carries none), else `?lang=`, the
 * browser's, French.
 */
export function signedOutLocale(request: HttpRequest): Locale {
  const state = request.query.get('state');
  return pageLocale(request, null, isLocale(state) ? state : request.query.get('lang'));
}

/** Links to the same page in each language (the language switch). */
export function languageSwitch(path: string, params: Record<string, string>): { fr: string; en: string } {
  const url = (lang: string) => `${path}?${new URLSearchParams({ ...params, lang }).toString()}`;
  return { fr: url('fr'), en: url('en') };
}

export type BrowserPost = { accepted: true; fields: URLSearchParams } | { accepted: false; refusal: HttpResponseInit };

/**
 * A form post from our own pages, or its refusal: same origin, a small urlencoded form, and — when someone is
 * signed in (`claims`) — the session's CSRF token in the form's `csrf` field. A refusal is logged
 * (`security.csrf.refused`) and answered with the caller's page.
 */
export async function requireBrowserPost(
  request: HttpRequest,
  site: { publicBaseUrl: string; sessions?: Sessions },
  guard: {
    log: Logger;
    /** The page that refuses the post, given the refusal's status: 403, or 413/415 for the form itself. */
    refusal: (status: BrowserRefusal['status']) => HttpResponseInit;
    /** Who is signed in, if anyone: the form must then carry their session's CSRF token. */
    claims?: Pick<SessionClaims, 'sid'> | undefined;
    /** False for a post whose fields are not read: only where it comes from is checked. */
    readsForm?: boolean;
  },
): Promise<BrowserPost> {
  try {
    requireSameOrigin(request, site.publicBaseUrl);
    const fields = guard.readsForm === false ? new URLSearchParams() : await readForm(request);
    if (guard.claims && !csrfValidFor(site, guard.claims, fields.get('csrf'))) throw new BrowserRefusal(403, 'csrf');
    return { accepted: true, fields };
  } catch (error) {
    if (!(error instanceof BrowserRefusal)) throw error;
    guard.log.warn('security.csrf.refused', { reason: error.message });
    return { accepted: false, refusal: guard.refusal(error.status) };
  }
}

function csrfValidFor(site: { sessions?: Sessions }, claims: Pick<SessionClaims, 'sid'>, token: string | null) {
  if (!site.sessions) throw new Error('Checking a CSRF token needs the sessions.');
  return csrfMatches(site.sessions, claims, token);
}
