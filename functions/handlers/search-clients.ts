/** `GET /api/clients?q=` (Clients.Manage): seed 000's search, by name, email or phone (`searchClients`). */
import { type Deps, getDeps } from '../../shared/deps.js';
import { searchClients } from '../../shared/domain/use-cases/client-files.js';
import { searchQuerySchema } from '../../shared/http/client-schema.js';
import { edge } from '../../shared/http/handler.js';
import { forProfessionals } from '../../shared/http/professional-route.js';
import { parseWith } from '../../shared/http/request.js';
import { jsonResponse } from '../../shared/http/respond.js';

export const searchClientsHandler = forProfessionals(
  'Clients.Manage',
  async (request, professional, deps: Pick<Deps, 'auth' | 'clientFiles'>) => {
    const { q } = parseWith(searchQuerySchema, Object.fromEntries(request.query.entries()));
    return jsonResponse(200, await searchClients(deps.clientFiles, professional, q));
  },
);

/** `SearchClients` as the host calls it (registered by functions/search-clients.ts, which imports this module on the first call). */
export const handler = edge(searchClientsHandler, getDeps);
