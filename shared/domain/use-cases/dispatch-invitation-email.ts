/**
 * The dispatcher: given a pointer to an outbox row, send that email once. It skips rows already sent (a
 * redelivered pointer), cancels rows that no longer apply (revoked invitation, a newer key), sends with the row's
 * id as ACS operation id and a repeatability pair kept on the row, and records the outcome on the row and the
 * invitation in one transaction. ACS's acceptance (202) is `sent`; the delivery report says the rest. Passing
 * failures are rescheduled with bounded backoff honouring Retry-After; after the last try the row fails, the
 * invitation shows why, and the pointer is parked in the poison queue. Throttling (429) is not a failure: the email
 * waits for the quota in a new delayed message, without counting an attempt, until its invitation expires.
 */
import { chunkOf } from '../bulk.js';
import { DomainError } from '../errors.js';
import { effectiveStatus, type Invitation } from '../invitation.js';
import {
  type DispatchRequest,
  MAX_SEND_ATTEMPTS,
  nextSendWindow,
  type OutboxEntry,
  retryDelaySeconds,
  type SendWindow,
  throttleDelaySeconds,
} from '../outbox.js';
import type { EmailOutcome, Versioned } from '../ports.js';
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
  | { kind: 'throttled'; delaySeconds: number; reason: string }
  | { kind: 'retry-scheduled'; delaySeconds: number; reason: string }
  | { kind: 'failed'; reason: string };

/** The pointer as first queued: retries add their own counters to it. */
const basePointer = (request: DispatchRequest): DispatchRequest => ({
  invitationId: request.invitationId,
  outboxId: request.outboxId,
  queuedAt: request.queuedAt,
});

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
  if (outbox.value.status === 'sent' || outbox.value.status === 'delivered') return { kind: 'already-sent' };
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
  if (status === 'expired') {
    // What bounds waiting for the quota: a link that would only say "expired" is not worth sending.
    const reason = request.throttled
      ? 'the invitation expired while its email waited for the ACS quota'
      : 'the invitation expired before its email could be sent';
    await fail(deps, invitation, outbox, request, reason);
    return { kind: 'failed', reason };
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

  // The pair goes on the row before the send: a send retried after a crash then repeats it, and ACS sends once.
  const { window, opened } = nextSendWindow(outbox.value, request, now, () => deps.ids.newId());
  let row = outbox;
  if (opened) {
    const written = await openWindow(deps, outbox, window);
    if (!written) return { kind: 'already-sent' };
    row = written;
  }
  const outcome = await deps.email.send({
    messageId: row.value.id,
    repeatability: window,
    to: { address: invitation.value.email, displayName: `${invitation.value.firstName} ${invitation.value.lastName}` },
    ...content,
  });
  if (outcome.kind === 'throttled') return waitForQuota(deps, invitation, row, request, window, outcome, jitter);

  const attempts = row.value.attempts + 1;
  if (outcome.kind === 'sent') {
    const sentAt = deps.clock.now();
    const recorded = await settle(
      deps,
      invitation,
      row,
      { status: 'sent', attempts, sentAt },
      { status: 'sent', attempts, sentAt, lastAttemptAt: sentAt },
      event(sentAt, 'email.sent'),
    );
    if (!recorded) return { kind: 'already-sent' };
    await countForBatch(deps, invitation.value, 'sent');
    return { kind: 'sent' };
  }
  if (outcome.kind === 'permanent-failure' || attempts >= MAX_SEND_ATTEMPTS) {
    await fail(deps, invitation, row, request, outcome.reason, attempts);
    return { kind: 'failed', reason: outcome.reason };
  }
  const delaySeconds = retryDelaySeconds(attempts, outcome.retryAfterSeconds, jitter, deps.retryBaseSeconds);
  const recorded = await settle(
    deps,
    invitation,
    row,
    { attempts, lastError: outcome.reason },
    { status: 'retrying', attempts, lastError: outcome.reason, lastAttemptAt: now },
    event(now, 'email.retrying', `attempt ${attempts} of ${MAX_SEND_ATTEMPTS}: ${outcome.reason}`),
  );
  if (!recorded) return { kind: 'already-sent' };
  // No answer or a 5xx: the outcome is unknown, so the retry repeats the pair; a refused window is renewed.
  await deps.dispatch.schedule(
    outcome.renewWindow ? { ...basePointer(request), rejectedRequestId: window.requestId } : basePointer(request),
    delaySeconds,
  );
  return { kind: 'retry-scheduled', delaySeconds, reason: outcome.reason };
}

