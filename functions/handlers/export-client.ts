/**
 * `GET /api/clients/{id}/export` (Clients.Manage): everything the provider holds on the person, as a JSON download
 * (`exportClientFile`, docs/privacy.md "Right of access"); another provider's client is 404.
 */
import { type Deps, getDeps } from '../../shared/deps.js';
import { exportClientFile } from '../../shared/domain/use-cases/client-export.js';
import { exportFileName, providerExportJson } from '../../shared/http/client-export-schema.js';
import { edge } from '../../shared/http/handler.js';
import { forProfessionals } from '../../shared/http/professional-route.js';
import { jsonResponse } from '../../shared/http/respond.js';

export const exportClientHandler = forProfessionals(
  'Clients.Manage',
  async (request, professional, deps: Pick<Deps, 'auth' | 'clientFiles'>, log) => {
    const exported = await exportClientFile(deps.clientFiles, professional, request.params.id!);
    log.info('client.exported', { clientId: exported.sheet.file.id, providerId: professional.providerId });
    return jsonResponse(200, providerExportJson(exported), {
      'Content-Disposition': `attachment; filename="${exportFileName('client', exported.exportedAt, exported.sheet.file.id)}"`,
    });
  },
);

/** `ExportClient` as the host calls it (registered by functions/export-client.ts, which imports this module on the first call). */
export const handler = edge(exportClientHandler, getDeps);
