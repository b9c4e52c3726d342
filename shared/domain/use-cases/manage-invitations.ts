/**
 * What a professional does with the invitations of their provider: look at one with its timeline, list them,
 * resend one (a new key, so the old link says a newer invitation was sent; a new expiry; works on expired ones),
 * revoke one. Another provider's invitation does not exist for them (404, never 403).
 */
import { DomainError } from '../errors.js';
import {
  DEFAULT_EXPIRY_DAYS,
  effectiveStatus,
  type Invitation,
  type InvitationStatus,
  resend,
  revoke,
} from '../invitation.js';
import type { OutboxEntry, OutboxReason } from '../outbox.js';
import type { ListingConditions, ListingOrder, Versioned } from '../ports.js';
import type { ActingProfessional } from '../provider.js';
import { event, TIMELINE_SHOWN, type TimelineEvent } from '../timeline.js';
import type { InvitationDeps } from './invitation-deps.js';
import { FIRST_DISPATCH_DELAY_SECONDS, refuseUnlessStale } from './invite-user.js';

export async function findOwnInvitation(
  deps: InvitationDeps,
  professional: ActingProfessional,
  invitationId: string,
): Promise<Versioned<Invitation>> {
  const found = await deps.invitations.get(invitationId);
  if (!found || found.value.providerId !== professional.providerId) {
    throw new DomainError('invitation-not-found', 'No such invitation.');
  }
  return found;
}

export async function getInvitation(
  deps: InvitationDeps,
  professional: ActingProfessional,
  invitationId: string,
): Promise<{ invitation: Invitation; timeline: TimelineEvent[]; timelineTruncated: boolean }> {
  const found = await findOwnInvitation(deps, professional, invitationId);
  const events = await deps.invitations.timeline(invitationId, { limit: TIMELINE_SHOWN + 1 });
  return {
    invitation: found.value,
    timeline: events.slice(0, TIMELINE_SHOWN),
    timelineTruncated: events.length > TIMELINE_SHOWN,
  };
}

/**
 * What a list of invitations can ask for: a status, an address, when they were created, and Home's narrower lists
 * (expiring soon, email not delivered, accepted since), newest or oldest first.
 */
export interface InvitationQuery {
  status?: InvitationStatus;
  /** The normalized address. */
  email?: string;
  createdFrom?: Date;
  createdBefore?: Date;
  /** Pending, and its link stops working within this many hours. */
  expiresWithinHours?: number;
  /** Its latest email could not be delivered. */
  deliveryFailed?: boolean;
  /** Accepted at or after this instant (completed since or not). */
  acceptedSince?: Date;
  order?: ListingOrder;
  cursor?: string;
  limit: number;
}

const HOUR_MS = 3_600_000;

/**
 * The query as conditions on the listing rows (filtered by the store, server-side), or `none` when it contradicts
 * itself (revoked and expiring soon): nothing can match.
 */
export function listingConditions(query: InvitationQuery, now: Date): ListingConditions | 'none' {
  const where: ListingConditions = {};
  const pending = (value: boolean) => {
    if (where.pending !== undefined && where.pending !== value) return false;
    where.pending = value;
    return true;
  };
  const later = (a: Date | undefined, b: Date) => (a && a.getTime() > b.getTime() ? a : b);
  switch (query.status) {
    case 'pending':
      pending(true);
      where.expiresAfter = now;
      break;
    case 'expired':
      pending(true);
      where.expiresBy = now;
      break;
    case 'accepted':
    case 'completed':
      where.acceptedSince = new Date(0);
      break;
    case 'revoked':
      pending(false);
      break;
    default:
      break;
  }
  if (query.expiresWithinHours !== undefined) {
    if (!pending(true)) return 'none';
    where.expiresAfter = later(where.expiresAfter, now);
    const by = new Date(now.getTime() + query.expiresWithinHours * HOUR_MS);
    where.expiresBy = where.expiresBy && where.expiresBy < by ? where.expiresBy : by;
  }
  if (query.deliveryFailed) where.deliveryFailed = true;
  if (query.acceptedSince) where.acceptedSince = later(where.acceptedSince, query.acceptedSince);
  if (query.createdFrom) where.createdFrom = query.createdFrom;
  if (query.createdBefore) where.createdBefore = query.createdBefore;
  return where;
}

