/**
 * Authorization codes and refresh tokens. Codes are single use, live 10 minutes, and are bound to the
 * client, redirect URI, PKCE challenge and nonce of the authorize request that produced them. Both are kept
 * only as SHA-256 hashes, in memory: a restart of the local Entra ID ends them, as a real outage might.
 */
import { createHash, randomBytes } from 'node:crypto';

export const CODE_LIFETIME_MS = 10 * 60 * 1000;
export const REFRESH_LIFETIME_MS = 90 * 24 * 60 * 60 * 1000;
/** Redeemed codes are remembered this long, so a replay gets "already redeemed" rather than "unknown". */
const REDEEMED_MEMORY_MS = 60 * 60 * 1000;

export interface AuthorizationCode {
  tenantId: string;
  clientId: string;
  redirectUri: string;
  codeChallenge: string;
  nonce: string | undefined;
  scopes: string[];
  userId: string;
  authTime: number;
  /** `max_age` was in the authorize request: the ID token must then carry `auth_time` (OIDC Core 3.1.2.1). */
  maxAgeAsked?: boolean;
  sessionState: string;
  expiresAt: number;
  redeemedAt?: number;
}

export interface RefreshGrant {
  tenantId: string;
  clientId: string;
  userId: string;
  scopes: string[];
  authTime: number;
  issuedAt: number;
  expiresAt: number;
}

const digest = (secret: string) => createHash('sha256').update(secret).digest('base64url');

export class GrantStore {
  private readonly codes = new Map<string, AuthorizationCode>();
  private readonly refreshTokens = new Map<string, RefreshGrant>();

  constructor(private readonly now: () => number) {}

  issueCode(grant: Omit<AuthorizationCode, 'expiresAt' | 'redeemedAt'>): string {
    this.sweep();
    const code = randomBytes(48).toString('base64url');
    this.codes.set(digest(code), { ...grant, expiresAt: this.now() + CODE_LIFETIME_MS });
    return code;
  }

  /** Marks the code redeemed and returns it, whatever its state: the caller decides which error applies. */
  redeemCode(code: string): AuthorizationCode | undefined {
    const found = this.codes.get(digest(code));
    if (!found) return undefined;
    const snapshot = { ...found };
    found.redeemedAt ??= this.now();
    return snapshot;
  }

  issueRefreshToken(grant: Omit<RefreshGrant, 'issuedAt' | 'expiresAt'>): string {
    const token = randomBytes(64).toString('base64url');
    const now = this.now();
    this.refreshTokens.set(digest(token), { ...grant, issuedAt: now, expiresAt: now + REFRESH_LIFETIME_MS });
    return token;
  }

  findRefreshToken(token: string): RefreshGrant | undefined {
    return this.refreshTokens.get(digest(token));
  }

  private sweep(): void {
    const now = this.now();
    for (const [key, code] of this.codes) {
      if (code.expiresAt + REDEEMED_MEMORY_MS < now) this.codes.delete(key);
    }
    for (const [key, grant] of this.refreshTokens) {
      if (grant.expiresAt < now) this.refreshTokens.delete(key);
    }
  }
}
