/**
 * `GET|POST /api/console/clients/{clientId}/edit` (role `Clients.Manage`): the sheet's editable fields — identity,
 * contact, address, follow-up, and the mobile app (`mobileApp: { offered, usableUntil }`) — and saving them through
 * the same use case as `PATCH /api/clients/{id}` (`editClientFile`, with `readClientChangesForm`: its schema; an
 * emptied field is cleared). Bad fields re-render the form (400); an email another file holds is a message with a
 * link to that sheet (409). Success is a 303 to the sheet. Another provider's client: the 404 page.
 */
import { randomUUID } from 'node:crypto';
import type { HttpResponseInit } from '@azure/functions';
import { getDeps } from '../../shared/deps.js';
import type { ClientFile } from '../../shared/domain/client-file.js';
import { DomainError, ValidationFailed } from '../../shared/domain/errors.js';
import { type ClientFileDeps, editClientFile, findOwnClientFile } from '../../shared/domain/use-cases/client-files.js';
import {
  type ClientFormProblems,
  type ClientFormValues,
  clientFormOf,
  clientFormValues,
  formProblems,
  pointerPath,
  readClientChangesForm,
} from '../../shared/http/console-client-form.js';
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
} from '../../shared/http/console-route.js';
import { edge } from '../../shared/http/handler.js';
import { page, redirect } from '../../shared/http/respond.js';
import {
  type ClientFormRefusal,
  clientEditPath,
  clientSheetPath,
  renderClientForm,
} from '../../shared/web/console-clients-pages.js';
import { consoleHref } from '../../shared/web/console-pages.js';

export type ConsoleClientEditDeps = ConsoleEdgeDeps & { clientFiles: ClientFileDeps };

function formPage(
  status: number,
  visit: ConsoleVisit,
  file: ClientFile,
  values: ClientFormValues,
  extra: { problems?: ClientFormProblems; refusal?: ClientFormRefusal } = {},
): HttpResponseInit {
  return page(
    status,
    renderClientForm(clientsFrame(visit, clientEditPath(file.id)), {
      editing: file,
      values,
      problems: extra.problems,
      refusal: extra.refusal,
      formToken: randomUUID(),
      providerName: visit.provider.name,
    }),
  );
}

export const consoleClientEditHandler = consolePage<ConsoleClientEditDeps>('Clients.Manage', async (visit, deps) => {
  const id = routeClientId(visit);
  if (!id) return clientNotFound(visit);
  let file: ClientFile;
  try {
    file = (await findOwnClientFile(deps.clientFiles, visit.professional, id)).value;
  } catch (error) {
    if (isClientNotFound(error)) return clientNotFound(visit);
    throw error;
  }
  if (visit.request.method !== 'POST') return formPage(200, visit, file, clientFormOf(file));
  const values = clientFormValues(visit.form);
  const reading = readClientChangesForm(values);
  if (!reading.ok) return formPage(400, visit, file, values, { problems: reading.problems });
  try {
    await editClientFile(deps.clientFiles, visit.professional, id, reading.request);
    visit.log.info('console.client.edited', { clientId: id, providerId: visit.professional.providerId });
    return redirect(consoleHref(clientSheetPath(id), visit.locale, { done: 'saved' }));
  } catch (error) {
    if (isClientNotFound(error)) return clientNotFound(visit);
    if (error instanceof ValidationFailed) {
      const problems = formProblems(
        error.errors.map((e) => ({ path: pointerPath(e.pointer) })),
        values,
      );
      return formPage(400, visit, file, values, { problems });
    }
    if (!(error instanceof DomainError)) throw error;
    if (error.code === 'client-exists') {
      visit.log.info('console.client.refused', { reason: 'client-exists', action: 'edit' });
      const clientId = String(error.details.clientId ?? '');
      return formPage(409, visit, file, values, { refusal: { kind: 'client-exists', clientId } });
    }
    if (error.code === 'concurrent-update')
      return formPage(409, visit, file, values, { refusal: { kind: 'try-again' } });
    throw error;
  }
});

/** `ConsoleClientEdit` as the host calls it (registered by functions/console-client-edit.ts, which imports this module on the first call). */
export const handler = edge(consoleClientEditHandler, () => {
  const deps = getDeps();
  return { ...consoleEdgeDeps(deps), clientFiles: deps.clientFiles };
});
