/**
 * The client's browser session and sign-in transaction, both in sealed cookies (only the ids of sessions signed out
 * early are stored, see `browser-session.ts`): who signed in (tenant and object id), where they are (provider,
 * company), and, during onboarding, what the Create Company page needs. A new session id at every sign-in; 8 hours,
 * absolute — updates keep the original expiry.
 */
import type { Cookie, HttpRequest } from '@azure/functions';
import type { AccessChoice } from '../domain/client.js';
import type { CompanyDraft } from '../domain/invitation.js';
import type { Locale } from '../domain/locale.js';
import type { SignInAttempt } from '../domain/ports.js';
import {
  clearedCookie,
  csrfToken,
  csrfValid,
  hostCookie,
  readCookie,
  SESSION_COOKIE,
  SESSION_TTL_SECONDS,
  type Sealer,
  SIGN_IN_COOKIE,
  SIGN_IN_TTL_SECONDS,
  sealer,
} from './sealed-cookies.js';

export interface OnboardingState {
  invitationId: string;
  invitationEtag: string;
  providerId: string;
  providerName: string;
  platformName: string;
  supportEmail: string;
  firstName: string;
  lastName: string;
  company?: CompanyDraft;
  companyId?: string;
}

export interface SessionClaims {
  sid: string;
  clientKey: string;
  clientId: string;
  email: string;
  name: string;
  locale: Locale;
  current?: AccessChoice;
  /** Offered by the company picker, when the client belongs to several. */
  choices?: AccessChoice[];
  onboarding?: OnboardingState;
}

export type SignInTransaction =
  | { purpose: 'accept'; attempt: SignInAttempt; invitationId: string; locale: Locale }
  | { purpose: 'accept-again'; invitationId: string; locale: Locale }
  | {
      purpose: 'sign-in';
      attempt: SignInAttempt;
      locale: Locale;
      wanted?: { providerId?: string; companyId?: string };
    };

/** A session as read back from its cookie: the claims and when it ends (seconds since epoch). */
export type OpenSession = SessionClaims & { exp: number };

export interface Sessions {
  session: Sealer<SessionClaims>;
  transaction: Sealer<SignInTransaction>;
  sessionKeys: string[];
  now: () => Date;
}

export function sessions(sessionKeys: string[], now: () => Date = () => new Date()): Sessions {
  return {
    session: sealer<SessionClaims>(sessionKeys, 'session', now),
    transaction: sealer<SignInTransaction>(sessionKeys, 'sign-in', now),
    sessionKeys,
    now,
  };
}

const seconds = (d: Date) => Math.floor(d.getTime() / 1000);

/**
 * The cookie's claims, if it opens. It cannot know whether the session was signed out: pages read the session through
 * `browserSession` / `requireSession` (`browser-session.ts`), which ask.
 */
export async function readSession(request: HttpRequest, s: Sessions) {
  return s.session.open(readCookie(request, SESSION_COOKIE));
}

export async function readTransaction(request: HttpRequest, s: Sessions) {
  return s.transaction.open(readCookie(request, SIGN_IN_COOKIE));
}

/** The browser's sign-in transaction when it is one for `purpose` (a callback ignores another flow's). */
export async function pendingTransaction<P extends SignInTransaction['purpose']>(
  request: HttpRequest,
  s: Sessions,
  purpose: P,
): Promise<Extract<SignInTransaction, { purpose: P }> | undefined> {
  const pending = await readTransaction(request, s);
  return pending && isFor(pending, purpose) ? pending : undefined;
}

const isFor = <P extends SignInTransaction['purpose']>(
  transaction: SignInTransaction,
  purpose: P,
): transaction is Extract<SignInTransaction, { purpose: P }> => transaction.purpose === purpose;

/** A new session's expiry; an updated session keeps the one it had. */
export const newSessionExpiry = (s: Sessions) => seconds(s.now()) + SESSION_TTL_SECONDS;
export const transactionExpiry = (s: Sessions) => seconds(s.now()) + SIGN_IN_TTL_SECONDS;
export const secondsLeft = (s: Sessions, exp: number) => exp - seconds(s.now());

export const csrfFor = (s: Sessions, claims: Pick<SessionClaims, 'sid'>) => csrfToken(s.sessionKeys, claims.sid);
export const csrfMatches = (s: Sessions, claims: Pick<SessionClaims, 'sid'>, token: string | null | undefined) =>
  csrfValid(s.sessionKeys, claims.sid, token);

/** The cookie of a new session (a sign-in): 8 hours from now. */
export async function newSessionCookie(s: Sessions, claims: SessionClaims): Promise<Cookie> {
  return hostCookie(SESSION_COOKIE, await s.session.seal(claims, newSessionExpiry(s)), SESSION_TTL_SECONDS);
}

/** The cookie of a changed session (a company chosen or created): it keeps the expiry `exp` it had. */
export async function updatedSessionCookie(s: Sessions, claims: SessionClaims, exp: number): Promise<Cookie> {
  return hostCookie(SESSION_COOKIE, await s.session.seal(claims, exp), secondsLeft(s, exp));
}

/** Ends the session (signing out, or access refused). */
export const endedSessionCookie = (): Cookie => clearedCookie(SESSION_COOKIE);

/** The cookie of a sign-in transaction, on its way to Entra: 15 minutes. */
export async function transactionCookie(s: Sessions, transaction: SignInTransaction): Promise<Cookie> {
  return hostCookie(SIGN_IN_COOKIE, await s.transaction.seal(transaction, transactionExpiry(s)), SIGN_IN_TTL_SECONDS);
}

/** The transaction is spent once its callback has run, whatever happened: a replayed callback finds nothing. */
export const spentTransactionCookie = (): Cookie => clearedCookie(SIGN_IN_COOKIE);
