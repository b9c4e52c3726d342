/**
 * English words of the professional console: its frame (navigation, who is signed in, signing out), Home, and the
 * pages that refuse or explain (no role, no provider, a form that cannot be trusted, a sign-in problem, signed out).
 * This catalog defines the shape every other language must match (`ConsoleMessages`). The navigation's names are
 * pinned by ../shared/API.md ("Invite", "Invitations"): outside checks find the links by them.
 */
import type { ProfessionalRole } from '../../domain/provider.js';
import type { CallbackProblem } from '../../domain/use-cases/accept-invitation.js';

export const en = {
  brand: 'Professional console',
  navigation: 'Console',
  nav: { home: 'Home', invite: 'Invite', invitations: 'Invitations' },
  signedInAs: (name: string, provider: string) => `${name} · ${provider}`,
  signedInLabel: 'Signed in as',
  signOut: 'Sign out',
  homeTitle: 'Home',
  homeLead: (provider: string) => `The invitations of ${provider} at a glance.`,
  countsHeading: 'Invitations',
  counts: {
    pending: 'Pending',
    expiringSoon: 'Expiring within 48 hours',
    deliveryFailed: 'Email not delivered',
    acceptedThisWeek: 'Accepted this week',
  },
  countHints: {
    pending: 'Sent and not yet accepted, not expired.',
    expiringSoon: 'Pending invitations whose link stops working within 48 hours.',
    deliveryFailed: 'Pending invitations whose last email could not be delivered.',
    acceptedThisWeek: 'Accepted since Monday, whether or not the company was created since.',
  },
  weekNote: (monday: string) => `The week began on Monday ${monday} at 00:00, Paris time.`,
  countedAt: (at: string) => `Counted on ${at}.`,
  refusedTitle: {
    'role-missing': 'This page is not open to your account',
    'no-provider': 'Your account acts for no provider',
    'untrusted-post': 'This form could not be accepted',
  },
  roleMissing: (role: ProfessionalRole) =>
    `This page needs the ${role} role, which your account does not hold on the console. Ask your administrator to assign it to you in Microsoft Entra, then sign in again.`,
  noProvider:
    'Your account does not act for any provider registered with this service, or its provider no longer uses it. Ask your administrator.',
  untrustedPost:
    'It did not come from this console’s own page, or the page was too old. Go back, reload the page and try again.',
  backHome: 'Back to Home',
  unavailableTitle: 'The console is not available',
  unavailable: 'The professional console is not set up on this service.',
  signedOutTitle: 'You are signed out',
  signedOut: 'Your console session has ended on this device.',
  signInAgain: 'Sign in again',
  signIn: 'Sign in',
  problemTitle: {
    cancelled: 'Sign-in cancelled',
    'state-mismatch': 'This sign-in cannot be completed',
    'sign-in-failed': 'The sign-in failed',
  } satisfies Record<CallbackProblem, string>,
  problem: {
    cancelled: 'You cancelled the sign-in. You can start again when you are ready.',
    'state-mismatch': 'This sign-in was started in another tab or has expired. Start again from here.',
    'sign-in-failed': 'Microsoft Entra’s answer could not be verified. Start again; if it keeps failing, tell support.',
  } satisfies Record<CallbackProblem, string>,
};

export type ConsoleMessages = typeof en;
