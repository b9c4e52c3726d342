import { getDeps } from '../../shared/deps.js';
import { DomainError } from '../../shared/domain/errors.js';
import type { IdempotencyStore } from '../../shared/domain/ports.js';
import type { InvitationDeps } from '../../shared/domain/use-cases/invitation-deps.js';
import { resendInvitation, resendInvitationLink } from '../../shared/domain/use-cases/manage-invitations.js';
import { invitationPage, refusalNotice, routeInvitationId } from '../../shared/http/console-invitation-page.js';
import { type InviteLinks, inviteLinkCookie, inviteLinks } from '../../shared/http/console-invite-link.js';
import {
  type ConsoleEdgeDeps,
  consoleEdgeDeps,
  consolePage,
  formRequestKey,
  postedFormToken,
} from '../../shared/http/console-route.js';
import { edge } from '../../shared/http/handler.js';
import { withIdempotency } from '../../shared/http/idempotency.js';
import { redirect } from '../../shared/http/respond.js';
import { invitationPath } from '../../shared/web/console-invitations-pages.js';
import { consoleHref } from '../../shared/web/console-pages.js';

export type ConsoleInvitationResendDeps = ConsoleEdgeDeps & {
  invitations: InvitationDeps;
  idempotency: IdempotencyStore;
  inviteLinks: InviteLinks;
};

const DAYS = /^(?:[1-9]|[12]\d|30)$/;
export const consoleInvitationResendHandler = consolePage<ConsoleInvitationResendDeps>(
  'Invitations.Send',
  async (visit, deps) => {
    const id = routeInvitationId(visit);
    const form = visit.form.get('delivery') === 'link' ? 'link' : 'resend';
    const typed = (visit.form.get('expiresInDays') ?? '').trim();
    if (id && !DAYS.test(typed)) {
      return invitationPage(visit, deps.invitations, id, 400, {
        expiresInDays: { value: typed.slice(0, 10), invalid: true, form },
      });
    }
    if (!id) return invitationPage(visit, deps.invitations, id, 404);
    const expiresInDays = Number(typed);
    const professional = visit.professional;
    const request = JSON.stringify({ expiresInDays, delivery: form });
    const key = formRequestKey(postedFormToken(visit), request);
    const done = (what: 'resent' | 'link') => consoleHref(invitationPath(id), visit.locale, { done: what });
    try {
      return await withIdempotency(
        deps.idempotency,
        {
          key,
          scope: `console-resend|${professional.providerId}|${professional.oid}|${id}`,
          request,
          now: deps.invitations.clock.now(),
        },
        async () => {
          if (form === 'resend') {
            await resendInvitation(deps.invitations, professional, id, { expiresInDays });
            visit.log.info('console.invitation.resent', {
              invitationId: id,
              providerId: professional.providerId,
              sendEmail: true,
            });
            return redirect(done('resent'));
          }
          const { invitation, key: linkKey } = await resendInvitationLink(deps.invitations, professional, id, {
            expiresInDays,
          });
          visit.log.info('console.invitation.resent', {
            invitationId: id,
            providerId: professional.providerId,
            sendEmail: false,
          });
          const url = deps.invitations.links.acceptInvitation(invitation.id, linkKey);
          return redirect(done('link'), [
            await inviteLinkCookie(deps.inviteLinks, { invitationId: invitation.id, url }),
          ]);
        },
      ).then(async (answer) => {
        // The same form still being sent (a double click): say so on the invitation's page, not in problem+json.
        const type = (answer.headers as Record<string, string> | undefined)?.['Content-Type'] ?? '';
        if (!type.startsWith('application/problem+json')) return answer;
        return invitationPage(visit, deps.invitations, id, 409, { notice: { kind: 'refused', reason: 'try-again' } });
      });
    } catch (error) {
      if (error instanceof DomainError && error.code === 'invitation-not-found') {
        return invitationPage(visit, deps.invitations, undefined, 404);
      }
      const notice = refusalNotice(error, 'resend');
      if (!notice) throw error;
      visit.log.info('console.invitation.refused', { reason: notice.reason, action: 'resend' });
      return invitationPage(visit, deps.invitations, id, 409, { notice });
    }
  },
);

/** `ConsoleInvitationResend` as the host calls it (registered by functions/console-invitation-resend.ts, which imports this module on the first call). */
export const handler = edge(consoleInvitationResendHandler, () => {
  const deps = getDeps();
  return {
    ...consoleEdgeDeps(deps),
    invitations: deps.invitations,
    idempotency: deps.idempotency,
    inviteLinks: inviteLinks(deps.settings.SESSION_KEYS),
  };
});
