/**
 * `GET /api/console/invitations/{invitationId}` (role `Invitations.Send`): one invitation of the professional's
 * provider — its fields, its delivery, its timeline (`getInvitation`: the first 200 events, and whether there are
 * more) and the actions it allows; what an action did (`?done=`), and a new link shown once (from the sealed cookie
 * the action's answer set, cleared here). Another provider's invitation, or an unknown id: the 404 page.
 */
import { getDeps } from '../../shared/deps.js';
import type { InvitationDeps } from '../../shared/domain/use-cases/invitation-deps.js';
import { invitationPage, routeInvitationId } from '../../shared/http/console-invitation-page.js';
import {
  type InviteLinks,
  inviteLinks,
  readInviteLink,
  spentInviteLinkCookie,
} from '../../shared/http/console-invite-link.js';
import { type ConsoleEdgeDeps, consoleEdgeDeps, consolePage } from '../../shared/http/console-route.js';
import { edge } from '../../shared/http/handler.js';
import type { DetailNotice } from '../../shared/web/console-invitations-pages.js';

export type ConsoleInvitationDeps = ConsoleEdgeDeps & { invitations: InvitationDeps; inviteLinks: InviteLinks };

const DONE = ['resent', 'link', 'revoked'] as const;

export const consoleInvitationHandler = consolePage<ConsoleInvitationDeps>('Invitations.Send', async (visit, deps) => {
  const id = routeInvitationId(visit);
  const done = new URL(visit.request.url).searchParams.get('done') ?? '';
  const notice: DetailNotice | undefined = (DONE as readonly string[]).includes(done)
    ? { kind: 'done', what: done as (typeof DONE)[number] }
    : undefined;
  const link = id ? await readInviteLink(visit.request, deps.inviteLinks, id) : undefined;
  return invitationPage(visit, deps.invitations, id, 200, { notice, link }, link ? [spentInviteLinkCookie()] : []);
});

/** `ConsoleInvitation` as the host calls it (registered by functions/console-invitation.ts, which imports this module on the first call). */
export const handler = edge(consoleInvitationHandler, () => {
  const deps = getDeps();
  return {
    ...consoleEdgeDeps(deps),
    invitations: deps.invitations,
    inviteLinks: inviteLinks(deps.settings.SESSION_KEYS),
  };
});
