/** English words of two-step verification: the profile's section, enrollment, turning off, the sign-in code page. */
export interface TwoStepMessages {
  sectionLead: string;
  onLead: string;
  turnOn: string;
  turnOff: string;
  enrollTitle: string;
  enrollLead: string;
  qrLabel: string;
  manualEntry: string;
  codeLabel: string;
  codeHint: string;
  confirm: string;
  cancel: string;
  recoveryTitle: string;
  recoveryLead: string;
  recoveryOnce: string;
  backToProfile: string;
  offTitle: string;
  offLead: string;
  offSubmit: string;
  offDone: string;
  signInTitle: string;
  signInLead: string;
  signInHint: string;
  verify: string;
  noAccess: string;
  errors: {
    heading: string;
    wrong: string;
    replayed: string;
    empty: string;
    locked: (minutes: number) => string;
  };
  issuer: string;
}

export const en: TwoStepMessages = {
  sectionLead: 'Two-step verification asks, after your password, for a code from an authenticator app on your phone.',
  onLead: 'Two-step verification is on: signing in asks for a code from your authenticator app.',
  turnOn: 'Turn on two-step verification',
  turnOff: 'Turn off two-step verification',
  enrollTitle: 'Turn on two-step verification',
  enrollLead:
    'Scan this QR code with your authenticator app (Microsoft Authenticator, Google Authenticator…), then type the code it shows.',
  qrLabel: 'QR code to scan with your authenticator app',
  manualEntry: 'Cannot scan it? Enter this key in the app (time-based):',
  codeLabel: 'Code',
  codeHint: 'The 6 digits shown by the app.',
  confirm: 'Confirm',
  cancel: 'Cancel',
  recoveryTitle: 'Two-step verification is on',
  recoveryLead:
    'Keep these recovery codes somewhere safe. Each one lets you sign in once if you no longer have your phone.',
  recoveryOnce: 'They are shown only now.',
  backToProfile: 'Back to my profile',
  offTitle: 'Turn off two-step verification',
  offLead: 'Type a code from your authenticator app, or one of your recovery codes.',
  offSubmit: 'Turn off two-step verification',
  offDone: 'Two-step verification is off.',
  signInTitle: 'Two-step verification',
  signInLead: 'Type the code shown by your authenticator app.',
  signInHint: 'The 6 digits of the app, or one of your recovery codes.',
  verify: 'Verify',
  noAccess: 'No access to the app',
  errors: {
    heading: 'There is a problem',
    wrong: 'This code is not right. Check the time on your phone and type the latest code.',
    replayed: 'This code was already used. Wait for the next one.',
    empty: 'Type the code.',
    locked: (minutes) => `Too many wrong codes. Try again in ${minutes} minute${minutes > 1 ? 's' : ''}.`,
  },
  issuer: 'Client portal',
};
