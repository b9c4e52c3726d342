/**
 * `POST /api/clients/{id}/unblock` (Clients.Manage, `{ reason? }`, `Idempotency-Key`): the client's access at the
 * professional's provider comes back (`changeClientAccess`, docs/access.md); answers the sheet.
 */
import { getDeps } from '../../shared/deps.js';
import { clientAccessHandler } from '../../shared/http/client-access-route.js';
import { edge } from '../../shared/http/handler.js';

export const unblockClientHandler = clientAccessHandler('unblock');

/** `UnblockClient` as the host calls it (registered by functions/unblock-client.ts, which imports this module on the first call). */
export const handler = edge(unblockClientHandler, getDeps);
