/**
 * The client's browser session and sign-in transaction, both in sealed cookies (only the ids of sessions signed out
 * early are stored, see `browser-session.ts`): who signed in (tenant and object id), where they are (provider,
 * company), and, during onboarding, what the Create Company page needs. A new session id at every sign-in; 8 hours,
 * absolute — updates keep the original expiry.
 */
import type { Cookie, HttpRequest } from '@azure/functions';
import type { AccessChoice } from '../domain/client.js';
import { type CompanyDraft, INVITATION_DATES, type Invitation } from '../domain/invitation.js';
import type { Locale } from '../domain/locale.js';
import type { SignInAttempt, Versioned } from '../domain/ports.js';
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
  /** When Entra last asked the person for their password (seconds since the epoch), when the ID token said. */
  authTime?: number;
  /** The person closed the signed-in notice (seed 001: closed until the next sign-in, which starts a new session). */
  noticeClosed?: true;
  /** Entra's sign-in passed but two-step's code step not yet: only the code page, its help page and sign-out serve it. */
  twoStepPending?: true;
}

export type SignInTransaction =
  | {
      purpose: 'accept';
      attempt: SignInAttempt;
      invitationId: string;
      locale: Locale;
      /** The invitation as the click read it, with its ETag: the callback accepts it If-Match, without reading. */
      read?: Versioned<Invitation>;
    }
  | { purpose: 'accept-again'; invitationId: string; locale: Locale }
  | {
      purpose: 'sign-in';
      attempt: SignInAttempt;
      locale: Locale;
      wanted?: { providerId?: string; companyId?: string };
      /** A fresh sign-in asked by a page (change password, sign-in email): back there instead of home. */
      returnTo?: 'change-password' | 'change-email' | 'erasure' | 'two-step';
    };

/**
 * The invitation as a sign-in cookie carries it: its JSON (dates as ISO strings) and its ETag. Everything the row
 * holds is in it — the callback writes it back whole (Table `Replace`), so a field left out would be erased — and
 * nothing the row does not hold (no link key).
 */
export interface SealedInvitation {
  etag: string;
  invitation: Record<string, unknown>;
}

export function sealedInvitation(read: Versioned<Invitation>): SealedInvitation {
  return { etag: read.etag, invitation: JSON.parse(JSON.stringify(read.value)) };
}

/** The invitation of a sign-in cookie, or undefined when it is not one (the callback then reads it). */
export function openedInvitation(sealed: unknown, invitationId: string): Versioned<Invitation> | undefined {
  if (!isRecord(sealed) || typeof sealed.etag !== 'string' || !isRecord(sealed.invitation)) return undefined;
  const invitation = structuredClone(sealed.invitation);
  if (invitation.id !== invitationId || !isRecord(invitation.delivery)) return undefined;
  for (const path of INVITATION_DATES) {
    const [field, inner] = path.split('.') as [string, string | undefined];
    const holder = inner ? (invitation[field] as Record<string, unknown>) : invitation;
    const name = inner ?? field;
    if (holder[name] === undefined) continue;
    const date = typeof holder[name] === 'string' ? new Date(holder[name]) : undefined;
    if (!date || Number.isNaN(date.getTime())) return undefined;
    holder[name] = date;
  }
  return { value: invitation as unknown as Invitation, etag: sealed.etag };
}

const isRecord = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

/** What the cookie holds: the transaction, its invitation (if any) in its JSON form. */
type SealedTransaction =
  | Exclude<SignInTransaction, { purpose: 'accept' }>
  | (Omit<Extract<SignInTransaction, { purpose: 'accept' }>, 'read'> & { read?: SealedInvitation });

/** A session as read back from its cookie: the claims and when it ends (seconds since epoch). */
export type OpenSession = SessionClaims & { exp: number };

export interface Sessions {
  session: Sealer<SessionClaims>;
  transaction: Sealer<SealedTransaction>;
  sessionKeys: string[];
  now: () => Date;
}

