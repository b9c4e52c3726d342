/**
 * The dispatcher: given a pointer to an outbox row, send that email once. It skips rows already sent (a
 * redelivered pointer), cancels rows that no longer apply (revoked invitation, a newer key), sends with the row's
 * id as the idempotent operation id, and records the outcome on the row and the invitation in one transaction.
 * Transient failures are rescheduled with bounded backoff honouring Retry-After; after the last try the row fails,
 * the invitation shows why, and the pointer is parked in the poison queue.
 */
import { chunkOf } from '../bulk.js';
import { DomainError } from '../errors.js';
import { effectiveStatus, type Invitation } from '../invitation.js';
import { type DispatchRequest, MAX_SEND_ATTEMPTS, type OutboxEntry, retryDelaySeconds } from '../outbox.js';
import type { Versioned } from '../ports.js';
import { event } from '../timeline.js';
import type { DispatchDeps } from './invitation-deps.js';

/** A pointer whose row has not appeared after this long was never written (its request failed). */
export const ORPHAN_POINTER_MS = 2 * 60_000;
const ORPHAN_RECHECK_SECONDS = 10;

export type DispatchResult =
  | { kind: 'sent' }
  | { kind: 'already-sent' }
  | { kind: 'cancelled'; reason: string }
  | { kind: 'waiting-for-write' }
  | { kind: 'orphan-dropped' }
  | { kind: 'retry-scheduled'; delaySeconds: number; reason: string }
  | { kind: 'failed'; reason: string };

export async function dispatchInvitationEmail(
  deps: DispatchDeps,
  request: DispatchRequest,
  jitter = Math.random() * 0.2,
): Promise<DispatchResult> {
  const { invitation, outbox } = await deps.invitations.getWithOutbox(request.invitationId, request.outboxId);
  const now = deps.clock.now();
  if (!invitation || !outbox) {
    if (now.getTime() - Date.parse(request.queuedAt) < ORPHAN_POINTER_MS) {
      await deps.dispatch.schedule(request, ORPHAN_RECHECK_SECONDS);
      return { kind: 'waiting-for-write' };
    }
    return { kind: 'orphan-dropped' };
  }
  if (outbox.value.status === 'sent') return { kind: 'already-sent' };
  if (outbox.value.status !== 'pending') return { kind: 'cancelled', reason: `outbox row is ${outbox.value.status}` };

  const status = effectiveStatus(invitation.value, now);
  const obsolete =
    status === 'revoked' || status === 'accepted' || status === 'completed'
      ? `the invitation is ${status}`
      : invitation.value.keyVersion !== outbox.value.keyVersion
        ? 'a newer link was sent'
        : undefined;
  if (obsolete) {
    await settle(deps, invitation, outbox, { status: 'cancelled' }, undefined);
    return { kind: 'cancelled', reason: obsolete };
  }

  const provider = await deps.providers.get(invitation.value.providerId);
  if (!provider || !outbox.value.sealedKey) {
    const reason = provider ? 'the link key is missing' : 'the provider is unknown';
    await fail(deps, invitation, outbox, request, reason);
    return { kind: 'failed', reason };
  }
  let key: string;
  try {
    key = deps.keys.open(outbox.value.sealedKey);
  } catch {
    // Sealed under a key no longer configured (rotated out too early): this email can never be written.
    const reason = 'the link key cannot be opened with the configured keys';
    await fail(deps, invitation, outbox, request, reason);
    return { kind: 'failed', reason };
  }
  const acceptUrl = deps.links.acceptInvitation(invitation.value.id, key);
  const content = deps.composer.compose({
    invitation: invitation.value,
    provider,
    acceptUrl,
    reason: outbox.value.reason,
  });
  const outcome = await deps.email.send({
    operationId: outbox.value.id,
    to: { address: invitation.value.email, displayName: `${invitation.value.firstName} ${invitation.value.lastName}` },
    ...content,
  });

  const attempts = outbox.value.attempts + 1;
  if (outcome.kind === 'sent') {
    const sentAt = deps.clock.now();
    const recorded = await settle(
      deps,
      invitation,
      outbox,
      { status: 'sent', attempts, sentAt },
      { status: 'sent', attempts, sentAt, lastAttemptAt: sentAt },
      event(sentAt, 'email.sent'),
    );
    if (!recorded) return { kind: 'already-sent' };
    await countForBatch(deps, invitation.value, 'sent');
    return { kind: 'sent' };
  }
  if (outcome.kind === 'permanent-failure' || attempts >= MAX_SEND_ATTEMPTS) {
    await fail(deps, invitation, outbox, request, outcome.reason, attempts);
    return { kind: 'failed', reason: outcome.reason };
  }
  const delaySeconds = retryDelaySeconds(attempts, outcome.retryAfterSeconds, jitter, deps.retryBaseSeconds);
  const recorded = await settle(
    deps,
    invitation,
    outbox,
    { attempts, lastError: outcome.reason },
    { status: 'retrying', attempts, lastError: outcome.reason, lastAttemptAt: now },
    event(now, 'email.retrying', `attempt ${attempts} of ${MAX_SEND_ATTEMPTS}: ${outcome.reason}`),
  );
  if (!recorded) return { kind: 'already-sent' };
  await deps.dispatch.schedule(request, delaySeconds);
  return { kind: 'retry-scheduled', delaySeconds, reason: outcome.reason };
}

