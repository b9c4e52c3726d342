/**
 * `POST /api/clients/{id}/merge` (Clients.Manage, `Idempotency-Key`): merges the file into `into`, another file of the
 * provider (`mergeClientFiles`, docs/merge.md); answers the survivor's sheet.
 */
import { type Deps, getDeps } from '../../shared/deps.js';
import { clientSheet } from '../../shared/domain/use-cases/client-files.js';
import { mergeClientFiles, mergeDepsOf } from '../../shared/domain/use-cases/merge-clients.js';
import { clientSheetJson } from '../../shared/http/client-schema.js';
import { edge } from '../../shared/http/handler.js';
import { withIdempotency } from '../../shared/http/idempotency.js';
import { mergeRequestSchema } from '../../shared/http/merge-schema.js';
import { forProfessionals } from '../../shared/http/professional-route.js';
import { readJson } from '../../shared/http/request.js';
import { jsonResponse } from '../../shared/http/respond.js';

export const mergeClientHandler = forProfessionals(
  'Clients.Manage',
  async (request, professional, deps: Pick<Deps, 'auth' | 'idempotency' | 'clientFiles' | 'onboarding'>, log) => {
    const { into } = await readJson(request, mergeRequestSchema);
    const id = request.params.id!;
    const files = deps.clientFiles;
    return withIdempotency(
      deps.idempotency,
      {
        key: request.headers.get('idempotency-key'),
        scope: `client-merge|${professional.providerId}|${id}`,
        request: JSON.stringify({ into }),
        now: files.clock.now(),
      },
      async () => {
        const outcome = await mergeClientFiles(mergeDepsOf(files, deps.onboarding), professional, id, into);
        log.info('security.client.merged', {
          clientId: id,
          into,
          providerId: professional.providerId,
          by: professional.oid,
          absorbedAccount: outcome.absorbedAccount,
          devicesRevoked: outcome.devicesRevoked,
          companiesMoved: outcome.companiesMoved,
        });
        const sheet = await clientSheet(files, professional, into);
        return jsonResponse(200, clientSheetJson(sheet, files.clock.now()));
      },
    );
  },
);

/** `MergeClient` as the host calls it (registered by functions/merge-client.ts, which imports this module on the first call). */
export const handler = edge(mergeClientHandler, getDeps);
