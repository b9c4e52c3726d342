/**
 * The professional console: a professional signs in through the workforce tenant (the console's own session, not a
 * client's), every page checks that they hold the page's role and act for a provider, signing out ends the session
 * for good (a record of its id, as for clients), and Home counts what the professional cares about — for their own
 * provider only.
 */

import { DomainError } from '../errors.js';
import type {
  Clock,
  EndedSessions,
  InvitationStore,
  InvitationSummary,
  ProfessionalRoster,
  ProfessionalSignIn,
  ProviderDirectory,
  SessionRef,
  SignedInProfessional,
  SignInAttempt,
} from '../ports.js';
import type { Professional, ProfessionalRole, Provider } from '../provider.js';
import type { CallbackInput, CallbackProblem } from './accept-invitation.js';

export const CONSOLE_CALLBACK_PATH = '/api/console/callback';

export interface ConsoleDeps {
  clock: Clock;
  signIn: ProfessionalSignIn;
  providers: ProviderDirectory;
  endedSessions: EndedSessions;
  invitations: Pick<InvitationStore, 'summaries'>;
  /** Console sign-ins remembered per provider (docs/two-step-help.md); absent: not remembered. */
  roster?: Pick<ProfessionalRoster, 'record'>;
}

export async function beginConsoleSignIn(
  deps: Pick<ConsoleDeps, 'signIn'>,
  options: { locale: string; prompt?: 'login' },
): Promise<{ authorizeUrl: string; attempt: SignInAttempt }> {
  const attempt = deps.signIn.newAttempt();
  const authorizeUrl = await deps.signIn.authorizeUrl({
    attempt,
    redirectPath: CONSOLE_CALLBACK_PATH,
    locale: options.locale,
    ...(options.prompt ? { prompt: options.prompt } : {}),
  });
  return { authorizeUrl, attempt };
}

export type ConsoleSignInResult =
  | { kind: 'signed-in'; professional: SignedInProfessional }
  | { kind: 'refused'; problem: CallbackProblem };

/**
 * Entra's answer: the `state` must be the browser's own attempt's (else nothing is redeemed), a cancelled sign-in is
 * said so, and the code is redeemed for a verified professional. Nothing is written: the session is the cookie.
 */
export async function completeConsoleSignIn(
  deps: Pick<ConsoleDeps, 'signIn'>,
  attempt: SignInAttempt | undefined,
  callback: CallbackInput,
): Promise<ConsoleSignInResult> {
  if (!attempt || !callback.state || !deps.signIn.sameState(attempt.state, callback.state)) {
    return { kind: 'refused', problem: 'state-mismatch' };
  }
  if (callback.error) {
    return { kind: 'refused', problem: callback.error === 'access_denied' ? 'cancelled' : 'sign-in-failed' };
  }
  if (!callback.code) return { kind: 'refused', problem: 'sign-in-failed' };
  try {
    const professional = await deps.signIn.redeem({
      code: callback.code,
      attempt,
      redirectPath: CONSOLE_CALLBACK_PATH,
    });
    return { kind: 'signed-in', professional };
  } catch (error) {
    if (error instanceof DomainError && error.code === 'sign-in-failed')
      return { kind: 'refused', problem: 'sign-in-failed' };
    throw error;
  }
}

export type ConsoleAccess =
  | { kind: 'allowed'; providerId: string; provider: Provider }
  /** Signed in, without the role the page needs: 403. */
  | { kind: 'role-missing'; role: ProfessionalRole }
  /** Signed in, acting for no provider registered with the service (or one that stopped using it): 403. */
  | { kind: 'no-provider' };

/**
 * May this professional use a page that asks for `role`? The role first (from the sign-in's ID token), then the
 * provider they act for, found the way the bearer path finds it (`providerOf`: by user, by app, by tenant).
 */
export async function consoleAccess(
  deps: Pick<ConsoleDeps, 'providers'>,
  professional: Professional,
  role: ProfessionalRole,
): Promise<ConsoleAccess> {
  if (!professional.roles.includes(role)) return { kind: 'role-missing', role };
  const providerId = await deps.providers.providerOf(professional);
  const provider = providerId ? await deps.providers.get(providerId) : undefined;
  if (!providerId || !provider || provider.status !== 'active') return { kind: 'no-provider' };
  return { kind: 'allowed', providerId, provider };
}

/** Has this console session been signed out? One point read. */
export async function isConsoleSessionEnded(deps: Pick<ConsoleDeps, 'endedSessions'>, session: SessionRef) {
  return deps.endedSessions.isEnded(session);
}

