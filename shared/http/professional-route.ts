/**
 * The routes of professionals: before the handler runs, the bearer token is verified (401), the route's role
 * required and the provider the professional acts for found (403) — see `actingProfessional`.
 */
import type { HttpRequest, HttpResponseInit } from '@azure/functions';
import type { ActingProfessional, ProfessionalRole } from '../domain/provider.js';
import type { Logger } from '../log.js';
import type { Handler } from './handler.js';
import { actingProfessional, type ProfessionalAuth } from './professional.js';

/**
 * A handler for `edge` that serves professionals holding `role` only: `handler` gets the acting professional in
 * place of the invocation context.
 */
export function forProfessionals<D extends { auth: ProfessionalAuth }>(
  role: ProfessionalRole,
  handler: (request: HttpRequest, professional: ActingProfessional, deps: D, log: Logger) => Promise<HttpResponseInit>,
): Handler<D> {
  return async (request, _context, deps, log) =>
    handler(request, await actingProfessional(request, deps.auth, role), deps, log);
}
