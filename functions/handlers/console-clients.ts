/**
 * `GET /api/console/clients?q=` (role `Clients.Manage`): seed 000's search — the provider's clients and prospects by
 * name (the beginning of a first or last name, any order), email or phone (`searchClients`, as `GET /api/clients`),
 * in blocks by status. Exactly one result opens its sheet (303); none says so; a search that holds nothing to look
 * for says what to type.
 */
import { getDeps } from '../../shared/deps.js';
import { DomainError } from '../../shared/domain/errors.js';
import { type ClientFileDeps, SEARCH_LIMIT, searchClients } from '../../shared/domain/use-cases/client-files.js';
import { searchQuerySchema } from '../../shared/http/client-schema.js';
import { clientsFrame } from '../../shared/http/console-client-page.js';
import { type ConsoleEdgeDeps, consoleEdgeDeps, consolePage } from '../../shared/http/console-route.js';
import { edge } from '../../shared/http/handler.js';
import { page, redirect } from '../../shared/http/respond.js';
import { CLIENTS_PATH, clientSheetPath, renderClientSearch } from '../../shared/web/console-clients-pages.js';
import { consoleHref } from '../../shared/web/console-pages.js';

export type ConsoleClientsDeps = ConsoleEdgeDeps & { clientFiles: ClientFileDeps };

export const consoleClientsHandler = consolePage<ConsoleClientsDeps>('Clients.Manage', async (visit, deps) => {
  const params = new URL(visit.request.url).searchParams;
  const q = params.get('q') ?? '';
  const here = q ? `${CLIENTS_PATH}?${new URLSearchParams({ q }).toString()}` : CLIENTS_PATH;
  // After an erasure (`?done=erased&invitations=<n>`): the notice, a count and nothing else from the query.
  const erased = params.get('done') === 'erased' ? Number.parseInt(params.get('invitations') ?? '0', 10) : undefined;
  const view = {
    providerName: visit.provider.name,
    q,
    ...(erased !== undefined
      ? { erased: Number.isSafeInteger(erased) && erased >= 0 ? Math.min(erased, 1e6) : 0 }
      : {}),
  };
  const frame = clientsFrame(visit, here);
  if (q.trim() === '') return page(200, renderClientSearch(frame, view));
  const parsed = searchQuerySchema.safeParse({ q });
  if (!parsed.success) return page(400, renderClientSearch(frame, { ...view, outcome: { kind: 'too-short' } }));
  try {
    const found = await searchClients(deps.clientFiles, visit.professional, parsed.data.q);
    const [only] = found.items;
    if (only && found.items.length === 1 && !found.truncated) {
      return redirect(consoleHref(clientSheetPath(only.id), visit.locale));
    }
    return page(
      200,
      renderClientSearch(frame, { ...view, outcome: { kind: 'results', ...found, limit: SEARCH_LIMIT } }),
    );
  } catch (error) {
    // Nothing to look for in what was typed (punctuation only): say what to type.
    if (!(error instanceof DomainError) || error.code !== 'validation-failed') throw error;
    return page(400, renderClientSearch(frame, { ...view, outcome: { kind: 'too-short' } }));
  }
});

/** `ConsoleClients` as the host calls it (registered by functions/console-clients.ts, which imports this module on the first call). */
export const handler = edge(consoleClientsHandler, () => {
  const deps = getDeps();
  return { ...consoleEdgeDeps(deps), clientFiles: deps.clientFiles };
});
