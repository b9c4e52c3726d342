/**
 * The console's block and unblock (`GET|POST /api/console/clients/{clientId}/block|unblock`, role `Clients.Manage`):
 * the form (an optional reason), then the same use case as the API (`changeClientAccess`), and back to the sheet's
 * access tab saying so. A double submit of the same form (its one-time `formToken`) is one change; another provider's
 * client is the 404 page; a merged client or a file that kept changing bring the form back saying so.
 */
import { randomUUID } from 'node:crypto';
import type { HttpResponseInit } from '@azure/functions';
import { DomainError } from '../domain/errors.js';
import type { IdempotencyStore } from '../domain/ports.js';
import { type ClientAccessDeps, changeClientAccess } from '../domain/use-cases/client-access.js';
import { clientSheet } from '../domain/use-cases/client-files.js';
import { type AccessAction, clientAccessPath, renderClientAccessForm } from '../web/console-client-access-pages.js';
import { clientSheetPath } from '../web/console-clients-pages.js';
import { consoleHref } from '../web/console-pages.js';
import { clientAccessRequestSchema } from './client-access-schema.js';
import { clientNotFound, clientsFrame, isClientNotFound, routeClientId } from './console-client-page.js';
import {
  type ConsoleEdgeDeps,
  type ConsoleHandler,
  type ConsoleVisit,
  consolePage,
  formRequestKey,
  postedFormToken,
} from './console-route.js';
import { withIdempotency } from './idempotency.js';
import { page, redirect } from './respond.js';

export type ConsoleClientAccessDeps = ConsoleEdgeDeps & {
  clientAccess: ClientAccessDeps;
  idempotency: IdempotencyStore;
};

type Problem = 'reason-too-long' | 'merged' | 'try-again';

async function form(
  visit: ConsoleVisit,
  deps: ConsoleClientAccessDeps,
  clientId: string,
  action: AccessAction,
  status: number,
  again?: { reason: string; problem: Problem },
): Promise<HttpResponseInit> {
  try {
    const { file } = await clientSheet(deps.clientAccess, visit.professional, clientId);
    const frame = clientsFrame(visit, clientAccessPath(clientId, action));
    return page(
      status,
      renderClientAccessForm(frame, {
        file,
        action,
        formToken: randomUUID(),
        ...(again ? { reason: again.reason, problem: again.problem } : {}),
      }),
    );
  } catch (error) {
    if (isClientNotFound(error)) return clientNotFound(visit);
    throw error;
  }
}

async function change(
  visit: ConsoleVisit,
  deps: ConsoleClientAccessDeps,
  clientId: string,
  action: AccessAction,
  reason: string,
): Promise<HttpResponseInit> {
  const professional = visit.professional;
  try {
    const result = await changeClientAccess(deps.clientAccess, professional, clientId, {
      action,
      ...(reason ? { reason } : {}),
    });
    visit.log.warn(`security.client.${action === 'block' ? 'blocked' : 'unblocked'}`, {
      clientId,
      providerId: professional.providerId,
      by: professional.oid,
      changed: result.changed,
      status: result.access.status,
      area: 'console',
    });
    const done = action === 'block' ? 'blocked' : 'unblocked';
    return redirect(consoleHref(clientSheetPath(clientId), visit.locale, { tab: 'access', done }));
  } catch (error) {
    if (isClientNotFound(error)) return clientNotFound(visit);
    if (error instanceof DomainError && (error.code === 'client-merged' || error.code === 'concurrent-update')) {
      const problem = error.code === 'client-merged' ? 'merged' : 'try-again';
      return form(visit, deps, clientId, action, 409, { reason, problem });
    }
    throw error;
  }
}

export function consoleClientAccessHandler(action: AccessAction): ConsoleHandler<ConsoleClientAccessDeps> {
  return consolePage<ConsoleClientAccessDeps>('Clients.Manage', async (visit, deps) => {
    const clientId = routeClientId(visit);
    if (!clientId) return clientNotFound(visit);
    if (visit.request.method !== 'POST') return form(visit, deps, clientId, action, 200);
    const typed = visit.form.get('reason') ?? '';
    const parsed = clientAccessRequestSchema.safeParse({ reason: typed });
    if (!parsed.success) {
      return form(visit, deps, clientId, action, 400, { reason: typed.slice(0, 500), problem: 'reason-too-long' });
    }
    const reason = parsed.data.reason ?? '';
    const answer = await withIdempotency(
      deps.idempotency,
      {
        key: formRequestKey(postedFormToken(visit), `${action}|${reason}`),
        scope: `console-access|${visit.professional.providerId}|${visit.professional.oid}|${clientId}`,
        request: `${action}|${reason}`,
        now: deps.clientAccess.clock.now(),
      },
      () => change(visit, deps, clientId, action, reason),
    );
    // The first request with this form still runs (a double click): the form again, saying to try again.
    const type = (answer.headers as Record<string, string> | undefined)?.['Content-Type'] ?? '';
    if (type.startsWith('application/problem+json')) {
      return form(visit, deps, clientId, action, 409, { reason, problem: 'try-again' });
    }
    return answer;
  });
}
