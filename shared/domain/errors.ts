/**
 * Domain errors: a stable `code` from a literal union, a message for people, and optional details. The HTTP
 * edge maps each code to a status and a problem type (shared/http/problem.ts); the domain knows no HTTP.
 */

export type DomainErrorCode =
  | 'validation-failed'
  | 'not-found'
  | 'conflict'
  | 'unauthenticated'
  | 'forbidden'
  | 'rate-limited'
  | 'dependency-unavailable';

export class DomainError extends Error {
  constructor(
    readonly code: DomainErrorCode,
    message: string,
    readonly details: Record<string, unknown> = {},
  ) {
    super(message);
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
