/** `POST /api/invitations/{id}/revoke`: the link stops working at once (it then shows the not-found page). */
import { type Deps, getDeps } from '../../shared/deps.js';
import { revokeInvitation } from '../../shared/domain/use-cases/manage-invitations.js';
import { edge } from '../../shared/http/handler.js';
import { invitationJson } from '../../shared/http/invitation-schema.js';
import { forProfessionals } from '../../shared/http/professional-route.js';
import { jsonResponse } from '../../shared/http/respond.js';

export const revokeInvitationHandler = forProfessionals(
  'Invitations.Send',
  async (request, professional, deps: Pick<Deps, 'auth' | 'invitations'>, log) => {
    const invitation = await revokeInvitation(deps.invitations, professional, request.params.id!);
    log.info('invitation.revoked', { invitationId: invitation.id, by: professional.oid });
    return jsonResponse(200, invitationJson(invitation, deps.invitations.clock.now()));
  },
);

/** `RevokeInvitation` as the host calls it (registered by functions/revoke-invitation.ts, which imports this module on the first call). */
export const handler = edge(revokeInvitationHandler, getDeps);
