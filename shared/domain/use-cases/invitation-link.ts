/**
 * What the invitation link does for the person who follows it. Opening it changes nothing (mail scanners fetch
 * every link); clicking "Accept" records that a person opened it; an expired link can ask for a new one, sent
 * to the invited address only, at most 3 times a day.
 */
import { followLink, type Invitation, type LinkOutcome } from '../invitation.js';
import type { Provider } from '../provider.js';
import { event } from '../timeline.js';
import type { InvitationDeps } from './invitation-deps.js';
import { renewInvitation } from './manage-invitations.js';

export const NEW_LINK_LIMIT = { limit: 3, windowSeconds: 24 * 60 * 60 };
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

/** A person clicked "Accept": the link must still be valid; "opened" is recorded once per click. */
export async function clickThrough(
  deps: InvitationDeps,
  link: { invitationId: string; key: string },
): Promise<LinkView> {
  const view = await openLink(deps, link);
  if (view.kind === 'valid') await deps.invitations.appendEvent(view.invitation.id, event(deps.clock.now(), 'opened'));
  return view;
}

export type NewLinkResult =
  | { kind: 'sent'; invitation: Invitation }
  | { kind: 'limited'; retryAfterSeconds: number }
  | { kind: 'not-renewable' };

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
  const invitation = await renewInvitation(deps, found, { expiresInDays: NEW_LINK_EXPIRY_DAYS, reason: 'new-link' });
  return { kind: 'sent', invitation };
}
