/**
 * `GET /api/console/clients/{clientId}/merge?q=` (role `Clients.Manage`): "Merge" on the client sheet — the page to
 * pick the file of the same person that stays, found as the Clients page finds files (`searchClients`). Each result
 * leads to the confirmation (`ConsoleClientMergeInto`). Another provider's client, the 404 page.
 */
import { getDeps } from '../../shared/deps.js';
import { DomainError } from '../../shared/domain/errors.js';
import { type ClientFileDeps, findOwnClientFile, searchClients } from '../../shared/domain/use-cases/client-files.js';
import { searchQuerySchema } from '../../shared/http/client-schema.js';
import {
  clientNotFound,
  clientsFrame,
  isClientNotFound,
  routeClientId,
} from '../../shared/http/console-client-page.js';
import { type ConsoleEdgeDeps, consoleEdgeDeps, consolePage } from '../../shared/http/console-route.js';
import { edge } from '../../shared/http/handler.js';
import { page } from '../../shared/http/respond.js';
import { clientMergePath } from '../../shared/web/console-merge-action.js';
import { renderMergePick } from '../../shared/web/console-merge-pages.js';

export type ConsoleClientMergeDeps = ConsoleEdgeDeps & { clientFiles: ClientFileDeps };

export const consoleClientMergeHandler = consolePage<ConsoleClientMergeDeps>('Clients.Manage', async (visit, deps) => {
  const clientId = routeClientId(visit);
  if (!clientId) return clientNotFound(visit);
  try {
    const file = (await findOwnClientFile(deps.clientFiles, visit.professional, clientId)).value;
    const q = new URL(visit.request.url).searchParams.get('q') ?? '';
    const path = clientMergePath(clientId);
    const frame = clientsFrame(visit, q ? `${path}?${new URLSearchParams({ q }).toString()}` : path);
    const view = { file, q };
    if (q.trim() === '') return page(200, renderMergePick(frame, view));
    const query = searchQuerySchema.safeParse({ q });
    if (!query.success) return page(400, renderMergePick(frame, { ...view, outcome: { kind: 'too-short' } }));
    try {
      const found = await searchClients(deps.clientFiles, visit.professional, query.data.q);
      return page(200, renderMergePick(frame, { ...view, outcome: { kind: 'results', items: found.items } }));
    } catch (error) {
      if (!(error instanceof DomainError) || error.code !== 'validation-failed') throw error;
      return page(400, renderMergePick(frame, { ...view, outcome: { kind: 'too-short' } }));
    }
  } catch (error) {
    if (isClientNotFound(error)) return clientNotFound(visit);
    throw error;
  }
});

/** `ConsoleClientMerge` as the host calls it (registered by functions/console-client-merge.ts, which imports this module on the first call). */
export const handler = edge(consoleClientMergeHandler, () => {
  const deps = getDeps();
  return { ...consoleEdgeDeps(deps), clientFiles: deps.clientFiles };
});
