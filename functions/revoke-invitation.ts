/** `POST /api/invitations/{id}/revoke`: the link stops working at once (it then shows the not-found page). */
import azf, { type HttpRequest, type HttpResponseInit, type InvocationContext } from '@azure/functions';
import { revokeInvitation } from '../shared/domain/use-cases/manage-invitations.js';
import { edge } from '../shared/http/handler.js';
import { callerProblems, problem, type RouteDoc } from '../shared/http/openapi.js';
import { actingProfessional } from '../shared/http/professional.js';
import { jsonResponse } from '../shared/http/respond.js';
import type { Logger } from '../shared/log.js';
import { type InvitationManagementDeps, managementDeps, toJson } from './invitation-management.js';
import { invitationSchema } from './invitation-schema.js';

export async function revokeInvitationHandler(
  request: HttpRequest,
  _context: InvocationContext,
  deps: InvitationManagementDeps,
  log: Logger,
): Promise<HttpResponseInit> {
  const professional = await actingProfessional(request, deps.auth, 'Invitations.Send');
  const invitation = await revokeInvitation(deps.invitations, professional, request.params.id!);
  log.info('invitation.revoked', { invitationId: invitation.id, by: professional.oid });
  return jsonResponse(200, toJson(deps, invitation));
}

export const revokeInvitationRoute: RouteDoc = {
  method: 'post',
  path: '/invitations/{id}/revoke',
  operationId: 'revokeInvitation',
  summary: 'Revoke an invitation: its link stops working at once',
  tags: ['invitations'],
  roles: ['Invitations.Send'],
  responses: {
    '200': { description: 'The invitation, status `revoked`', schema: invitationSchema },
    ...callerProblems,
    '404': problem('No such invitation for this provider'),
    '409': problem('Already accepted or completed'),
  },
};

azf.app.http('RevokeInvitation', {
  methods: ['POST'],
  authLevel: 'anonymous',
  route: 'invitations/{id:guid}/revoke',
  handler: edge(revokeInvitationHandler, managementDeps),
});
