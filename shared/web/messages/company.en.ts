/**
 * English words of the pages after sign-in: Create Company (seed 002), the welcome page, the company picker, the
 * refusals that say why a client cannot sign in (seed 004), the sign-in problems and the sign-in codes page
 * (seed 003). This catalog defines the shape every other language must match (`CompanyMessages`). Problem
 * messages are plain strings with `{min}`, `{max}` and `{example}` slots, because the browser script reads them
 * from a JSON block.
 */
import type { RefusalReason } from '../../domain/client.js';
import type { CompanyFieldName, CompanyProblem } from '../../domain/company-form.js';
import type { SignInProblem } from '../access-pages.js';
import type { Sentence } from '../i18n.js';

export const en = {
  createTitle: 'Confirm your company',
  createLead: (provider: string) =>
    `${provider} entered these details for you. Check them, correct them if needed, then select “Create company”.`,
  signedInAs: <T>(n: { name: T; email: T }): Sentence<T> => ['You are signed in as ', n.name, ' (', n.email, ').'],
  companyLegend: 'Your company',
  addressLegend: 'Address of the company',
  optional: '(optional)',
  labels: {
    name: 'Company name',
    registrationNumber: 'Registration number',
    vatNumber: 'VAT number',
    phone: 'Phone',
    line1: 'Street address',
    line2: 'Address line 2',
    postalCode: 'Postal code',
    city: 'City',
    country: 'Country',
  } satisfies Record<CompanyFieldName, string>,
  hints: {
    registrationNumber: 'In France: SIRET (14 digits) or SIREN (9 digits). Spaces are fine.',
    vatNumber: 'Starts with the country code, for example FR\u00a012\u00a0345678901.',
    phone: 'With the country code, for example +33\u00a01\u00a023\u00a045\u00a067\u00a089.',
    line2: 'Building, floor, post box…',
  } satisfies Partial<Record<CompanyFieldName, string>>,
  problems: {
    required: 'This field is required.',
    'too-short': 'Enter at least {min} characters.',
    'too-long': 'Enter at most {max} characters.',
    'invalid-characters': 'Remove the invisible characters (line breaks, tabs) from this field.',
    'invalid-siret':
      'This is not a valid SIRET (14 digits) or SIREN (9 digits): one digit is probably wrong. Check it on your Kbis.',
    'invalid-vat':
      'This is not a valid VAT number for the chosen country: the 2-letter country code, then the number (for example FR12345678901).',
    'vat-mismatch': 'This VAT number belongs to another company: its 9 last digits must be the SIREN above.',
    'invalid-postal-code': 'This postal code does not fit the chosen country (for example {example}).',
    'invalid-country': 'Companies cannot be created in this country yet. Choose a country from the list.',
    'invalid-phone':
      'Enter a phone number with its country code, for example +33\u00a01\u00a023\u00a045\u00a067\u00a089.',
  } satisfies Record<CompanyProblem, string>,
  errorSummaryTitle: 'Please correct the following',
  submit: 'Create company',
  statusInvalid: 'The “Create company” button stays grey until everything is valid. To correct:',
  statusValid: 'Everything is valid: you can select “Create company”.',
  countryChoose: 'Choose a country',

  welcomeTitle: (platform: string) => `Welcome to ${platform}`,
  welcomeHello: (firstName: string) => `Hello ${firstName},`,
  welcomeCompany: <T>(company: T): Sentence<T> => ['Your company ', company, ' is ready.'],
  welcomeLead: 'What would you like to do?',
  welcomeLinks: {
    equipment: 'My equipment',
    requests: 'My service requests',
    documents: 'My documents',
    profile: 'My profile',
  },
  signOut: 'Sign out',

  pickerTitle: 'Choose a company',
  pickerLegend: 'Which company do you want to continue with?',
  pickerWith: (provider: string) => `with ${provider}`,
  pickerSubmit: 'Continue',

  refusedTitle: {
    blocked: 'Your access has been suspended',
    merged: 'This account has been merged into another one',
    'provider-inactive': 'This service is no longer available to you',
    'no-access': 'No access for this account',
  } satisfies Record<RefusalReason, string>,
  refusedBlockedWhat: (provider: string) => `To get it back, contact ${provider}: only they can restore it.`,
  refusedMerged: (since?: string) =>
    `Your client accounts were merged${since ? ` on ${since}` : ''}: everything is now kept in one account, and this one is closed.`,
  refusedMergedInto: <T>(email: T): Sentence<T> => ['Sign out, then sign in with the account ', email, '.'],
  refusedMergedWhat: 'Sign out, then sign in with the account you use now.',
  refusedInactive: (provider: string) =>
    `${provider} no longer uses this platform, so the client accounts it opened are closed.`,
  refusedInactiveWhat: (provider: string) =>
    `Contact ${provider} to find the best solution for you: usually your email address is released so that you can open a new account.`,
  refusedNoAccess: 'You are signed in, but no company has given this account access yet.',
  refusedNoAccessWhat:
    'If you received an invitation, open the link in its email. Otherwise, ask the company you work with to invite you.',
  refusedContact: <T>(email: T): Sentence<T> => ['Write to ', email, ' if you need help.'],
  someProvider: 'The company that invited you',

  problemTitle: {
    'wrong-account': 'You signed in with another account',
    'email-not-verified': 'This account does not prove your email address',
    cancelled: 'Sign-in cancelled',
    expired: 'This invitation has expired',
    revoked: 'This invitation is no longer valid',
    'not-signed-in': 'You are not signed in',
    'session-expired': 'Your session has expired',
    'session-ended': 'Your session was ended',
    'invitation-page-expired': 'This page has expired',
    'state-mismatch': 'The sign-in could not be completed',
    'sign-in-failed': 'Sign-in failed',
  } satisfies Record<SignInProblem, string>,
  problemWrongAccount: <T>(n: { invited: T; signedIn: T }): Sentence<T> => [
    'This invitation is for ',
    n.invited,
    ', but you signed in as ',
    n.signedIn,
    '. Your invitation is still waiting for you.',
  ],
  problemWrongAccountNoEmails:
    'This invitation is for another email address. Your invitation is still waiting for you.',
  problemEmailNotVerified: <T>(invited: T): Sentence<T> => [
    'The account you signed in with does not prove that you own ',
    invited,
    ': it does not sign in with this address. Sign in with the account whose sign-in address is ',
    invited,
    '. Your invitation is still waiting for you.',
  ],
  problemEmailNotVerifiedNoEmail:
    'The account you signed in with does not prove that you own the invited address. Sign in with the account whose sign-in address is the invited one. Your invitation is still waiting for you.',
  problemCancelled: 'You left the sign-in before the end. Nothing has changed: you can start again.',
  problemExpired: (provider: string) => `Ask ${provider} to send you a new invitation.`,
  problemRevoked: (provider: string) =>
    `${provider} cancelled this invitation. Ask them if you think this is a mistake.`,
  problemNotSignedIn: 'You are not signed in on this device, or you signed out. Sign in to open this page.',
  problemSessionExpired: 'For your security, you were signed out after a while. Sign in again to continue.',
  problemInvitationPageExpired:
    'This page was opened too long ago, or in another browser. To go on, open the invitation link again from the email you received.',
  problemSessionEnded:
    'This session was ended: you signed out, or your password was changed. Sign in again to continue.',
  problemStateMismatch: 'The sign-in page was opened too long ago, or in another window. Start again from this page.',
  problemSignInFailed: 'Something went wrong while signing you in. Please try again in a moment.',
  retryAs: (email: string) => `Sign in as ${email}`,
  retry: 'Try again',
  signIn: 'Sign in',

  startTitle: 'Sign in',
  startLead: 'If the sign-in link you received holds codes, enter them here. Otherwise, leave the fields empty.',
  clientCode: 'Client code',
  companyCode: 'Company code',
  codeHint: 'Given by the company you work with, in your sign-in link (client=… and societe=…).',
};

export type CompanyMessages = typeof en;
