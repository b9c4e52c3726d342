/**
 * What every route of the local Entra ID shares: the directory, the stores, the keys and the injected ports
 * (verification mailer, log, clock). Built once by `startLocalEntra`.
 */
import type { GrantStore } from './grants.js';
import type { SigningKeys } from './keys.js';
import type { SignInLockout } from './lockout.js';
import type { Locale } from './messages.js';
import type { Registrations } from './registrations.js';
import type { Directory } from './tenants.js';
import type { TokenIssuer } from './tokens.js';
import type { InteractionStore } from './transactions.js';
import type { UserStore } from './users.js';

/** The sign-up verification email; the stack sends it through the local ACS (see `acs-mailer.ts`). */
export interface VerificationEmail {
  to: string;
  subject: string;
  text: string;
  html: string;
  locale: Locale;
}

export type VerificationMailer = (message: VerificationEmail) => Promise<void>;

export interface EntraContext {
  /** `https://<publicHost>:<port>`, known once the server listens. */
  baseUrl(): string;
  issuer(tenantId: string): string;
  directory: Directory;
  users: UserStore;
  /** App registrations, service principals, user flows and identity providers written through Graph. */
  registrations: Registrations;
  keys: SigningKeys;
  tokens: TokenIssuer;
  grants: GrantStore;
  interactions: InteractionStore;
  /** Smart lockout of accounts after repeated wrong passwords. */
  lockout: SignInLockout;
  sendVerificationEmail: VerificationMailer | undefined;
  log(line: string): void;
  now(): number;
}

/** Emails in logs are masked (`w•••@example.com`), as the project's logging rule asks. */
export function maskEmail(email: string): string {
  const at = email.indexOf('@');
  return at < 1 ? '•••' : `${email[0]}•••${email.slice(at)}`;
}
