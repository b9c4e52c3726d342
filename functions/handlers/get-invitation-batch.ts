/** `GET /api/invitations/batches/{batchId}`: how far a bulk got — rows invited, refused, emails sent and failed. */
import { type Deps, getDeps } from '../../shared/deps.js';
import { batchProgress } from '../../shared/domain/use-cases/bulk-invitations.js';
import { edge } from '../../shared/http/handler.js';
import { apiRejected } from '../../shared/http/invitation-bulk.js';
import { forProfessionals } from '../../shared/http/professional-route.js';
import { jsonResponse } from '../../shared/http/respond.js';

export const invitationBatchHandler = forProfessionals(
  'Invitations.Send',
  async (request, professional, deps: Pick<Deps, 'auth' | 'invitations'>) => {
    const progress = await batchProgress(deps.invitations, professional, request.params.batchId!);
    // The API's answer as its contract states it: the rows' emails and the count of emails to send (kept for the
    // console's pages) stay out.
    const { emailed: _, ...answer } = progress;
    return jsonResponse(200, {
      ...answer,
      createdAt: progress.createdAt.toISOString(),
      rejected: apiRejected(progress.rejected),
      refused: progress.refused.map(({ email: _, ...row }) => row),
    });
  },
);

/** `GetInvitationBatch` as the host calls it (registered by functions/get-invitation-batch.ts, which imports this module on the first call). */
export const handler = edge(invitationBatchHandler, getDeps);
