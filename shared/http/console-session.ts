/**
 * The professional console's session and sign-in transaction, in sealed cookies of their own (never the clients'):
 * `__Host-console` (who signed in — tenant, object id, app, name, the roles of the ID token — and when) and
 * `__Host-console-signin` (state, nonce, PKCE verifier and the page to go back to; 15 minutes). Both HttpOnly, Secure,
 * SameSite=Lax (Entra's redirect is a top-level GET), Path=/, no Domain, sealed under keys derived from SESSION_KEYS
 * for their own purposes. A new session id at every sign-in; the session ends at the absolute lifetime from sign-in
 * (`CONSOLE_SESSION_HOURS`) or after `CONSOLE_IDLE_MINUTES` without a page, the idle clock renewed by activity and
 * the cookie sealed again at most once a minute. Signing out ends it for good (`EndedSessions`, as for clients).
 */
import type { Cookie, HttpRequest } from '@azure/functions';
import type { Locale } from '../domain/locale.js';
import type { SessionRef, SignedInProfessional, SignInAttempt } from '../domain/ports.js';
import type { Professional, ProfessionalRole } from '../domain/provider.js';
import { CONSOLE_COOKIE, CONSOLE_SIGN_IN_COOKIE } from './console-cookie-names.js';
import {
  clearedCookie,
  csrfToken,
  csrfValid,
  hostCookie,
  newSessionId,
  readCookie,
  type Sealer,
  SIGN_IN_TTL_SECONDS,
  sealer,
} from './sealed-cookies.js';

export { CONSOLE_COOKIE, CONSOLE_SIGN_IN_COOKIE };

/** The console's home: where a sign-in lands when no page was asked for. */
export const CONSOLE_HOME = '/api/console';
/** The idle clock is written back to the cookie at most this often (a page a second does not re-seal every time). */
export const RENEWAL_INTERVAL_SECONDS = 60;

export interface ConsoleClaims {
  sid: string;
  tid: string;
  oid: string;
  /** The console's app (the ID token's `aud`): `providerOf` finds a provider by app as the bearer path does. */
  appId: string;
  name: string;
  username?: string;
  roles: ProfessionalRole[];
  locale: Locale;
  /** Seconds since epoch: the sign-in, and the last page asked for (the idle clock). */
  signedInAt: number;
  seenAt: number;
}

/** A console session as read back from its cookie: its claims and its absolute end (seconds since epoch). */
export type OpenConsoleSession = ConsoleClaims & { exp: number };

export interface ConsoleTransaction {
  attempt: SignInAttempt;
  locale: Locale;
  /** The console page asked for before signing in (a same-origin path, `safeConsolePath`). */
  back: string;
}

export interface ConsoleSessions {
  session: Sealer<ConsoleClaims>;
  transaction: Sealer<ConsoleTransaction>;
  sessionKeys: string[];
  lifetimeSeconds: number;
  idleSeconds: number;
  now: () => Date;
}

export function consoleSessions(
  sessionKeys: string[],
  limits: { lifetimeHours: number; idleMinutes: number },
  now: () => Date = () => new Date(),
): ConsoleSessions {
  return {
    session: sealer<ConsoleClaims>(sessionKeys, 'console-session', now),
    transaction: sealer<ConsoleTransaction>(sessionKeys, 'console-sign-in', now),
    sessionKeys,
    lifetimeSeconds: limits.lifetimeHours * 3600,
    idleSeconds: limits.idleMinutes * 60,
    now,
  };
}

const seconds = (s: ConsoleSessions) => Math.floor(s.now().getTime() / 1000);

/** The session as the domain knows it: its id and when it ends on its own (its absolute end). */
export const consoleSessionRef = (claims: Pick<OpenConsoleSession, 'sid' | 'exp'>): SessionRef => ({
  sid: claims.sid,
  endsAt: new Date(claims.exp * 1000),
});

export type ConsoleCookieState =
  | { state: 'none' }
  /** The cookie opens but the professional asked for no page for longer than the idle timeout. */
  | { state: 'idle'; claims: OpenConsoleSession }
  | { state: 'open'; claims: OpenConsoleSession };

/** The console cookie, if it opens (not tampered with, not past its absolute end), and whether it sat idle too long. */
export async function readConsoleCookie(request: HttpRequest, s: ConsoleSessions): Promise<ConsoleCookieState> {
  const claims = await s.session.open(readCookie(request, CONSOLE_COOKIE));
  if (!claims) return { state: 'none' };
  if (typeof claims.seenAt !== 'number' || seconds(s) - claims.seenAt >= s.idleSeconds)
    return { state: 'idle', claims };
  return { state: 'open', claims };
}

