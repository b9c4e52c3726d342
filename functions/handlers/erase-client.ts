/**
 * `DELETE /api/clients/{id}` (Clients.Manage): erases a prospect's file and every invitation of the provider to its
 * addresses (`eraseClientFile`, docs/privacy.md "Erasure"); answers what was erased. Another provider's client is 404;
 * a person who has signed in is `409 client-has-account`. Running it again after a cut is safe (the file goes last).
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
    return jsonResponse(200, report);
  },
);

/** `EraseClient` as the host calls it (registered by functions/erase-client.ts, which imports this module on the first call). */
export const handler = edge(eraseClientHandler, getDeps);
