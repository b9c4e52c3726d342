/**
 * The client's session as a browser function meets it: the session (if any) and the page's language — the one asked
 * for (`?lang=`), else the session's, else the browser's. A session whose cookie still opens but that was signed out
 * is no session. Pages that need someone signed in answer 401 otherwise, with a page that says why (not signed in,
 * session expired, session ended), and the access-refused page of sign-in (403) when the client is no longer allowed
 * where the session is. Also the pages every browser flow shares: refusing an untrusted post, and the way to Entra's
 * sign-in.
 */
import type { Cookie, HttpRequest, HttpResponseInit } from '@azure/functions';
import { awaitingCompany, type ClientProfile } from '../domain/client.js';
import type { Locale } from '../domain/locale.js';
import type { SessionRef } from '../domain/ports.js';
import type { Provider } from '../domain/provider.js';
import { FRESH_SIGN_IN_SECONDS, signedInRecently } from '../domain/use-cases/client-profile.js';
import { checkSession, isSessionEnded, type Refusal } from '../domain/use-cases/client-session.js';
import { resumeOnboarding } from '../domain/use-cases/create-company.js';
import { beginSignIn } from '../domain/use-cases/sign-in.js';
import { type Logger, maskEmail } from '../log.js';
import { renderAccessRefusedPage, renderSignInProblemPage } from '../web/access-pages.js';
import { type BrowserDeps, pageLocale, requireBrowserPost } from './browser.js';
import { page, redirect } from './respond.js';
import { SESSION_TTL_SECONDS } from './sealed-cookies.js';
import {
  endedSessionCookie,
  type OnboardingState,
  type OpenSession,
  readSession,
  readSessionCookie,
  type SessionClaims,
  type Sessions,
  type SignInTransaction,
  transactionCookie,
  updatedSessionCookie,
} from './session.js';
import { onboardingState } from './session-claims.js';

/** The session as the domain knows it: its id and when it ends on its own. */
export const sessionRef = (claims: Pick<OpenSession, 'sid' | 'exp'>): SessionRef => ({
  sid: claims.sid,
  endsAt: new Date(claims.exp * 1000),
  // Sessions last SESSION_TTL_SECONDS from their opening, and updates keep their expiry.
  startedAt: new Date((claims.exp - SESSION_TTL_SECONDS) * 1000),
});

/** The session, if there is one that was not signed out (one point read), and the page's language. */
export async function browserSession(
  request: HttpRequest,
  deps: Pick<BrowserDeps, 'sessions' | 'onboarding'>,
): Promise<{ claims: OpenSession | undefined; locale: Locale }> {
  const opened = await readSession(request, deps.sessions);
  const claims = opened && !(await isSessionEnded(deps.onboarding, sessionRef(opened))) ? opened : undefined;
  return { claims, locale: pageLocale(request, opened?.locale) };
}

export type SignedIn =
  | {
      signedIn: true;
      claims: OpenSession;
      locale: Locale;
      /** The client's records as this request read them (a page's view reuses them instead of reading again). */
      profile: ClientProfile;
    }
  | { signedIn: false; refusal: HttpResponseInit };

/** A signed-in page's request, and for a POST its form; or the page that refuses either. */
export type SignedInForm =
  | {
      accepted: true;
      session: Extract<SignedIn, { signedIn: true }>;
      /** The form posted: undefined for a GET. */
      post: { fields: URLSearchParams } | undefined;
    }
  | { accepted: false; refusal: HttpResponseInit };

/**
 * The preamble of a signed-in page with a form (the profile's pages): the session (`requireSession`), then for a POST
 * the session's own form (`requireBrowserPost`: same origin, CSRF) — a foreign post starts nothing, not even a
 * sign-in — refused with `untrustedPostPage`.
 */
export async function requireSignedInForm(request: HttpRequest, deps: BrowserDeps, log: Logger): Promise<SignedInForm> {
  const session = await requireSession(request, deps, log);
  if (!session.signedIn) return { accepted: false, refusal: session.refusal };
  const { claims, locale } = session;
  if (request.method !== 'POST') return { accepted: true, session, post: undefined };
  const post = await requireBrowserPost(request, deps, {
    claims,
    log,
    refusal: (status) => untrustedPostPage(locale, status),
  });
  return post.accepted ? { accepted: true, session, post } : post;
}

/** Why a signed-in page refuses a visitor without a usable session (each its own 401 page). */
type SessionProblem = 'not-signed-in' | 'session-expired' | 'session-ended';

/**
 * The session and the page's language, or the page that refuses with a 401 that says why: "not signed in" without
 * a session cookie (signed out here, never signed in) or with one that does not open; "session expired" only for a
 * cookie past its 8 hours; "session ended" for one signed out elsewhere or opened before the client's sessions were
 * all ended (a password changed or reset) — both cookies cleared. 403 with the reason of seed 004 when the client was blocked, merged or
 * their provider stopped since they signed in (the cookie is cleared). The domain decides (`checkSession`).
 */
