/**
 * `POST /api/clients/{id}/release-email` (Clients.Manage): frees the addresses of a merged file, or of the file of a
 * login no provider serves any more (`releaseEmail`, docs/merge.md "Releasing the addresses"); answers what was
 * released. `409 release-refused` with its `reason` otherwise; another provider's file is 404. Running it again after
 * a cut finishes it (the file is written last).
 */
import { type Deps, getDeps } from '../../shared/deps.js';
import { releaseEmail } from '../../shared/domain/use-cases/release-email.js';
import { edge } from '../../shared/http/handler.js';
import { forProfessionals } from '../../shared/http/professional-route.js';
import { jsonResponse } from '../../shared/http/respond.js';

export const releaseClientEmailHandler = forProfessionals(
  'Clients.Manage',
  async (request, professional, deps: Pick<Deps, 'auth' | 'releaseEmail'>, log) => {
    const outcome = await releaseEmail(
      deps.releaseEmail,
      { providerId: professional.providerId, name: professional.name },
      request.params.id!,
    );
    log.info('security.client.email-released', {
      clientId: outcome.clientId,
      account: outcome.account,
      providerId: professional.providerId,
      by: professional.oid,
    });
    return jsonResponse(200, outcome);
  },
);

/** `ReleaseClientEmail` as the host calls it (registered by functions/release-client-email.ts, which imports this module on the first call). */
export const handler = edge(releaseClientEmailHandler, getDeps);
