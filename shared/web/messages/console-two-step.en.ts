/** English words of turning a client's two-step verification off in the console (docs/two-step-help.md). */
export const en = {
  heading: 'Two-step verification',
  on: 'On',
  off: 'Off',
  noAccount: 'The client has not signed in yet.',
  status: 'Status:',
  action: 'Turn off two-step verification',
  title: (name: string) => `Turn off two-step verification for ${name}`,
  lead: (name: string) =>
    `${name} will sign in with their password alone, until they turn two-step verification on again. Do it only once you are sure the request comes from them (for example, call them on a number you already know). They are told by email.`,
  reason: 'Reason',
  optional: '(optional)',
  reasonHint: 'For your colleagues only: the client never sees it. At most 500 characters.',
  reasonTooLong: 'The reason must be at most 500 characters.',
  submit: 'Turn off',
  cancel: 'Cancel',
  notOn: 'Two-step verification is not on for this client: there is nothing to turn off.',
  noAccountRefusal: 'The client has not signed in yet: there is no two-step verification to turn off.',
  tryAgain: 'The client file changed meanwhile: try again.',
  history: 'History',
  turnedOff: (by: string, at: string) => `Turned off by ${by} on ${at}.`,
  because: (reason: string) => `Reason: ${reason}`,
  done: 'Two-step verification is off: the client signs in with their password alone and was told by email.',
};

export type ConsoleTwoStepMessages = typeof en;
