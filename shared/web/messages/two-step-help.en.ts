/** English words of "No access to the app" (the two-step code page's help, docs/two-step-help.md). */
export const en = {
  linkLabel: 'No access to the app',
  title: 'No access to the app',
  lead: 'You turned on two-step verification: signing in needs the code shown by your authenticator app. If you no longer have it (a lost or replaced phone, the app deleted), the people who manage your account at your provider can turn two-step verification off for you.',
  how: 'They will check that the request really comes from you, for example by calling you. Once it is off, you sign in with your password alone, and you can turn it on again from your profile.',
  button: 'Ask for two-step verification to be turned off',
  back: 'Back to the code',
  sentTitle: 'Your request was sent',
  sentLead: 'We asked the people who manage your account to turn two-step verification off:',
  professional: (name: string, email: string) => `${name} (${email})`,
  support: (provider: string, email: string) => `${provider}'s support (${email})`,
  atProvider: (provider: string) => `At ${provider}:`,
  sentNext: 'You will get an email once it is done. You can then sign in with your password alone.',
  nobodyTitle: 'Nobody could be asked',
  nobodyLead:
    'We know nobody to ask at your provider yet. Contact your advisor directly: they can turn two-step verification off from your client file.',
  limitedTitle: 'Too many requests',
  limitedLead: (hours: number) =>
    `You already asked 3 times in the last 24 hours. Your requests were sent: wait for an answer, or try again in about ${hours} ${hours === 1 ? 'hour' : 'hours'}.`,
  notPendingTitle: 'This page is for signing in with two-step verification',
  notPendingLead: 'It helps you when signing in asks for your two-step verification code. Sign in again to get to it.',
  signIn: 'Sign in',
};

export type TwoStepHelpMessages = typeof en;
