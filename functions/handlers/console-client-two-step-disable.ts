/**
 * `GET|POST /api/console/clients/{clientId}/two-step/disable` (role `Clients.Manage`): "Désactiver la vérification en
 * deux étapes / Turn off two-step verification" on the client sheet's access tab — its confirmation form (an optional
 * reason), then `turnOffTwoStep` (the API's use case) and back to the sheet saying so (docs/two-step-help.md). A
 * double submit of the same form is one change; another provider's client is the 404 page; not on, no account or a
 * file that kept changing bring the form back saying so.
 */
import { randomUUID } from 'node:crypto';
import type { HttpResponseInit } from '@azure/functions';
import { getDeps } from '../../shared/deps.js';
import { DomainError } from '../../shared/domain/errors.js';
import type { IdempotencyStore } from '../../shared/domain/ports.js';
import { clientSheet } from '../../shared/domain/use-cases/client-files.js';
import { type TurnOffTwoStepDeps, turnOffTwoStep } from '../../shared/domain/use-cases/two-step-help.js';
import {
  clientNotFound,
  clientsFrame,
  isClientNotFound,
  routeClientId,
} from '../../shared/http/console-client-page.js';
import {
  type ConsoleEdgeDeps,
  type ConsoleVisit,
  consoleEdgeDeps,
  consolePage,
  formRequestKey,
  postedFormToken,
} from '../../shared/http/console-route.js';
import { edge } from '../../shared/http/handler.js';
import { withIdempotency } from '../../shared/http/idempotency.js';
import { page, redirect } from '../../shared/http/respond.js';
import { twoStepDisableRequestSchema } from '../../shared/http/two-step-schema.js';
import { clientSheetPath } from '../../shared/web/console-clients-pages.js';
import { consoleHref } from '../../shared/web/console-pages.js';
import { renderTwoStepOffForm, type TwoStepOffFormView } from '../../shared/web/console-two-step-pages.js';
import { twoStepOffPath } from '../../shared/web/console-two-step-section.js';

export type ConsoleTwoStepOffDeps = ConsoleEdgeDeps & { twoStepOff: TurnOffTwoStepDeps; idempotency: IdempotencyStore };

type Problem = NonNullable<TwoStepOffFormView['problem']>;

async function form(
  visit: ConsoleVisit,
  deps: ConsoleTwoStepOffDeps,
  clientId: string,
  status: number,
  again?: { reason: string; problem: Problem },
): Promise<HttpResponseInit> {
  try {
    const { file } = await clientSheet(deps.twoStepOff, visit.professional, clientId);
    const frame = clientsFrame(visit, twoStepOffPath(clientId));
    return page(
      status,
      renderTwoStepOffForm(frame, {
        file,
        formToken: randomUUID(),
        ...(again ? { reason: again.reason, problem: again.problem } : {}),
      }),
    );
  } catch (error) {
    if (isClientNotFound(error)) return clientNotFound(visit);
    throw error;
  }
}

const PROBLEMS: Partial<Record<DomainError['code'], Problem>> = {
  'two-step-off': 'not-on',
  'no-account': 'no-account',
  'concurrent-update': 'try-again',
};

async function turnOff(
  visit: ConsoleVisit,
  deps: ConsoleTwoStepOffDeps,
  clientId: string,
  reason: string,
): Promise<HttpResponseInit> {
  const professional = visit.professional;
  try {
    await turnOffTwoStep(deps.twoStepOff, professional, clientId, reason ? { reason } : {});
    visit.log.warn('security.client.two-step-off', {
      clientId,
      providerId: professional.providerId,
      by: professional.oid,
      area: 'console',
    });
    return redirect(consoleHref(clientSheetPath(clientId), visit.locale, { tab: 'access', done: 'two-step-off' }));
  } catch (error) {
    if (isClientNotFound(error)) return clientNotFound(visit);
    const problem = error instanceof DomainError ? PROBLEMS[error.code] : undefined;
    if (problem) return form(visit, deps, clientId, 409, { reason, problem });
    throw error;
  }
}

export const consoleClientTwoStepDisableHandler = consolePage<ConsoleTwoStepOffDeps>(
  'Clients.Manage',
  async (visit, deps) => {
    const clientId = routeClientId(visit);
    if (!clientId) return clientNotFound(visit);
    if (visit.request.method !== 'POST') return form(visit, deps, clientId, 200);
    const typed = visit.form.get('reason') ?? '';
    const parsed = twoStepDisableRequestSchema.safeParse({ reason: typed });
    if (!parsed.success)
      return form(visit, deps, clientId, 400, { reason: typed.slice(0, 500), problem: 'reason-too-long' });
    const reason = parsed.data.reason ?? '';
    const answer = await withIdempotency(
      deps.idempotency,
      {
        key: formRequestKey(postedFormToken(visit), `two-step-off|${reason}`),
        scope: `console-two-step-off|${visit.professional.providerId}|${visit.professional.oid}|${clientId}`,
        request: `two-step-off|${reason}`,
        now: deps.twoStepOff.clock.now(),
      },
      () => turnOff(visit, deps, clientId, reason),
    );
    // The first request with this form still runs (a double click): the form again, saying to try again.
    const type = (answer.headers as Record<string, string> | undefined)?.['Content-Type'] ?? '';
    if (type.startsWith('application/problem+json'))
      return form(visit, deps, clientId, 409, { reason, problem: 'try-again' });
    return answer;
  },
);

/** `ConsoleClientTwoStepDisable` as the host calls it (registered by functions/console-client-two-step-disable.ts, which imports this module on the first call). */
export const handler = edge(consoleClientTwoStepDisableHandler, () => {
  const deps = getDeps();
  return { ...consoleEdgeDeps(deps), twoStepOff: deps.twoStepOff, idempotency: deps.idempotency };
});
