/**
 * English words of the account emails (issue 12): the reset link, why a reset cannot be offered, the notice that the
 * password changed, the notice of a temporary password. The French catalog `satisfies` this shape.
 */
import type { Sentence } from '../i18n.js';

export const en = {
  signOff: (service: string) => `The ${service} team`,
  automatic: 'This email was sent automatically; replies are not read.',
  contactSupport: <T>(email: T): Sentence<T> => ['Any questions? Write to ', email, '.'],

  resetSubject: (service: string) => `Reset your ${service} password`,
  resetHeading: 'Reset your password',
  resetPreheader: (minutes: number) => `Your link to choose a new password, valid ${minutes} minutes.`,
  resetLead: (service: string) => `Someone, probably you, asked to reset the password of your ${service} account.`,
  resetButton: 'Choose a new password',
  resetValidity: (minutes: number, until: string) =>
    `This link is valid for ${minutes} minutes, until ${until}, and works only once.`,
  resetFallback: 'If the button does not work, copy this link into your browser:',
  resetTextOpen: 'To choose a new password, open this link:',
  resetNotYou: 'If you did not ask for this, ignore this email: your password stays as it is.',

  refusedSubject: (service: string) => `Your ${service} password reset request`,
  refusedHeading: 'Your password cannot be reset',
  refusedLead: (service: string) =>
    `We received a request to reset the password of your ${service} account, but this account can no longer sign in:`,
  refusedBlocked: <T>(n: { provider: T; since?: string }): Sentence<T> => [
    n.provider,
    n.since ? ` blocked its access on ${n.since}.` : ' blocked its access.',
  ],
  refusedMerged: <T>(n: { into?: T; since?: string }): Sentence<T> =>
    n.into
      ? [
          'This account was merged into the account ',
          n.into,
          n.since ? ` on ${n.since}` : '',
          '. Sign in with that account instead.',
        ]
      : [`This account was merged into another account${n.since ? ` on ${n.since}` : ''}. Sign in with that account.`],
  refusedProviderInactive: <T>(n: { provider: T; since?: string }): Sentence<T> => [
    n.provider,
    n.since ? ` stopped using the service on ${n.since}.` : ' stopped using the service.',
  ],
  refusedYourProvider: 'Your provider',
  refusedContactProvider: (provider?: string) =>
    provider ? `To regain access, contact ${provider}.` : 'To regain access, contact your provider.',
  refusedNoLink: 'This email holds no link: nothing was changed on your account.',
  refusedNotYou: 'If you did not ask for this, you can ignore this email.',

  changedSubject: (service: string) => `Your ${service} password was changed`,
  changedHeading: 'Your password was changed',
  changedLead: (n: { service: string; at: string }) =>
    `The password of your ${n.service} account was changed on ${n.at}`,
  changedHow: {
    reset: ', with a reset link.',
    profile: ', from your profile.',
    'forced-change': ', at the sign-in that followed a temporary password.',
  },
  changedNotYou:
    'If it was not you, reset your password now ("Forgot your password?" on the sign-in page) and contact your provider.',

  temporarySubject: (service: string) => `A temporary password was set for your ${service} account`,
  temporaryHeading: 'A temporary password was set',
  temporaryLead: <T>(n: { provider: T; service: string; at: string }): Sentence<T> => [
    'A professional of ',
    n.provider,
    ` set a temporary password for your ${n.service} account on ${n.at}.`,
  ],
  temporaryHowGiven: 'They give it to you themselves: it is never sent by email.',
  temporaryChange: 'You will have to change it the next time you sign in.',
  temporaryNotYou: (provider: string) => `If you were not expecting this, contact ${provider}.`,

  twoStepHelpSubject: (client: string) => `${client} asks for two-step verification to be turned off`,
  twoStepHelpHeading: 'A client cannot use their authenticator app',
  twoStepHelpLead: <T>(n: { client: T; email: T; provider: string; at: string }): Sentence<T> => [
    '',
    n.client,
    ' (',
    n.email,
    `), a client of ${n.provider}, asked on ${n.at} for two-step verification to be turned off on their account: they no longer have the app that gives their codes.`,
  ],
  twoStepHelpHow:
    'Check that the request really comes from them (call them on a number you already know), then in the console open their client sheet and choose "Turn off two-step verification".',
  twoStepHelpNotYou: 'If you do not manage this client, forward this email to a colleague who does, or ignore it.',

  twoStepOffSubject: (service: string) => `Two-step verification was turned off on your ${service} account`,
  twoStepOffHeading: 'Two-step verification was turned off',
  twoStepOffLead: <T>(n: { provider: T; service: string; at: string }): Sentence<T> => [
    'A professional of ',
    n.provider,
    ` turned off two-step verification on your ${n.service} account on ${n.at}.`,
  ],
  twoStepOffNow:
    'You now sign in with your password alone. You can turn two-step verification on again from your profile.',
  twoStepOffNotYou: (provider: string) => `If you did not ask for this, contact ${provider} now.`,

  emailCodeSubject: (service: string) => `Your code to sign in to ${service} with this address`,
  emailCodeHeading: 'Confirm your new sign-in address',
  emailCodeLead: (service: string) =>
    `You asked to sign in to your ${service} account with this address from now on. Type this code on the page that asked for it:`,
  emailCodeProposed: <T>(n: { provider: T; service: string }): Sentence<T> => [
    '',
    n.provider,
    ` proposes that you sign in to your ${n.service} account with this address from now on. If you agree, sign in as usual, then type this code on the page below:`,
  ],
  emailCodeWhere: 'The page to type it on (after signing in with your current address):',
  emailCodeValidity: (minutes: number, until: string) => `The code works for ${minutes} minutes, until ${until}, once.`,
  emailCodeNotYou: 'If you did not ask for this, ignore this email: nothing changes without the code.',
  emailChangedSubject: (service: string) => `The address you sign in to ${service} with has changed`,
  emailChangedHeading: 'Your sign-in address has changed',
  emailChangedLead: <T>(n: { service: string; at: string; to: T }): Sentence<T> => [
    `From ${n.at}, your ${n.service} account signs in with `,
    n.to,
    ' instead of this address, which no longer signs in to it.',
  ],
  emailChangedNotYou:
    'If you did not make this change, contact your provider now: someone else may be using your account.',
};

export type AccountEmailMessages = typeof en;
