/**
 * `PATCH /api/clients/{id}` (Clients.Manage, `Idempotency-Key`): the fields given replace the file's, `null` clears
 * an optional one (`editClientFile`); answers the sheet.
 */
import { type Deps, getDeps } from '../../shared/deps.js';
import { clientSheet, editClientFile } from '../../shared/domain/use-cases/client-files.js';
import { clientChangesSchema, clientSheetJson } from '../../shared/http/client-schema.js';
import { edge } from '../../shared/http/handler.js';
import { withIdempotency } from '../../shared/http/idempotency.js';
import { forProfessionals } from '../../shared/http/professional-route.js';
import { readJson } from '../../shared/http/request.js';
import { jsonResponse } from '../../shared/http/respond.js';

export const editClientHandler = forProfessionals(
  'Clients.Manage',
  async (request, professional, deps: Pick<Deps, 'auth' | 'idempotency' | 'clientFiles'>, log) => {
    const changes = await readJson(request, clientChangesSchema);
    const id = request.params.id!;
    const files = deps.clientFiles;
    return withIdempotency(
      deps.idempotency,
      {
        key: request.headers.get('idempotency-key'),
        scope: `client-edit|${professional.providerId}|${id}`,
        request: JSON.stringify(changes),
        now: files.clock.now(),
      },
      async () => {
        await editClientFile(files, professional, id, changes);
        log.info('client.edited', { clientId: id, fields: Object.keys(changes) });
        const sheet = await clientSheet(files, professional, id);
        return jsonResponse(200, clientSheetJson(sheet, files.clock.now()));
      },
    );
  },
);

/** `EditClient` as the host calls it (registered by functions/edit-client.ts, which imports this module on the first call). */
export const handler = edge(editClientHandler, getDeps);
