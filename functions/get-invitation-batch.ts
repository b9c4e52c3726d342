/** `GET /api/invitations/batches/{batchId}`: how far a bulk got — rows invited, refused, emails sent and failed. */
import azf, { type HttpRequest, type HttpResponseInit, type InvocationContext } from '@azure/functions';
import { batchProgress } from '../shared/domain/use-cases/bulk-invitations.js';
import { edge } from '../shared/http/handler.js';
import { callerProblems, problem, type RouteDoc } from '../shared/http/openapi.js';
import { actingProfessional } from '../shared/http/professional.js';
import { jsonResponse } from '../shared/http/respond.js';
import { type InvitationManagementDeps, managementDeps } from './invitation-management.js';

export async function invitationBatchHandler(
  request: HttpRequest,
  _context: InvocationContext,
  deps: InvitationManagementDeps,
): Promise<HttpResponseInit> {
  const professional = await actingProfessional(request, deps.auth, 'Invitations.Send');
  const progress = await batchProgress(deps.invitations, professional, request.params.batchId!);
  return jsonResponse(200, { ...progress, createdAt: progress.createdAt.toISOString() });
}

export const invitationBatchRoute: RouteDoc = {
  method: 'get',
  path: '/invitations/batches/{batchId}',
  operationId: 'getInvitationBatch',
  summary: 'Progress of a bulk: rows invited, refused, emails sent and failed',
  tags: ['invitations'],
  roles: ['Invitations.Send'],
  responses: {
    '200': {
      description:
        '`{ batchId, status, total, accepted, rejected, created, refused, delivery: { sent, failed, pending } }`',
    },
    ...callerProblems,
    '404': problem('No such batch for this provider'),
  },
};

azf.app.http('GetInvitationBatch', {
  methods: ['GET'],
  authLevel: 'anonymous',
  route: 'invitations/batches/{batchId:guid}',
  handler: edge(invitationBatchHandler, managementDeps),
});
