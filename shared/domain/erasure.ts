/**
 * The RGPD's right to erasure (issue 15 item 3, docs/privacy.md "Erasure"): what an erased invitation keeps. It stays
 * as a count in the provider's history (who sent it, when, what became of its email) but no longer names the person:
 * their address, names, phone, company and message are gone, its link can no longer be used (a pending invitation is
 * revoked), and its timeline is replaced by one `erased` event (the events' details may quote the person).
 */
import type { Invitation } from './invitation.js';
import { event, type TimelineEvent } from './timeline.js';

/** The address an erased invitation carries (`.invalid`: a name that can never be delivered, RFC 2606). */
export const ERASED_EMAIL = 'erased@erased.invalid';
/** The names an erased invitation carries. */
export const ERASED_NAME = '—';

export function erasedInvitation(invitation: Invitation, now: Date): Invitation {
  const { phone: _phone, company: _company, message: _message, ...kept } = invitation;
  const stillOpen = invitation.status === 'pending';
  return {
    ...kept,
    email: ERASED_EMAIL,
    firstName: ERASED_NAME,
    lastName: ERASED_NAME,
    // Its link dies with it: no key can match an empty hash, and a pending invitation is revoked.
    keyHash: '',
    supersededKeyHashes: [],
    ...(stillOpen ? { status: 'revoked' as const, revokedAt: now } : {}),
    delivery: {
      status: invitation.delivery.status,
      attempts: invitation.delivery.attempts,
      ...(invitation.delivery.sentAt ? { sentAt: invitation.delivery.sentAt } : {}),
    },
  };
}

/** The one event an erased invitation's timeline keeps. */
export const erasedEvent = (now: Date, by: string): TimelineEvent => event(now, 'erased', `by ${by}`);

/** Whether an invitation was erased already (a second erasure changes nothing). */
export const isErased = (invitation: Invitation) => invitation.email === ERASED_EMAIL;
