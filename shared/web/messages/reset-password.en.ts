/** English words of the forgot-password pages (the French catalog, reset-password.fr.ts, is the default). */
export interface ResetPasswordMessages {
  forgotLink: string;
  requestTitle: string;
  requestLead: string;
  emailLabel: string;
  emailInvalid: string;
  send: string;
  sentTitle: string;
  sentLead: string;
  sentSpam: string;
  /** Seed 004's word for Hotmail and Outlook.com boxes, where such emails often land in "Junk Email". */
  sentOutlook: string;
  sentExpiry: (minutes: number) => string;
  backToSignIn: string;
  chooseTitle: string;
  chooseLead: (email: string) => string;
  save: string;
  errorsHeading: string;
  rejectedByDirectory: string;
  doneTitle: string;
  doneLead: string;
  notRedirected: string;
  signIn: string;
  usedTitle: string;
  usedLead: string;
  expiredTitle: string;
  expiredLead: string;
  unknownTitle: string;
  unknownLead: string;
  newLink: string;
  refusedTitle: string;
  refusedLead: string;
}

export const en: ResetPasswordMessages = {
  forgotLink: 'Forgot your password?',
  requestTitle: 'Forgot your password?',
  requestLead: 'Enter the email address you sign in with. We will send you a link to choose a new password.',
  emailLabel: 'Email address',
  emailInvalid: 'Enter an email address, like name@example.com.',
  send: 'Send me a link',
  sentTitle: 'Check your mailbox',
  sentLead:
    'If an account signs in with this address, we have just sent it an email with a link to choose a new password.',
  sentSpam: 'Nothing after a few minutes? Look in your spam or junk folder: the email sometimes lands there.',
  sentOutlook:
    'With Hotmail or Outlook.com, look in the “Junk Email” folder; if the email is there, mark it as not junk, so that the next ones reach your inbox.',
  sentExpiry: (minutes) => `The link works for ${minutes} minutes, once.`,
  backToSignIn: 'Back to sign-in',
  chooseTitle: 'Choose a new password',
  chooseLead: (email) => `For the account that signs in with ${email}.`,
  save: 'Save the new password',
  errorsHeading: 'The password was not changed',
  rejectedByDirectory: 'The sign-in service refused this password: choose another one.',
  doneTitle: 'Password reset',
  doneLead: 'Your password has been updated. You will be redirected automatically in a few seconds…',
  notRedirected: 'If you are not redirected, click here:',
  signIn: 'Sign in',
  usedTitle: 'This link was already used',
  usedLead: 'Each link changes the password once. If you need to change it again, ask for a new link.',
  expiredTitle: 'This link has expired',
  expiredLead: 'A link works for 30 minutes, and only the latest one sent. Ask for a new link.',
  unknownTitle: 'This link does not work',
  unknownLead: 'It may be incomplete: open it from the email again, or ask for a new link.',
  newLink: 'Send me a new link',
  refusedTitle: 'Request refused',
  refusedLead: 'This form must be sent from its page. Open the page again and retry.',
};
