/**
 * `POST /api/clients/{id}/two-step/disable` (Clients.Manage, `{ reason? }`, `Idempotency-Key`): two-step verification
 * is turned off on the client's account (`turnOffTwoStep`, docs/two-step-help.md); answers the sheet. A security
 * event, never with the reason (the professional's text).
 */
import { getDeps } from '../../shared/deps.js';
import type { IdempotencyStore } from '../../shared/domain/ports.js';
import { type TurnOffTwoStepDeps, turnOffTwoStep } from '../../shared/domain/use-cases/two-step-help.js';
import { clientSheetJson } from '../../shared/http/client-schema.js';
import { edge } from '../../shared/http/handler.js';
import { withIdempotency } from '../../shared/http/idempotency.js';
import type { ProfessionalAuth } from '../../shared/http/professional.js';
import { forProfessionals } from '../../shared/http/professional-route.js';
import { readJson } from '../../shared/http/request.js';
import { jsonResponse } from '../../shared/http/respond.js';
import { twoStepDisableRequestSchema } from '../../shared/http/two-step-schema.js';

export interface DisableTwoStepRouteDeps {
  auth: ProfessionalAuth;
  idempotency: IdempotencyStore;
  twoStepOff: TurnOffTwoStepDeps;
}

export const disableClientTwoStepHandler = forProfessionals(
  'Clients.Manage',
  async (request, professional, deps: DisableTwoStepRouteDeps, log) => {
    const body = await readJson(request, twoStepDisableRequestSchema);
    const id = request.params.id!;
    const clock = deps.twoStepOff.clock;
    return withIdempotency(
      deps.idempotency,
      {
        key: request.headers.get('idempotency-key'),
        scope: `client-two-step-off|${professional.providerId}|${id}`,
        request: JSON.stringify(body),
        now: clock.now(),
      },
      async () => {
        const result = await turnOffTwoStep(deps.twoStepOff, professional, id, {
          ...(body.reason ? { reason: body.reason } : {}),
        });
        log.warn('security.client.two-step-off', {
          clientId: id,
          providerId: professional.providerId,
          by: professional.oid,
        });
        return jsonResponse(200, clientSheetJson(result.sheet, clock.now()));
      },
    );
  },
);

/** `DisableClientTwoStep` as the host calls it (registered by functions/disable-client-two-step.ts, which imports this module on the first call). */
export const handler = edge(disableClientTwoStepHandler, getDeps);
