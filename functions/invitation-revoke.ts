/** `POST /api/invitations/{id}/revoke`: the link stops working at once (it then shows the not-found page). */
import azf, { type HttpRequest, type HttpResponseInit, type InvocationContext } from '@azure/functions';
import { revokeInvitation } from '../shared/domain/use-cases/manage-invitations.js';
import { edge } from '../shared/http/handler.js';
import { actingProfessional } from '../shared/http/professional.js';
import { jsonResponse } from '../shared/http/respond.js';
import type { Logger } from '../shared/log.js';
import { type InvitationManagementDeps, managementDeps, toJson } from './invitation-management.js';

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

azf.app.http('RevokeInvitation', {
  methods: ['POST'],
  authLevel: 'anonymous',
  route: 'invitations/{id:guid}/revoke',
  handler: edge(revokeInvitationHandler, managementDeps),
});