/** Signing out of the console: a copy of the session's cookie is refused from now on (no client marker: none owns it). */
export async function endConsoleSession(deps: Pick<ConsoleDeps, 'endedSessions'>, session: SessionRef) {
  await deps.endedSessions.end({ sid: session.sid, endsAt: session.endsAt });
}

/** The page the workforce tenant sends the browser back to once its own session is ended (registered on the app). */
export const CONSOLE_SIGNED_OUT_PATH = '/api/console/signed-out';

/**
 * Where signing out of the console goes after `endConsoleSession`: the workforce tenant's sign-out, which ends
 * Entra's single sign-on session — else the next sign-in would come back without a password — then back to the
 * console's signed-out page. Its address must be registered as it is, so the language travels in `state`.
 */
export function consoleSignOutAtEntra(deps: Pick<ConsoleDeps, 'signIn'>, locale: string): string {
  return deps.signIn.signOutUrl({ postLogoutRedirectPath: CONSOLE_SIGNED_OUT_PATH, state: locale, locale });
}

/** How far ahead "expiring soon" looks. */
export const EXPIRING_SOON_MS = 48 * 60 * 60 * 1000;

export interface HomeCounts {
  /** Pending and not expired. */
  pending: number;
  /** Pending, expiring within 48 hours. */
  expiringSoon: number;
  /** Pending and not expired, whose latest email could not be delivered. */
  deliveryFailed: number;
  /** Accepted since `weekStart` (completed since or not). */
  acceptedThisWeek: number;
  /** Monday 00:00 in Paris of this week. */
  weekStart: Date;
  /** The instant the counts were taken at. */
  at: Date;
}

/** The counts of Home from the provider's invitation summaries. */
export function countInvitations(summaries: InvitationSummary[], now: Date, weekStart: Date): HomeCounts {
  const counts: HomeCounts = {
    pending: 0,
    expiringSoon: 0,
    deliveryFailed: 0,
    acceptedThisWeek: 0,
    weekStart,
    at: now,
  };
  const soon = now.getTime() + EXPIRING_SOON_MS;
  for (const s of summaries) {
    const open = s.pending && s.expiresAt.getTime() > now.getTime();
    if (open) {
      counts.pending += 1;
      if (s.expiresAt.getTime() <= soon) counts.expiringSoon += 1;
      if (s.deliveryFailed) counts.deliveryFailed += 1;
    }
    if (s.acceptedAt && s.acceptedAt.getTime() >= weekStart.getTime()) counts.acceptedThisWeek += 1;
  }
  return counts;
}

/** Home: the counts of the professional's provider, and nobody else's. */
export async function consoleHome(
  deps: Pick<ConsoleDeps, 'clock' | 'invitations'>,
  providerId: string,
): Promise<HomeCounts> {
  const now = deps.clock.now();
  return countInvitations(await deps.invitations.summaries(providerId), now, weekStartInParis(now));
}

const PARIS = new Intl.DateTimeFormat('en-GB', {
  timeZone: 'Europe/Paris',
  year: 'numeric',
  month: '2-digit',
  day: '2-digit',
  hour: '2-digit',
  minute: '2-digit',
  second: '2-digit',
  hourCycle: 'h23',
});

/** Paris's wall clock at `at`, read as if it were UTC (its difference with `at` is Paris's offset then). */
function parisWallClock(at: number): number {
  const parts = Object.fromEntries(PARIS.formatToParts(at).map((p) => [p.type, Number(p.value)]));
  return Date.UTC(parts.year!, parts.month! - 1, parts.day!, parts.hour!, parts.minute!, parts.second!);
}

/** The instant a day (`month` 1–12) began in Paris: 00:00 there, summer or winter time alike. */
export function midnightInParis(year: number, month: number, day: number): Date {
  const wall = Date.UTC(year, month - 1, day);
  let instant = wall - (parisWallClock(wall) - wall);
  instant = wall - (parisWallClock(instant) - instant);
  return new Date(instant);
}

/** The instant Monday 00:00 of `now`'s week began in Paris (summer or winter time alike). */
export function weekStartInParis(now: Date): Date {
  const wall = new Date(parisWallClock(now.getTime()));
  const daysSinceMonday = (wall.getUTCDay() + 6) % 7;
  const mondayWall = Date.UTC(wall.getUTCFullYear(), wall.getUTCMonth(), wall.getUTCDate() - daysSinceMonday);
  // Paris's offset at that midnight (guessed from the wall time, then checked at the instant found).
  let instant = mondayWall - (parisWallClock(mondayWall) - mondayWall);
  instant = mondayWall - (parisWallClock(instant) - instant);
  return new Date(instant);
}
