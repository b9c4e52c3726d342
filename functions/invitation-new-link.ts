/**
 * `POST /api/InviteUser/new-link` (the expired page's button): a new link to the invited address only, at most 3
 * times per invitation per day. Any other link (valid, unknown, wrong key, revoked) gets the not-found page.
 */
import azf, { type HttpRequest, type HttpResponseInit, type InvocationContext } from '@azure/functions';
import { getDeps } from '../shared/deps.js';
import { DomainError } from '../shared/domain/errors.js';
import type { InvitationDeps } from '../shared/domain/use-cases/invitation-deps.js';
import { requestNewLink } from '../shared/domain/use-cases/invitation-link.js';
import { edge } from '../shared/http/handler.js';
import { pageResponse } from '../shared/http/respond.js';
import { type Logger, maskEmail } from '../shared/log.js';
import {
  renderLinkNotFoundPage,
  renderNewLinkLimitedPage,
  renderNewLinkSentPage,
} from '../shared/web/invitation-pages.js';
import { readLinkForm } from './invitation-form.js';

export interface NewLinkDeps {
  publicBaseUrl: string;
  invitations: InvitationDeps;
}

export async function newLinkHandler(
  request: HttpRequest,
  _context: InvocationContext,
  deps: NewLinkDeps,
  log: Logger,
): Promise<HttpResponseInit> {
  const { form, locale, refusal } = await readLinkForm(request, deps.publicBaseUrl);
  if (refusal) return refusal;
  if (!form) return pageResponse(404, renderLinkNotFoundPage({ locale }));
  let result: Awaited<ReturnType<typeof requestNewLink>>;
  try {
    result = await requestNewLink(deps.invitations, form);
  } catch (error) {
    // A double click: the other request renewed the link a moment ago, and its email is on its way.
    if (!(error instanceof DomainError && error.code === 'concurrent-update')) throw error;
    const current = await deps.invitations.invitations.get(form.invitationId);
    if (!current) return pageResponse(404, renderLinkNotFoundPage({ locale }));
    return pageResponse(202, renderNewLinkSentPage({ locale, maskedEmail: maskEmail(current.value.email) }));
  }
  switch (result.kind) {
    case 'sent':
      log.info('invitation.new-link.sent', { invitationId: result.invitation.id });
      return pageResponse(202, renderNewLinkSentPage({ locale, maskedEmail: maskEmail(result.invitation.email) }));
    case 'limited':
      log.warn('security.limit.new-link', { invitationId: form.invitationId });
      return pageResponse(429, renderNewLinkLimitedPage({ locale }), {
        headers: { 'Retry-After': String(result.retryAfterSeconds) },
      });
    case 'not-renewable':
      return pageResponse(404, renderLinkNotFoundPage({ locale }));
  }
}

azf.app.http('InvitationNewLink', {
  methods: ['POST'],
  authLevel: 'anonymous',
  route: 'InviteUser/new-link',
  handler: edge(newLinkHandler, () => ({
    publicBaseUrl: getDeps().settings.PUBLIC_BASE_URL,
    invitations: getDeps().invitations,
  })),
});
