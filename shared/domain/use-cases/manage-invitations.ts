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
import type { Versioned } from '../ports.js';
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

export async function listInvitations(
  deps: InvitationDeps,
  professional: ActingProfessional,
  filter: { status?: InvitationStatus; email?: string; cursor?: string; limit: number },
): Promise<{ items: Invitation[]; nextCursor?: string }> {
  const now = deps.clock.now();
  const items: Invitation[] = [];
  let cursor = filter.cursor;
  // A status filter is applied to the invitations themselves (the truth), so a page may need several reads.
  for (let round = 0; round < 5 && items.length < filter.limit; round++) {
    const page = await deps.invitations.list(professional.providerId, {
      limit: filter.limit - items.length,
      ...(filter.email ? { email: filter.email } : {}),
      ...(cursor ? { cursor } : {}),
    });
    const found = await Promise.all(page.invitationIds.map((id) => deps.invitations.get(id)));
    for (const invitation of found) {
      if (!invitation || invitation.value.providerId !== professional.providerId) continue;
      if (filter.status && effectiveStatus(invitation.value, now) !== filter.status) continue;
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
  const now = deps.clock.now();
  const { key, hash } = deps.keys.issue();
  const next = resend(current.value, { now, keyHash: hash, expiresInDays: options.expiresInDays });
  await retakeClaim(deps, current.value, now);
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
  const type = options.reason === 'resent' ? 'resent' : 'new-link.sent';
  await deps.invitations.update(current, next, {
    events: [event(now, type, options.by ? `by ${options.by}` : undefined), event(now, 'email.queued')],
    newOutbox: outbox,
  });
  return next;
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
