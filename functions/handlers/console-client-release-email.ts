/**
 * `GET|POST /api/console/clients/{clientId}/release-email` (role `Clients.Manage`): "Libérer l'adresse / Release the
 * address" on a merged or blocked file's sheet — its confirmation, then the same use case as
 * `POST /api/clients/{id}/release-email` (`releaseEmail`) and the sheet saying so (`?done=email-released`). Refused
 * (`release-refused`): the page saying why (409). Another provider's client, or an unknown id: the 404 page.
 */
import { getDeps } from '../../shared/deps.js';
import { DomainError } from '../../shared/domain/errors.js';
import { findOwnClientFile } from '../../shared/domain/use-cases/client-files.js';
import { type ReleaseEmailDeps, releaseEmail } from '../../shared/domain/use-cases/release-email.js';
import {
  clientNotFound,
  clientsFrame,
  isClientNotFound,
  routeClientId,
} from '../../shared/http/console-client-page.js';
import { type ConsoleEdgeDeps, consoleEdgeDeps, consolePage } from '../../shared/http/console-route.js';
import { edge } from '../../shared/http/handler.js';
import { page, redirect } from '../../shared/http/respond.js';
import { clientName, clientSheetPath } from '../../shared/web/console-clients-pages.js';
import { consoleHref } from '../../shared/web/console-pages.js';
import {
  clientReleaseEmailPath,
  type ReleaseRefusal,
  renderReleaseEmail,
} from '../../shared/web/console-release-email-pages.js';

export type ConsoleClientReleaseEmailDeps = ConsoleEdgeDeps & { releaseEmail: ReleaseEmailDeps };

const REFUSALS: readonly string[] = ['account-in-use', 'not-releasable', 'nothing-to-release'];

export const consoleClientReleaseEmailHandler = consolePage<ConsoleClientReleaseEmailDeps>(
  'Clients.Manage',
  async (visit, deps) => {
    const clientId = routeClientId(visit);
    if (!clientId) return clientNotFound(visit);
    const frame = clientsFrame(visit, clientReleaseEmailPath(clientId));
    try {
      const found = await findOwnClientFile(deps.releaseEmail, visit.professional, clientId);
      const view = { file: found.value, name: clientName(found.value, visit.locale) };
      if (visit.request.method !== 'POST') return page(200, renderReleaseEmail(frame, view));
      try {
        const outcome = await releaseEmail(
          deps.releaseEmail,
          { providerId: visit.professional.providerId, name: visit.professional.name },
          clientId,
        );
        visit.log.info('security.client.email-released', {
          clientId,
          account: outcome.account,
          providerId: visit.professional.providerId,
          by: visit.professional.oid,
        });
        return redirect(consoleHref(clientSheetPath(clientId), visit.locale, { done: 'email-released' }));
      } catch (error) {
        const reason = error instanceof DomainError && error.code === 'release-refused' ? error.details.reason : '';
        if (typeof reason !== 'string' || !REFUSALS.includes(reason)) throw error;
        return page(409, renderReleaseEmail(frame, { ...view, refusal: reason as ReleaseRefusal }));
      }
    } catch (error) {
      if (isClientNotFound(error)) return clientNotFound(visit);
      throw error;
    }
  },
);

/** `ConsoleClientReleaseEmail` as the host calls it (registered by functions/console-client-release-email.ts, which imports this module on the first call). */
export const handler = edge(consoleClientReleaseEmailHandler, () => {
  const deps = getDeps();
  return { ...consoleEdgeDeps(deps), releaseEmail: deps.releaseEmail };
});
