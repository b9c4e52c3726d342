/** What happened to an invitation, in order: the timeline professionals see. */

export type TimelineEventType =
  | 'created'
  | 'email.queued'
  | 'email.sent'
  | 'email.throttled'
  | 'email.retrying'
  | 'email.delivered'
  | 'email.failed'
  | 'opened'
  | 'accepted'
  | 'company.created'
  | 'resent'
  | 'new-link.sent'
  | 'revoked'
  | 'erased';

export interface TimelineEvent {
  at: Date;
  event: TimelineEventType;
  detail?: string;
}

export const event = (at: Date, type: TimelineEventType, detail?: string): TimelineEvent =>
  detail === undefined ? { at, event: type } : { at, event: type, detail };

/**
 * A timeline shows its first events only (a link holder can add "opened" events, within the limits of
 * `POST /api/AcceptInvitation`): `GET /api/invitations/{id}` lists these many and says when there were more.
 */
export const TIMELINE_SHOWN = 200;
/** What a timeline read returns at most, by default: one more than is shown, so the reader knows there were more. */
export const TIMELINE_READ_LIMIT = TIMELINE_SHOWN + 1;
