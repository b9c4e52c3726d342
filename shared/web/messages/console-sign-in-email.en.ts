/** English words of "Change sign-in email" on a client sheet (the client confirms with a code from the new address). */
export const en = {
  action: 'Change sign-in email',
  title: (name: string) => `Change the sign-in email of ${name}`,
  lead: (name: string, current: string) =>
    `${name} signs in with ${current}. Type the address they want to sign in with: a code goes to it, and the change is made only when ${name} signs in as usual and types that code. Until then nothing changes.`,
  label: 'New sign-in email',
  hint: 'The address the client gave you, for example claire.dupont@example.com.',
  submit: 'Send the code to this address',
  cancel: 'Back to the sheet',
  errors: {
    heading: 'No code was sent',
    invalid: 'Type an email address, like claire.dupont@example.com.',
    'too-long': 'This address is too long to sign in with (64 characters at most).',
    same: 'The client already signs in with this address.',
    taken: 'Another account already signs in with this address.',
    'no-email-sign-in': 'This client signs in through Google: their address is the one Google gives.',
    'no-account': 'This person has not signed in yet: there is no sign-in email to change. Edit the sheet instead.',
    'rate-limited': (minutes: number) =>
      `Too many codes were sent for this account. Try again in ${minutes} minute${minutes === 1 ? '' : 's'}.`,
  },
  done: 'A code was sent to the new address. The change is made when the client signs in and types it on their profile.',
};

export type ConsoleSignInEmailMessages = typeof en;
