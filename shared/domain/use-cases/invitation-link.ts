/**
 * What the invitation link does for the person who follows it. Opening it changes nothing (mail scanners fetch
 * every link); clicking "Accept" records that a person opened it; an expired link can ask for a new one, sent
 * to the invited address only, at most 3 times a day.
 */
import { DomainError } from '../errors.js';
import { fixedWindow } from '../fixed-window.js';
import { followLink, type Invitation, type LinkOutcome } from '../invitation.js';
import type { Versioned } from '../ports.js';
import type { Provider } from '../provider.js';
import { event } from '../timeline.js';
import type { InvitationDeps } from './invitation-deps.js';
import { renewInvitation } from './manage-invitations.js';

export const NEW_LINK_LIMIT = { limit: 3, windowSeconds: 24 * 60 * 60 };
/**
 * "Accept" on a valid link records "opened" and asks Graph about the address: at most 10 clicks per invitation per
 * hour (a person retrying a sign-in needs a few), and 60 per client address per 10 minutes (an office behind one
 * address; 0.1 Graph request a second, far below the app's Graph budget).
 */
export const ACCEPT_LIMITS = {
  perInvitation: { limit: 10, windowSeconds: 60 * 60 },
  perAddress: { limit: 60, windowSeconds: 10 * 60 },
};
/** The address of a request whose address the edge could not tell: one bucket for all of them. */
export const UNKNOWN_ADDRESS = 'unknown';
/** How long a renewed link lasts. */
export const NEW_LINK_EXPIRY_DAYS = 7;

export type LinkView = LinkOutcome & { provider?: Provider };

/** Reads what a link leads to. No write: safe for scanners' GET and HEAD. */
export async function openLink(deps: InvitationDeps, link: { invitationId: string; key: string }): Promise<LinkView> {
  const found = await deps.invitations.get(link.invitationId);
  return viewOf(deps, found?.value, link.key);
}

async function viewOf(deps: InvitationDeps, found: Invitation | undefined, key: string): Promise<LinkView> {
  const outcome = followLink(found, deps.keys.hash(key), deps.clock.now(), deps.keys.same);
  if (outcome.kind === 'not-found') return outcome;
  const provider = await deps.providers.get(outcome.invitation.providerId);
  return provider ? { ...outcome, provider } : { kind: 'not-found' };
}

/** A counted click: what the link leads to, and the invitation as it was read (with its ETag). */
export type ClickThrough =
  | Exclude<LinkView, { kind: 'valid' }>
  | (Extract<LinkView, { kind: 'valid' }> & { read: Versioned<Invitation> })
  | { kind: 'limited'; limit: keyof typeof ACCEPT_LIMITS; retryAfterSeconds: number; invitation: Invitation };

/** Tries at counting one click against others counting at the same moment; beyond, the click is refused. */
const CLICK_TRIES = 5;

/**
 * A person clicked "Accept": the link must still be valid, and the clicks within `ACCEPT_LIMITS` (the invitation's
 * first: a click it refuses does not count against everyone behind the same address); "opened" is recorded once per
 * click. A link that is not valid costs nothing and writes nothing.
 *
 * The invitation's counter lives beside it: one read gives the invitation and its clicks of the window, and one
 * transaction counts the click (If-Match the counter as read) with its "opened" event. Of two clicks racing for the
 * last place, one transaction fails and its click reads again, and is refused. The address's counter is taken once,
 * between the read and the write: a click refused by the invitation's limit there (only under such a race) has spent
 * it. A counted click returns the invitation as read, with its ETag (the acceptance callback writes If-Match it).
 */
export async function clickThrough(
  deps: InvitationDeps,
  link: { invitationId: string; key: string },
  from: { address?: string | undefined } = {},
): Promise<ClickThrough> {
  const rule = ACCEPT_LIMITS.perInvitation;
  let addressCounted = false;
  let invitation: Invitation | undefined;
  for (let attempt = 0; attempt < CLICK_TRIES; attempt++) {
    const now = deps.clock.now();
    const window = fixedWindow(now, rule.windowSeconds);
    const found = await deps.invitations.getWithClicks(link.invitationId, window.start);
    const view = await viewOf(deps, found.invitation?.value, link.key);
    if (view.kind !== 'valid') return view;
    invitation = view.invitation;
    if (found.clicks.count >= rule.limit) {
      return { kind: 'limited', limit: 'perInvitation', retryAfterSeconds: window.retryAfterSeconds, invitation };
    }
    if (!addressCounted) {
      const address = `accept-from|${from.address ?? UNKNOWN_ADDRESS}`;
      const taken = await deps.limits.take(address, ACCEPT_LIMITS.perAddress);
      if (!taken.allowed) {
        return { kind: 'limited', limit: 'perAddress', retryAfterSeconds: taken.retryAfterSeconds, invitation };
      }
      addressCounted = true;
    }
    try {
      await deps.invitations.countClick(invitation.id, window.start, found.clicks, event(now, 'opened'));
      return { ...view, read: { value: invitation, etag: found.invitation!.etag } };
    } catch (error) {
      // Another click was counted since the read: read again (the limit may be reached now).
      if (!(error instanceof DomainError && error.code === 'concurrent-update')) throw error;
    }
  }
  // Heavy contention on one invitation's counter is itself a sign of abuse: refuse rather than count loosely.
  return { kind: 'limited', limit: 'perInvitation', retryAfterSeconds: 1, invitation: invitation! };
}

export type NewLinkResult =
  | { kind: 'sent'; invitation: Invitation }
  | { kind: 'limited'; retryAfterSeconds: number }
  | { kind: 'not-renewable' }
  /** Another invitation to the same person was sent since this one expired, and is pending: its link works. */
  | { kind: 'newer-invitation'; invitationId: string; provider?: Provider }
  /** The person accepted another invitation since: they are a client already. */
  | { kind: 'already-client'; provider?: Provider };

/** "Send me a new link" from an expired invitation's page: proven by the (expired) link itself. */
export async function requestNewLink(
  deps: InvitationDeps,
  link: { invitationId: string; key: string },
): Promise<NewLinkResult> {
  const found = await deps.invitations.get(link.invitationId);
  const outcome = followLink(found?.value, deps.keys.hash(link.key), deps.clock.now(), deps.keys.same);
  if (outcome.kind !== 'expired' || !found) return { kind: 'not-renewable' };
  const taken = await deps.limits.take(`new-link|${link.invitationId}`, NEW_LINK_LIMIT);
  if (!taken.allowed) return { kind: 'limited', retryAfterSeconds: taken.retryAfterSeconds };
  try {
    const invitation = await renewInvitation(deps, found, { expiresInDays: NEW_LINK_EXPIRY_DAYS, reason: 'new-link' });
    return { kind: 'sent', invitation };
  } catch (error) {
    if (!(error instanceof DomainError)) throw error;
    if (error.code !== 'invitation-pending' && error.code !== 'already-client') throw error;
    const provider = await deps.providers.get(found.value.providerId);
    const of = provider ? { provider } : {};
    if (error.code === 'already-client') return { kind: 'already-client', ...of };
    return { kind: 'newer-invitation', invitationId: String(error.details.invitationId), ...of };
  }
}
