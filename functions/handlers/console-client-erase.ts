/**
 * `GET|POST /api/console/clients/{clientId}/erase` (role `Clients.Manage`): "Effacer / Erase" on a sheet — its
 * confirmation (with the export offered first; for a person who signed in, it says their access and sessions at the
 * provider end too), then the same use case as `DELETE /api/clients/{id}` (`eraseClientFile`, docs/privacy.md
 * "Erasure") and the client search saying what was erased. Another provider's client, or an unknown id: the 404 page.
 */
import { getDeps } from '../../shared/deps.js';
import { type ClientFileDeps, findOwnClientFile } from '../../shared/domain/use-cases/client-files.js';
import { type ErasureDeps, eraseClientFile } from '../../shared/domain/use-cases/erase-client.js';
import {
  clientNotFound,
  clientsFrame,
  isClientNotFound,
  routeClientId,
} from '../../shared/http/console-client-page.js';
import { type ConsoleEdgeDeps, consoleEdgeDeps, consolePage } from '../../shared/http/console-route.js';
import { edge } from '../../shared/http/handler.js';
import { page, redirect } from '../../shared/http/respond.js';
import { CLIENTS_PATH, clientErasePath, renderEraseClient } from '../../shared/web/console-clients-pages.js';
import { consoleHref } from '../../shared/web/console-pages.js';

export type ConsoleClientEraseDeps = ConsoleEdgeDeps & { clientFiles: ClientFileDeps; erasure: ErasureDeps };

export const consoleClientEraseHandler = consolePage<ConsoleClientEraseDeps>('Clients.Manage', async (visit, deps) => {
  const clientId = routeClientId(visit);
  if (!clientId) return clientNotFound(visit);
  try {
    const found = await findOwnClientFile(deps.clientFiles, visit.professional, clientId);
    const frame = clientsFrame(visit, clientErasePath(clientId));
    if (visit.request.method !== 'POST') return page(200, renderEraseClient(frame, { file: found.value }));
    const report = await eraseClientFile(deps.erasure, visit.professional, clientId);
    visit.log.info('client.erased', {
      ...report,
      providerId: visit.professional.providerId,
      by: visit.professional.oid,
    });
    return redirect(
      consoleHref(CLIENTS_PATH, visit.locale, { done: 'erased', invitations: String(report.invitationsErased) }),
    );
  } catch (error) {
    if (isClientNotFound(error)) return clientNotFound(visit);
    throw error;
  }
});

/** `ConsoleClientErase` as the host calls it (registered by functions/console-client-erase.ts, which imports this module on the first call). */
export const handler = edge(consoleClientEraseHandler, () => {
  const deps = getDeps();
  return { ...consoleEdgeDeps(deps), clientFiles: deps.clientFiles, erasure: deps.erasure };
});
