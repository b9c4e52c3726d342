/**
 * `GET|POST /api/console/clients/new` (role `Clients.Manage`): the new prospect form, and creating the prospect
 * through the same use case as `POST /api/clients` (`createClientFile`) with the same rules (`readNewClientForm`:
 * its schema; the phone read by the use case's library). Bad fields re-render the form (400) with each field's
 * message, the values kept; an email another file of the provider holds is a message with a link to that sheet
 * (409). Success is a 303 to the new sheet. A double submit of the same form (its one-time `formToken`) is one
 * prospect.
 */
import { randomUUID } from 'node:crypto';
import type { HttpResponseInit } from '@azure/functions';
import { getDeps } from '../../shared/deps.js';
import { DomainError, ValidationFailed } from '../../shared/domain/errors.js';
import type { IdempotencyStore } from '../../shared/domain/ports.js';
import { type ClientFileDeps, createClientFile } from '../../shared/domain/use-cases/client-files.js';
import {
  type ClientFormProblems,
  type ClientFormValues,
  clientFormValues,
  emptyClientForm,
  formProblems,
  pointerPath,
  readNewClientForm,
} from '../../shared/http/console-client-form.js';
import { clientsFrame } from '../../shared/http/console-client-page.js';
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
import {
  type ClientFormRefusal,
  clientSheetPath,
  NEW_CLIENT_PATH,
  renderClientForm,
} from '../../shared/web/console-clients-pages.js';
import { consoleHref } from '../../shared/web/console-pages.js';

export type ConsoleClientNewDeps = ConsoleEdgeDeps & { clientFiles: ClientFileDeps; idempotency: IdempotencyStore };

function formPage(
  status: number,
  visit: ConsoleVisit,
  values: ClientFormValues,
  extra: { problems?: ClientFormProblems; refusal?: ClientFormRefusal; formToken?: string | undefined } = {},
): HttpResponseInit {
  return page(
    status,
    renderClientForm(clientsFrame(visit, NEW_CLIENT_PATH), {
      values,
      problems: extra.problems,
      refusal: extra.refusal,
      formToken: extra.formToken ?? randomUUID(),
      providerName: visit.provider.name,
    }),
  );
}

export const consoleClientNewHandler = consolePage<ConsoleClientNewDeps>('Clients.Manage', async (visit, deps) => {
  if (visit.request.method !== 'POST') return formPage(200, visit, emptyClientForm());
  const values = clientFormValues(visit.form);
  const formToken = postedFormToken(visit);
  const reading = readNewClientForm(values);
  if (!reading.ok) return formPage(400, visit, values, { problems: reading.problems, formToken });
  const request = JSON.stringify(reading.request);
  const professional = visit.professional;
  const answer = await withIdempotency(
    deps.idempotency,
    {
      key: formRequestKey(formToken, request),
      scope: `console-client|${professional.providerId}|${professional.oid}`,
      request,
      now: deps.clientFiles.clock.now(),
    },
    async () => {
      try {
        const created = await createClientFile(deps.clientFiles, professional, reading.request);
        visit.log.info('console.client.created', { clientId: created.value.id, providerId: professional.providerId });
        return redirect(consoleHref(clientSheetPath(created.value.id), visit.locale, { done: 'created' }));
      } catch (error) {
        if (error instanceof ValidationFailed) {
          const problems = formProblems(
            error.errors.map((e) => ({ path: pointerPath(e.pointer) })),
            values,
          );
          return formPage(400, visit, values, { problems });
        }
        if (!(error instanceof DomainError)) throw error;
        if (error.code === 'client-exists') {
          visit.log.info('console.client.refused', { reason: 'client-exists', action: 'create' });
          const clientId = String(error.details.clientId ?? '');
          return formPage(409, visit, values, { refusal: { kind: 'client-exists', clientId } });
        }
        if (error.code === 'concurrent-update') return formPage(409, visit, values, { refusal: { kind: 'try-again' } });
        throw error;
      }
    },
  );
  // The first request with this form still runs (a double click): say so rather than answer problem+json.
  const type = (answer.headers as Record<string, string> | undefined)?.['Content-Type'] ?? '';
  if (type.startsWith('application/problem+json'))
    return formPage(409, visit, values, { refusal: { kind: 'try-again' }, formToken });
  return answer;
});

/** `ConsoleClientNew` as the host calls it (registered by functions/console-client-new.ts, which imports this module on the first call). */
export const handler = edge(consoleClientNewHandler, () => {
  const deps = getDeps();
  return { ...consoleEdgeDeps(deps), clientFiles: deps.clientFiles, idempotency: deps.idempotency };
});
