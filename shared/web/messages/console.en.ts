/**
 * English words of the professional console: its frame (navigation, who is signed in, signing out), Home, and the
 * pages that refuse or explain (no role, no provider, a form that cannot be trusted, a sign-in problem, signed out).
 * This catalog defines the shape every other language must match (`ConsoleMessages`). The navigation's names are
 * pinned by ../shared/API.md ("Invite", "Invitations", "Clients"): outside checks find the links by them.
 */
import type { ProfessionalRole } from '../../domain/provider.js';
import type { CallbackProblem } from '../../domain/use-cases/accept-invitation.js';

export const en = {
  brand: 'Professional console',
  navigation: 'Console',
  nav: { home: 'Home', invite: 'Invite', invitations: 'Invitations', clients: 'Clients' },
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
  invite: {
    title: 'Invite',
    lead: (provider: string) =>
      `Invite a client of ${provider}: they receive an email (or you give them the link) to create their account.`,
    errorSummaryTitle: 'Correct these fields',
    inviteeLegend: 'The person',
    labels: {
      email: 'Email',
      firstName: 'First name',
      lastName: 'Last name',
      locale: 'Language of the invitation',
      phone: 'Mobile number',
      message: 'Personal message',
      expiresInDays: 'Link valid for (days)',
    },
    hints: {
      phone:
        'With the country code, for example +33\u00a06\u00a012\u00a034\u00a056\u00a078; a French number may start with 0.',
      message: 'Shown in the email and on the invitation page; at most 500 characters.',
      expiresInDays: 'From 1 to 30 days; 7 by default.',
    },
    languages: { fr: 'French', en: 'English' },
    companyLegend: 'Company (optional)',
    companyHint:
      'Fill it in to save your client typing: they confirm it on their Create Company page. If you fill it in, the company name and its address are needed, with the same rules as on that page.',
    deliveryLegend: 'How the invitation reaches them',
    delivery: { email: 'Send the email', link: 'Give me the link (I will send it myself)' },
    optional: '(optional)',
    submit: 'Send the invitation',
    problems: {
      required: 'This field is required.',
      'too-long': 'This is too long.',
      'invalid-email': 'Enter a valid email address, for example name@example.com.',
      'invalid-phone':
        'Enter a mobile number with its country code, for example +33\u00a06\u00a012\u00a034\u00a056\u00a078.',
      'invalid-expiry': 'Enter a whole number of days from 1 to 30.',
      invalid: 'This value is not valid.',
    },
    messageTooLong: 'The personal message is at most 500 characters.',
    alreadyInvited: 'This person already has a pending invitation from your organisation: no new one was sent.',
    alreadyInvitedId: (id: string) => `Its reference: ${id}.`,
    openInvitation: 'Open that invitation',
    alreadyClient: 'This person is already a client of yours: they can sign in already, no invitation is needed.',
    providerInactive: 'Your organisation does not use this service any more: invitations cannot be sent.',
    tryAgain: 'Another invitation for this email is being written at this moment. Try again in a few seconds.',
    sentTitle: 'Invitation created',
    sentEmail: (name: string, email: string) =>
      `The invitation of ${name} is created: the email to ${email} is queued and leaves within a minute.`,
    sentLink: (name: string) => `The invitation of ${name} is created. No email is sent: give them this link yourself.`,
    linkLabel: 'The invitation link',
    linkOnce:
      'This link is shown only once: copy it now. If it is lost, a resend gives a new link (the old one then stops working).',
    linkGone: 'The link was shown already and is not kept: if it is lost, a resend of the invitation gives a new link.',
    copy: 'Copy the link',
    copied: 'Link copied.',
    expires: (date: string) => `The link works until ${date}.`,
    inviteAnother: 'Invite someone else',
    seeInvitation: 'See the invitation (delivery, history, actions)',
    notFoundTitle: 'Invitation not found',
    notFound: 'There is no such invitation for your organisation.',
  },
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