export function sessions(sessionKeys: string[], now: () => Date = () => new Date()): Sessions {
  return {
    session: sealer<SessionClaims>(sessionKeys, 'session', now),
    transaction: sealer<SealedTransaction>(sessionKeys, 'sign-in', now),
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

/**
 * What the browser's session cookie is, for a page that must say why it refuses: none sent at all (signed out here,
 * or never signed in), one that still opens (`open`: its claims — whether it was signed out elsewhere is the domain's
 * to say), one of ours past its 8 hours (`expired`: its claims, for the page's language only), or one that does not
 * open (tampered with, sealed under a key no longer held).
 */
export type SessionCookie =
  | { kind: 'none' }
  | { kind: 'open'; claims: OpenSession }
  | { kind: 'expired'; locale: Locale | undefined }
  | { kind: 'unreadable' };

export async function readSessionCookie(request: HttpRequest, s: Sessions): Promise<SessionCookie> {
  const token = readCookie(request, SESSION_COOKIE);
  if (!token) return { kind: 'none' };
  const claims = await s.session.open(token);
  if (claims) return { kind: 'open', claims };
  const expired = await s.session.expired(token);
  return expired ? { kind: 'expired', locale: expired.locale } : { kind: 'unreadable' };
}

export async function readTransaction(
  request: HttpRequest,
  s: Sessions,
): Promise<(SignInTransaction & { exp: number }) | undefined> {
  const sealed = await s.transaction.open(readCookie(request, SIGN_IN_COOKIE));
  if (sealed?.purpose !== 'accept') return sealed;
  const { read, ...transaction } = sealed;
  const invitation = read === undefined ? undefined : openedInvitation(read, transaction.invitationId);
  return invitation ? { ...transaction, read: invitation } : transaction;
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

/**
 * The cookie of a sign-in transaction, on its way to Entra: 15 minutes. An invitation that would make it larger than
 * browsers keep (`MAX_SET_COOKIE_BYTES`) stays out of it: the callback reads the invitation instead.
 */
export async function transactionCookie(s: Sessions, transaction: SignInTransaction): Promise<Cookie> {
  const seal = async (sealed: SealedTransaction) =>
    hostCookie(SIGN_IN_COOKIE, await s.transaction.seal(sealed, transactionExpiry(s)), SIGN_IN_TTL_SECONDS);
  if (transaction.purpose !== 'accept') return seal(transaction);
  const { read, ...without } = transaction;
  if (!read) return seal(without);
  const cookie = await seal({ ...without, read: sealedInvitation(read) });
  return setCookieBytes(cookie) < MAX_SET_COOKIE_BYTES ? cookie : seal(without);
}

/** Browsers keep cookies of 4,096 bytes at least (name, value and attributes: RFC 6265 §6.1); ours stay under. */
export const MAX_SET_COOKIE_BYTES = 4096;

/** The size of a cookie's `Set-Cookie` line as the host writes it (name=value and each attribute). */
export function setCookieBytes(cookie: Cookie): number {
  const attributes = [
    cookie.path ? `Path=${cookie.path}` : '',
    cookie.domain ? `Domain=${cookie.domain}` : '',
    cookie.maxAge === undefined ? '' : `Max-Age=${cookie.maxAge}`,
    cookie.expires ? `Expires=${new Date(cookie.expires).toUTCString()}` : '',
    cookie.secure ? 'Secure' : '',
    cookie.httpOnly ? 'HttpOnly' : '',
    cookie.sameSite ? `SameSite=${cookie.sameSite}` : '',
  ].filter(Boolean);
  return Buffer.byteLength([`${cookie.name}=${cookie.value}`, ...attributes].join('; '));
}

/** The transaction is spent once its callback has run, whatever happened: a replayed callback finds nothing. */
export const spentTransactionCookie = (): Cookie => clearedCookie(SIGN_IN_COOKIE);
