/**
 * `DELETE /api/clients/{id}` (Clients.Manage): erases a file, every invitation of the provider to its addresses and,
 * for a person who signed in, their account at the provider — or the whole account when no provider keeps them
 * (`eraseClientFile`, docs/privacy.md "Erasure"); answers what was erased at this provider, never whether others serve
 * the person (that goes to the log). Another provider's client is 404. Running it again after a cut is safe.
 */
import { type Deps, getDeps } from '../../shared/deps.js';
import { eraseClientFile } from '../../shared/domain/use-cases/erase-client.js';
import { edge } from '../../shared/http/handler.js';
import { forProfessionals } from '../../shared/http/professional-route.js';
import { jsonResponse } from '../../shared/http/respond.js';

export const eraseClientHandler = forProfessionals(
  'Clients.Manage',
  async (request, professional, deps: Pick<Deps, 'auth' | 'erasure'>, log) => {
    const report = await eraseClientFile(deps.erasure, professional, request.params.id!);
    log.info('client.erased', { ...report, providerId: professional.providerId, by: professional.oid });
    return jsonResponse(200, { clientId: report.clientId, invitationsErased: report.invitationsErased });
  },
);

/** `EraseClient` as the host calls it (registered by functions/erase-client.ts, which imports this module on the first call). */
export const handler = edge(eraseClientHandler, getDeps);
