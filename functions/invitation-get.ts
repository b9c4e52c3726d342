/** `GET /api/invitations/{id}`: one invitation of the provider, with its timeline and delivery status. */
import azf, { type HttpRequest, type HttpResponseInit, type InvocationContext } from '@azure/functions';
import { getInvitation } from '../shared/domain/use-cases/manage-invitations.js';
import { edge } from '../shared/http/handler.js';
import { problemSchema, type RouteDoc } from '../shared/http/openapi.js';
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
    '401': {
      description: 'Missing or invalid bearer token',
      contentType: 'application/problem+json',
      schema: problemSchema,
    },
    '403': {
      description: 'The token lacks the role, or acts for no provider',
      contentType: 'application/problem+json',
      schema: problemSchema,
    },
    '404': {
      description: 'No such invitation for this provider',
      contentType: 'application/problem+json',
      schema: problemSchema,
    },
  },
};

azf.app.http('GetInvitation', {
  methods: ['GET'],
  authLevel: 'anonymous',
  route: 'invitations/{id:guid}',
  handler: edge(getInvitationHandler, managementDeps),
});
