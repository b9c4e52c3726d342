/**
 * Domain errors: why the domain (or an adapter speaking for it) refuses, as one `code` from a literal union, a
 * message for people, optional details the answer may carry, and the `cause` it was raised from (kept for the logs,
 * never shown). The HTTP edge maps each code to a status and a problem type in one table (shared/http/problem.ts);
 * the domain knows no HTTP. Each code is the problem `code` the API answers with (../shared/API.md pins some).
 */

/** Every reason, once; `DomainErrorCode` is one of them. */
export const DOMAIN_ERROR_CODES = [
  // The request itself.
  'validation-failed',
  'invalid-cursor',
  // Who is calling.
  'unauthenticated',
  'sign-in-failed',
  'forbidden',
  'no-provider',
  'provider-inactive',
  // What it names is not there (or not the caller's).
  'invitation-not-found',
  'batch-not-found',
  'provider-not-found',
  'client-not-found',
  // The state it meets: someone wrote first, or the invitation is no longer where the request needs it.
  'concurrent-update',
  'invitation-pending',
  'invitation-accepted',
  'invitation-completed',
  'invitation-expired',
  'invitation-revoked',
  'already-client',
  'client-exists',
  // A provider registration (ops) meets what another provider holds.
  'provider-exists',
  'agency-code-taken',
  'agency-code-unchangeable',
  'grant-taken',
  // The mobile app: activating a device with the codes, the device's credential, the app's version.
  'activation-code-wrong',
  'activation-code-spent',
  'activation-code-expired',
  'activation-code-used',
  'activation-locked',
  'mobile-app-not-offered',
  'mobile-app-expired',
  'device-not-found',
  'device-revoked',
  'update-required',
  // Two-step verification (an authenticator app's code, or a recovery code).
  'two-step-required',
  'two-step-locked',
  // The service's own limits and dependencies.
  'rate-limited',
  'dependency-unavailable',
  // The activation SMS (SendActivationSms).
  'no-phone',
  'phone-not-allowed',
  'app-not-offered',
  'sms-budget-exhausted',
  // Passwords and access (ResetPassword, temporary passwords, block, unblock, merge).
  'no-account',
  'multiple-providers',
  'password-rejected',
  'reset-link-used',
  'reset-link-expired',
  'access-refused',
  'merge-refused',
  'release-refused',
  'sign-in-email-refused',
  'client-access-refused',
  'client-merged',
  // Two-step verification (docs/two-step-help.md).
  'two-step-off',
] as const;

export type DomainErrorCode = (typeof DOMAIN_ERROR_CODES)[number];

export class DomainError extends Error {
  constructor(
    readonly code: DomainErrorCode,
    message: string,
    /** Extensions of the answer (e.g. `invitationId`, `retryAfterSeconds`): shown to the caller, so never a secret. */
    readonly details: Record<string, unknown> = {},
    /** `{ cause }`: the error this one was raised from (an SDK's, a dependency's), for the logs only. */
    options?: ErrorOptions,
  ) {
    super(message, options);
    this.name = 'DomainError';
  }
}

/** One field's problem, pointed at with a JSON pointer fragment (`#/company/name`). */
export interface FieldProblem {
  pointer: string;
  detail: string;
}

export class ValidationFailed extends DomainError {
  constructor(
    readonly errors: FieldProblem[],
    message = 'The request has invalid fields.',
  ) {
    super('validation-failed', message, { errors });
  }
}

/** A type guard for a subset of the codes (the refusals one flow turns into answers of its own). */
export function isOneOf<const T extends readonly DomainErrorCode[]>(
  codes: T,
): (code: DomainErrorCode) => code is T[number] {
  return (code): code is T[number] => (codes as readonly DomainErrorCode[]).includes(code);
}
