/**
 * RFC 9457 problem details. One table maps each domain error code to its HTTP status and title; every error
 * leaves the service as `application/problem+json`, never as a stack trace.
 */
import type { HttpResponseInit } from '@azure/functions';
import type { DomainErrorCode, FieldProblem } from '../domain/errors.js';
import { apiHeaders } from './security-headers.js';

export const PROBLEM_BASE = 'https://onboarding.example/problems/';

export interface ProblemDetails {
  type: string;
  title: string;
  status: number;
  code: string;
  detail?: string;
  instance?: string;
  errors?: FieldProblem[];
  [extension: string]: unknown;
}

/** How the edge answers a domain error: its HTTP status and the problem's title (RFC 9457). */
export interface ProblemKind {
  status: number;
  title: string;
}

const invalid: ProblemKind = { status: 400, title: 'The request has invalid fields' };
const unauthenticated: ProblemKind = { status: 401, title: 'Authentication required' };
const forbidden: ProblemKind = { status: 403, title: 'Not allowed' };
const notFound: ProblemKind = { status: 404, title: 'Not found' };
const conflict: ProblemKind = { status: 409, title: 'Conflict' };

/**
 * Status and title per domain error code: the one place where the domain meets HTTP. A new code cannot compile
 * until it has its row here. The problem's `type` is `PROBLEM_BASE + code`.
 */
export const problemTable: Record<DomainErrorCode, ProblemKind> = {
  'validation-failed': invalid,
  'invalid-cursor': invalid,
  unauthenticated,
  'sign-in-failed': unauthenticated,
  forbidden,
  'no-provider': forbidden,
  'provider-inactive': forbidden,
  'invitation-not-found': notFound,
  'batch-not-found': notFound,
  'provider-not-found': notFound,
  'client-not-found': notFound,
  'concurrent-update': conflict,
  'invitation-pending': conflict,
  'invitation-accepted': conflict,
  'invitation-completed': conflict,
  'invitation-expired': conflict,
  'invitation-revoked': conflict,
  'already-client': conflict,
  'client-exists': conflict,
  'provider-exists': conflict,
  'agency-code-taken': conflict,
  'agency-code-unchangeable': conflict,
  'grant-taken': conflict,
  'activation-code-wrong': { status: 400, title: 'The codes do not match' },
  'activation-code-spent': { status: 410, title: 'This activation code is spent: ask for a new one' },
  'activation-code-expired': { status: 410, title: 'This activation code has expired: ask for a new one' },
  'activation-code-used': { status: 410, title: 'This activation code was already used: ask for a new one' },
  'activation-locked': { status: 403, title: 'Activation is locked until your advisor sends a new code' },
  'mobile-app-not-offered': { status: 403, title: 'The mobile app is not offered to this client' },
  'mobile-app-expired': { status: 403, title: 'The mobile app may no longer be used by this client' },
  'device-not-found': notFound,
  'device-revoked': { status: 401, title: 'This device was disconnected: activate it again' },
  'update-required': { status: 426, title: 'Update the app' },
  'two-step-required': { status: 401, title: 'Two-step verification: the code of the authenticator app is required' },
  'two-step-locked': { status: 429, title: 'Too many wrong codes: two-step verification is locked for a while' },
  'rate-limited': { status: 429, title: 'Too many requests' },
  'dependency-unavailable': { status: 503, title: 'A dependency is unavailable, try again later' },
  'no-phone': { status: 409, title: 'No mobile number on the client file' },
  'phone-not-allowed': { status: 422, title: 'SMS cannot be sent to this number' },
  'app-not-offered': { status: 409, title: 'The mobile app is not offered to this client' },
  'sms-budget-exhausted': { status: 503, title: 'The daily SMS budget is spent, try again later' },
  'no-account': { status: 409, title: 'The client has no account yet' },
  'multiple-providers': { status: 409, title: 'The client is the client of more than one provider' },
  'password-rejected': { status: 400, title: 'The password does not meet the rules' },
  'reset-link-used': { status: 410, title: 'This link was already used: ask for a new one' },
  'reset-link-expired': { status: 410, title: 'This link has expired: ask for a new one' },
  'access-refused': { status: 403, title: 'Access is refused' },
  'merge-refused': conflict,
  'release-refused': conflict,
  'sign-in-email-refused': conflict,
  'client-access-refused': { status: 409, title: 'The client has no access at this provider' },
  'client-merged': { status: 409, title: 'The client was merged into another client' },
  'two-step-off': { status: 409, title: 'Two-step verification is not on for this client' },
};

export type ProblemInit = {
  status: number;
  code: string;
  title: string;
  type?: string;
  detail?: string;
  instance?: string;
  errors?: FieldProblem[];
} & Record<string, unknown>;

export function problemResponse(problem: ProblemInit, headers: Record<string, string> = {}): HttpResponseInit {
  const body = { ...problem, type: problem.type ?? `${PROBLEM_BASE}${problem.code}` } as ProblemDetails;
  return {
    status: problem.status,
    headers: { ...apiHeaders(), ...headers, 'Content-Type': 'application/problem+json; charset=utf-8' },
    body: JSON.stringify(body),
  };
}

/** Problems the edge raises itself (not from the domain). */
export const edgeProblems = {
  unsupportedMediaType: (expected: string) =>
    problemResponse({
      status: 415,
      code: 'unsupported-media-type',
      title: 'Unsupported content type',
      detail: `Send ${expected}.`,
    }),
  payloadTooLarge: (limit: number) =>
    problemResponse({
      status: 413,
      code: 'payload-too-large',
      title: 'Request body too large',
      detail: `The limit is ${limit} bytes.`,
    }),
  malformedJson: () => problemResponse({ status: 400, code: 'malformed-json', title: 'The body is not valid JSON' }),
  internal: (instance: string) =>
    problemResponse({ status: 500, code: 'internal-error', title: 'Something went wrong on our side', instance }),
};