export async function requireSession(
  request: HttpRequest,
  deps: Pick<BrowserDeps, 'sessions' | 'onboarding'>,
  log?: Logger,
  options: { twoStepPending?: 'allowed' } = {},
): Promise<SignedIn> {
  const cookie = await readSessionCookie(request, deps.sessions);
  const refused = (problem: SessionProblem, locale: Locale, cookies: Cookie[] = []): SignedIn => ({
    signedIn: false,
    refusal: page(401, renderSignInProblemPage({ locale, problem }), cookies),
  });
  // Each page says what truly happened: nobody signed in here, a session past its 8 hours, or one ended early.
  if (cookie.kind === 'none') return refused('not-signed-in', pageLocale(request));
  if (cookie.kind === 'expired')
    return refused('session-expired', pageLocale(request, cookie.locale), [endedSessionCookie()]);
  if (cookie.kind === 'unreadable') return refused('not-signed-in', pageLocale(request), [endedSessionCookie()]);
  const opened = cookie.claims;
  // Two-step on and its code not given yet: every signed-in page sends the browser to the code page (docs/two-step.md).
  if (opened.twoStepPending && options.twoStepPending !== 'allowed') {
    return { signedIn: false, refusal: redirect(twoStepCodePath(pageLocale(request, opened.locale))) };
  }
  const check = await checkSession(deps.onboarding, {
    ...sessionRef(opened),
    clientKey: opened.clientKey,
    ...(opened.current ? { current: opened.current } : {}),
    ...(opened.choices ? { choices: opened.choices } : {}),
  });
  const locale = pageLocale(request, opened.locale);
  if (check.kind === 'ended') {
    log?.warn('security.session.signed-out-replayed', { clientId: opened.clientId });
    return refused('session-ended', locale, [endedSessionCookie()]);
  }
  if (check.kind === 'refused') {
    log?.warn('security.session.access-refused', {
      reason: check.refusal.reason,
      providerId: check.refusal.providerId,
      clientId: opened.clientId,
    });
    return {
      signedIn: false,
      refusal: accessRefusedPage(locale, check.refusal, check.provider, [endedSessionCookie()]),
    };
  }
  return { signedIn: true, claims: opened, locale, profile: check.profile };
}

/** Where a session waiting for its two-step code goes; `next`: where the code then leads (`twoStepNext`). */
export function twoStepCodePath(locale: Locale, next?: string): string {
  return `/api/SignIn/two-step?${new URLSearchParams({ lang: locale, ...(next ? { next } : {}) }).toString()}`;
}

/** The pages a code step may lead back to (anything else: the welcome page). */
const TWO_STEP_NEXT = new Set([
  '/api/Welcome',
  '/api/SignIn/choose',
  '/api/CreateCompany',
  '/api/Profile',
  '/api/Profile/password',
  '/api/Profile/email',
  '/api/Profile/erasure',
  '/api/Profile/two-step',
]);

/** The page after the code step, from the code page's `next` (only pages of this app, never another site). */
export function twoStepNext(next: string | null | undefined): string {
  return next && TWO_STEP_NEXT.has(next) ? next : '/api/Welcome';
}

/** The 403 page that says why a signed-in client may not get in (seed 004), at sign-in or later. */
export function accessRefusedPage(
  locale: Locale,
  refusal: Refusal,
  provider: Provider | undefined,
  cookies: Cookie[],
): HttpResponseInit {
  return page(
    403,
    renderAccessRefusedPage({
      locale,
      reason: refusal.reason,
      ...(provider ? { providerName: provider.name, supportEmail: provider.supportEmail } : {}),
      ...(refusal.since ? { since: refusal.since } : {}),
      ...(refusal.mergedInto ? { mergedIntoEmail: maskEmail(refusal.mergedInto) } : {}),
    }),
    cookies,
  );
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

/** The profile's pages that ask for a fresh sign-in first, and come back after it (`SignInTransaction.returnTo`). */
export type FreshSignInPage = NonNullable<Extract<SignInTransaction, { purpose: 'sign-in' }>['returnTo']>;

/**
 * A fresh sign-in for a page that changes what protects the account (password, sign-in address, two-step, erasure):
 * when Entra last asked for the password more than `FRESH_SIGN_IN_SECONDS` ago (or the session cannot say), off to
 * Entra with `prompt=login` and `max_age`, back to `page` after it; undefined when the sign-in is fresh enough.
 */
export async function freshSignInRedirect(
  deps: Pick<BrowserDeps, 'onboarding' | 'sessions'>,
  session: { claims: OpenSession; locale: Locale },
  at: { now: Date; page: FreshSignInPage; method: string },
  log: Logger,
): Promise<HttpResponseInit | undefined> {
  const { claims, locale } = session;
  const authTime = claims.authTime === undefined ? undefined : new Date(claims.authTime * 1000);
  if (signedInRecently(authTime, at.now)) return undefined;
  const { authorizeUrl, attempt } = await beginSignIn(deps.onboarding, {
    locale,
    prompt: 'login',
    maxAge: FRESH_SIGN_IN_SECONDS,
    loginHint: claims.email,
  });
  log.info('security.fresh-sign-in.asked', { clientId: claims.clientId, page: at.page, method: at.method });
  return signInRedirect(deps.sessions, authorizeUrl, { purpose: 'sign-in', attempt, locale, returnTo: at.page });
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

/**
 * Create Company's context at the session's place, when onboarding stopped there before its company
 * (`awaitingCompany`, on the profile the page read): the session's own when it has it for that place, else resumed by
 * the domain (`resumeOnboarding`, one read of the invitation) — `resumed`, the answer must then carry the session
 * updated with it. Undefined when the place has its company, or nothing to resume (so no page loops back here).
 */
export async function unfinishedOnboarding(
  deps: Pick<BrowserDeps, 'onboarding'>,
  session: { claims: OpenSession; profile: ClientProfile },
): Promise<{ onboarding: OnboardingState; resumed: boolean } | undefined> {
  const { claims, profile } = session;
  const place = claims.current;
  if (!place || place.companyId || !awaitingCompany(profile, place.providerId)) return undefined;
  const own = claims.onboarding;
  if (own && own.providerId === place.providerId && !own.companyId) return { onboarding: own, resumed: false };
  const invitation = await resumeOnboarding(deps.onboarding, { clientId: claims.clientId, profile }, place);
  if (!invitation) return undefined;
  const provider = await deps.onboarding.providers.get(invitation.value.providerId);
  return { onboarding: onboardingState(invitation, provider), resumed: true };
}
