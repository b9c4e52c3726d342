/** `GET /api/invitations/batches/{batchId}`: how far a bulk got — rows invited, refused, emails sent and failed. */
import { type Deps, getDeps } from '../../shared/deps.js';
import { batchProgress } from '../../shared/domain/use-cases/bulk-invitations.js';
import { edge } from '../../shared/http/handler.js';
import { apiBatchProgress } from '../../shared/http/invitation-bulk.js';
import { forProfessionals } from '../../shared/http/professional-route.js';
import { jsonResponse } from '../../shared/http/respond.js';

export const invitationBatchHandler = forProfessionals(
  'Invitations.Send',
  async (request, professional, deps: Pick<Deps, 'auth' | 'invitations'>) => {
    const progress = await batchProgress(deps.invitations, professional, request.params.batchId!);
    return jsonResponse(200, apiBatchProgress(progress));
  },
);

/** `GetInvitationBatch` as the host calls it (registered by functions/get-invitation-batch.ts, which imports this module on the first call). */
export const handler = edge(invitationBatchHandler, getDeps);