/** A new session (a sign-in): a new id, the roles of the ID token, the lifetime from now. */
export async function newConsoleSession(
  s: ConsoleSessions,
  professional: SignedInProfessional,
  locale: Locale,
): Promise<{ claims: ConsoleClaims; cookie: Cookie }> {
  const now = seconds(s);
  const claims: ConsoleClaims = {
    sid: newSessionId(),
    tid: professional.tenantId,
    oid: professional.oid,
    appId: professional.appId,
    name: professional.name,
    ...(professional.username ? { username: professional.username } : {}),
    roles: professional.roles,
    locale,
    signedInAt: now,
    seenAt: now,
  };
  const exp = now + s.lifetimeSeconds;
  return { claims, cookie: hostCookie(CONSOLE_COOKIE, await s.session.seal(claims, exp), s.lifetimeSeconds) };
}

/**
 * The idle clock, renewed by a page: the cookie sealed again with `seenAt` now (same id, same absolute end), at most
 * once a minute; undefined when the cookie is recent enough to stay as it is.
 */
export async function renewedConsoleCookie(
  s: ConsoleSessions,
  claims: OpenConsoleSession,
): Promise<Cookie | undefined> {
  const now = seconds(s);
  if (now - claims.seenAt < RENEWAL_INTERVAL_SECONDS) return undefined;
  const { exp, ...rest } = claims;
  const { iat: _iat, ...kept } = rest as ConsoleClaims & { iat?: number };
  return hostCookie(CONSOLE_COOKIE, await s.session.seal({ ...kept, seenAt: now }, exp), exp - now);
}

export const endedConsoleCookie = (): Cookie => clearedCookie(CONSOLE_COOKIE);

export async function consoleTransactionCookie(s: ConsoleSessions, transaction: ConsoleTransaction): Promise<Cookie> {
  return hostCookie(
    CONSOLE_SIGN_IN_COOKIE,
    await s.transaction.seal(transaction, seconds(s) + SIGN_IN_TTL_SECONDS),
    SIGN_IN_TTL_SECONDS,
  );
}

export async function readConsoleTransaction(request: HttpRequest, s: ConsoleSessions) {
  return s.transaction.open(readCookie(request, CONSOLE_SIGN_IN_COOKIE));
}

/** Spent once its callback ran, whatever happened: a replayed callback finds nothing. */
export const spentConsoleTransactionCookie = (): Cookie => clearedCookie(CONSOLE_SIGN_IN_COOKIE);

// The console's CSRF tokens are tied to its session id under their own label: never equal to a client page's token.
const csrfSubject = (sid: string) => `console|${sid}`;
export const consoleCsrf = (s: Pick<ConsoleSessions, 'sessionKeys'>, claims: Pick<ConsoleClaims, 'sid'>) =>
  csrfToken(s.sessionKeys, csrfSubject(claims.sid));
export const consoleCsrfValid = (
  s: Pick<ConsoleSessions, 'sessionKeys'>,
  claims: Pick<ConsoleClaims, 'sid'>,
  presented: string | null | undefined,
) => csrfValid(s.sessionKeys, csrfSubject(claims.sid), presented);

/** The professional the session names, as the bearer path builds one (`providerOf` takes it). */
export const professionalOf = (claims: ConsoleClaims): Professional => ({
  tenantId: claims.tid,
  oid: claims.oid,
  appId: claims.appId,
  name: claims.name,
  kind: 'user',
  roles: claims.roles,
});

const CONSOLE_PATH = /^\/api\/console(?:[/?]|$)/;

/**
 * Where to go back after signing in: a path of the console on this site, or the console's home. Anything that could
 * leave the site — an absolute URL, `//host`, a backslash (which browsers read as a slash), control characters, a
 * path outside the console — is replaced by the home: no open redirect.
 */
export function safeConsolePath(asked: string | null | undefined): string {
  if (!asked || asked.length > 1024) return CONSOLE_HOME;
  if (!asked.startsWith('/') || asked.startsWith('//') || /[\\\p{Cc}\s]/u.test(asked)) return CONSOLE_HOME;
  let url: URL;
  try {
    url = new URL(asked, 'https://console.invalid');
  } catch {
    return CONSOLE_HOME;
  }
  if (url.origin !== 'https://console.invalid') return CONSOLE_HOME;
  const path = `${url.pathname}${url.search}`;
  if (!CONSOLE_PATH.test(path) || url.pathname.split('/').some((segment) => segment === '..' || segment === '.')) {
    return CONSOLE_HOME;
  }
  // The sign-in pages themselves are no place to go back to.
  if (/^\/api\/console\/(sign-in|callback|sign-out)\b/.test(url.pathname)) return CONSOLE_HOME;
  return path;
}
