/**
 * `POST /api/clients` (Clients.Manage, `Idempotency-Key`): a prospect's file, with its identification code; answers
 * its sheet (`createClientFile`).
 */
import { type Deps, getDeps } from '../../shared/deps.js';
import { clientSheet, createClientFile } from '../../shared/domain/use-cases/client-files.js';
import { clientRequestSchema, clientSheetJson } from '../../shared/http/client-schema.js';
import { edge } from '../../shared/http/handler.js';
import { withIdempotency } from '../../shared/http/idempotency.js';
import { forProfessionals } from '../../shared/http/professional-route.js';
import { readJson } from '../../shared/http/request.js';
import { jsonResponse } from '../../shared/http/respond.js';

export const createClientHandler = forProfessionals(
  'Clients.Manage',
  async (request, professional, deps: Pick<Deps, 'settings' | 'auth' | 'idempotency' | 'clientFiles'>, log) => {
    const input = await readJson(request, clientRequestSchema);
    const files = deps.clientFiles;
    return withIdempotency(
      deps.idempotency,
      {
        key: request.headers.get('idempotency-key'),
        scope: `client|${professional.providerId}`,
        request: JSON.stringify(input),
        now: files.clock.now(),
      },
      async () => {
        const created = await createClientFile(files, professional, input);
        log.info('client.created', { clientId: created.value.id, providerId: created.value.providerId });
        const sheet = await clientSheet(files, professional, created.value.id);
        return jsonResponse(201, clientSheetJson(sheet, files.clock.now()), {
          Location: `${deps.settings.PUBLIC_BASE_URL}/api/clients/${created.value.id}`,
        });
      },
    );
  },
);

/** `CreateClient` as the host calls it (registered by functions/create-client.ts, which imports this module on the first call). */
export const handler = edge(createClientHandler, getDeps);