/**
 * The dispatcher itself kept failing on this pointer (storage down for every try, a bug): the email is recorded as
 * failed with the reason and the pointer parked, so the invitation says so instead of staying "queued" forever.
 */
export async function giveUp(deps: DispatchDeps, request: DispatchRequest, reason: string): Promise<void> {
  const { invitation, outbox } = await deps.invitations.getWithOutbox(request.invitationId, request.outboxId);
  if (!invitation || !outbox || outbox.value.status !== 'pending') {
    await deps.dispatch.park(request, reason);
    return;
  }
  await fail(deps, invitation, outbox, request, reason);
}

async function fail(
  deps: DispatchDeps,
  invitation: Versioned<Invitation>,
  outbox: Versioned<OutboxEntry>,
  request: DispatchRequest,
  reason: string,
  attempts = outbox.value.attempts,
): Promise<void> {
  const now = deps.clock.now();
  const recorded = await settle(
    deps,
    invitation,
    outbox,
    { status: 'failed', attempts, lastError: reason },
    { status: 'failed', attempts, lastError: reason, lastAttemptAt: now },
    event(now, 'email.failed', reason),
  );
  if (!recorded) return;
  await deps.dispatch.park(request, reason);
  await countForBatch(deps, invitation.value, 'failed');
}

/** A bulk's progress counts its emails; the count is a view, so failing to update it never fails the send. */
async function countForBatch(deps: DispatchDeps, invitation: Invitation, outcome: 'sent' | 'failed'): Promise<void> {
  if (!invitation.batchId || invitation.batchIndex === undefined) return;
  await deps.batches.countDelivery(invitation.batchId, chunkOf(invitation.batchIndex), outcome).catch(() => undefined);
}

/**
 * One transaction: the outbox row and, when given, the invitation's delivery and an event, each If-Match. The
 * invitation may change meanwhile (a professional resends or revokes): then both are read again and the outcome
 * is recorded on the fresh copies — an email that went out is always recorded as sent.
 */
async function settle(
  deps: DispatchDeps,
  invitation: Versioned<Invitation>,
  outbox: Versioned<OutboxEntry>,
  outboxChange: Partial<OutboxEntry>,
  delivery: Invitation['delivery'] | undefined,
  newEvent?: ReturnType<typeof event>,
): Promise<boolean> {
  let current = { invitation, outbox };
  for (let attempt = 1; ; attempt++) {
    const nextOutbox: OutboxEntry = { ...current.outbox.value, ...outboxChange };
    // The key is only needed to write the email: once the row is settled it is erased.
    if (nextOutbox.status !== 'pending') delete nextOutbox.sealedKey;
    // A newer email supersedes this one's delivery state; only this row's own outcome is recorded then.
    const ownsDelivery = delivery && current.invitation.value.keyVersion === current.outbox.value.keyVersion;
    const nextInvitation = ownsDelivery ? { ...current.invitation.value, delivery } : current.invitation.value;
    try {
      await deps.invitations.update(current.invitation, nextInvitation, {
        outbox: { current: current.outbox, next: nextOutbox },
        ...(newEvent ? { events: [newEvent] } : {}),
      });
      return true;
    } catch (error) {
      if (!(error instanceof DomainError && error.code === 'conflict') || attempt >= 3) throw error;
      const fresh = await deps.invitations.getWithOutbox(invitation.value.id, outbox.value.id);
      if (!fresh.invitation || !fresh.outbox) throw error;
      // Another dispatcher settled this row meanwhile (a redelivered pointer): its record stands.
      if (fresh.outbox.value.status !== 'pending') return false;
      current = { invitation: fresh.invitation, outbox: fresh.outbox };
    }
  }
}
