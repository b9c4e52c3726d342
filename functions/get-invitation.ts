/** `GET /api/invitations/{id}`: one invitation of the provider, with its timeline and delivery status. */
import azf, { type HttpRequest, type HttpResponseInit, type InvocationContext } from '@azure/functions';
import { getInvitation } from '../shared/domain/use-cases/manage-invitations.js';
import { edge } from '../shared/http/handler.js';
import { callerProblems, problem, type RouteDoc } from '../shared/http/openapi.js';
import { actingProfessional } from '../shared/http/professional.js';
import { jsonResponse } from '../shared/http/respond.js';
import { type InvitationManagementDeps, managementDeps, toJson } from './invitation-management.js';
import { invitationSchema } from './invitation-schema.js';

export async function getInvitationHandler(
  request: HttpRequest,
  _context: InvocationContext,
  deps: InvitationManagementDeps,
): Promise<HttpResponseInit> {
  const professional = await actingProfessional(request, deps.auth, 'Invitations.Send');
  const { invitation, timeline } = await getInvitation(deps.invitations, professional, request.params.id!);
  return jsonResponse(200, toJson(deps, invitation, timeline));
}

export const getInvitationRoute: RouteDoc = {
  method: 'get',
  path: '/invitations/{id}',
  operationId: 'getInvitation',
  summary: 'One invitation with its timeline and delivery status',
  tags: ['invitations'],
  roles: ['Invitations.Send'],
  responses: {
    '200': { description: 'The invitation with `timeline`', schema: invitationSchema },
    ...callerProblems,
    '404': problem('No such invitation for this provider'),
  },
};

azf.app.http('GetInvitation', {
  methods: ['GET'],
  authLevel: 'anonymous',
  route: 'invitations/{id:guid}',
  handler: edge(getInvitationHandler, managementDeps),
});
