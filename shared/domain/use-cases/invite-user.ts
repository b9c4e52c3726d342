/**
 * A professional invites a person: one pending invitation per (provider, email) — a second one is refused with
 * the first one's id, an active client is refused too. The claim on the email is taken first; then the dispatch
 * pointer is queued (a little delayed) and only then the invitation, its outbox row and its first events are
 * written in one transaction. Whatever step a crash interrupts, at most one email goes out, and exactly one if
 * the invitation was written (see docs/invitations.md).
 */
import { DomainError } from '../errors.js';
import {
  createInvitation,
  effectiveStatus,
  type Invitation,
  type InvitationDetails,
  type Inviter,
} from '../invitation.js';
import type { DispatchRequest, OutboxEntry } from '../outbox.js';
import { type EmailClaim, MAX_CLAIMS_TOGETHER } from '../ports.js';
import type { ActingProfessional, Provider } from '../provider.js';
import { event } from '../timeline.js';
import type { InvitationDeps } from './invitation-deps.js';

/** A claim whose invitation is missing is an invitation being written, until this long has passed. */
export const CLAIM_GRACE_MS = 60_000;
/** Pointers are queued before the invitation is written: a short delay lets the write land first. */
export const FIRST_DISPATCH_DELAY_SECONDS = 1;

export interface InviteResult {
  invitation: Invitation;
  /** The link key: returned once, for `sendEmail: false` (the caller then delivers the link). */
  key: string;
  /** True when this exact invitation already existed (a retried bulk row): nothing new was written. */
  replayed: boolean;
}

export interface InviteOptions {
  invitationId?: string;
  batchId?: string;
  batchIndex?: number;
  dispatchDelaySeconds?: number;
}

/** One person to invite, as a bulk row asks. */
export interface InviteRequest {
  details: InvitationDetails;
  options: InviteOptions;
}

/** How many rows of one bulk chunk are written at the same time. */
export const ROWS_IN_FLIGHT = 4;

export async function inviteUser(
  deps: InvitationDeps,
  professional: ActingProfessional,
  details: InvitationDetails,
  options: InviteOptions = {},
): Promise<InviteResult> {
  const provider = await activeProvider(deps, professional);
  return writeInvitation(deps, prepare(deps, professional, provider, details, options), false);
}

/**
 * Invites several people for one professional (a bulk chunk), each as `inviteUser` would, with fewer round trips:
 * the provider is read once, the claims of up to `MAX_CLAIMS_TOGETHER` rows are taken in one write (when any of them
 * is held already, each row claims on its own, as `inviteUser` does), and `ROWS_IN_FLIGHT` rows are written at once.
 * Settles every row, in the order given; one row's failure never stops the others.
 */
export async function inviteMany(
  deps: InvitationDeps,
  professional: ActingProfessional,
  requests: InviteRequest[],
): Promise<PromiseSettledResult<InviteResult>[]> {
  const results: PromiseSettledResult<InviteResult>[] = new Array(requests.length);
  let provider: Provider;
  try {
    provider = await activeProvider(deps, professional);
  } catch (error) {
    return requests.map(() => ({ status: 'rejected', reason: error }));
  }
  const prepared: Array<{ at: number; invitation: Prepared }> = [];
  for (const [at, request] of requests.entries()) {
    try {
      prepared.push({ at, invitation: prepare(deps, professional, provider, request.details, request.options) });
    } catch (error) {
      results[at] = { status: 'rejected', reason: error };
    }
  }
  for (let start = 0; start < prepared.length; start += MAX_CLAIMS_TOGETHER) {
    const group = prepared.slice(start, start + MAX_CLAIMS_TOGETHER);
    // A refusal or an outage here only means each row claims on its own, where it is told apart.
    const claimed = await deps.invitations.claimEmails(group.map((p) => p.invitation.invitation)).catch(() => false);
    await eachAtMost(ROWS_IN_FLIGHT, group, async ({ at, invitation }) => {
      results[at] = await writeInvitation(deps, invitation, claimed).then(
        (value) => ({ status: 'fulfilled', value }) as const,
        (reason: unknown) => ({ status: 'rejected', reason }) as const,
      );
    });
  }
  return results;
}

/** Runs `work` on every item, at most `limit` at a time. */
async function eachAtMost<T>(limit: number, items: T[], work: (item: T) => Promise<void>): Promise<void> {
  let next = 0;
  const lane = async () => {
    while (next < items.length) await work(items[next++]!);
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, lane));
}

async function activeProvider(deps: InvitationDeps, professional: ActingProfessional): Promise<Provider> {
  const provider = await deps.providers.get(professional.providerId);
  if (!provider) throw new DomainError('forbidden', 'Your organisation is not registered with this service.');
  if (provider.status !== 'active') {
    throw new DomainError('provider-inactive', `${provider.name} does not use this service any more.`);
  }
  return provider;
}

