/** English words of the sign-in email change (profile → "Change sign-in email"): the address form, the code, done. */
export const en = {
  changeLink: 'Change sign-in email',
  changeLead: 'You sign in with this address. You can sign in with another one instead: a code will be sent to it.',
  title: 'Change your sign-in email',
  current: 'You sign in with',
  addressLead:
    'Type the address you want to sign in with from now on. We send a code to it: typing it back here proves the address is yours. Your other addresses keep receiving what your providers send them.',
  addressLabel: 'New sign-in email',
  addressHint: 'For example: claire.dupont@example.com',
  sendCode: 'Send the code',
  cancel: 'Cancel',
  codeTitle: 'Type the code sent to your new address',
  codeLead: (email: string, minutes: number) =>
    `We sent a 6-digit code to ${email}. It works for ${minutes} minutes. Until you type it, you keep signing in with your current address.`,
  codeLabel: 'Code',
  codeHint: '6 digits, from the email.',
  confirm: 'Change my sign-in email',
  otherAddress: 'Use another address, or send a new code',
  errors: {
    heading: 'The sign-in email was not changed',
    invalid: 'Type an email address, like claire.dupont@example.com.',
    'too-long': 'This address is too long to sign in with (64 characters at most).',
    same: 'You already sign in with this address.',
    taken: 'Another account already signs in with this address. Type another one.',
    'no-email-sign-in': 'You sign in through Google: the address is the one Google gives, and cannot be changed here.',
    'rate-limited': (minutes: number) =>
      `Too many codes were sent for your account. Try again in ${minutes} minute${minutes === 1 ? '' : 's'}.`,
    wrong: (left: number) => `This is not the code we sent. ${left} attempt${left === 1 ? '' : 's'} left.`,
    none: 'No change of address is waiting: type the new address first.',
    expired: 'This code has expired. Ask for a new one.',
    spent: 'This code was typed wrong too many times and no longer works. Ask for a new one.',
  },
  doneTitle: 'Your sign-in email has changed',
  doneLead: (email: string) => `From now on, you sign in with ${email}.`,
  doneOld: 'Your former address no longer signs you in; we told it about the change.',
  backToProfile: 'Back to my profile',
};

export type SignInEmailMessages = typeof en;
