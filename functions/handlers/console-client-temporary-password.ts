/**
 * `GET|POST /api/console/clients/{clientId}/temporary-password` (role `Clients.Manage`): "Generate a temporary
 * password" on the sheet's access tab — its confirmation page, then the API's use case (`setTemporaryPassword`) and
 * the result page, which shows the password once (`Cache-Control: no-store`, as every answer) with the address it
 * signs in with. Never logged, never stored: reloading the result page is a new POST, a new password. No account or
 * several providers → the page that says why (409); another provider's client → the 404 page.
 */
import type { HttpResponseInit } from '@azure/functions';
import type { Deps } from '../../shared/deps.js';
import { getDeps } from '../../shared/deps.js';
import { clientSheet } from '../../shared/domain/use-cases/client-files.js';
import {
  setTemporaryPassword,
  type TemporaryPasswordRefusal,
  temporaryPasswordOffer,
  temporaryPasswordRefusalOf,
} from '../../shared/domain/use-cases/temporary-password.js';
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
import { page } from '../../shared/http/respond.js';
import {
  renderTemporaryPasswordConfirm,
  renderTemporaryPasswordRefused,
  renderTemporaryPasswordResult,
} from '../../shared/web/console-temporary-password-pages.js';
import { temporaryPasswordPath } from '../../shared/web/console-temporary-password-section.js';

export type ConsoleClientTemporaryPasswordDeps = ConsoleEdgeDeps & Pick<Deps, 'clientFiles' | 'passwords'>;

const refusedPage = (visit: ConsoleVisit, clientId: string, reason: TemporaryPasswordRefusal) =>
  page(409, renderTemporaryPasswordRefused(clientsFrame(visit, temporaryPasswordPath(clientId)), { clientId, reason }));

async function confirmation(
  visit: ConsoleVisit,
  deps: ConsoleClientTemporaryPasswordDeps,
  clientId: string,
): Promise<HttpResponseInit> {
  const sheet = await clientSheet(deps.clientFiles, visit.professional, clientId);
  const offer = temporaryPasswordOffer(sheet);
  if (offer.kind === 'refused') return refusedPage(visit, clientId, offer.reason);
  const frame = clientsFrame(visit, temporaryPasswordPath(clientId));
  return page(
    200,
    renderTemporaryPasswordConfirm(frame, { file: sheet.file, signInEmail: sheet.file.emails.signIn ?? '' }),
  );
}

export const consoleClientTemporaryPasswordHandler = consolePage<ConsoleClientTemporaryPasswordDeps>(
  'Clients.Manage',
  async (visit, deps) => {
    const clientId = routeClientId(visit);
    if (!clientId) return clientNotFound(visit);
    const who = { clientId, providerId: visit.professional.providerId, by: visit.professional.oid, via: 'console' };
    try {
      if (visit.request.method !== 'POST') return await confirmation(visit, deps, clientId);
      const set = await setTemporaryPassword(deps.passwords.temporary, visit.professional, clientId);
      visit.log.info('security.temporary-password.set', who);
      const frame = clientsFrame(visit, temporaryPasswordPath(clientId));
      return page(
        200,
        renderTemporaryPasswordResult(frame, {
          clientId,
          signInEmail: set.signInEmail,
          temporaryPassword: set.temporaryPassword,
        }),
      );
    } catch (error) {
      if (isClientNotFound(error)) return clientNotFound(visit);
      const refusal = temporaryPasswordRefusalOf(error);
      if (refusal) {
        visit.log.warn('security.temporary-password.refused', { ...who, reason: refusal });
        return refusedPage(visit, clientId, refusal);
      }
      throw error;
    }
  },
);

/** `ConsoleClientTemporaryPassword` as the host calls it (registered by functions/console-client-temporary-password.ts, which imports this module on the first call). */
export const handler = edge(consoleClientTemporaryPasswordHandler, () => {
  const deps = getDeps();
  return { ...consoleEdgeDeps(deps), clientFiles: deps.clientFiles, passwords: deps.passwords };
});
