/**
 * `POST /api/InviteUser/new-link` (the expired page's button): a new link to the invited address only, at most 3
 * times per invitation per day. Any other link (valid, unknown, wrong key, revoked) gets the not-found page. When
 * another invitation to the person was sent since and is pending, 409 and a page saying so (never two pending);
 * when they accepted one, 409 and the "already accepted" page.
 *
 * A link sent answers POST/redirect/GET: `303` to `GET /api/InviteUser/new-link?sent=1&lang=…`, the "check your
 * inbox" page (`InvitationNewLinkSent`), so reloading it or coming back to it shows it again instead of posting the
 * old link's key once more (which the renewal replaced: it would say the link is not valid).
 */
import { type Deps, getDeps } from '../../shared/deps.js';
import { DomainError } from '../../shared/domain/errors.js';
import { requestNewLink } from '../../shared/domain/use-cases/invitation-link.js';
import { edge, type Handler } from '../../shared/http/handler.js';
import { readLinkForm } from '../../shared/http/link-form.js';
import { newLinkSentPath } from '../../shared/http/new-link-path.js';
import { pageResponse, redirectResponse } from '../../shared/http/respond.js';
import {
  renderAlreadyAcceptedPage,
  renderLinkNotFoundPage,
  renderNewerInvitationPage,
  renderNewLinkLimitedPage,
} from '../../shared/web/invitation-pages.js';

export const newLinkHandler: Handler<Pick<Deps, 'settings' | 'invitations'>> = async (request, _context, deps, log) => {
  const { form, locale, refusal } = await readLinkForm(request, deps.settings.PUBLIC_BASE_URL, log);
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
    return redirectResponse(newLinkSentPath(locale));
  }
  switch (result.kind) {
    case 'sent':
      log.info('invitation.new-link.sent', { invitationId: result.invitation.id });
      return redirectResponse(newLinkSentPath(locale));
    case 'limited':
      log.warn('security.limit.new-link', { invitationId: form.invitationId });
      return pageResponse(429, renderNewLinkLimitedPage({ locale }), {
        headers: { 'Retry-After': String(result.retryAfterSeconds) },
      });
    case 'not-renewable':
      return pageResponse(404, renderLinkNotFoundPage({ locale }));
    case 'newer-invitation':
      log.info('invitation.new-link.newer-pending', { invitationId: form.invitationId, pending: result.invitationId });
      if (!result.provider) return pageResponse(404, renderLinkNotFoundPage({ locale }));
      return pageResponse(409, renderNewerInvitationPage({ locale, provider: result.provider }));
    case 'already-client':
      if (!result.provider) return pageResponse(404, renderLinkNotFoundPage({ locale }));
      return pageResponse(
        409,
        renderAlreadyAcceptedPage({
          locale,
          provider: result.provider,
          signInUrl: `${deps.settings.PUBLIC_BASE_URL}/api/SignIn?go=1&lang=${locale}`,
        }),
      );
  }
};

/** `InvitationNewLink` as the host calls it (registered by functions/invitation-new-link.ts, which imports this module on the first call). */
export const handler = edge(newLinkHandler, getDeps);
