/**
 * `GET /api/console/clients/{clientId}?tab=` (role `Clients.Manage`): the client sheet (`clientSheet`) on one of its
 * tabs — identity, access, invitations, the mobile app — and what an action before did (`?done=`). Another
 * provider's client, or an unknown id: the 404 page.
 */
import { getDeps } from '../../shared/deps.js';
import type { TwoStepSwitch } from '../../shared/domain/ports.js';
import type { ClientFileDeps } from '../../shared/domain/use-cases/client-files.js';
import { routeClientId, sheetPage } from '../../shared/http/console-client-page.js';
import { type ConsoleEdgeDeps, consoleEdgeDeps, consolePage } from '../../shared/http/console-route.js';
import { edge } from '../../shared/http/handler.js';
import { type ClientSheetNotice, clientTabOf, SHEET_DONE } from '../../shared/web/console-clients-pages.js';

export type ConsoleClientDeps = ConsoleEdgeDeps & {
  clientFiles: ClientFileDeps;
  twoStep?: Pick<TwoStepSwitch, 'isOn'>;
};

const DONE = SHEET_DONE;

export const consoleClientHandler = consolePage<ConsoleClientDeps>('Clients.Manage', async (visit, deps) => {
  const query = new URL(visit.request.url).searchParams;
  const done = query.get('done') ?? '';
  const notice: ClientSheetNotice | undefined = (DONE as readonly string[]).includes(done)
    ? { kind: 'done', what: done as (typeof DONE)[number] }
    : undefined;
  const files = deps.twoStep ? { ...deps.clientFiles, twoStep: deps.twoStep } : deps.clientFiles;
  return sheetPage(visit, files, routeClientId(visit), 200, { tab: clientTabOf(query.get('tab')), notice });
});

/** `ConsoleClient` as the host calls it (registered by functions/console-client.ts, which imports this module on the first call). */
export const handler = edge(consoleClientHandler, () => {
  const deps = getDeps();
  return { ...consoleEdgeDeps(deps), clientFiles: deps.clientFiles, twoStep: deps.twoStepOff.twoStep };
});
