/**
 * An account as the client tenant's directory shows it (Graph's user: `id`, `mail`, `identities`), and what proves
 * that its owner controls an email address. The ID token's `email` is the account's `mail`, which an administrator
 * (or an app allowed to write users) may set to any address: it proves nothing. What does: an email sign-in identity
 * of that address (External ID checked it with a one-time code at sign-up), or — for an account federated from
 * Google — the address Google verified, which External ID records at the Google sign-up as the account's `mail` and
 * in its `otherMails`. See docs/decisions.md, "Binding requires the email sign-in identity" and "Google-federated
 * clients bind by Google's verified email".
 */
import { normalizeEmail } from './email-address.js';

/** One way to sign in to the account (Graph's objectIdentity). */
export interface DirectoryIdentity {
  /** `emailAddress` (or a custom type starting with it), `userName`, `federated`, `userPrincipalName`, … */
  signInType: string;
  /** The tenant's domain for local accounts; the identity provider (`google.com`) for federated ones. */
  issuer: string;
  /** The sign-in name (local accounts), or the provider's id of the person (federated). */
  issuerAssignedId: string;
}

export interface DirectoryAccount {
  objectId: string;
  mail: string | null;
  /** Graph's `otherMails`: for a Google-federated account, the email Google verified at its sign-up. */
  otherMails?: string[];
  identities: DirectoryIdentity[];
}

/** Google, as Entra names it in the identity of an account federated from Google. */
export const GOOGLE_ISSUER = 'google.com';

const sameAddress = (a: string | null | undefined, b: string | undefined): boolean =>
  !!a && !!b && normalizeEmail(a) === b;

/**
 * Whether the account proves its owner controls `email` (compared as `normalizeEmail` does): an `emailAddress…`
 * sign-in identity of that address, or a Google-federated identity whose Google-verified email (recorded in
 * `otherMails` at the Google sign-up) is that address and still its `mail`. A `userName` identity, a
 * `userPrincipalName`, `mail` alone (an administrator may set it to anything), or an email Google did not verify
 * (External ID records none) prove nothing.
 */
export function provesEmail(account: DirectoryAccount, email: string): boolean {
  const wanted = normalizeEmail(email);
  if (!wanted) return false;
  return account.identities.some((identity) => {
    if (identity.signInType.startsWith('emailAddress')) return sameAddress(identity.issuerAssignedId, wanted);
    if (identity.signInType === 'federated' && identity.issuer.toLowerCase() === GOOGLE_ISSUER) {
      return sameAddress(account.mail, wanted) && (account.otherMails ?? []).some((m) => sameAddress(m, wanted));
    }
    return false;
  });
}
