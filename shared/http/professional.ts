/**
 * Who calls a professional route: the bearer token is verified (401 otherwise), the route's role is required
 * (403), and the provider the professional acts for is found (403 when they act for none).
 */
import type { HttpRequest } from '@azure/functions';
import { DomainError } from '../domain/errors.js';
import type { ProviderDirectory } from '../domain/ports.js';
import { type ActingProfessional, type Professional, type ProfessionalRole, requireRole } from '../domain/provider.js';

export interface ProfessionalAuth {
  professionalTokens: { verify(authorizationHeader: string | null | undefined): Promise<Professional> };
  providers: ProviderDirectory;
}

export async function actingProfessional(
  request: HttpRequest,
  auth: ProfessionalAuth,
  role: ProfessionalRole,
): Promise<ActingProfessional> {
  const professional = await auth.professionalTokens.verify(request.headers.get('authorization'));
  requireRole(professional, role);
  const providerId = await auth.providers.providerOf(professional);
  if (!providerId) {
    throw new DomainError('no-provider', 'Your account does not act for any provider registered with this service.');
  }
  return { ...professional, providerId };
}
