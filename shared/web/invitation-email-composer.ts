/** The invitation email composer the dispatcher uses: the domain's port over the templates of this folder. */
import type { InvitationEmailComposer } from '../domain/ports.js';
import { renderInvitationEmail } from './invitation-email.js';

export const invitationEmailComposer: InvitationEmailComposer = {
  compose: ({ invitation, provider, acceptUrl, reason }) =>
    renderInvitationEmail({
      locale: invitation.locale,
      invitee: { firstName: invitation.firstName, lastName: invitation.lastName },
      inviterName: invitation.invitedBy.name,
      provider,
      message: invitation.message,
      acceptUrl,
      expiresAt: invitation.expiresAt,
      reason,
    }),
};
