/**
 * `GET|POST /api/console/clients/{clientId}/block` (role `Clients.Manage`): "Bloquer / Block" on the client sheet's
 * access tab — its form (an optional reason), then `changeClientAccess` and back to the sheet (docs/console.md).
 */
import { getDeps } from '../../shared/deps.js';
import { consoleClientAccessHandler } from '../../shared/http/console-client-access.js';
import { consoleEdgeDeps } from '../../shared/http/console-route.js';
import { edge } from '../../shared/http/handler.js';
import type { AccessAction } from '../../shared/web/console-client-access-pages.js';

const ACTION: AccessAction = 'block';

/** Its pages: the form of `shared/web/console-client-access-pages.ts`, then the sheet. */
export const consoleClientBlockHandler = consoleClientAccessHandler(ACTION);

/** `ConsoleClientBlock` as the host calls it (registered by functions/console-client-block.ts, which imports this module on the first call). */
export const handler = edge(consoleClientBlockHandler, () => {
  const deps = getDeps();
  return { ...consoleEdgeDeps(deps), clientAccess: deps.clientAccess, idempotency: deps.idempotency };
});
