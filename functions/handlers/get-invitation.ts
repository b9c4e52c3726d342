/**
 * `GET /api/invitations/{id}`: one invitation of the provider, with its timeline (its first `TIMELINE_SHOWN` events;
 * `timelineTruncated: true` when it has more) and delivery status.
 */
import { type Deps, getDeps } from '../../shared/deps.js';
import { getInvitation } from '../../shared/domain/use-cases/manage-invitations.js';
import { edge } from '../../shared/http/handler.js';
import { invitationJson } from '../../shared/http/invitation-schema.js';
import { forProfessionals } from '../../shared/http/professional-route.js';
import { jsonResponse } from '../../shared/http/respond.js';

export const getInvitationHandler = forProfessionals(
  'Invitations.Send',
  async (request, professional, deps: Pick<Deps, 'auth' | 'invitations'>) => {
    const { invitation, timeline, timelineTruncated } = await getInvitation(
      deps.invitations,
      professional,
      request.params.id!,
    );
    const now = deps.invitations.clock.now();
    return jsonResponse(200, invitationJson(invitation, now, { timeline, timelineTruncated }));
  },
);

/** `GetInvitation` as the host calls it (registered by functions/get-invitation.ts, which imports this module on the first call). */
export const handler = edge(getInvitationHandler, getDeps);
