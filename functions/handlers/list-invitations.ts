/**
 * `GET /api/invitations?status=&email=&cursor=&limit=&order=&createdFrom=&createdBefore=&expiresWithinHours=&deliveryFailed=&acceptedSince=`:
 * the provider's invitations, newest (or oldest) first, narrowed server-side by the listing rows (`listInvitations`).
 */
import { type Deps, getDeps } from '../../shared/deps.js';
import { listInvitations } from '../../shared/domain/use-cases/manage-invitations.js';
import { edge } from '../../shared/http/handler.js';
import { invitationJson, listQuerySchema } from '../../shared/http/invitation-schema.js';
import { forProfessionals } from '../../shared/http/professional-route.js';
import { parseWith } from '../../shared/http/request.js';
import { jsonResponse } from '../../shared/http/respond.js';

export const listInvitationsHandler = forProfessionals(
  'Invitations.Send',
  async (request, professional, deps: Pick<Deps, 'auth' | 'invitations'>) => {
    const { createdFrom, createdBefore, acceptedSince, deliveryFailed, ...query } = parseWith(
      listQuerySchema,
      Object.fromEntries(request.query.entries()),
    );
    const page = await listInvitations(deps.invitations, professional, {
      ...query,
      ...(createdFrom ? { createdFrom: new Date(createdFrom) } : {}),
      ...(createdBefore ? { createdBefore: new Date(createdBefore) } : {}),
      ...(acceptedSince ? { acceptedSince: new Date(acceptedSince) } : {}),
      ...(deliveryFailed ? { deliveryFailed: true } : {}),
    });
    const now = deps.invitations.clock.now();
    return jsonResponse(200, {
      items: page.items.map((invitation) => invitationJson(invitation, now)),
      nextCursor: page.nextCursor ?? null,
    });
  },
);

/** `ListInvitations` as the host calls it (registered by functions/list-invitations.ts, which imports this module on the first call). */
export const handler = edge(listInvitationsHandler, getDeps);
