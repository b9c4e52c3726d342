/**
 * A client's session between sign-in and sign-out. Signing out ends it for good: a copy of its cookie is refused from
 * then on (a marker in the client's own partition, and one record per ended session for the checks that know no
 * client). And the access decision of sign-in (seed 004) holds on every page, not only at sign-in: a client blocked
 * by the provider, merged into another account, or whose provider stopped using the service while signed in is
 * refused on the next page, for the same reason sign-in would give. Both are asked together, so a page costs one read
 * of the client's partition (its profile, which the page's own view then reuses, and its session's marker) and the
 * provider (cached in the process).
 */
import { type AccessChoice, type AccessDecision, type ClientProfile, decideAccess } from '../client.js';
import type { ClientStore, Clock, EndedSessions, SessionRef } from '../ports.js';
import type { Provider } from '../provider.js';
import type { OnboardingDeps } from './accept-invitation.js';

/** A session as a page holds it: which one, until when, whose, and where the client is. */
export interface ClientSession extends SessionRef {
  clientKey: string;
  current?: AccessChoice;
  /** The company picker's offer, before a place is chosen. */
  choices?: AccessChoice[];
}

export type Refusal = Extract<AccessDecision, { kind: 'refused' }>;

export type SessionCheck =
  /** Signed out, or opened before the client's sessions were all ended (a password changed): "session ended". */
  | { kind: 'ended' }
  /** Signed in, but no longer allowed where the session is: the access-refused page of sign-in. */
  | { kind: 'refused'; refusal: Refusal; provider?: Provider }
  /** Signed in and still allowed: what was read, for the page to reuse. */
  | { kind: 'signed-in'; profile: ClientProfile; providers: Map<string, Provider> };

export type ClientSessionDeps = Pick<OnboardingDeps, 'endedSessions' | 'clients' | 'providers'>;

/**
 * Signing out: the session ends now, whoever holds a copy of its cookie. The marker first, then the record (both
 * rewrites: a retried sign-out is harmless): a record always has its marker, so the timer that forgets the record
 * forgets the marker with it.
 */
export async function signOut(
  deps: Pick<ClientSessionDeps, 'endedSessions' | 'clients'>,
  session: SessionRef & { clientKey: string },
): Promise<void> {
  const ref = { sid: session.sid, endsAt: session.endsAt };
  await deps.clients.markEnded(session.clientKey, ref);
  await deps.endedSessions.end(ref, session.clientKey);
}

/** The page Entra sends the browser back to once its own session is ended too (registered on the client app). */
export const SIGNED_OUT_PATH = '/api/SignedOut';

/**
 * Where signing out goes after `signOut`: the client tenant's sign-out, which ends Entra's single sign-on session —
 * else the next sign-in would come back without a password — then back to the signed-out page. Its address must be
 * registered as it is, so the page's language travels in `state` (Entra gives it back), never in that address.
 */
export function signOutAtEntra(deps: Pick<OnboardingDeps, 'signIn'>, locale: string): string {
  return deps.signIn.signOutUrl({ postLogoutRedirectPath: SIGNED_OUT_PATH, state: locale, locale });
}

/** True when the session was ended (signed out). */
export async function isSessionEnded(
  deps: Pick<ClientSessionDeps, 'endedSessions'>,
  session: SessionRef,
): Promise<boolean> {
  return deps.endedSessions.isEnded(session);
}

/**
 * The access decision of sign-in, at the session's place: its current provider, or the providers the picker offers.
 * Only those providers' records count — a client blocked by the provider they are working with is refused there,
 * even if another provider still serves them (signing in again offers that one).
 */
export function accessAt(
  profile: ClientProfile | undefined,
  providers: ReadonlyMap<string, Provider>,
  session: Pick<ClientSession, 'current' | 'choices'>,
): AccessDecision {
  const places = session.current ? [session.current] : (session.choices ?? []);
  const here = new Set(places.map((p) => p.providerId));
  return decideAccess(
    profile && { records: profile.records.filter((r) => here.has(r.providerId)), companies: profile.companies },
    providers,
  );
}

/** Is the session still on, and is the client still allowed where it is? */
export async function checkSession(deps: ClientSessionDeps, session: ClientSession): Promise<SessionCheck> {
  const places = session.current ? [session.current] : (session.choices ?? []);
  const providerIds = [...new Set(places.map((p) => p.providerId))];
  const [{ ended, profile }, found] = await Promise.all([
    deps.clients.profileInSession(session.clientKey, session.sid),
    Promise.all(providerIds.map((id) => deps.providers.get(id))),
  ]);
  if (ended || endedByAccount(profile, session)) return { kind: 'ended' };
  const providers = new Map(found.filter((p): p is Provider => Boolean(p)).map((p) => [p.id, p]));
  const decision = accessAt(profile, providers, session);
  if (decision.kind === 'refused') {
    const provider = decision.providerId ? providers.get(decision.providerId) : undefined;
    return { kind: 'refused', refusal: decision, ...(provider ? { provider } : {}) };
  }
  return { kind: 'signed-in', profile: profile!, providers };
}

/** Whether the account ended every session opened before an instant (`endClientSessions`) and this is one of them. */
function endedByAccount(profile: ClientProfile | undefined, session: Pick<ClientSession, 'startedAt'>): boolean {
  if (!profile?.sessionsEndedAt) return false;
  // A session whose start is unknown is treated as old: ending sessions must never leave one open.
  return !session.startedAt || session.startedAt.getTime() < wholeSeconds(profile.sessionsEndedAt).getTime();
}

const wholeSeconds = (at: Date) => new Date(Math.floor(at.getTime() / 1000) * 1000);

/**
 * Ends every portal session of the account opened before now, wherever it is (a password changed or reset, access
 * taken away): each is refused on its next request as if signed out. Sessions are compared in whole seconds, as
 * their cookies hold their times: one opened in the same second as the call stays open — the page that called it
 * opens its own fresh session after it, and keeps it.
 */
export async function endClientSessions(
  deps: { clock: Clock; clients: Pick<ClientStore, 'endSessionsBefore'> },
  clientKey: string,
): Promise<Date> {
  const at = wholeSeconds(deps.clock.now());
  await deps.clients.endSessionsBefore(clientKey, at);
  return at;
}

/**
 * Records of ended sessions outlive nothing: once the session would have ended on its own, they go — each client's
 * marker first, then the records (a run cut short leaves records, so the next run finds their markers again).
 */
export async function forgetEndedSessions(deps: {
  clock: Clock;
  endedSessions: EndedSessions;
  clients: Pick<ClientStore, 'forgetEnded'>;
}): Promise<{ before: Date; deleted: number; markers: number }> {
  const before = deps.clock.now();
  const expired = await deps.endedSessions.expired(before);
  let markers = 0;
  for (const { session, clientKey } of expired) {
    if (clientKey === undefined) continue;
    await deps.clients.forgetEnded(clientKey, session.sid);
    markers += 1;
  }
  return { before, deleted: await deps.endedSessions.purge(before), markers };
}
