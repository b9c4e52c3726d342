/**
 * Block and unblock as the API answers them (`POST /api/clients/{id}/block|unblock`, docs/access.md): the reason
 * read, `changeClientAccess`, the sheet; `Idempotency-Key` as every mutating JSON route. Logged as a security event
 * (who, which client, what it became, whether it changed) — never the reason, which is the professional's text.
 */
import type { IdempotencyStore } from '../domain/ports.js';
import { type ClientAccessDeps, changeClientAccess } from '../domain/use-cases/client-access.js';
import { clientAccessRequestSchema } from './client-access-schema.js';
import { clientSheetJson } from './client-schema.js';
import type { Handler } from './handler.js';
import { withIdempotency } from './idempotency.js';
import type { ProfessionalAuth } from './professional.js';
import { forProfessionals } from './professional-route.js';
import { readJson } from './request.js';
import { jsonResponse } from './respond.js';

export interface ClientAccessRouteDeps {
  auth: ProfessionalAuth;
  idempotency: IdempotencyStore;
  clientAccess: ClientAccessDeps;
}

export function clientAccessHandler(action: 'block' | 'unblock'): Handler<ClientAccessRouteDeps> {
  return forProfessionals('Clients.Manage', async (request, professional, deps: ClientAccessRouteDeps, log) => {
    const body = await readJson(request, clientAccessRequestSchema);
    const id = request.params.id!;
    const clock = deps.clientAccess.clock;
    return withIdempotency(
      deps.idempotency,
      {
        key: request.headers.get('idempotency-key'),
        scope: `client-${action}|${professional.providerId}|${id}`,
        request: JSON.stringify(body),
        now: clock.now(),
      },
      async () => {
        const result = await changeClientAccess(deps.clientAccess, professional, id, {
          action,
          ...(body.reason ? { reason: body.reason } : {}),
        });
        log.warn(`security.client.${action === 'block' ? 'blocked' : 'unblocked'}`, {
          clientId: id,
          providerId: professional.providerId,
          by: professional.oid,
          changed: result.changed,
          status: result.access.status,
        });
        return jsonResponse(200, clientSheetJson(result.sheet, clock.now()));
      },
    );
  });
}