/** Whether the invitation itself (the truth: a listing row's summary may lag it by one write) answers the query. */
export function answersQuery(invitation: Invitation, query: InvitationQuery, now: Date): boolean {
  const status = effectiveStatus(invitation, now);
  const created = invitation.createdAt.getTime();
  return (
    (!query.status || status === query.status) &&
    (!query.email || invitation.email === query.email) &&
    (!query.createdFrom || created >= query.createdFrom.getTime()) &&
    (!query.createdBefore || created < query.createdBefore.getTime()) &&
    (query.expiresWithinHours === undefined ||
      (status === 'pending' && invitation.expiresAt.getTime() <= now.getTime() + query.expiresWithinHours * HOUR_MS)) &&
    (!query.deliveryFailed || invitation.delivery.status === 'failed') &&
    (!query.acceptedSince ||
      (invitation.acceptedAt !== undefined && invitation.acceptedAt.getTime() >= query.acceptedSince.getTime()))
  );
}

/**
 * A page of the provider's invitations answering the query. The store narrows the listing by its rows (never reading
 * every invitation); each invitation of the page is then read (what a list shows is on it) and checked against the
 * query, so a page may take a few reads of the listing (at most 5) and hold fewer than `limit`.
 */
export async function listInvitations(
  deps: InvitationDeps,
  professional: ActingProfessional,
  query: InvitationQuery,
): Promise<{ items: Invitation[]; nextCursor?: string }> {
  const now = deps.clock.now();
  const where = listingConditions(query, now);
  if (where === 'none') return { items: [] };
  // Oldest first reads forward in time: nothing was created after now.
  const soon = new Date(now.getTime() + 60_000);
  if (query.order === 'oldest' && !(where.createdBefore && where.createdBefore < soon)) where.createdBefore = soon;
  const items: Invitation[] = [];
  let cursor = query.cursor;
  for (let round = 0; round < 5 && items.length < query.limit; round++) {
    const page = await deps.invitations.list(professional.providerId, {
      limit: query.limit - items.length,
      where,
      ...(query.order ? { order: query.order } : {}),
      ...(query.email ? { email: query.email } : {}),
      ...(cursor ? { cursor } : {}),
    });
    const found = await Promise.all(page.invitationIds.map((id) => deps.invitations.get(id)));
    for (const invitation of found) {
      if (!invitation || invitation.value.providerId !== professional.providerId) continue;
      if (!answersQuery(invitation.value, query, now)) continue;
      items.push(invitation.value);
    }
    cursor = page.nextCursor;
    if (!cursor) break;
  }
  return cursor ? { items, nextCursor: cursor } : { items };
}

/**
 * Rotates the key and queues a new email; shared by the professional's resend and the invitee's "new link". The
 * invitation takes its (provider, email) claim back first: when another invitation took it over meanwhile (this one
 * had expired) and is pending, 409 `invitation-pending` names it; accepted, 409 `already-client`.
 */
export async function renewInvitation(
  deps: InvitationDeps,
  current: Versioned<Invitation>,
  options: { expiresInDays: number; reason: Exclude<OutboxReason, 'invitation'>; by?: string },
): Promise<Invitation> {
  return (await renew(deps, current, { ...options, sendEmail: true })).invitation;
}

/**
 * The renewal itself: a new key and expiry, the claim taken back, and — unless `sendEmail` is false (a link the
 * professional gives themselves: no email, delivery `not-requested`) — a new email queued. Resolves to the renewed
 * invitation and its new link's key (shown once by the console; never stored).
 */
