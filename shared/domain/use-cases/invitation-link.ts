/**
 * What the invitation link does for the person who follows it. Opening it changes nothing (mail scanners fetch
 * every link); clicking "Accept" records that a person opened it; an expired link can ask for a new one, sent
 * to the invited address only, at most 3 times a day.
 */
import { DomainError } from '../errors.js';
import { followLink, type Invitation, type LinkOutcome } from '../invitation.js';
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
  const outcome = followLink(found?.value, deps.keys.hash(link.key), deps.clock.now(), deps.keys.same);
  if (outcome.kind === 'not-found') return outcome;
  const provider = await deps.providers.get(outcome.invitation.providerId);
  return provider ? { ...outcome, provider } : { kind: 'not-found' };
}

export type ClickThrough =
  | LinkView
  | { kind: 'limited'; limit: keyof typeof ACCEPT_LIMITS; retryAfterSeconds: number; invitation: Invitation };

/**
 * A person clicked "Accept": the link must still be valid, and the clicks within `ACCEPT_LIMITS` (the invitation's
 * first: a click it refuses does not count against everyone behind the same address); "opened" is recorded once per
 * click. A link that is not valid costs nothing and writes nothing.
 */
export async function clickThrough(
  deps: InvitationDeps,
  link: { invitationId: string; key: string },
  from: { address?: string | undefined } = {},
): Promise<ClickThrough> {
  const view = await openLink(deps, link);
  if (view.kind !== 'valid') return view;
  const invitation = view.invitation;
  const checks = [
    ['perInvitation', `accept|${invitation.id}`],
    ['perAddress', `accept-from|${from.address ?? UNKNOWN_ADDRESS}`],
  ] as const;
  for (const [limit, key] of checks) {
    const taken = await deps.limits.take(key, ACCEPT_LIMITS[limit]);
    if (!taken.allowed) return { kind: 'limited', limit, retryAfterSeconds: taken.retryAfterSeconds, invitation };
  }
  await deps.invitations.appendEvent(invitation.id, event(deps.clock.now(), 'opened'));
  return view;
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
