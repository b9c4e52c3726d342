/** `GET /api/clients/{id}` (Clients.Manage): the client sheet (`clientSheet`); another provider's client is 404. */
import { type Deps, getDeps } from '../../shared/deps.js';
import { clientSheet } from '../../shared/domain/use-cases/client-files.js';
import { clientSheetJson } from '../../shared/http/client-schema.js';
import { edge } from '../../shared/http/handler.js';
import { forProfessionals } from '../../shared/http/professional-route.js';
import { jsonResponse } from '../../shared/http/respond.js';

export const getClientHandler = forProfessionals(
  'Clients.Manage',
  async (request, professional, deps: Pick<Deps, 'auth' | 'clientFiles'>) => {
    const sheet = await clientSheet(deps.clientFiles, professional, request.params.id!);
    return jsonResponse(200, clientSheetJson(sheet, deps.clientFiles.clock.now()));
  },
);

/** `GetClient` as the host calls it (registered by functions/get-client.ts, which imports this module on the first call). */
export const handler = edge(getClientHandler, getDeps);
