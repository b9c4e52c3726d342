/**
 * What the console's Invitations functions share: the page's frame (the "Invitations" entry marked current), the
 * invitation's id as a route gives it (anything else is the same 404 page as another provider's invitation), the
 * invitation's page as a use case reads it (`getInvitation`: the provider's own only), and the use cases' refusals
 * as the notices that page shows.
 */

import type { HttpResponseInit } from '@azure/functions';
import { DomainError } from '../domain/errors.js';
import type { InvitationDeps } from '../domain/use-cases/invitation-deps.js';
import { getInvitation } from '../domain/use-cases/manage-invitations.js';
import {
  type DetailNotice,
  type DetailView,
  renderInvitationDetail,
  renderInvitationNotFound,
} from '../web/console-invitations-pages.js';
import type { ConsoleFrame } from '../web/console-pages.js';
import type { ConsoleVisit } from './console-route.js';
import { consoleFrame } from './console-route.js';
import { page } from './respond.js';

const ID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** The route's invitation id, or undefined when it cannot be one (then: the 404 page). */
export const routeInvitationId = (visit: ConsoleVisit): string | undefined => {
  const id = visit.request.params.invitationId ?? '';
  return ID.test(id) ? id.toLowerCase() : undefined;
};

export const invitationsFrame = (visit: ConsoleVisit, here: string): ConsoleFrame =>
  consoleFrame(visit, 'invitations', here);

/** The 404 page: an unknown invitation and another provider's look the same. */
export const invitationNotFound = (visit: ConsoleVisit): HttpResponseInit =>
  page(404, renderInvitationNotFound(invitationsFrame(visit, '/api/console/invitations')));

/**
 * The invitation's page with `extra` (a notice, the new link, a refused form's expiry), answered with `status`; the
 * 404 page when it is not the professional's provider's.
 */
export async function invitationPage(
  visit: ConsoleVisit,
  deps: InvitationDeps,
  invitationId: string | undefined,
  status: number,
  extra: Pick<DetailView, 'notice' | 'link' | 'expiresInDays'> = {},
  cookies: HttpResponseInit['cookies'] = [],
): Promise<HttpResponseInit> {
  if (!invitationId) return invitationNotFound(visit);
  try {
    const read = await getInvitation(deps, visit.professional, invitationId);
    const frame = invitationsFrame(visit, `/api/console/invitations/${invitationId}`);
    // Each action form carries a one-time token: the same form posted twice is one action.
    const formToken = crypto.randomUUID();
    return page(
      status,
      renderInvitationDetail(frame, { ...read, now: deps.clock.now(), formToken, ...extra }),
      cookies,
    );
  } catch (error) {
    if (error instanceof DomainError && error.code === 'invitation-not-found') return invitationNotFound(visit);
    throw error;
  }
}

/** A use case's refusal as the notice the invitation's page shows (409), or undefined for what it does not explain. */
export function refusalNotice(
  error: unknown,
  action: 'resend' | 'revoke',
): Extract<DetailNotice, { kind: 'refused' }> | undefined {
  if (!(error instanceof DomainError)) return undefined;
  switch (error.code) {
    case 'invitation-pending':
      return { kind: 'refused', reason: 'invitation-pending', otherId: String(error.details.invitationId ?? '') };
    case 'already-client':
      return { kind: 'refused', reason: 'already-client' };
    case 'invitation-accepted':
    case 'invitation-completed':
    case 'invitation-revoked':
      return { kind: 'refused', reason: action === 'resend' ? 'not-resendable' : 'not-revocable' };
    case 'concurrent-update':
      return { kind: 'refused', reason: 'try-again' };
    default:
      return undefined;
  }
}
