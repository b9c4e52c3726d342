/**
 * `GET /api/console/invite/sent/{invitationId}` (role `Invitations.Send`): the page after the Invite form — the email
 * is queued, or, for "give me the link", the link shown once (from the sealed cookie the form's answer set, cleared
 * here). Only an invitation of the professional's own provider: any other id is a 404 page.
 */
import { getDeps } from '../../shared/deps.js';
import type { InvitationDeps } from '../../shared/domain/use-cases/invitation-deps.js';
import {
  type InviteLinks,
  inviteLinks,
  readInviteLink,
  spentInviteLinkCookie,
} from '../../shared/http/console-invite-link.js';
import { type ConsoleEdgeDeps, consoleEdgeDeps, consoleFrame, consolePage } from '../../shared/http/console-route.js';
import { edge } from '../../shared/http/handler.js';
import { page } from '../../shared/http/respond.js';
import { renderConsoleInvitationNotFound, renderConsoleInviteSent } from '../../shared/web/console-invite-pages.js';
import type { ConsoleFrame } from '../../shared/web/console-pages.js';

export type ConsoleInviteSentDeps = ConsoleEdgeDeps & {
  invitations: Pick<InvitationDeps, 'invitations'>;
  inviteLinks: InviteLinks;
};

const ID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export const consoleInviteSentHandler = consolePage<ConsoleInviteSentDeps>('Invitations.Send', async (visit, deps) => {
  const id = visit.request.params.invitationId ?? '';
  const frame: ConsoleFrame = consoleFrame(visit, 'invite', `/api/console/invite/sent/${id}`);
  const found = ID.test(id) ? await deps.invitations.invitations.get(id) : undefined;
  if (!found || found.value.providerId !== visit.professional.providerId) {
    return page(404, renderConsoleInvitationNotFound(frame));
  }
  const invitation = found.value;
  const view = {
    invitationId: invitation.id,
    name: `${invitation.firstName} ${invitation.lastName}`,
    email: invitation.email,
    expiresAt: invitation.expiresAt,
  };
  if (invitation.delivery.status !== 'not-requested') return page(200, renderConsoleInviteSent(frame, view));
  const url = await readInviteLink(visit.request, deps.inviteLinks, invitation.id);
  if (!url) return page(200, renderConsoleInviteSent(frame, { ...view, link: { kind: 'gone' } }));
  return page(200, renderConsoleInviteSent(frame, { ...view, link: { kind: 'shown', url } }), [
    spentInviteLinkCookie(),
  ]);
});

/** `ConsoleInviteSent` as the host calls it (registered by functions/console-invite-sent.ts, which imports this module on the first call). */
export const handler = edge(consoleInviteSentHandler, () => {
  const deps = getDeps();
  return {
    ...consoleEdgeDeps(deps),
    invitations: deps.invitations,
    inviteLinks: inviteLinks(deps.settings.SESSION_KEYS),
  };
});