/** An invitation ready to be written, and its link key. */
interface Prepared {
  invitation: Invitation;
  key: string;
  details: InvitationDetails;
  options: InviteOptions;
}

function prepare(
  deps: InvitationDeps,
  professional: ActingProfessional,
  provider: Provider,
  details: InvitationDetails,
  options: InviteOptions,
): Prepared {
  const now = deps.clock.now();
  const { key, hash } = deps.keys.issue();
  // A person's token names them; an app relays the name of the person it acts for, or speaks for the provider.
  const name = professional.kind === 'user' ? professional.name : (details.inviterName ?? provider.name);
  const invitedBy: Inviter = { oid: professional.oid, name };
  const invitation = createInvitation(details, {
    id: options.invitationId ?? deps.ids.newId(),
    providerId: professional.providerId,
    invitedBy,
    now,
    keyHash: hash,
    ...(options.batchId ? { batchId: options.batchId } : {}),
    ...(options.batchIndex === undefined ? {} : { batchIndex: options.batchIndex }),
  });
  return { invitation, key, details, options };
}

/**
 * Takes the claim unless it is taken already (`claimed`), then queues the dispatch pointer (a little delayed) and
 * writes the invitation, its outbox row and its first events in one transaction.
 */
async function writeInvitation(deps: InvitationDeps, prepared: Prepared, claimed: boolean): Promise<InviteResult> {
  const { invitation, key, details, options } = prepared;
  const now = invitation.createdAt;
  if (!claimed && (await claimEmail(deps, invitation)) === 'replayed') {
    const existing = await deps.invitations.get(invitation.id);
    if (existing) return { invitation: existing.value, key: '', replayed: true };
  }

  // The invitation's own email carries the invitation's id, so its delivery report leads straight to it.
  const outbox: OutboxEntry | undefined = details.sendEmail
    ? {
        id: invitation.id,
        invitationId: invitation.id,
        keyVersion: invitation.keyVersion,
        reason: 'invitation',
        status: 'pending',
        attempts: 0,
        createdAt: now,
        sealedKey: deps.keys.seal(key),
        // Its first send is due in a second: its repeatability window opens now, with no extra write.
        repeatability: { requestId: deps.ids.newId(), firstSentAt: now },
      }
    : undefined;
  if (outbox) {
    const pointer: DispatchRequest = { invitationId: invitation.id, outboxId: outbox.id, queuedAt: now.toISOString() };
    await deps.dispatch.schedule(pointer, options.dispatchDelaySeconds ?? FIRST_DISPATCH_DELAY_SECONDS);
  }
  const events = [
    event(now, 'created', `by ${invitation.invitedBy.name}`),
    ...(outbox ? [event(now, 'email.queued')] : []),
  ];
  try {
    await deps.invitations.create(invitation, outbox, events);
  } catch (error) {
    // Nothing was written but the claim: give it back so a retry is not refused for a phantom invitation.
    await deps.invitations.releaseClaim(invitation).catch(() => undefined);
    throw error;
  }
  return { invitation, key, replayed: false };
}

/** Takes the (provider, email) claim, or explains why not. */
async function claimEmail(deps: InvitationDeps, invitation: Invitation): Promise<'claimed' | 'replayed'> {
  for (let attempt = 0; attempt < 3; attempt++) {
    const result = await deps.invitations.claimEmail(invitation);
    if (result.claimed) return 'claimed';
    const holder = result.holder;
    if (holder.invitationId === invitation.id) return 'replayed';
    await refuseUnlessStale(deps, holder);
    // Expired, revoked, or never written: the claim is stale and this invitation takes it over.
    if (await deps.invitations.takeOverClaim(holder, invitation)) return 'claimed';
  }
  throw new DomainError('concurrent-update', 'Another invitation for this email is being written; try again.');
}

/**
 * Refuses while the invitation holding a claim still stands for the person: pending, being written (a claim taken
 * less than the grace ago whose invitation is missing, or still expired: a renewal takes the claim back first), or
 * accepted. Otherwise the claim is stale (expired, revoked, never written) and another invitation may take it over.
 */
export async function refuseUnlessStale(deps: InvitationDeps, holder: EmailClaim): Promise<void> {
  const held = await deps.invitations.get(holder.invitationId);
  const now = deps.clock.now();
  const beingWritten = now.getTime() - holder.claimedAt.getTime() < CLAIM_GRACE_MS;
  const status = held ? effectiveStatus(held.value, now) : undefined;
  if (status === 'accepted' || status === 'completed') {
    throw new DomainError('already-client', 'This person is already a client of yours.');
  }
  if (status === 'pending' || (beingWritten && status !== 'revoked')) throw pending(holder.invitationId);
}

function pending(invitationId: string): DomainError {
  return new DomainError('invitation-pending', 'A pending invitation already exists for this email.', { invitationId });
}
