/**
 * `GET /api/console/invite/bulk/{batchId}` (role `Invitations.Send`): one bulk of the professional's provider — its
 * totals, the progress bar of rows handled, the rows not invited — read through `batchProgress` (the API's). Another
 * provider's bulk or an unknown id is the console's 404 page. The page's script fetches the page again to stay live,
 * so its CSP also allows `connect-src 'self'`.
 */
import { getDeps } from '../../shared/deps.js';
import type { BulkDeps } from '../../shared/domain/use-cases/bulk-invitations.js';
import { isBatchId, ownBatch } from '../../shared/http/console-batch.js';
import {
  type ConsoleEdgeDeps,
  type ConsoleVisit,
  consoleEdgeDeps,
  consoleFrame,
  consolePage,
} from '../../shared/http/console-route.js';
import { edge } from '../../shared/http/handler.js';
import { page } from '../../shared/http/respond.js';
import { pageHeaders } from '../../shared/http/security-headers.js';
import {
  BULK_PATH,
  batchPath,
  renderConsoleBatch,
  renderConsoleBatchNotFound,
} from '../../shared/web/console-bulk-pages.js';
import type { ConsoleFrame } from '../../shared/web/console-pages.js';

export type ConsoleBatchDeps = ConsoleEdgeDeps & { bulk: BulkDeps };

const batchFrame = (visit: ConsoleVisit, batchId: string): ConsoleFrame =>
  // An id that is none is not echoed in the language switch's links: they lead to the bulk page instead.
  consoleFrame(visit, 'invite', isBatchId(batchId) ? batchPath(batchId) : BULK_PATH);

/** The page's CSP, with `connect-src 'self'`: its script fetches the page itself (and nothing else). */
const livePageHeaders = () => {
  const headers = pageHeaders();
  return { 'Content-Security-Policy': `${headers['Content-Security-Policy']}; connect-src 'self'` };
};

export const consoleInviteBulkBatchHandler = consolePage<ConsoleBatchDeps>('Invitations.Send', async (visit, deps) => {
  const batchId = visit.request.params.batchId ?? '';
  const frame = batchFrame(visit, batchId);
  const progress = await ownBatch(deps.bulk, visit.professional, batchId);
  if (!progress) return page(404, renderConsoleBatchNotFound(frame));
  return page(200, renderConsoleBatch(frame, progress), [], livePageHeaders());
});

/** `ConsoleInviteBulkBatch` as the host calls it (registered by functions/console-invite-bulk-batch.ts, which imports this module on the first call). */
export const handler = edge(consoleInviteBulkBatchHandler, () => {
  const deps = getDeps();
  return { ...consoleEdgeDeps(deps), bulk: deps.bulk };
});
