/**
 * `GET /api/console/invite/bulk/{batchId}/errors.csv` (role `Invitations.Send`): the rows of the provider's bulk that
 * were not invited, as a CSV Excel opens as it is (UTF-8 with a BOM, semicolons; words in the page's language), as an
 * attachment. Another provider's bulk or an unknown id is the console's 404 page.
 */
import { getDeps } from '../../shared/deps.js';
import type { BulkDeps } from '../../shared/domain/use-cases/bulk-invitations.js';
import { isBatchId, ownBatch } from '../../shared/http/console-batch.js';
import { type ConsoleEdgeDeps, consoleEdgeDeps, consoleFrame, consolePage } from '../../shared/http/console-route.js';
import { edge } from '../../shared/http/handler.js';
import { page } from '../../shared/http/respond.js';
import { apiHeaders } from '../../shared/http/security-headers.js';
import {
  BULK_PATH,
  batchPath,
  renderConsoleBatchNotFound,
  rowProblemsCsv,
} from '../../shared/web/console-bulk-pages.js';
import { consoleBulkMessages } from '../../shared/web/messages/console-bulk.js';

export type ConsoleBulkErrorsDeps = ConsoleEdgeDeps & { bulk: BulkDeps };

export const consoleInviteBulkErrorsHandler = consolePage<ConsoleBulkErrorsDeps>(
  'Invitations.Send',
  async (visit, deps) => {
    const batchId = visit.request.params.batchId ?? '';
    const progress = await ownBatch(deps.bulk, visit.professional, batchId);
    if (!progress)
      return page(
        404,
        renderConsoleBatchNotFound(consoleFrame(visit, 'invite', isBatchId(batchId) ? batchPath(batchId) : BULK_PATH)),
      );
    const filename = consoleBulkMessages[visit.locale].errorsFile(progress.batchId.slice(0, 8));
    return {
      status: 200,
      headers: {
        ...apiHeaders(),
        'Content-Type': 'text/csv; charset=utf-8',
        'Content-Disposition': `attachment; filename="${filename}"`,
      },
      body: rowProblemsCsv(progress, visit.locale),
    };
  },
);

/** `ConsoleInviteBulkErrors` as the host calls it (registered by functions/console-invite-bulk-errors.ts, which imports this module on the first call). */
export const handler = edge(consoleInviteBulkErrorsHandler, () => {
  const deps = getDeps();
  return { ...consoleEdgeDeps(deps), bulk: deps.bulk };
});
