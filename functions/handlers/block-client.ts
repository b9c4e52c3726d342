/**
 * `POST /api/clients/{id}/block` (Clients.Manage, `{ reason? }`, `Idempotency-Key`): the client loses access at the
 * professional's provider (`changeClientAccess`, docs/access.md); answers the sheet. A security event either way.
 */
import { getDeps } from '../../shared/deps.js';
import { clientAccessHandler } from '../../shared/http/client-access-route.js';
import { edge } from '../../shared/http/handler.js';

export const blockClientHandler = clientAccessHandler('block');

/** `BlockClient` as the host calls it (registered by functions/block-client.ts, which imports this module on the first call). */
export const handler = edge(blockClientHandler, getDeps);
