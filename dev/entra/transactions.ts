/**
 * State of sign-ins in progress (one transaction per authorize request) and of signed-in browsers (SSO
 * sessions, one cookie per tenant). A transaction is bound to the browser that started it by a cookie and
 * to its forms by a CSRF token, so a form posted from elsewhere, or replayed in another browser, fails.
 */
import { createHash, randomBytes, randomUUID, timingSafeEqual } from 'node:crypto';
import type { Locale } from './messages.js';

export const TRANSACTION_LIFETIME_MS = 30 * 60 * 1000;
export const SESSION_LIFETIME_MS = 24 * 60 * 60 * 1000;
export const SIGN_UP_CODE_LIFETIME_MS = 10 * 60 * 1000;
export const SIGN_UP_CODE_ATTEMPTS = 5;

export type Prompt = 'login' | 'create' | 'consent' | 'none' | 'select_account';
export type ResponseMode = 'query' | 'fragment' | 'form_post';

/** A validated authorize request: everything needed to finish it once the person has signed in. */
export interface AuthorizeRequest {
  tenantId: string;
  clientId: string;
  redirectUri: string;
  responseMode: ResponseMode;
  scopes: string[];
  state: string | undefined;
  nonce: string | undefined;
  codeChallenge: string;
  loginHint: string | undefined;
  prompt: Prompt | undefined;
  /** OIDC `max_age` (seconds): an SSO session authenticated longer ago than this asks for the password again. */
  maxAge?: number | undefined;
  locale: Locale;
}

export interface SignUpState {
  email: string;
  codeHash: string;
  codeExpiresAt: number;
  attemptsLeft: number;
  verified: boolean;
}

export interface Transaction {
  id: string;
  csrf: string;
  browser: string;
  request: AuthorizeRequest;
  expiresAt: number;
  signUp?: SignUpState;
  /** Set once the person has proven who they are; password change and consent need it. */
  userId?: string;
  authTime?: number;
  /** The SSO session this sign-in belongs to (Entra's `session_state`). */
  sessionState?: string;
  /** prompt=consent asks again even when consent exists; this records the fresh answer. */
  consentGiven?: boolean;
  /** `account`: the account choice of prompt=select_account is shown. */
  stage: 'signin' | 'signup' | 'verify' | 'password' | 'consent' | 'account';
}

export interface Session {
  id: string;
  tenantId: string;
  userId: string;
  createdAt: number;
  /** When the person last proved who they are in this session (password, sign-up): `auth_time`. */
  authTime: number;
  sessionState: string;
}

export function hashSecret(value: string): string {
  return createHash('sha256').update(value).digest('base64url');
}

export function sameSecret(a: string, b: string): boolean {
  const left = Buffer.from(a);
  const right = Buffer.from(b);
  return left.length === right.length && timingSafeEqual(left, right);
}

export class InteractionStore {
  private readonly transactions = new Map<string, Transaction>();
  private readonly sessions = new Map<string, Session>();

  constructor(private readonly now: () => number) {}

  begin(request: AuthorizeRequest, browser: string): Transaction {
    this.sweep();
    const tx: Transaction = {
      id: randomBytes(18).toString('base64url'),
      csrf: randomBytes(24).toString('base64url'),
      browser,
      request,
      expiresAt: this.now() + TRANSACTION_LIFETIME_MS,
      stage: 'signin',
    };
    this.transactions.set(tx.id, tx);
    return tx;
  }

  /** The transaction, only if it is alive and the browser and CSRF token are the ones it was issued to. */
  find(id: string, browser: string | undefined, csrf: string | undefined): Transaction | undefined {
    const tx = this.transactions.get(id);
    if (!tx || tx.expiresAt < this.now() || !browser || !sameSecret(tx.browser, browser)) return undefined;
    if (csrf !== undefined && !sameSecret(tx.csrf, csrf)) return undefined;
    return tx;
  }

  end(tx: Transaction): void {
    this.transactions.delete(tx.id);
  }

  startSession(tenantId: string, userId: string, authTime: number = this.now()): Session {
    const session = {
      id: randomBytes(24).toString('base64url'),
      tenantId,
      userId,
      createdAt: this.now(),
      authTime,
      sessionState: randomUUID(),
    };
    this.sessions.set(session.id, session);
    return session;
  }

  session(id: string | undefined, tenantId: string): Session | undefined {
    const session = id ? this.sessions.get(id) : undefined;
    if (!session || session.tenantId !== tenantId || session.createdAt + SESSION_LIFETIME_MS < this.now()) {
      return undefined;
    }
    return session;
  }

  endSession(id: string | undefined): void {
    if (id) this.sessions.delete(id);
  }

  private sweep(): void {
    const now = this.now();
    for (const [id, tx] of this.transactions) if (tx.expiresAt < now) this.transactions.delete(id);
    for (const [id, s] of this.sessions) if (s.createdAt + SESSION_LIFETIME_MS < now) this.sessions.delete(id);
  }
}
