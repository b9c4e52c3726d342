/**
 * `GET|POST /api/console/clients/{clientId}/merge/{intoId}` (role `Clients.Manage`): merging the sheet's file into the
 * one picked — the confirmation stating what happens, then the merge through the same use case as the API
 * (`mergeClientFiles`), then (303, `?done=<what became of its login>`) the page after it: the same address once the
 * file is merged into that one. A refused merge is the confirmation again with the reason (409); another provider's
 * client, or a file to keep the provider does not have, the 404 page.
 */
import { getDeps } from '../../shared/deps.js';
import type { ClientFile } from '../../shared/domain/client-file.js';
import { DomainError } from '../../shared/domain/errors.js';
import type { OnboardingDeps } from '../../shared/domain/use-cases/accept-invitation.js';
import { type ClientFileDeps, findOwnClientFile } from '../../shared/domain/use-cases/client-files.js';
import { mergeClientFiles, mergeDepsOf } from '../../shared/domain/use-cases/merge-clients.js';
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
import { clientMergeIntoPath } from '../../shared/web/console-merge-action.js';
import { renderMergeConfirm, renderMergeDone } from '../../shared/web/console-merge-pages.js';
import { consoleHref } from '../../shared/web/console-pages.js';

export type ConsoleClientMergeIntoDeps = ConsoleEdgeDeps & {
  clientFiles: ClientFileDeps;
  onboarding: Pick<OnboardingDeps, 'clients' | 'providers' | 'directory'>;
};

const ID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const ACCOUNT_OUTCOMES = ['disabled', 'kept', 'none'];

/** Both files as the provider has them; undefined when either is not the provider's. */
async function bothFiles(visit: ConsoleVisit, deps: ConsoleClientMergeIntoDeps, clientId: string, intoId: string) {
  try {
    const [absorbed, survivor] = await Promise.all([
      findOwnClientFile(deps.clientFiles, visit.professional, clientId),
      findOwnClientFile(deps.clientFiles, visit.professional, intoId),
    ]);
    return { absorbed: absorbed.value, survivor: survivor.value };
  } catch (error) {
    if (isClientNotFound(error)) return undefined;
    throw error;
  }
}

const isMergedInto = (file: ClientFile, intoId: string) =>
  file.access?.status === 'merged' && file.access.into === intoId;

export const consoleClientMergeIntoHandler = consolePage<ConsoleClientMergeIntoDeps>(
  'Clients.Manage',
  async (visit, deps) => {
    const clientId = routeClientId(visit);
    const intoId = (visit.request.params.intoId ?? '').toLowerCase();
    if (!clientId || !ID.test(intoId)) return clientNotFound(visit);
    const files = await bothFiles(visit, deps, clientId, intoId);
    if (!files) return clientNotFound(visit);
    const path = clientMergeIntoPath(clientId, intoId);
    const frame = clientsFrame(visit, path);
    if (visit.request.method !== 'POST') {
      if (isMergedInto(files.absorbed, intoId)) {
        const done = new URL(visit.request.url).searchParams.get('done') ?? '';
        return page(
          200,
          renderMergeDone(frame, { ...files, account: ACCOUNT_OUTCOMES.includes(done) ? done : undefined }),
        );
      }
      return page(200, renderMergeConfirm(frame, files));
    }
    // Posted twice (the first merged it): the page after it, as the first post's answer would have led to.
    if (isMergedInto(files.absorbed, intoId)) return redirect(consoleHref(path, visit.locale));
    try {
      const outcome = await mergeClientFiles(
        mergeDepsOf(deps.clientFiles, deps.onboarding),
        visit.professional,
        clientId,
        intoId,
      );
      visit.log.info('security.client.merged', {
        clientId,
        into: intoId,
        providerId: visit.professional.providerId,
        absorbedAccount: outcome.absorbedAccount,
        devicesRevoked: outcome.devicesRevoked,
        companiesMoved: outcome.companiesMoved,
        area: 'console',
      });
      return redirect(consoleHref(path, visit.locale, { done: outcome.absorbedAccount }));
    } catch (error) {
      if (isClientNotFound(error)) return clientNotFound(visit);
      if (error instanceof DomainError && error.code === 'merge-refused') {
        const reason = typeof error.details.reason === 'string' ? error.details.reason : 'other';
        return page(409, renderMergeConfirm(frame, { ...files, refusal: reason }));
      }
      throw error;
    }
  },
);

/** `ConsoleClientMergeInto` as the host calls it (registered by functions/console-client-merge-into.ts, which imports this module on the first call). */
export const handler = edge(consoleClientMergeIntoHandler, () => {
  const deps = getDeps();
  return { ...consoleEdgeDeps(deps), clientFiles: deps.clientFiles, onboarding: deps.onboarding };
});
