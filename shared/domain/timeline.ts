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
  | 'revoked';

export interface TimelineEvent {
  at: Date;
  event: TimelineEventType;
  detail?: string;
}

export const event = (at: Date, type: TimelineEventType, detail?: string): TimelineEvent =>
  detail === undefined ? { at, event: type } : { at, event: type, detail };
