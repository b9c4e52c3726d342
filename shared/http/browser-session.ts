/**
 * The client's session as a browser function meets it: the session (if any) and the page's language — the one asked
 * for (`?lang=`), else the session's, else the browser's. Pages that need someone signed in answer 401 with the
 * "session expired" page otherwise. Also the pages every browser flow shares: refusing an untrusted post, and the
 * way to Entra's sign-in.
 */
import type { HttpRequest, HttpResponseInit } from '@azure/functions';
import type { Locale } from '../domain/locale.js';
import { renderSignInProblemPage } from '../web/access-pages.js';
import { pageLocale } from './browser.js';
import { page, redirect } from './respond.js';
import {
  type OpenSession,
  readSession,
  type SessionClaims,
  type Sessions,
  type SignInTransaction,
  transactionCookie,
  updatedSessionCookie,
} from './session.js';

/** The session, if there is one, and the page's language. */
export async function browserSession(
  request: HttpRequest,
  sessions: Sessions,
): Promise<{ claims: OpenSession | undefined; locale: Locale }> {
  const claims = await readSession(request, sessions);
  return { claims, locale: pageLocale(request, claims?.locale) };
}

export type SignedIn =
  | { signedIn: true; claims: OpenSession; locale: Locale }
  | { signedIn: false; refusal: HttpResponseInit };

/** The session and the page's language, or the 401 "session expired" page when nobody is signed in. */
export async function requireSession(request: HttpRequest, sessions: Sessions): Promise<SignedIn> {
  const { claims, locale } = await browserSession(request, sessions);
  if (!claims) {
    return { signedIn: false, refusal: page(401, renderSignInProblemPage({ locale, problem: 'session-expired' })) };
  }
  return { signedIn: true, claims, locale };
}

/** The page that refuses a post it cannot trust (from another site, not our form, without the session's token). */
export function untrustedPostPage(locale: Locale, status = 403): HttpResponseInit {
  return page(status, renderSignInProblemPage({ locale, problem: 'state-mismatch' }));
}

/** Off to Entra's sign-in (303), the transaction — state, nonce, PKCE verifier — kept in the browser's cookie. */
export async function signInRedirect(
  sessions: Sessions,
  authorizeUrl: string,
  transaction: SignInTransaction,
): Promise<HttpResponseInit> {
  return redirect(authorizeUrl, [await transactionCookie(sessions, transaction)]);
}

/**
 * The client is now somewhere else — a company chosen, or just created: the session says so (same id, same expiry)
 * and the browser goes to the welcome page there.
 */
export async function goToWelcome(
  sessions: Sessions,
  claims: OpenSession,
  change: Partial<SessionClaims>,
): Promise<HttpResponseInit> {
  return redirect('/api/Welcome', [await updatedSessionCookie(sessions, { ...claims, ...change }, claims.exp)]);
}