async function renew(
  deps: InvitationDeps,
  current: Versioned<Invitation>,
  options: { expiresInDays: number; reason: Exclude<OutboxReason, 'invitation'>; by?: string; sendEmail: boolean },
): Promise<{ invitation: Invitation; key: string }> {
  const now = deps.clock.now();
  const { key, hash } = deps.keys.issue();
  const renewed = resend(current.value, { now, keyHash: hash, expiresInDays: options.expiresInDays });
  const next: Invitation = options.sendEmail
    ? renewed
    : { ...renewed, delivery: { status: 'not-requested', attempts: 0 } };
  await retakeClaim(deps, current.value, now);
  const type = options.reason === 'resent' ? 'resent' : 'new-link.sent';
  const by = options.by ? `by ${options.by}` : undefined;
  if (!options.sendEmail) {
    await deps.invitations.update(current, next, {
      events: [event(now, type, by ? `${by}, link given, no email` : 'link given, no email')],
    });
    return { invitation: next, key };
  }
  const outbox: OutboxEntry = {
    id: deps.ids.newId(),
    invitationId: next.id,
    keyVersion: next.keyVersion,
    reason: options.reason,
    status: 'pending',
    attempts: 0,
    createdAt: now,
    sealedKey: deps.keys.seal(key),
  };
  await deps.dispatch.schedule(
    { invitationId: next.id, outboxId: outbox.id, queuedAt: now.toISOString() },
    FIRST_DISPATCH_DELAY_SECONDS,
  );
  await deps.invitations.update(current, next, {
    events: [event(now, type, by), event(now, 'email.queued')],
    newOutbox: outbox,
  });
  return { invitation: next, key };
}

/**
 * The claim, taken (again) by this invitation with the ETag it was read with, and stamped `now`: of a renewal and a
 * racing invitation (or another renewal) for the same person one wins the claim, and the loser, reading again, finds
 * a claim taken after its invitation's expiry — a renewal being written — and is refused as pending.
 */
async function retakeClaim(deps: InvitationDeps, invitation: Invitation, now: Date): Promise<void> {
  const claimant = {
    providerId: invitation.providerId,
    email: invitation.email,
    id: invitation.id,
    createdAt: invitation.createdAt,
    expiresAt: invitation.expiresAt,
    claimedAt: now,
  };
  for (let attempt = 0; attempt < 3; attempt++) {
    const result = await deps.invitations.claimEmail(claimant);
    if (result.claimed) return;
    if (result.holder.invitationId !== invitation.id) await refuseUnlessStale(deps, result.holder);
    if (await deps.invitations.takeOverClaim(result.holder, claimant)) return;
  }
  throw new DomainError('concurrent-update', 'Another invitation for this email is being written; try again.');
}

export async function resendInvitation(
  deps: InvitationDeps,
  professional: ActingProfessional,
  invitationId: string,
  options: { expiresInDays?: number },
): Promise<Invitation> {
  const current = await findOwnInvitation(deps, professional, invitationId);
  return renewInvitation(deps, current, {
    expiresInDays: options.expiresInDays ?? DEFAULT_EXPIRY_DAYS,
    reason: 'resent',
    by: professional.name,
  });
}

/**
 * The professional’s resend without an email (an invitation they give the link of themselves): the same renewal
 * (a new key — the old link then says a newer invitation was sent —, a new expiry, the claim taken back, the same
 * 409s), and the new link’s key, to show once.
 */
export async function resendInvitationLink(
  deps: InvitationDeps,
  professional: ActingProfessional,
  invitationId: string,
  options: { expiresInDays?: number },
): Promise<{ invitation: Invitation; key: string }> {
  const current = await findOwnInvitation(deps, professional, invitationId);
  return renew(deps, current, {
    expiresInDays: options.expiresInDays ?? DEFAULT_EXPIRY_DAYS,
    reason: 'resent',
    by: professional.name,
    sendEmail: false,
  });
}

export async function revokeInvitation(
  deps: InvitationDeps,
  professional: ActingProfessional,
  invitationId: string,
): Promise<Invitation> {
  const current = await findOwnInvitation(deps, professional, invitationId);
  const now = deps.clock.now();
  const next = revoke(current.value, now);
  if (next === current.value) return next;
  await deps.invitations.update(current, next, { events: [event(now, 'revoked', `by ${professional.name}`)] });
  return next;
}
