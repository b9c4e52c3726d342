/**
 * `GET /api/console/clients/{clientId}/export` (role `Clients.Manage`): "Exporter les données / Export data" on the
 * client sheet — the same JSON download as `GET /api/clients/{id}/export` (docs/privacy.md "Right of access"), for a
 * professional signed in to the console. Another provider's client, or an unknown id: the 404 page.
 */
import { getDeps } from '../../shared/deps.js';
import { exportClientFile } from '../../shared/domain/use-cases/client-export.js';
import type { ClientFileDeps } from '../../shared/domain/use-cases/client-files.js';
import { exportFileName, providerExportJson } from '../../shared/http/client-export-schema.js';
import { clientNotFound, isClientNotFound, routeClientId } from '../../shared/http/console-client-page.js';
import { type ConsoleEdgeDeps, consoleEdgeDeps, consolePage } from '../../shared/http/console-route.js';
import { edge } from '../../shared/http/handler.js';
import { jsonResponse } from '../../shared/http/respond.js';

export type ConsoleClientExportDeps = ConsoleEdgeDeps & { clientFiles: ClientFileDeps };

export const consoleClientExportHandler = consolePage<ConsoleClientExportDeps>(
  'Clients.Manage',
  async (visit, deps) => {
    const clientId = routeClientId(visit);
    if (!clientId) return clientNotFound(visit);
    try {
      const exported = await exportClientFile(deps.clientFiles, visit.professional, clientId);
      visit.log.info('client.exported', { clientId, providerId: visit.professional.providerId });
      return jsonResponse(200, providerExportJson(exported), {
        'Content-Disposition': `attachment; filename="${exportFileName('client', exported.exportedAt, clientId)}"`,
      });
    } catch (error) {
      if (isClientNotFound(error)) return clientNotFound(visit);
      throw error;
    }
  },
);

/** `ConsoleClientExport` as the host calls it (registered by functions/console-client-export.ts, which imports this module on the first call). */
export const handler = edge(consoleClientExportHandler, () => {
  const deps = getDeps();
  return { ...consoleEdgeDeps(deps), clientFiles: deps.clientFiles };
});
