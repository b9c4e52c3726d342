/**
 * `GET|POST /api/console/invitations/{invitationId}/revoke` (role `Invitations.Send`): Revoke's confirmation page,
 * then revoking through the API's use case (`revokeInvitation`): the link stops working for good. An invitation that
 * can no longer be revoked (accepted, completed) is a notice on its page (409); another provider's, the 404 page.
 */
import { getDeps } from '../../shared/deps.js';
import { DomainError } from '../../shared/domain/errors.js';
import { effectiveStatus } from '../../shared/domain/invitation.js';
import type { InvitationDeps } from '../../shared/domain/use-cases/invitation-deps.js';
import { getInvitation, revokeInvitation } from '../../shared/domain/use-cases/manage-invitations.js';
import {
  invitationNotFound,
  invitationPage,
  invitationsFrame,
  refusalNotice,
  routeInvitationId,
} from '../../shared/http/console-invitation-page.js';
import { type ConsoleEdgeDeps, consoleEdgeDeps, consolePage } from '../../shared/http/console-route.js';
import { edge } from '../../shared/http/handler.js';
import { page, redirect } from '../../shared/http/respond.js';
import { invitationPath, renderRevokeConfirmation } from '../../shared/web/console-invitations-pages.js';
import { consoleHref } from '../../shared/web/console-pages.js';

export type ConsoleInvitationRevokeDeps = ConsoleEdgeDeps & { invitations: InvitationDeps };

const notFound = (error: unknown) => error instanceof DomainError && error.code === 'invitation-not-found';

export const consoleInvitationRevokeHandler = consolePage<ConsoleInvitationRevokeDeps>(
  'Invitations.Send',
  async (visit, deps) => {
    const id = routeInvitationId(visit);
    if (!id) return invitationNotFound(visit);
    if (visit.request.method !== 'POST') {
      try {
        const { invitation } = await getInvitation(deps.invitations, visit.professional, id);
        const status = effectiveStatus(invitation, deps.invitations.clock.now());
        if (status !== 'pending' && status !== 'expired') {
          return invitationPage(visit, deps.invitations, id, 409, {
            notice: { kind: 'refused', reason: 'not-revocable' },
          });
        }
        const frame = invitationsFrame(visit, `${invitationPath(id)}/revoke`);
        return page(200, renderRevokeConfirmation(frame, invitation));
      } catch (error) {
        if (notFound(error)) return invitationNotFound(visit);
        throw error;
      }
    }
    try {
      await revokeInvitation(deps.invitations, visit.professional, id);
      visit.log.info('console.invitation.revoked', { invitationId: id, providerId: visit.professional.providerId });
      return redirect(consoleHref(invitationPath(id), visit.locale, { done: 'revoked' }));
    } catch (error) {
      if (notFound(error)) return invitationNotFound(visit);
      const notice = refusalNotice(error, 'revoke');
      if (!notice) throw error;
      visit.log.info('console.invitation.refused', { reason: notice.reason, action: 'revoke' });
      return invitationPage(visit, deps.invitations, id, 409, { notice });
    }
  },
);

/** `ConsoleInvitationRevoke` as the host calls it (registered by functions/console-invitation-revoke.ts, which imports this module on the first call). */
export const handler = edge(consoleInvitationRevokeHandler, () => {
  const deps = getDeps();
  return { ...consoleEdgeDeps(deps), invitations: deps.invitations };
});