/** Writes the send's new repeatability pair on the row; undefined when another dispatcher settled the row meanwhile. */
async function openWindow(
  deps: DispatchDeps,
  outbox: Versioned<OutboxEntry>,
  window: SendWindow,
): Promise<Versioned<OutboxEntry> | undefined> {
  try {
    return await deps.invitations.updateOutbox(outbox, { ...outbox.value, repeatability: window });
  } catch (error) {
    if (!(error instanceof DomainError && error.code === 'concurrent-update')) throw error;
    const fresh = await deps.invitations.getWithOutbox(outbox.value.invitationId, outbox.value.id);
    if (fresh.outbox && fresh.outbox.value.status !== 'pending') return undefined;
    // Another dispatcher of the same row is sending right now: the host retries this message later.
    throw error;
  }
}

/**
 * ACS refused the send for now (429): the email waits in a new delayed message, for Retry-After (or a growing
 * backoff when ACS gives none), so the queue's dequeue count never grows and no attempt is counted. The first wait of
 * a run shows on the invitation; later ones write nothing. The next send opens a new repeatability pair (ACS would
 * answer the refused one with the same 429).
 */
async function waitForQuota(
  deps: DispatchDeps,
  invitation: Versioned<Invitation>,
  outbox: Versioned<OutboxEntry>,
  request: DispatchRequest,
  window: SendWindow,
  outcome: Extract<EmailOutcome, { kind: 'throttled' }>,
  jitter: number,
): Promise<DispatchResult> {
  const throttled = (request.throttled ?? 0) + 1;
  const delaySeconds = throttleDelaySeconds(throttled, outcome.retryAfterSeconds, jitter, deps.retryBaseSeconds);
  if (throttled === 1) {
    const now = deps.clock.now();
    const recorded = await settle(
      deps,
      invitation,
      outbox,
      { lastError: outcome.reason },
      { ...invitation.value.delivery, status: 'retrying', lastError: outcome.reason, lastAttemptAt: now },
      event(now, 'email.throttled', `${outcome.reason}: next try in ${delaySeconds} s, not counted as an attempt`),
    );
    if (!recorded) return { kind: 'already-sent' };
  }
  await deps.dispatch.schedule(
    { ...basePointer(request), throttled, rejectedRequestId: window.requestId },
    delaySeconds,
  );
  return { kind: 'throttled', delaySeconds, reason: outcome.reason };
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
export async function countForBatch(
  deps: Pick<DispatchDeps, 'batches'>,
  invitation: Invitation,
  outcome: 'sent' | 'failed',
): Promise<void> {
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
    // The key and the pair are only needed to send the email: once the row is settled they are erased.
    if (nextOutbox.status !== 'pending') {
      delete nextOutbox.sealedKey;
      delete nextOutbox.repeatability;
    }
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
      if (!(error instanceof DomainError && error.code === 'concurrent-update') || attempt >= 3) throw error;
      const fresh = await deps.invitations.getWithOutbox(invitation.value.id, outbox.value.id);
      if (!fresh.invitation || !fresh.outbox) throw error;
      // Another dispatcher settled this row meanwhile (a redelivered pointer): its record stands.
      if (fresh.outbox.value.status !== 'pending') return false;
      current = { invitation: fresh.invitation, outbox: fresh.outbox };
    }
  }
}
