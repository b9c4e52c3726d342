/**
 * `POST /api/AcceptInvitation` (the landing page's button). A person clicked through: the invitation records
 * "opened" (never on a GET, which scanners make). The sign-in step that follows comes with the next part of the
 * journey; until then the page says so plainly and the invitation stays valid.
 */
import azf, { type HttpRequest, type HttpResponseInit, type InvocationContext } from '@azure/functions';
import { getDeps } from '../shared/deps.js';
import type { InvitationDeps } from '../shared/domain/use-cases/invitation-deps.js';
import { clickThrough } from '../shared/domain/use-cases/invitation-link.js';
import { edge } from '../shared/http/handler.js';
import { pageResponse } from '../shared/http/respond.js';
import type { Logger } from '../shared/log.js';
import { renderLinkNotFoundPage, renderNotYetAvailablePage } from '../shared/web/invitation-pages.js';
import { readLinkForm } from './invitation-form.js';

export interface AcceptInvitationDeps {
  publicBaseUrl: string;
  invitations: InvitationDeps;
}

export async function acceptInvitationHandler(
  request: HttpRequest,
  _context: InvocationContext,
  deps: AcceptInvitationDeps,
  log: Logger,
): Promise<HttpResponseInit> {
  const { form, locale, refusal } = await readLinkForm(request, deps.publicBaseUrl);
  if (refusal) return refusal;
  if (!form) return pageResponse(404, renderLinkNotFoundPage({ locale }));
  const view = await clickThrough(deps.invitations, form);
  if (view.kind !== 'valid') return pageResponse(404, renderLinkNotFoundPage({ locale }));
  log.info('invitation.opened', { invitationId: view.invitation.id });
  return pageResponse(501, renderNotYetAvailablePage({ locale: form.lang ?? view.invitation.locale }));
}

azf.app.http('AcceptInvitation', {
  methods: ['POST'],
  authLevel: 'anonymous',
  route: 'AcceptInvitation',
  handler: edge(acceptInvitationHandler, () => ({
    publicBaseUrl: getDeps().settings.PUBLIC_BASE_URL,
    invitations: getDeps().invitations,
  })),
});
