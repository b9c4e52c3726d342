/**
 * `POST /api/invitations/{id}/resend` `{ expiresInDays? }`: a new link (the old one then says a newer invitation
 * was sent), a new expiry, a new email. Works on expired invitations.
 */
import azf, { type HttpRequest, type HttpResponseInit, type InvocationContext } from '@azure/functions';
import { z } from 'zod';
import { MAX_EXPIRY_DAYS, MIN_EXPIRY_DAYS } from '../shared/domain/invitation.js';
import { resendInvitation } from '../shared/domain/use-cases/manage-invitations.js';
import { edge } from '../shared/http/handler.js';
import { withIdempotency } from '../shared/http/idempotency.js';
import { callerProblems, problem, type RouteDoc } from '../shared/http/openapi.js';
import { actingProfessional } from '../shared/http/professional.js';
import { readJson } from '../shared/http/request.js';
import { jsonResponse } from '../shared/http/respond.js';
import { type InvitationManagementDeps, managementDeps, toJson } from './invitation-management.js';
import { invitationSchema } from './invitation-schema.js';

export const resendSchema = z
  .object({ expiresInDays: z.number().int().min(MIN_EXPIRY_DAYS).max(MAX_EXPIRY_DAYS).optional() })
  .strict()
  .meta({ id: 'ResendRequest' });

export async function resendInvitationHandler(
  request: HttpRequest,
  _context: InvocationContext,
  deps: InvitationManagementDeps,
): Promise<HttpResponseInit> {
  const professional = await actingProfessional(request, deps.auth, 'Invitations.Send');
  const hasBody = Number(request.headers.get('content-length') ?? '0') > 0 || request.headers.has('content-type');
  const body = hasBody ? await readJson(request, resendSchema) : {};
  const id = request.params.id!;
  return withIdempotency(
    deps.idempotency,
    {
      key: request.headers.get('idempotency-key'),
      scope: `resend|${professional.providerId}|${id}`,
      request: JSON.stringify(body),
      now: deps.invitations.clock.now(),
    },
    async () => jsonResponse(200, toJson(deps, await resendInvitation(deps.invitations, professional, id, body))),
  );
}

export const resendInvitationRoute: RouteDoc = {
  method: 'post',
  path: '/invitations/{id}/resend',
  operationId: 'resendInvitation',
  summary: 'A new link and email; the old link then says a newer invitation was sent; works on expired invitations',
  tags: ['invitations'],
  roles: ['Invitations.Send'],
  request: { contentType: 'application/json', schema: resendSchema },
  responses: {
    '200': { description: 'The invitation', schema: invitationSchema },
    ...callerProblems,
    '404': problem('No such invitation for this provider'),
    '409': problem('Accepted, completed or revoked: cannot be resent'),
  },
};

azf.app.http('ResendInvitation', {
  methods: ['POST'],
  authLevel: 'anonymous',
  route: 'invitations/{id:guid}/resend',
  handler: edge(resendInvitationHandler, managementDeps),
});
