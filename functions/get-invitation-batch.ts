/** `GET /api/invitations/batches/{batchId}`: how far a bulk got — rows invited, refused, emails sent and failed. */
import azf from '@azure/functions';
import { type Deps, getDeps } from '../shared/deps.js';
import { batchProgress } from '../shared/domain/use-cases/bulk-invitations.js';
import { edge } from '../shared/http/handler.js';
import { forProfessionals } from '../shared/http/professional-route.js';
import { jsonResponse } from '../shared/http/respond.js';

export const invitationBatchHandler = forProfessionals(
  'Invitations.Send',
  async (request, professional, deps: Pick<Deps, 'auth' | 'invitations'>) => {
    const progress = await batchProgress(deps.invitations, professional, request.params.batchId!);
    return jsonResponse(200, { ...progress, createdAt: progress.createdAt.toISOString() });
  },
);

azf.app.http('GetInvitationBatch', {
  methods: ['GET'],
  authLevel: 'anonymous',
  route: 'invitations/batches/{batchId:guid}',
  handler: edge(invitationBatchHandler, getDeps),
});
