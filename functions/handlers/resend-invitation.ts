/**
 * `POST /api/invitations/{id}/resend` `{ expiresInDays? }`: a new link (the old one then says a newer invitation
 * was sent), a new expiry, a new email. Works on expired invitations.
 */
import { type Deps, getDeps } from '../../shared/deps.js';
import { resendInvitation } from '../../shared/domain/use-cases/manage-invitations.js';
import { edge } from '../../shared/http/handler.js';
import { withIdempotency } from '../../shared/http/idempotency.js';
import { invitationJson, resendSchema } from '../../shared/http/invitation-schema.js';
import { forProfessionals } from '../../shared/http/professional-route.js';
import { readJson } from '../../shared/http/request.js';
import { jsonResponse } from '../../shared/http/respond.js';

export const resendInvitationHandler = forProfessionals(
  'Invitations.Send',
  async (request, professional, deps: Pick<Deps, 'auth' | 'invitations' | 'idempotency'>) => {
    const hasBody = Number(request.headers.get('content-length') ?? '0') > 0 || request.headers.has('content-type');
    const body = hasBody ? await readJson(request, resendSchema) : {};
    const id = request.params.id!;
    const resend = () => resendInvitation(deps.invitations, professional, id, body);
    return withIdempotency(
      deps.idempotency,
      {
        key: request.headers.get('idempotency-key'),
        scope: `resend|${professional.providerId}|${id}`,
        request: JSON.stringify(body),
        now: deps.invitations.clock.now(),
      },
      // The invitation's status as of the moment it was resent.
      async () => jsonResponse(200, invitationJson(await resend(), deps.invitations.clock.now())),
    );
  },
);

/** `ResendInvitation` as the host calls it (registered by functions/resend-invitation.ts, which imports this module on the first call). */
export const handler = edge(resendInvitationHandler, getDeps);
