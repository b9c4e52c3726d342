/**
 * English words of the invitation email and the invitation link's pages. This catalog defines the shape that
 * every other language must match (`InvitationMessages`). Sentences with a link or emphasis inside take their
 * slot values as parameters and return a `Sentence`, so translators keep control of the word order.
 */
import type { Sentence } from '../i18n.js';

interface Names {
  inviter: string;
  provider: string;
  platform: string;
}

export const en = {
  acceptButton: 'Accept the invitation',
  expiresOn: (date: string) => `This invitation expires on ${date}.`,
  messageFrom: (inviter: string) => `Message from ${inviter}:`,
  contactSupport: <T>(email: T): Sentence<T> => ['Any questions? Write to our team at ', email, '.'],

  emailSubject: (n: Names) => `${n.inviter} (${n.provider}) invited you to ${n.platform}`,
  emailSubjectResent: (n: Names) => `${n.inviter} (${n.provider}) invited you to ${n.platform}: your new link`,
  emailSubjectNewLink: (n: Names) => `Your new link to join ${n.platform}`,
  emailPreheader: (n: Names & { expires: string }) =>
    `${n.inviter} (${n.provider}) invited you to ${n.platform}. Accept before ${n.expires}.`,
  emailHeading: (platform: string) => `Your invitation to ${platform}`,
  greeting: (name: string) => `Hello ${name},`,
  invitedBy: <T>(n: { inviter: T; provider: T; platform: T }): Sentence<T> => [
    n.inviter,
    ' from ',
    n.provider,
    ' has invited you to use ',
    n.platform,
    ' to collaborate with them.',
  ],
  replacesEarlier: 'This link replaces any link sent to you earlier: only this one works now.',
  getStarted: 'Use the button below to set up your account and get started:',
  linkFallback: 'If the button does not work, copy and paste this link into your browser:',
  textOpenLink: 'To accept the invitation, open this link in your browser:',
  notExpected: 'If you were not expecting this invitation, you can ignore this email.',
  welcomeAboard: 'Welcome aboard.',
  signOff: (platform: string) => `The ${platform} team`,
  /** After the sign-off, when the provider has a documentation address: the slot is the link to it. */
  postscript: <T>(documentation: T): Sentence<T> => ['P.S. Need help getting started? Check out ', documentation, '.'],
  documentation: (platform: string) => `the ${platform} documentation`,

  landingTitle: (platform: string) => `Your invitation to ${platform}`,
  landingLead: <T>(n: { inviter: T; provider: T; invitee: T; platform: T }): Sentence<T> => [
    n.inviter,
    ' (',
    n.provider,
    ') invites you, ',
    n.invitee,
    ', to join ',
    n.platform,
    '.',
  ],
  invitationFor: <T>(n: { email: T; expires: T }): Sentence<T> => [
    'This invitation is for ',
    n.email,
    ' and expires on ',
    n.expires,
    '.',
  ],
  companyHeading: 'Your company',
  companyIntro: (provider: string) =>
    `${provider} has already entered these details. You will be able to check and correct them after signing in.`,
  companyName: 'Company name',
  registrationNumber: 'Registration number',
  vatNumber: 'VAT number',
  address: 'Address',
  phone: 'Phone',
  nextHeading: 'What happens next',
  nextStepSignInPage: 'Select “Accept the invitation”: you will be taken to the Microsoft sign-in page.',
  nextStepAccount: <T>(email: T): Sentence<T> => [
    'Sign in with your Microsoft account ',
    email,
    ', or create one with this email address: you will receive a verification code by email, then choose a password.',
  ],
  nextStepCompany: 'Check or complete your company details, then select “Create company”.',

  expiredTitle: 'This invitation has expired',
  expiredOn: (date: string) => `It expired on ${date}.`,
  expiredNewLink: 'You can ask for a new link. It will be sent only to the email address this invitation was sent to.',
  newLinkButton: 'Send me a new link',
  expiredOrAsk: (provider: string) => `You can also ask ${provider} to send you a new invitation.`,

  newLinkSentTitle: 'Check your inbox',
  newLinkSent: 'If this invitation can still be renewed, a new link has been sent to the email address it was sent to.',
  newLinkSentHint:
    'The email may take a few minutes to arrive; remember to check your spam folder. The new link replaces the previous ones.',

  newLinkLimitedTitle: 'Too many requests',
  newLinkLimited: 'A new link has already been requested several times today for this invitation.',
  newLinkLimitedHint: 'Please try again tomorrow, or contact the person who invited you.',

  acceptLimitedTitle: 'Too many attempts',
  acceptLimited: 'This invitation has been opened too many times in a short while.',
  acceptLimitedRetry: (minutes: number) =>
    minutes <= 1
      ? 'Please try again in a minute with the same link: it is still valid.'
      : `Please try again in ${minutes} minutes with the same link: it is still valid.`,

  newerInvitationTitle: 'A newer invitation is waiting for you',
  newerInvitation: (provider: string) =>
    `${provider} has sent you a newer invitation since this one expired: it is still valid. Use the link it came with, in the most recent email from ${provider}.`,
  newerInvitationHint: 'Cannot find it? Check your spam folder, or ask the person who invited you.',

  notFoundTitle: 'This invitation link is not valid',
  notFound: 'It may have been mistyped, cancelled or replaced.',
  notFoundAsk: 'Ask the person who invited you to send a new invitation.',
  notFoundHint: 'If you copied the link from the email, make sure you copied all of it.',

  supersededTitle: 'A newer invitation was sent to you',
  superseded: (provider: string) => `Use the link in the most recent email from ${provider}: this one no longer works.`,
  supersededHint: 'Cannot find it? Check your spam folder, or ask for a new invitation.',

  alreadyAcceptedTitle: 'This invitation has already been accepted',
  alreadyAccepted: (platform: string) => `Your account is ready: sign in to continue to ${platform}.`,
  signIn: 'Sign in',

  notYetAvailableTitle: 'Coming soon',
  notYetAvailable: 'Accepting invitations online is not available yet. Your invitation is still valid.',
  notYetAvailableHint: 'Please come back later with the same link.',
};

export type InvitationMessages = typeof en;
