/**
 * Changing the address a client signs in with (seed 004's "primary" email, issue 15 item 4; docs/profile.md "Sign-in
 * email"): the client asks from the profile, a 6-digit code goes to the new address, and only that code typed back
 * makes the change — in Entra (the account's email sign-in identity and its `mail`), in the account's record, and in
 * the sign-in address of each provider's file; the old address is told. The rules here are pure.
 */

/** A code for the new address works this long. */
export const EMAIL_CHANGE_CODE_TTL_MS = 15 * 60_000;
/** Wrong codes typed against one code before it is spent. */
export const EMAIL_CHANGE_MAX_WRONG_TRIES = 5;
/** Codes sent per account: at most this many in any hour (each goes to an address the client typed). */
export const EMAIL_CHANGE_SENDS_PER_HOUR = 5;
/**
 * The longest sign-in address Entra accepts: an identity's `issuerAssignedId` holds 64 characters
 * (https://learn.microsoft.com/graph/api/resources/objectidentity).
 */
export const MAX_SIGN_IN_EMAIL_LENGTH = 64;

/** A change of the account's sign-in email, waiting for the code sent to the new address. */
export interface PendingEmailChange {
  /** The new sign-in address (normalized). */
  email: string;
  /** The code's HMAC (as an activation code's: `ClientCodes`); the code itself is never stored. */
  codeHash: string;
  requestedAt: Date;
  expiresAt: Date;
  /** Wrong codes typed against it; at `EMAIL_CHANGE_MAX_WRONG_TRIES` it is spent. */
  wrongTries: number;
}

/** What a code typed against the pending change is worth, before comparing it. */
export function pendingChangeState(
  change: PendingEmailChange | undefined,
  now: Date,
): 'none' | 'expired' | 'spent' | 'open' {
  if (!change) return 'none';
  if (change.wrongTries >= EMAIL_CHANGE_MAX_WRONG_TRIES) return 'spent';
  if (now.getTime() >= change.expiresAt.getTime()) return 'expired';
  return 'open';
}
